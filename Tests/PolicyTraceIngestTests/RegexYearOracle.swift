// The year rules as they were written before the byte scanners: regular
// expressions over whole texts. Kept as the oracle the scanners are checked
// against (YearScannerEquivalenceTests); not used by the library.
import Foundation

@testable import PolicyTraceIngest

enum OldYearText {
    static func normalize(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { mapped($0) != nil }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars { out.append(mapped(u) ?? u) }
        return String(out)
    }

    @inline(__always)
    private static func mapped(_ u: Unicode.Scalar) -> Unicode.Scalar? {
        let v = u.value
        if v < 0x200B { return nil }
        switch v {
        case 0xFF10...0xFF19: return Unicode.Scalar(v - 0xFF10 + 0x30)
        case 0x25CB, 0xFF2F: return "〇"
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return " "
        case 0x5C46: return "届"
        case 0x570B: return "国"
        case 0x6703: return "会"
        case 0x8B70: return "议"
        case 0x54E1: return "员"
        case 0x5354: return "协"
        default: return nil
        }
    }

    /// Whether `text` contains one of the lowercase ASCII `words`, ignoring ASCII case.
    /// (Foundation's case-insensitive search is slow on long non-ASCII text.)
    static func containsASCII(_ text: String, anyOf words: [String]) -> Bool {
        let bytes = text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        for word in words.map({ Array($0.utf8) }) where bytes.count >= word.count {
            for start in 0...(bytes.count - word.count) where bytes[start] == word[0] {
                if bytes[start..<start + word.count].elementsEqual(word) { return true }
            }
        }
        return false
    }

}

/// Finds full calendar dates (year, month and day) in normalized text:
/// `2014年7月24日`, `二〇一四年七月二十四日`, `2014-07-30`, `July 30, 2014`, `30 July 2014`.
/// A bare year or a year and month is never a date here.
enum OldDateFinder {
    struct Found {
        var year: Int
        var month: Int
        var day: Int
        var range: NSRange
    }

    private static let months =
        "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"

    private static let arabicCJK = Rx(#"(?<![0-9])([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日"#)
    private static let numeralCJK = Rx("([〇零一二三四五六七八九]{4})\\s*年\\s*([一二三四五六七八九十]{1,3})\\s*月\\s*([一二三四五六七八九十]{1,3})\\s*日")
    private static let iso = Rx(#"(?<![0-9])([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?![0-9])"#)
    private static let monthDayYear = Rx("\\b(\(months))\\.?\\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\\s+([0-9]{4})(?![0-9])", caseInsensitive: true)
    private static let dayMonthYear = Rx(
        "(?<![0-9])([0-9]{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(\(months))\\.?,?\\s+([0-9]{4})(?![0-9])", caseInsensitive: true)

    /// All full dates in `range`, in text order.
    static func dates(in s: UText, range: NSRange? = nil) -> [Found] {
        var found: [Found] = []
        func add(_ m: NSTextCheckingResult, _ y: Int?, _ mo: Int?, _ d: Int?) {
            guard let y, let mo, let d, YearText.plausible.contains(y), (1...12).contains(mo), (1...31).contains(d) else { return }
            found.append(Found(year: y, month: mo, day: d, range: m.range))
        }
        for m in arabicCJK.matches(s, in: range) {
            add(m, s.group(m, 1).flatMap { Int($0) }, s.group(m, 2).flatMap { Int($0) }, s.group(m, 3).flatMap { Int($0) })
        }
        for m in numeralCJK.matches(s, in: range) {
            add(m, s.group(m, 1).flatMap(YearText.number), s.group(m, 2).flatMap(YearText.number), s.group(m, 3).flatMap(YearText.number))
        }
        for m in iso.matches(s, in: range) {
            add(m, s.group(m, 1).flatMap { Int($0) }, s.group(m, 3).flatMap { Int($0) }, s.group(m, 4).flatMap { Int($0) })
        }
        for m in monthDayYear.matches(s, in: range) {
            add(
                m, s.group(m, 3).flatMap { Int($0) }, s.group(m, 1).flatMap { YearText.monthNames[$0.lowercased()] },
                s.group(m, 2).flatMap { Int($0) })
        }
        for m in dayMonthYear.matches(s, in: range) {
            add(
                m, s.group(m, 3).flatMap { Int($0) }, s.group(m, 2).flatMap { YearText.monthNames[$0.lowercased()] },
                s.group(m, 1).flatMap { Int($0) })
        }
        return found.sorted { $0.range.location < $1.range.location }
    }
}

/// Finds NPC and CPPCC plenary sessions named in normalized text, in Chinese
/// (`第十二届全国人民代表大会第二次会议`, `十二届全国人大二次会议`,
/// `全国政协十二届二次会议`) or English (`Second Session of the 12th National
/// People's Congress`), and judges whether a mention names the document's own
/// session or only refers to another one in passing.
enum OldSessionFinder {
    struct Mention {
        var congress: Congress
        var term: Int
        /// nil when only the congress is named (`向第四届全国人民代表大会作…`).
        var session: Int?
        var range: NSRange
        var english = false

        var year: Int? { NPCSessions.year(congress, term: term, session: session ?? 1) }
    }

    private static let n = "([0-9一二三四五六七八九十两〇零]{1,4})"
    private static let ord =
        "(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|[0-9]{1,2}(?:st|nd|rd|th))"
    private static let npcName = "(?:national\\s+people['’]?s\\s+congress|npc)"
    private static let cppccName =
        "(?:(?:national\\s+committee\\s+of\\s+the\\s+)?(?:cppcc|chinese\\s+people['’]?s\\s+political\\s+consultative\\s+conference)(?:\\s+national\\s+committee)?)"

    /// (pattern, congress, capture group of the term, capture group of the session)
    private static let chinese: [(Rx, Congress, Int, Int)] = [
        (Rx("第?\(n)届全国人民代表大会(?:第\(n)次(?:全体)?会议)?"), .npc, 1, 2),
        (Rx("第?\(n)届全国人大第?\(n)次(?:全体)?会议"), .npc, 1, 2),
        (Rx("全国人大第?\(n)届第?\(n)次会议"), .npc, 1, 2),
        (Rx("中国人民政治协商会议第?\(n)届全国委员会(?:第\(n)次(?:全体)?会议)?"), .cppcc, 1, 2),
        (Rx("全国政协第?\(n)届第?\(n)次(?:全体)?会议"), .cppcc, 1, 2),
        (Rx("第?\(n)届全国政协第?\(n)次(?:全体)?会议"), .cppcc, 1, 2),
    ]
    private static let englishSession = Rx(
        "\\b\(ord)\\s+(?:plenary\\s+)?session\\s+of\\s+the\\s+\(ord)\\s+(?:(\(npcName))|\(cppccName))\\b", caseInsensitive: true)
    private static let englishBare = Rx("\\b(?:to|at|before)\\s+the\\s+\(ord)\\s+\(npcName)\\b(?!['’]?s?\\s+standing)", caseInsensitive: true)
    private static let englishLeadIn = Rx("\\b(?:at|to|before)\\s+the\\s*$", caseInsensitive: true)

    private static let ordinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
        "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
        "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    ]

    private static func ordinal(_ s: String?) -> Int? {
        guard let s = s?.lowercased() else { return nil }
        if let v = ordinals[s] { return v }
        return Int(s.filter(\.isNumber))
    }

    /// Every session mention in `s` (normalized), in text order.
    static func mentions(in s: UText) -> [Mention] {
        var out: [Mention] = []
        let text = s.string
        let englishNames = OldYearText.containsASCII(text, anyOf: ["session", "congress", "npc"])
        for window in windowsAroundJie(text) {
            for (rx, congress, tg, sg) in chinese {
                for m in rx.matches(s, in: window) {
                    guard let term = s.group(m, tg).flatMap(YearText.number) else { continue }
                    let session = s.group(m, sg).flatMap(YearText.number)
                    if session == nil, followed(s, m.range, by: ["常务委员会", "常委会", "代表"]) { continue }
                    out.append(Mention(congress: congress, term: term, session: session, range: m.range))
                }
            }
        }
        for m in englishNames ? englishSession.matches(s) : [] {
            guard let session = ordinal(s.group(m, 1)), let term = ordinal(s.group(m, 2)) else { continue }
            let congress: Congress = m.range(at: 3).location != NSNotFound ? .npc : .cppcc
            out.append(Mention(congress: congress, term: term, session: session, range: m.range, english: true))
        }
        for m in englishNames ? englishBare.matches(s) : [] {
            guard let term = ordinal(s.group(m, 1)) else { continue }
            if out.contains(where: { NSIntersectionRange($0.range, m.range).length > 0 }) { continue }
            out.append(Mention(congress: .npc, term: term, session: nil, range: m.range, english: true))
        }
        // Overlapping matches (a CPPCC name contains 会议) keep the longest.
        out.sort { $0.range.location != $1.range.location ? $0.range.location < $1.range.location : $0.range.length > $1.range.length }
        var kept: [Mention] = []
        for m in out where !kept.contains(where: { NSIntersectionRange($0.range, m.range).length > 0 }) { kept.append(m) }
        return kept
    }

    /// Every Chinese session name contains 届: only the text around each one is searched.
    private static func windowsAroundJie(_ text: String) -> [NSRange] {
        var windows: [NSRange] = []
        var offset = 0
        let length = text.utf16.count
        for unit in text.utf16 {
            if unit == 0x5C4A {
                let start = max(0, offset - 20), end = min(length, offset + 40)
                if let last = windows.last, last.location + last.length >= start {
                    windows[windows.count - 1].length = end - last.location
                } else {
                    windows.append(NSRange(location: start, length: end - start))
                }
            }
            offset += 1
        }
        return windows
    }

    /// True when the mention names the document's own session: `在…会议上`,
    /// `向…会议作/提出…`, `向第四届全国人民代表大会作…`, `（…会议通过）` (an adoption
    /// note), a resolution opening with `第…次会议听取/审议/关于…`, or `at/to the …
    /// Session of …`. Passing references (`…会议以来`, `从…会议到现在`,
    /// `按照…会议批准的方案`, `在…会议上通过的…`) are not.
    static func namesOwnSession(_ s: UText, _ m: Mention) -> Bool {
        if followed(s, m.range, by: ["以来", "闭幕", "期间", "之后", "以后", "之前", "以前", "前夕", "精神", "的决议"]) { return false }
        if m.english {
            if m.session == nil { return true }
            let start = max(0, m.range.location - 24)
            let before = UText(s.substring(NSRange(location: start, length: m.range.location - start)))
            if englishLeadIn.first(before) != nil { return true }
            return lineStart(s, m.range.location) || precededByAdopted(s, m.range.location)
        }
        let prev = previousNonSpace(s, m.range.location)
        if m.session == nil {
            return prev == 0x5411 && followed(s, m.range, by: ["作", "提出", "报告"])  // 向
        }
        if prev == 0x5411 { return true }
        if prev == 0x5728 {  // 在
            return !followed(s, m.range, by: ["上通过", "上批准", "上确定", "上提出", "上作出", "上审议", "上的决议"])
        }
        if followed(s, m.range, by: ["通过）", "通过)", "批准）", "批准)"]) || endsLine(s, m.range, after: ["通过", "批准"]) {
            return true
        }
        return lineStart(s, m.range.location) && followed(s, m.range, by: ["听取", "审议", "关于", "审查", "批准", "决定"])
    }

    private static func precededByAdopted(_ s: UText, _ at: Int) -> Bool {
        let start = max(0, at - 30)
        let before = s.substring(NSRange(location: start, length: at - start)).lowercased()
        return before.contains("adopted") || before.contains("approved")
    }

    static func followed(_ s: UText, _ r: NSRange, by words: [String]) -> Bool {
        var i = r.location + r.length
        while let u = s.unit(i), YearText.isSpace(u) { i += 1 }
        let rest = s.substring(NSRange(location: i, length: min(8, s.length - i)))
        return words.contains { rest.hasPrefix($0) }
    }

    /// The mention is followed by one of `words` and then a line break or the end (`…会议通过` alone on its line).
    private static func endsLine(_ s: UText, _ r: NSRange, after words: [String]) -> Bool {
        let end = r.location + r.length
        for w in words where s.substring(NSRange(location: end, length: min(w.utf16.count, s.length - end))) == w {
            var i = end + w.utf16.count
            while let u = s.unit(i), u == 0x20 || u == 0x09 || u == 0x3000 { i += 1 }
            guard let u = s.unit(i) else { return true }
            return u == 0x0A || u == 0x0D || u == 0x3002  // 。
        }
        return false
    }

    static func previousNonSpace(_ s: UText, _ at: Int) -> unichar? {
        var i = at - 1
        while let u = s.unit(i), YearText.isSpace(u) { i -= 1 }
        return s.unit(i)
    }

    /// True when only whitespace lies between the previous line break (or the text's start) and `at`.
    static func lineStart(_ s: UText, _ at: Int) -> Bool {
        var i = at - 1
        while let u = s.unit(i) {
            if u == 0x0A || u == 0x0D { return true }
            if !YearText.isSpace(u) { return false }
            i -= 1
        }
        return true
    }
}

/// Decides a document's year from explicit evidence only, trying the sources
/// in a fixed order so every year can be explained by its `YearSource`. A year
/// mentioned in passing (`1958年以来`, `2013年工作回顾`) is never taken: text
/// counts only as a full date on a date line, in an adoption note or at the
/// document's start or end, or as the NPC/CPPCC session it was delivered to.
enum OldYearResolver {
    /// First found wins, in this order: metadata year (or date), title, document
    /// number, the document's own date, a session named in the text, file name.
    static func resolve(
        metadataYear: String?, metadataDate: String?, title: String?, docNumber: String?,
        text: String, filename: String?
    ) -> ResolvedYear? {
        if let y = metadataYear.flatMap(year(metadataYear:)) ?? metadataDate.flatMap(year(metadataDate:)) {
            return ResolvedYear(year: y, source: .metadata)
        }
        if let y = title.flatMap(year(title:)) { return ResolvedYear(year: y, source: .title) }
        if let y = docNumber.flatMap(year(docNumber:)) { return ResolvedYear(year: y, source: .docNumber) }
        let body = UText(OldYearText.normalize(text))
        if let y = dateYear(body) { return ResolvedYear(year: y, source: .dateText) }
        if let y = sessionYear(body) { return ResolvedYear(year: y, source: .session) }
        if let y = filename.flatMap(year(filename:)) { return ResolvedYear(year: y, source: .filename) }
        return nil
    }

    private static let metadataYearRx = Rx(#"^\s*([0-9]{4})(?:\.0+)?\s*$|^\s*([0-9]{4})\s*(?:[-/.年]|$)"#)
    private static let leadingYearRx = Rx(#"^\s*([0-9]{4})(?![0-9])"#)

    /// A metadata year field: `2014`, `2014.0`, `2014-07-30`.
    static func year(metadataYear: String) -> Int? {
        let s = UText(OldYearText.normalize(metadataYear))
        guard let m = metadataYearRx.first(s), let y = (s.group(m, 1) ?? s.group(m, 2)).flatMap({ Int($0) }) else { return nil }
        return YearText.plausible.contains(y) ? y : nil
    }

    /// A metadata date field: any full date, else a leading year (`2014`, `2014-07`).
    static func year(metadataDate: String) -> Int? {
        let s = UText(OldYearText.normalize(metadataDate))
        if let d = OldDateFinder.dates(in: s).first { return d.year }
        guard let m = leadingYearRx.first(s), let y = s.group(m, 1).flatMap({ Int($0) }) else { return nil }
        return YearText.plausible.contains(y) ? y : nil
    }

    private static let titleYearRx = [
        Rx(#"(?<![0-9])([0-9]{4})\s*年"#),
        Rx("([〇零一二三四五六七八九]{4})年"),
        Rx(#"(?<![0-9.,第])([0-9]{4})(?![0-9%]|[.,][0-9]|\s*[\x{3400}-\x{9FFF}])"#),
    ]

    /// The session a title names (checked first, since a resolution's title may
    /// also mention the previous year), else the first year written in it.
    static func year(title: String) -> Int? {
        let s = UText(OldYearText.normalize(title))
        for m in OldSessionFinder.mentions(in: s) where m.session != nil || OldSessionFinder.namesOwnSession(s, m) {
            if let y = m.year { return y }
        }
        var best: (at: Int, year: Int)?
        for rx in titleYearRx {
            for m in rx.matches(s) {
                guard let y = s.group(m, 1).flatMap(YearText.number), YearText.plausible.contains(y) else { continue }
                if best == nil || m.range.location < best!.at { best = (m.range.location, y) }
                break
            }
        }
        return best?.year
    }

    private static let docNumberRx = [
        Rx(#"[〔\[（(［【]\s*([0-9]{4})\s*[〕\]）)］】]"#),
        Rx(#"(?<![0-9])([0-9]{4})\s*年"#),
    ]

    /// The year of a document number: `国发〔2014〕25号`, `[2014]`, `(2014)`.
    static func year(docNumber: String) -> Int? {
        let s = UText(OldYearText.normalize(docNumber))
        for rx in docNumberRx {
            for m in rx.matches(s) {
                if let y = s.group(m, 1).flatMap({ Int($0) }), YearText.plausible.contains(y) { return y }
            }
        }
        return nil
    }

    private static let dateLineRx = Rx(
        #"^[ \t\x{3000}]*(?:成文日期|发布日期|发文日期|印发日期|签发日期|公布日期|日期|date\s+of\s+issue|issue\s+date|date\s+issued|release\s+date|dated|date|issued(?:\s+on)?|released(?:\s+on)?|published(?:\s+on)?)[ \t\x{3000}]*[:：]?[ \t\x{3000}]*([^\n]*)"#,
        caseInsensitive: true, lines: true)
    private static let parenthesisRx = Rx(#"[（(]([^（()）]{6,200})[）)]"#)
    private static let adoptionWords = ["通过", "批准", "公布", "adopted", "approved", "promulgated"]
    private static let windowSize = 300

    /// The year of the document's own date, in text already normalized.
    static func dateYear(_ s: UText) -> Int? {
        for m in dateLineRx.matches(s) {
            let rest = m.range(at: 1)
            if let d = OldDateFinder.dates(in: s, range: rest).first, d.range.location == rest.location { return d.year }
        }
        for m in parenthesisRx.matches(s) {
            let inner = s.group(m, 1)!.lowercased()
            guard adoptionWords.contains(where: inner.contains) else { continue }
            if let d = OldDateFinder.dates(in: s, range: m.range(at: 1)).first { return d.year }
        }
        let string = s.string
        guard let first = string.firstIndex(where: { !$0.isWhitespace }),
            let last = string.lastIndex(where: { !$0.isWhitespace })
        else { return nil }
        let body = string[first...last]
        let lead = string[..<first].utf16.count
        let tailLength = body.suffix(windowSize).utf16.count
        let head = NSRange(location: lead, length: body.prefix(windowSize).utf16.count)
        let tail = NSRange(location: lead + body.utf16.count - tailLength, length: tailLength)
        for window in [head, tail] {
            if let d = OldDateFinder.dates(in: s, range: window).first(where: { !isPassing(s, $0.range) }) { return d.year }
        }
        return nil
    }

    private static let passingBefore = ["自", "从", "截至", "截止", "至", "到", "since", "from", "until", "till", "as of", "effective", "before", "after"]
    private static let passingAfter = ["起", "以来", "至", "到", "止", "以前", "以后", "之前", "之后", "前", "后", "until", "to "]

    /// A date that opens or closes a period (`自2015年1月1日起`, `since July 1, 2014`) is not the document's date.
    private static func isPassing(_ s: UText, _ r: NSRange) -> Bool {
        if OldSessionFinder.followed(s, r, by: passingAfter) { return true }
        let start = max(0, r.location - 12)
        let before = s.substring(NSRange(location: start, length: r.location - start))
            .trimmingCharacters(in: .whitespaces).lowercased()
        return passingBefore.contains { before.hasSuffix($0) }
    }

    /// The year of the first NPC/CPPCC session the text was delivered to or adopted at.
    static func sessionYear(_ s: UText) -> Int? {
        for m in OldSessionFinder.mentions(in: s) where OldSessionFinder.namesOwnSession(s, m) {
            if let y = m.year { return y }
        }
        return nil
    }

    private static let filenameRx = [
        Rx(#"(?<![0-9])([0-9]{4})[-_.]?(?:0[1-9]|1[0-2])[-_.]?(?:0[1-9]|[12][0-9]|3[01])(?![0-9])"#),
        Rx(#"(?<![0-9])([0-9]{4})(?![0-9])"#),
    ]

    /// A year from 1949 to 2100 in the last path component (`gwr_2014.txt`, `20140730.html`).
    static func year(filename: String) -> Int? {
        let name = UText(OldYearText.normalize(filename.split(separator: "/").last.map(String.init) ?? filename))
        var best: (at: Int, year: Int)?
        for rx in filenameRx {
            for m in rx.matches(name) {
                guard let y = name.group(m, 1).flatMap({ Int($0) }), (1949...2100).contains(y) else { continue }
                if best == nil || m.range.location < best!.at { best = (m.range.location, y) }
                break
            }
        }
        return best?.year
    }
}
