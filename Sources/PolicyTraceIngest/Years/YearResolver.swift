import Foundation

/// A document's year and the evidence it came from.
public struct ResolvedYear: Sendable, Equatable {
    public var year: Int
    public var source: YearSource

    public init(year: Int, source: YearSource) {
        self.year = year
        self.source = source
    }
}

/// Decides a document's year from explicit evidence only, trying the sources
/// in a fixed order so every year can be explained by its `YearSource`. A year
/// mentioned in passing (`1958年以来`, `2013年工作回顾`) is never taken: text
/// counts only as a full date on a date line, in an adoption note or at the
/// document's start or end, or as the NPC/CPPCC session it was delivered to.
public enum YearResolver {
    /// First found wins, in this order: metadata year (or date), title, document
    /// number, the document's own date, a session named in the text, file name.
    public static func resolve(metadataYear: String?, metadataDate: String?, title: String?, docNumber: String?,
                               text: String, filename: String?) -> ResolvedYear? {
        if let y = metadataYear.flatMap(year(metadataYear:)) ?? metadataDate.flatMap(year(metadataDate:)) {
            return ResolvedYear(year: y, source: .metadata)
        }
        if let y = title.flatMap(year(title:)) { return ResolvedYear(year: y, source: .title) }
        if let y = docNumber.flatMap(year(docNumber:)) { return ResolvedYear(year: y, source: .docNumber) }
        let body = UText(YearText.normalize(text))
        if let y = dateYear(body) { return ResolvedYear(year: y, source: .dateText) }
        if let y = sessionYear(body) { return ResolvedYear(year: y, source: .session) }
        if let y = filename.flatMap(year(filename:)) { return ResolvedYear(year: y, source: .filename) }
        return nil
    }

    private static let metadataYearRx = Rx(#"^\s*([0-9]{4})(?:\.0+)?\s*$|^\s*([0-9]{4})\s*(?:[-/.年]|$)"#)
    private static let leadingYearRx = Rx(#"^\s*([0-9]{4})(?![0-9])"#)

    /// A metadata year field: `2014`, `2014.0`, `2014-07-30`.
    public static func year(metadataYear: String) -> Int? {
        let s = UText(YearText.normalize(metadataYear))
        guard let m = metadataYearRx.first(s), let y = (s.group(m, 1) ?? s.group(m, 2)).flatMap({ Int($0) }) else { return nil }
        return YearText.plausible.contains(y) ? y : nil
    }

    /// A metadata date field: any full date, else a leading year (`2014`, `2014-07`).
    public static func year(metadataDate: String) -> Int? {
        let s = UText(YearText.normalize(metadataDate))
        if let d = DateFinder.dates(in: s).first { return d.year }
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
    public static func year(title: String) -> Int? {
        let s = UText(YearText.normalize(title))
        for m in SessionFinder.mentions(in: s) where m.session != nil || SessionFinder.namesOwnSession(s, m) {
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
    public static func year(docNumber: String) -> Int? {
        let s = UText(YearText.normalize(docNumber))
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
            if let d = DateFinder.dates(in: s, range: rest).first, d.range.location == rest.location { return d.year }
        }
        for m in parenthesisRx.matches(s) {
            let inner = s.group(m, 1)!.lowercased()
            guard adoptionWords.contains(where: inner.contains) else { continue }
            if let d = DateFinder.dates(in: s, range: m.range(at: 1)).first { return d.year }
        }
        let string = s.string
        guard let first = string.firstIndex(where: { !$0.isWhitespace }),
              let last = string.lastIndex(where: { !$0.isWhitespace }) else { return nil }
        let body = string[first...last]
        let lead = string[..<first].utf16.count
        let tailLength = body.suffix(windowSize).utf16.count
        let head = NSRange(location: lead, length: body.prefix(windowSize).utf16.count)
        let tail = NSRange(location: lead + body.utf16.count - tailLength, length: tailLength)
        for window in [head, tail] {
            if let d = DateFinder.dates(in: s, range: window).first(where: { !isPassing(s, $0.range) }) { return d.year }
        }
        return nil
    }

    private static let passingBefore = ["自", "从", "截至", "截止", "至", "到", "since", "from", "until", "till", "as of", "effective", "before", "after"]
    private static let passingAfter = ["起", "以来", "至", "到", "止", "以前", "以后", "之前", "之后", "前", "后", "until", "to "]

    /// A date that opens or closes a period (`自2015年1月1日起`, `since July 1, 2014`) is not the document's date.
    private static func isPassing(_ s: UText, _ r: NSRange) -> Bool {
        if SessionFinder.followed(s, r, by: passingAfter) { return true }
        let start = max(0, r.location - 12)
        let before = s.substring(NSRange(location: start, length: r.location - start))
            .trimmingCharacters(in: .whitespaces).lowercased()
        return passingBefore.contains { before.hasSuffix($0) }
    }

    /// The year of the first NPC/CPPCC session the text was delivered to or adopted at.
    static func sessionYear(_ s: UText) -> Int? {
        for m in SessionFinder.mentions(in: s) where SessionFinder.namesOwnSession(s, m) {
            if let y = m.year { return y }
        }
        return nil
    }

    private static let filenameRx = [
        Rx(#"(?<![0-9])([0-9]{4})[-_.]?(?:0[1-9]|1[0-2])[-_.]?(?:0[1-9]|[12][0-9]|3[01])(?![0-9])"#),
        Rx(#"(?<![0-9])([0-9]{4})(?![0-9])"#),
    ]

    /// A year from 1949 to 2100 in the last path component (`gwr_2014.txt`, `20140730.html`).
    public static func year(filename: String) -> Int? {
        let name = UText(YearText.normalize(filename.split(separator: "/").last.map(String.init) ?? filename))
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
