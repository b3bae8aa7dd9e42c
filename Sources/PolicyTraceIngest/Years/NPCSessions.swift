/// Which national assembly a plenary session belongs to.
enum Congress: String, Sendable, Equatable, Hashable {
    /// 全国人民代表大会, the National People's Congress.
    case npc
    /// 中国人民政治协商会议全国委员会, the CPPCC National Committee.
    case cppcc
}

/// When a plenary session opened. `month` is nil where it is not recorded here.
struct SessionDate: Sendable, Equatable, Hashable {
    var year: Int
    var month: Int?

    init(year: Int, month: Int? = nil) {
        self.year = year
        self.month = month
    }
}

/// The real opening dates of NPC and CPPCC National Committee plenary sessions
/// (届 × 次会议). A table, not a formula: the early congresses skipped years
/// (no 2nd NPC session in 1961, nothing between the 3rd NPC in 1964 and the
/// 4th in 1975), and one session can open in December and close in January.
/// Sessions missing from the table resolve to nil rather than to a guess.
enum NPCSessions {
    /// The opening date of session `session` (1-based) of the `term`-th congress or committee.
    static func date(_ congress: Congress, term: Int, session: Int) -> SessionDate? {
        let table = congress == .npc ? npc : cppcc
        guard let sessions = table[term], session >= 1, session <= sessions.count else { return nil }
        return sessions[session - 1]
    }

    /// The year session `session` of the `term`-th congress or committee opened.
    static func year(_ congress: Congress, term: Int, session: Int) -> Int? {
        date(congress, term: term, session: session)?.year
    }

    private static func d(_ year: Int, _ month: Int? = nil) -> SessionDate { SessionDate(year: year, month: month) }

    private static func march(_ years: ClosedRange<Int>) -> [SessionDate] { years.map { d($0, 3) } }

    /// From the 6th NPC and the 6th CPPCC National Committee (1983) on, both
    /// hold their plenary sessions side by side.
    private static let sideBySide: [Int: [SessionDate]] = [
        6: [d(1983, 6), d(1984, 5), d(1985, 3), d(1986, 3), d(1987, 3)],
        7: march(1988...1992),
        8: march(1993...1997),
        9: march(1998...2002),
        10: march(2003...2007),
        11: march(2008...2012),
        12: march(2013...2017),
        13: [d(2018, 3), d(2019, 3), d(2020, 5), d(2021, 3), d(2022, 3)],
        14: [d(2023, 3), d(2024, 3), d(2025, 3)],
    ]

    static let npc: [Int: [SessionDate]] = sideBySide.merging([
        1: [d(1954, 9), d(1955, 7), d(1956, 6), d(1957, 6), d(1958, 2)],
        2: [d(1959, 4), d(1960, 3), d(1962, 3), d(1963, 11)],
        3: [d(1964, 12)],
        4: [d(1975, 1)],
        5: [d(1978, 2), d(1979, 6), d(1980, 8), d(1981, 11), d(1982, 11)],
    ]) { shared, _ in shared }

    /// Only committees whose session years are certain: the 3rd and 4th, and
    /// from the 5th (1978) on, when they meet alongside the NPC.
    static let cppcc: [Int: [SessionDate]] = sideBySide.merging([
        3: [d(1959, 4), d(1960, 3), d(1962, 3), d(1963)],
        4: [d(1964, 12)],
        5: [d(1978, 2), d(1979, 6), d(1980), d(1981), d(1982)],
    ]) { shared, _ in shared }
}
