/// Finds NPC and CPPCC plenary sessions named in normalized text, in Chinese
/// (`第十二届全国人民代表大会第二次会议`, `十二届全国人大二次会议`,
/// `全国政协十二届二次会议`) or English (`Second Session of the 12th National
/// People's Congress`), and judges whether a mention names the document's own
/// session or only refers to another one in passing.
///
/// The names are found by hand-written scanners over UTF-8 bytes, each doing
/// what the regular expression in its comment does (leftmost matches without
/// overlaps, English ignoring case as ICU does); where a rule measures
/// context in UTF-16 units, so do the scanners.
enum SessionFinder {
    struct Mention {
        var congress: Congress
        var term: Int
        /// nil when only the congress is named (`向第四届全国人民代表大会作…`).
        var session: Int?
        /// Byte range in the text.
        var range: Range<Int>
        var english = false

        var year: Int? { NPCSessions.year(congress, term: term, session: session ?? 1) }
    }

    /// Every session mention in `t` (normalized), in text order.
    static func mentions(in t: ScanText) -> [Mention] {
        var out: [Mention] = []
        for window in windowsAroundJie(t) {
            let w = t.slice(window.lowerBound, window.upperBound)
            for pattern in Chinese.allCases {
                var i = w.lo
                while i < w.hi {
                    guard let m = pattern.match(w, at: i) else {
                        i = w.next(i)
                        continue
                    }
                    i = m.end
                    guard let term = YearText.number(t, m.term.lowerBound, m.term.upperBound) else { continue }
                    let session = m.session.flatMap { YearText.number(t, $0.lowerBound, $0.upperBound) }
                    let range = m.start..<m.end
                    if session == nil, followed(t, range, by: ["常务委员会", "常委会", "代表"]) { continue }
                    out.append(Mention(congress: pattern.congress, term: term, session: session, range: range))
                }
            }
        }
        if englishNames.occur(in: t) {
            eachMatch(in: t, firsts: ordinalFirsts, englishSession) { m in
                guard let session = ordinal(t, m.ordinals[0]), let term = ordinal(t, m.ordinals[1]) else { return }
                out.append(Mention(congress: m.npc ? .npc : .cppcc, term: term, session: session, range: m.range, english: true))
            }
            eachMatch(in: t, firsts: leadInFirsts, englishBare) { m in
                guard let term = ordinal(t, m.ordinals[0]) else { return }
                if out.contains(where: { $0.range.overlaps(m.range) }) { return }
                out.append(Mention(congress: .npc, term: term, session: nil, range: m.range, english: true))
            }
        }
        // Overlapping matches (a CPPCC name contains 会议) keep the longest.
        out.sort { $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : $0.range.count > $1.range.count }
        var kept: [Mention] = []
        for m in out where !kept.contains(where: { $0.range.overlaps(m.range) }) { kept.append(m) }
        return kept
    }

    /// The English patterns are tried only when one of these is in the text.
    private static let englishNames = YearText.ASCIIWords(["session", "congress", "npc"])

    /// Every Chinese session name contains 届: only the text around each one
    /// (20 UTF-16 units before it, 40 from it) is searched.
    static func windowsAroundJie(_ t: ScanText) -> [Range<Int>] {
        var windows: [Range<Int>] = []
        var i = t.lo
        while let at = t.find(jie, from: i) {
            let start = t.back(units: 20, from: at).index, end = t.forward(units: 40, from: at).index
            if let last = windows.last, last.upperBound >= start {
                windows[windows.count - 1] = last.lowerBound..<max(end, last.upperBound)
            } else {
                windows.append(start..<end)
            }
            i = at + jie.count
        }
        return windows
    }

    // MARK: Chinese names

    static let jie = [UInt8](utf8: "届"), di = [UInt8](utf8: "第"), ci = [UInt8](utf8: "次")
    static let huiyi = [UInt8](utf8: "会议"), quanti = [UInt8](utf8: "全体")
    static let npcFull = [UInt8](utf8: "全国人民代表大会"), npcShort = [UInt8](utf8: "全国人大")
    static let cppccFull = [UInt8](utf8: "中国人民政治协商会议"), cppccCommittee = [UInt8](utf8: "全国委员会")
    static let cppccShort = [UInt8](utf8: "全国政协")

    struct ChineseMatch {
        var start: Int
        var end: Int
        var term: Range<Int>
        var session: Range<Int>?
    }

    /// The six Chinese forms, in the order they are searched. `N` is
    /// `[0-9一二三四五六七八九十两〇零]{1,4}`.
    enum Chinese: CaseIterable {
        /// `第?N届全国人民代表大会(?:第N次(?:全体)?会议)?`
        case npcFull
        /// `第?N届全国人大第?N次(?:全体)?会议`
        case npcShort
        /// `全国人大第?N届第?N次会议`
        case npcShortFirst
        /// `中国人民政治协商会议第?N届全国委员会(?:第N次(?:全体)?会议)?`
        case cppccFull
        /// `全国政协第?N届第?N次(?:全体)?会议`
        case cppccShortFirst
        /// `第?N届全国政协第?N次(?:全体)?会议`
        case cppccShort

        var congress: Congress {
            switch self {
            case .npcFull, .npcShort, .npcShortFirst: return .npc
            case .cppccFull, .cppccShortFirst, .cppccShort: return .cppcc
            }
        }

        func match(_ t: ScanText, at i: Int) -> ChineseMatch? {
            typealias S = SessionFinder
            switch self {
            case .npcFull:
                guard let term = S.number(t, i, di: .optional), let a = t.after(S.jie, at: term.upperBound),
                    let b = t.after(S.npcFull, at: a)
                else { return nil }
                let s = S.session(t, b, di: .required, plenary: true)
                return ChineseMatch(start: i, end: s?.end ?? b, term: term, session: s?.number)
            case .npcShort:
                guard let term = S.number(t, i, di: .optional), let a = t.after(S.jie, at: term.upperBound),
                    let b = t.after(S.npcShort, at: a), let s = S.session(t, b, di: .optional, plenary: true)
                else { return nil }
                return ChineseMatch(start: i, end: s.end, term: term, session: s.number)
            case .npcShortFirst:
                guard let a = t.after(S.npcShort, at: i), let term = S.number(t, a, di: .optional),
                    let b = t.after(S.jie, at: term.upperBound), let s = S.session(t, b, di: .optional, plenary: false)
                else { return nil }
                return ChineseMatch(start: i, end: s.end, term: term, session: s.number)
            case .cppccFull:
                guard let a = t.after(S.cppccFull, at: i), let term = S.number(t, a, di: .optional),
                    let b = t.after(S.jie, at: term.upperBound), let c = t.after(S.cppccCommittee, at: b)
                else { return nil }
                let s = S.session(t, c, di: .required, plenary: true)
                return ChineseMatch(start: i, end: s?.end ?? c, term: term, session: s?.number)
            case .cppccShortFirst:
                guard let a = t.after(S.cppccShort, at: i), let term = S.number(t, a, di: .optional),
                    let b = t.after(S.jie, at: term.upperBound), let s = S.session(t, b, di: .optional, plenary: true)
                else { return nil }
                return ChineseMatch(start: i, end: s.end, term: term, session: s.number)
            case .cppccShort:
                guard let term = S.number(t, i, di: .optional), let a = t.after(S.jie, at: term.upperBound),
                    let b = t.after(S.cppccShort, at: a), let s = S.session(t, b, di: .optional, plenary: true)
                else { return nil }
                return ChineseMatch(start: i, end: s.end, term: term, session: s.number)
            }
        }
    }

    enum Di { case optional, required }

    /// `[0-9一二三四五六七八九十两〇零]`
    static func isNumberChar(_ v: UInt32) -> Bool { v &- 0x30 < 10 || v == 0x5341 || YearText.isCJKDigit(v) }

    /// `第?N` (or `第N`) at `i`: the range of `N`. Every form has a character
    /// outside the set after `N`, so `N` is the whole run, at most four long.
    static func number(_ t: ScanText, _ i: Int, di: Di) -> Range<Int>? {
        var a = i
        if let d = t.after(Self.di, at: i) { a = d } else if di == .required { return nil }
        var j = a, count = 0
        while let (v, n) = t.scalar(at: j), isNumberChar(v) {
            count += 1
            if count > 4 { return nil }
            j += n
        }
        return count > 0 ? a..<j : nil
    }

    /// `第?N次(?:全体)?会议` at `i` (`第` required or optional; `全体` allowed or not).
    static func session(_ t: ScanText, _ i: Int, di: Di, plenary: Bool) -> (number: Range<Int>, end: Int)? {
        guard let n = number(t, i, di: di), let a = t.after(ci, at: n.upperBound) else { return nil }
        if plenary, let b = t.after(quanti, at: a), let e = t.after(huiyi, at: b) { return (n, e) }
        guard let e = t.after(huiyi, at: a) else { return nil }
        return (n, e)
    }

    // MARK: English names

    struct EnglishMatch {
        var range: Range<Int>
        /// The ordinals' ranges: session and term, or the term alone.
        var ordinals: [Range<Int>]
        var npc = true
    }

    private static func words(_ s: String) -> [[UInt8]] { s.split(separator: "|").map { Array($0.utf8) } }

    static let ordinalWords = words(
        "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
    )
    static let ordinalSuffixes = words("st|nd|rd|th")
    static let leadIns = words("to|at|before"), leadInsAtTo = words("at|to|before")
    static let the = Array("the".utf8), of = Array("of".utf8), plenary = Array("plenary".utf8), sessionWord = Array("session".utf8)
    static let national = Array("national".utf8), people = Array("people".utf8), congress = Array("congress".utf8), npc = Array("npc".utf8)
    static let committee = Array("committee".utf8), cppcc = Array("cppcc".utf8), chinese = Array("chinese".utf8)
    static let political = Array("political".utf8), consultative = Array("consultative".utf8), conference = Array("conference".utf8)
    static let standing = Array("standing".utf8), s = Array("s".utf8)
    static let rightQuote = [UInt8](utf8: "’")

    /// The lowercase ASCII letters and digits (a table by byte) an ordinal or a lead-in word can start with.
    static let ordinalFirsts = firstTable("0123456789fsten"), leadInFirsts = firstTable("tab")

    private static func firstTable(_ chars: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 128)
        for c in chars.utf8 { table[Int(c)] = true }
        return table
    }

    /// Tries `match` at every position whose first letter, folded, is in
    /// `firsts`, left to right; a match resumes the search at its end. Only
    /// ASCII and the lead bytes of the scalars that fold to ASCII letters
    /// (`ß ſ ẞ K ﬀ…ﬆ`) can start a match.
    private static func eachMatch(in t: ScanText, firsts: [Bool], _ match: (ScanText, Int) -> EnglishMatch?, _ body: (EnglishMatch) -> Void) {
        var i = t.lo
        while i < t.hi {
            let b = t.p[i]
            if b < 0x80 ? firsts[Int(b | (b &- 0x41 < 26 ? 0x20 : 0))] : (b == 0xC3 || b == 0xC5 || b == 0xE1 || b == 0xE2 || b == 0xEF),
                let f = t.foldedFirst(i), f < 0x80, firsts[Int(f)], let m = match(t, i)
            {
                body(m)
                i = m.range.upperBound
            } else {
                i += 1
            }
        }
    }

    /// `(first|second|…|twentieth|[0-9]{1,2}(?:st|nd|rd|th))` at `i`: its end.
    /// No word is a prefix of another, so at most one matches.
    static func ordinalEnd(_ t: ScanText, _ i: Int) -> Int? {
        if t.isDigit(i) {
            let d = t.digits(from: i)
            return (1...2).contains(d - i) ? t.folded(anyOf: ordinalSuffixes, at: d) : nil
        }
        return t.folded(anyOf: ordinalWords, at: i)
    }

    /// `(?:national\s+people['’]?s\s+congress|npc)` at `i`: the ends its alternatives give, in order.
    static func npcNameEnds(_ t: ScanText, _ i: Int) -> [Int] {
        var ends: [Int] = []
        if let e = peoples(t, t.folded(national, at: i).flatMap(t.white1)).flatMap({ t.folded(congress, at: $0) }) { ends.append(e) }
        if let e = t.folded(npc, at: i) { ends.append(e) }
        return ends
    }

    /// `people['’]?s\s+` at `i`: its end.
    private static func peoples(_ t: ScanText, _ i: Int?) -> Int? {
        guard let i, var j = t.folded(people, at: i) else { return nil }
        if j < t.hi && t.p[j] == 0x27 { j += 1 } else if t.has(rightQuote, at: j) { j += rightQuote.count }
        return t.folded(s, at: j).flatMap(t.white1)
    }

    /// `(?:national\s+committee\s+of\s+the\s+)?(?:cppcc|chinese\s+people['’]?s\s+political\s+consultative\s+conference)(?:\s+national\s+committee)?`
    /// at `i`: the ends it can give, in the order the regex tries them.
    static func cppccNameEnds(_ t: ScanText, _ i: Int) -> [Int] {
        var ends: [Int] = []
        let prefixed = t.folded(national, at: i).flatMap(t.white1).flatMap { t.folded(committee, at: $0) }.flatMap(t.white1)
            .flatMap { t.folded(of, at: $0) }.flatMap(t.white1).flatMap { t.folded(the, at: $0) }.flatMap(t.white1)
        for start in [prefixed, i].compactMap({ $0 }) {
            let long = t.folded(chinese, at: start).flatMap(t.white1).flatMap { peoples(t, $0) }.flatMap { t.folded(political, at: $0) }
                .flatMap(t.white1).flatMap { t.folded(consultative, at: $0) }.flatMap(t.white1).flatMap { t.folded(conference, at: $0) }
            for core in [t.folded(cppcc, at: start), long].compactMap({ $0 }) {
                if let e = t.white1(core).flatMap({ t.folded(national, at: $0) }).flatMap(t.white1).flatMap({ t.folded(committee, at: $0) }) {
                    ends.append(e)
                }
                ends.append(core)
            }
        }
        return ends
    }

    /// `\b(ORD)\s+(?:plenary\s+)?session\s+of\s+the\s+(ORD)\s+(?:(NPC)|CPPCC)\b`, ignoring case.
    static func englishSession(_ t: ScanText, _ i: Int) -> EnglishMatch? {
        guard let o1 = ordinalEnd(t, i), t.isWordBoundary(i), let a = t.white1(o1) else { return nil }
        let s = t.folded(plenary, at: a).flatMap(t.white1) ?? a
        guard
            let b = t.folded(sessionWord, at: s).flatMap(t.white1).flatMap({ t.folded(of, at: $0) }).flatMap(t.white1)
                .flatMap({ t.folded(the, at: $0) }), let o2Start = t.white1(b), let o2 = ordinalEnd(t, o2Start), let c = t.white1(o2)
        else { return nil }
        for end in npcNameEnds(t, c) where t.isWordBoundary(end) {
            return EnglishMatch(range: i..<end, ordinals: [i..<o1, o2Start..<o2])
        }
        for end in cppccNameEnds(t, c) where t.isWordBoundary(end) {
            return EnglishMatch(range: i..<end, ordinals: [i..<o1, o2Start..<o2], npc: false)
        }
        return nil
    }

    /// `\b(?:to|at|before)\s+the\s+(ORD)\s+(NPC)\b(?!['’]?s?\s+standing)`, ignoring case.
    static func englishBare(_ t: ScanText, _ i: Int) -> EnglishMatch? {
        guard let a = t.folded(anyOf: leadIns, at: i), t.isWordBoundary(i),
            let o1Start = t.white1(a).flatMap({ t.folded(the, at: $0) }).flatMap(t.white1),
            let o1 = ordinalEnd(t, o1Start), let c = t.white1(o1)
        else { return nil }
        for end in npcNameEnds(t, c) where t.isWordBoundary(end) && !standingAfter(t, end) {
            return EnglishMatch(range: i..<end, ordinals: [o1Start..<o1])
        }
        return nil
    }

    /// `['’]?s?\s+standing` at `i`.
    private static func standingAfter(_ t: ScanText, _ i: Int) -> Bool {
        var j = i
        if j < t.hi && t.p[j] == 0x27 { j += 1 } else if t.has(rightQuote, at: j) { j += rightQuote.count }
        if let e = t.folded(s, at: j) { j = e }
        return t.white1(j).flatMap { t.folded(standing, at: $0) } != nil
    }

    /// `\b(?:at|to|before)\s+the\s*$` anywhere in `t`, ignoring case.
    static func endsWithLeadIn(_ t: ScanText) -> Bool {
        var i = t.lo
        while i < t.hi {
            if let a = t.folded(anyOf: leadInsAtTo, at: i), t.isWordBoundary(i),
                let b = t.white1(a).flatMap({ t.folded(the, at: $0) }), t.skipWhite(b) == t.hi
            {
                return true
            }
            i = t.next(i)
        }
        return false
    }

    private static let ordinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
        "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
        "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    ]

    private static func ordinal(_ t: ScanText, _ r: Range<Int>) -> Int? {
        let s = t.string(r.lowerBound, r.upperBound).lowercased()
        if let v = ordinals[s] { return v }
        return Int(s.filter(\.isNumber))
    }

    // MARK: Own session or passing reference

    /// True when the mention names the document's own session: `在…会议上`,
    /// `向…会议作/提出…`, `向第四届全国人民代表大会作…`, `（…会议通过）` (an adoption
    /// note), a resolution opening with `第…次会议听取/审议/关于…`, or `at/to the …
    /// Session of …`. Passing references (`…会议以来`, `从…会议到现在`,
    /// `按照…会议批准的方案`, `在…会议上通过的…`) are not.
    static func namesOwnSession(_ t: ScanText, _ m: Mention) -> Bool {
        if followed(t, m.range, by: ["以来", "闭幕", "期间", "之后", "以后", "之前", "以前", "前夕", "精神", "的决议"]) { return false }
        if m.english {
            if m.session == nil { return true }
            if endsWithLeadIn(t.slice(t.back(units: 24, from: m.range.lowerBound).index, m.range.lowerBound)) { return true }
            return lineStart(t, m.range.lowerBound) || precededByAdopted(t, m.range.lowerBound)
        }
        let prev = previousNonSpace(t, m.range.lowerBound)
        if m.session == nil {
            return prev == 0x5411 && followed(t, m.range, by: ["作", "提出", "报告"])  // 向
        }
        if prev == 0x5411 { return true }
        if prev == 0x5728 {  // 在
            return !followed(t, m.range, by: ["上通过", "上批准", "上确定", "上提出", "上作出", "上审议", "上的决议"])
        }
        if followed(t, m.range, by: ["通过）", "通过)", "批准）", "批准)"]) || endsLine(t, m.range, after: [tongguo, pizhun]) {
            return true
        }
        return lineStart(t, m.range.lowerBound) && followed(t, m.range, by: ["听取", "审议", "关于", "审查", "批准", "决定"])
    }

    static let tongguo = [UInt8](utf8: "通过"), pizhun = [UInt8](utf8: "批准")

    private static func precededByAdopted(_ t: ScanText, _ at: Int) -> Bool {
        let before = t.string(units: 30, before: at).lowercased()
        return before.contains("adopted") || before.contains("approved")
    }

    /// Whether one of `words` follows `r` after white space: the next 8 UTF-16
    /// units, as a string, start with it (so a combining mark after the word
    /// or a compatibility ideograph in it count as they do in string comparison).
    static func followed(_ t: ScanText, _ r: Range<Int>, by words: [String]) -> Bool {
        let i = t.skip(from: r.upperBound, while: YearText.isSpace)
        let rest = t.string(units: 8, from: i)
        return words.contains { rest.hasPrefix($0) }
    }

    /// The mention is followed by one of `words` and then a line break or the end (`…会议通过` alone on its line).
    private static func endsLine(_ t: ScanText, _ r: Range<Int>, after words: [[UInt8]]) -> Bool {
        for w in words where t.has(w, at: r.upperBound) {
            let i = t.skip(from: r.upperBound + w.count) { $0 == 0x20 || $0 == 0x09 || $0 == 0x3000 }
            guard let (v, _) = t.scalar(at: i) else { return true }
            return v == 0x0A || v == 0x0D || v == 0x3002  // 。
        }
        return false
    }

    /// The scalar before `at` and the spaces before it.
    static func previousNonSpace(_ t: ScanText, _ at: Int) -> UInt32? {
        var i = at
        while let (v, s) = t.scalar(before: i) {
            if !YearText.isSpace(v) { return v }
            i = s
        }
        return nil
    }

    /// True when only whitespace lies between the previous line break (or the text's start) and `at`.
    static func lineStart(_ t: ScanText, _ at: Int) -> Bool {
        var i = at
        while let (v, s) = t.scalar(before: i) {
            if v == 0x0A || v == 0x0D { return true }
            if !YearText.isSpace(v) { return false }
            i = s
        }
        return true
    }
}
