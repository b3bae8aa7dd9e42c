import Foundation

/// Issuing bodies by the names and abbreviations texts use for them
/// (`MCA` → Ministry of Civil Affairs, `国家发改委` → 国家发展和改革委员会),
/// read from `abbreviation<TAB>expansion` lines. Users extend the built-in
/// table with their own file through `merging(_:)`.
package struct IssuerTable: Sendable, Equatable {
    /// Abbreviation → expansion. Every expansion also matches itself.
    private(set) var entries: [String: String]
    private var keys: [Key] = []

    private struct Key: Sendable, Equatable {
        var name: String
        var expansion: String
        /// All-capital acronyms (`MCA`, `NPC`) match case-sensitively.
        var caseSensitive: Bool
        /// Latin names match whole words only.
        var wordBounded: Bool
    }

    init(_ entries: [String: String] = [:]) {
        self.entries = entries
        var all = entries
        for value in entries.values where all[value] == nil { all[value] = value }
        keys = all.map { name, expansion in
            let latin = name.unicodeScalars.contains { $0.isASCII && $0.properties.isAlphabetic }
            let acronym = latin && !name.unicodeScalars.contains { $0.properties.isLowercase }
            return Key(name: name, expansion: expansion, caseSensitive: acronym, wordBounded: latin)
        }.sorted { $0.name < $1.name }
    }

    package static func == (a: IssuerTable, b: IssuerTable) -> Bool { a.entries == b.entries }

    /// Parses `abbreviation<TAB>expansion` lines; blank lines and `#` comments are skipped.
    package static func load(tsv: String) -> IssuerTable {
        var entries: [String: String] = [:]
        for line in tsv.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2 else { continue }
            let name = fields[0].trimmingCharacters(in: .whitespaces)
            let expansion = fields[1].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty && !expansion.isEmpty { entries[name] = expansion }
        }
        return IssuerTable(entries)
    }

    /// The contents of `Corpus/issuers.tsv`.
    package static let builtIn = IssuerTable.load(tsv: builtInTSV)

    /// This table with `other`'s entries added; `other` wins where both name the same abbreviation.
    package func merging(_ other: IssuerTable) -> IssuerTable {
        IssuerTable(entries.merging(other.entries) { _, new in new })
    }

    /// The issuer named last in the text before a title (`MCA's ` → Ministry of
    /// Civil Affairs; `In 2006, the State Council released its ` → State Council),
    /// or nil when it names none.
    func expand(_ textBeforeTitle: String) -> String? {
        occurrences(in: textBeforeTitle).max { a, b in
            a.end != b.end ? a.end < b.end : a.length < b.length
        }?.expansion
    }

    /// The issuer named first in `text`.
    func firstIssuer(in text: String) -> String? {
        occurrences(in: text).min { a, b in
            a.start != b.start ? a.start < b.start : a.length > b.length
        }?.expansion
    }

    /// The issuer whose name begins `text` (`the State Council in 2006` → State Council).
    func leadingIssuer(in text: String) -> String? {
        occurrences(in: text).filter { $0.start == 0 }.max { $0.length < $1.length }?.expansion
    }

    /// The expansion when `text` is exactly a known name (ignoring case and `'s`).
    func exact(_ text: String) -> String? {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        for suffix in ["'s", "’s"] where t.hasSuffix(suffix) { t.removeLast(2) }
        return keys.first { $0.caseSensitive ? $0.name == t : $0.name.caseInsensitiveCompare(t) == .orderedSame }?.expansion
    }

    private struct Hit {
        var start: Int
        var end: Int
        var length: Int { end - start }
        var expansion: String
    }

    private func occurrences(in text: String) -> [Hit] {
        let ns = text as NSString
        var hits: [Hit] = []
        for key in keys {
            var search = NSRange(location: 0, length: ns.length)
            while search.length > 0 {
                let r = ns.range(of: key.name, options: key.caseSensitive ? [] : [.caseInsensitive], range: search)
                if r.location == NSNotFound { break }
                if !key.wordBounded || (isBoundary(ns, r.location - 1) && isBoundary(ns, r.location + r.length)) {
                    hits.append(Hit(start: r.location, end: r.location + r.length, expansion: key.expansion))
                }
                let next = r.location + 1
                search = NSRange(location: next, length: ns.length - next)
            }
        }
        return hits
    }

    private func isBoundary(_ ns: NSString, _ i: Int) -> Bool {
        guard i >= 0, i < ns.length, let u = Unicode.Scalar(ns.character(at: i)) else { return true }
        return !(u.properties.isAlphabetic || u.properties.numericType != nil)
    }
}

extension IssuerTable {
    /// `Corpus/issuers.tsv`, embedded so the library works without the file.
    static let builtInTSV = """
        # Issuing bodies: abbreviation<TAB>expansion. Lines starting with # are comments.
        # Latin abbreviations match whole words; all-capital ones match case-sensitively,
        # the rest ignore case. Chinese short forms expand to the body's full name.
        # Every expansion is also recognised when written out in full.
        # English
        State Council\tState Council
        General Office of the State Council\tGeneral Office of the State Council
        the party\tCommunist Party of China
        CPC\tCommunist Party of China
        CCP\tCommunist Party of China
        Communist Party\tCommunist Party of China
        CPC Central Committee\tCentral Committee of the Communist Party of China
        Central Committee of the CPC\tCentral Committee of the Communist Party of China
        NPC\tNational People's Congress
        NPCSC\tStanding Committee of the National People's Congress
        NPC Standing Committee\tStanding Committee of the National People's Congress
        CPPCC\tChinese People's Political Consultative Conference
        MCA\tMinistry of Civil Affairs
        MOCA\tMinistry of Civil Affairs
        MOHRSS\tMinistry of Human Resources and Social Security
        MOLSS\tMinistry of Labour and Social Security
        NDRC\tNational Development and Reform Commission
        MOE\tMinistry of Education
        MPS\tMinistry of Public Security
        MOF\tMinistry of Finance
        MOH\tMinistry of Health
        NHFPC\tNational Health and Family Planning Commission
        NHC\tNational Health Commission
        NBS\tNational Bureau of Statistics
        MOHURD\tMinistry of Housing and Urban-Rural Development
        MOA\tMinistry of Agriculture
        MARA\tMinistry of Agriculture and Rural Affairs
        MOFCOM\tMinistry of Commerce
        MOJ\tMinistry of Justice
        ACWF\tAll-China Women's Federation
        ACFTU\tAll-China Federation of Trade Unions
        CDPF\tChina Disabled Persons' Federation
        # 中文
        国务院\t国务院
        国务院办公厅\t国务院办公厅
        国办\t国务院办公厅
        中共中央\t中国共产党中央委员会
        党中央\t中国共产党中央委员会
        中共中央办公厅\t中共中央办公厅
        中办\t中共中央办公厅
        全国人大\t全国人民代表大会
        全国人大常委会\t全国人民代表大会常务委员会
        全国政协\t中国人民政治协商会议全国委员会
        民政部\t民政部
        人力资源社会保障部\t人力资源和社会保障部
        人社部\t人力资源和社会保障部
        劳动和社会保障部\t劳动和社会保障部
        国家发展改革委\t国家发展和改革委员会
        国家发改委\t国家发展和改革委员会
        发改委\t国家发展和改革委员会
        教育部\t教育部
        公安部\t公安部
        财政部\t财政部
        卫生部\t卫生部
        国家卫生计生委\t国家卫生和计划生育委员会
        国家卫生健康委\t国家卫生健康委员会
        国家卫健委\t国家卫生健康委员会
        国家统计局\t国家统计局
        住房城乡建设部\t住房和城乡建设部
        农业部\t农业部
        农业农村部\t农业农村部
        商务部\t商务部
        司法部\t司法部
        全国总工会\t中华全国总工会
        全国妇联\t中华全国妇女联合会
        中国残联\t中国残疾人联合会
        共青团中央\t中国共产主义青年团中央委员会

        """
}
