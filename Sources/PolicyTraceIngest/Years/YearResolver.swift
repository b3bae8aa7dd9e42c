import Foundation

/// A document's year and the evidence it came from.
struct ResolvedYear: Sendable, Equatable {
    var year: Int
    var source: YearSource

    init(year: Int, source: YearSource) {
        self.year = year
        self.source = source
    }
}

/// Decides a document's year from explicit evidence only, trying the sources
/// in a fixed order so every year can be explained by its `YearSource`. A year
/// mentioned in passing (`1958年以来`, `2013年工作回顾`) is never taken: text
/// counts only as a full date on a date line, in an adoption note or at the
/// document's start or end, or as the NPC/CPPCC session it was delivered to.
enum YearResolver {
    /// First found wins, in this order: metadata year (or date), title, document
    /// number, the document's own date, a session named in the text, the
    /// file's creation date (PDF, OFD, DOCX, ODT properties), file name.
    static func resolve(
        metadataYear: String?, metadataDate: String?, title: String?, docNumber: String?,
        text: String, creationDate: String? = nil, filename: String?
    ) -> ResolvedYear? {
        if let y = metadataYear.flatMap(year(metadataYear:)) ?? metadataDate.flatMap(year(metadataDate:)) {
            return ResolvedYear(year: y, source: .metadata)
        }
        if let y = title.flatMap(year(title:)) { return ResolvedYear(year: y, source: .title) }
        if let y = docNumber.flatMap(year(docNumber:)) { return ResolvedYear(year: y, source: .docNumber) }
        let found = YearText.withNormalized(text) { t -> ResolvedYear? in
            if let y = dateYear(t) { return ResolvedYear(year: y, source: .dateText) }
            if let y = sessionYear(t) { return ResolvedYear(year: y, source: .session) }
            return nil
        }
        if let found { return found }
        if let y = creationDate.flatMap(year(metadataDate:)) { return ResolvedYear(year: y, source: .creationDate) }
        if let y = filename.flatMap(year(filename:)) { return ResolvedYear(year: y, source: .filename) }
        return nil
    }

    /// A metadata year field: `2014`, `2014.0`, `2014-07-30`. As
    /// `^\s*([0-9]{4})(?:\.0+)?\s*$|^\s*([0-9]{4})\s*(?:[-/.年]|$)`.
    static func year(metadataYear: String) -> Int? {
        ScanText.with(YearText.normalize(metadataYear)) { t in
            guard let a = leadingYear(t) else { return nil }
            let e = a + 4
            var z = e
            if z < t.hi && t.p[z] == 0x2E && t.isDigit(z + 1) && t.p[z + 1] == 0x30 {
                z += 1
                while z < t.hi && t.p[z] == 0x30 { z += 1 }
            }
            let wholeField = t.skipWhite(z) == t.hi
            let k = t.skipWhite(e)
            let yearThenDate = k == t.hi || t.p[k] == 0x2D || t.p[k] == 0x2F || t.p[k] == 0x2E || t.has(DateFinder.nian, at: k)
            guard wholeField || yearThenDate else { return nil }
            let y = t.int(a, e)
            return YearText.plausible.contains(y) ? y : nil
        }
    }

    /// `^\s*([0-9]{4})(?![0-9])`: where the year starts.
    private static func leadingYear(_ t: ScanText) -> Int? {
        let a = t.skipWhite(t.lo)
        return t.digits(from: a) == a + 4 ? a : nil
    }

    /// A metadata date field: any full date, else a leading year (`2014`, `2014-07`).
    static func year(metadataDate: String) -> Int? {
        ScanText.with(YearText.normalize(metadataDate)) { t in
            if let d = DateFinder.firstDate(in: t) { return d.year }
            guard let a = leadingYear(t) else { return nil }
            let y = t.int(a, a + 4)
            return YearText.plausible.contains(y) ? y : nil
        }
    }

    /// A year form tried at a position: the match's end and the year it
    /// reads (nil or implausible ones are passed over, after their end).
    typealias YearForm = (ScanText, Int) -> (end: Int, year: Int?)?

    /// The first plausible year of each form, and of those the one written first (the earlier form on a tie).
    private static func firstYear(_ t: ScanText, _ forms: [YearForm], _ plausible: ClosedRange<Int>) -> Int? {
        var best: (at: Int, year: Int)?
        for form in forms {
            var i = t.lo
            while i < t.hi {
                guard let m = form(t, i) else {
                    i = t.next(i)
                    continue
                }
                if let y = m.year, plausible.contains(y) {
                    if best == nil || i < best!.at { best = (i, y) }
                    break
                }
                i = m.end
            }
        }
        return best?.year
    }

    /// `(?<![0-9])([0-9]{4})\s*年`
    private static func yearNian(_ t: ScanText, _ i: Int) -> (end: Int, year: Int?)? {
        guard t.isDigit(i), !t.digitBefore(i), t.digits(from: i) == i + 4, let e = t.after(DateFinder.nian, at: t.skipWhite(i + 4)) else {
            return nil
        }
        return (e, t.int(i, i + 4))
    }

    /// `([〇零一二三四五六七八九]{4})年`
    private static func numeralNian(_ t: ScanText, _ i: Int) -> (end: Int, year: Int?)? {
        var j = i
        for _ in 0..<4 {
            guard let (v, n) = t.scalar(at: j), DateFinder.isYearNumeral(v) else { return nil }
            j += n
        }
        guard let e = t.after(DateFinder.nian, at: j) else { return nil }
        return (e, YearText.number(t, i, j))
    }

    /// `(?<![0-9.,第])([0-9]{4})(?![0-9%]|[.,][0-9]|\s*[\x{3400}-\x{9FFF}])`: a bare year, not a number or a 第N.
    private static func bareYear(_ t: ScanText, _ i: Int) -> (end: Int, year: Int?)? {
        guard t.isDigit(i), t.digits(from: i) == i + 4 else { return nil }
        if let (v, _) = t.scalar(before: i), v &- 0x30 < 10 || v == 0x2E || v == 0x2C || v == 0x7B2C { return nil }
        let e = i + 4
        if e < t.hi {
            let c = t.p[e]
            if c == 0x25 || ((c == 0x2E || c == 0x2C) && t.isDigit(e + 1)) { return nil }
        }
        if let (v, _) = t.scalar(at: t.skipWhite(e)), (0x3400...0x9FFF).contains(v) { return nil }
        return (e, t.int(i, e))
    }

    /// The session a title names (checked first, since a resolution's title may
    /// also mention the previous year), else the first year written in it.
    static func year(title: String) -> Int? {
        ScanText.with(YearText.normalize(title)) { t in
            for m in SessionFinder.mentions(in: t) where m.session != nil || SessionFinder.namesOwnSession(t, m) {
                if let y = m.year { return y }
            }
            return firstYear(t, [yearNian, numeralNian, bareYear], YearText.plausible)
        }
    }

    private static let openBrackets = ["〔", "[", "（", "(", "［", "【"].map { Array($0.utf8) }
    private static let closeBrackets = ["〕", "]", "）", ")", "］", "】"].map { Array($0.utf8) }

    /// The year of a document number: `国发〔2014〕25号`, `[2014]`, `(2014)`.
    /// Tries `[〔\[（(［【]\s*([0-9]{4})\s*[〕\]）)］】]`, then `(?<![0-9])([0-9]{4})\s*年`.
    static func year(docNumber: String) -> Int? {
        ScanText.with(YearText.normalize(docNumber)) { t in
            let bracketed: YearForm = { t, i in
                guard let a = openBrackets.lazy.compactMap({ t.after($0, at: i) }).first else { return nil }
                let d = t.skipWhite(a)
                guard t.digits(from: d) == d + 4 else { return nil }
                let c = t.skipWhite(d + 4)
                guard let e = closeBrackets.lazy.compactMap({ t.after($0, at: c) }).first else { return nil }
                return (e, t.int(d, d + 4))
            }
            for form in [bracketed, yearNian] {
                if let y = firstYear(t, [form], YearText.plausible) { return y }
            }
            return nil
        }
    }

    static let windowSize = 300

    /// The year of the document's own date, in text already normalized: a
    /// date opening a date line, a date in an adoption note, or a date among
    /// the first or last 300 characters that does not open or close a period.
    static func dateYear(_ t: ScanText) -> Int? {
        if let y = dateLineYear(t) { return y }
        if let y = adoptionNoteYear(t) { return y }
        let head: Range<Int>, tail: Range<Int>
        switch simpleWindows(t) {
        case .blank: return nil
        case .found(let h, let l): (head, tail) = (h, l)
        case .unsure:
            guard let w = characterWindows(String(decoding: t.p, as: UTF8.self)) else { return nil }
            (head, tail) = w
        }
        for window in [head, tail] {
            if let d = DateFinder.firstDate(in: t.slice(window.lowerBound, window.upperBound), where: { !isPassing(t, $0.range) }) {
                return d.year
            }
        }
        return nil
    }

    /// The first and last `windowSize` characters of `body` trimmed of white
    /// space, as byte ranges; nil for a blank text.
    static func characterWindows(_ body: String) -> (Range<Int>, Range<Int>)? {
        guard let first = body.firstIndex(where: { !$0.isWhitespace }),
            let last = body.lastIndex(where: { !$0.isWhitespace })
        else { return nil }
        let text = body[first...last]
        func offset(_ i: String.Index) -> Int { body.utf8.distance(from: body.startIndex, to: i) }
        return (offset(first)..<offset(text.prefix(windowSize).endIndex), offset(text.suffix(windowSize).startIndex)..<offset(text.endIndex))
    }

    enum Windows {
        /// The text is white space only.
        case blank
        /// The first and last `windowSize` characters after trimming, as byte ranges.
        case found(Range<Int>, Range<Int>)
        /// A scalar on the way may join its neighbour into one character: count with String.
        case unsure
    }

    /// `dateYear`'s windows found on the bytes, when every scalar walked (and
    /// its neighbours) is one that is a character of its own beside any other
    /// such scalar (printable ASCII and Latin-1, tab, line feed, general
    /// punctuation, ideographs, CJK punctuation, full-width forms; no
    /// combining, joining, format or Hangul scalars): a character is then a
    /// scalar, and white space the four of them that are.
    static func simpleWindows(_ t: ScanText) -> Windows {
        func simple(_ v: UInt32) -> Bool { YearText.isOwnCharacter(v) }
        func white(_ v: UInt32) -> Bool { v == 0x20 || v == 0x09 || v == 0x0A || v == 0x3000 }
        // Forward from the start: skip white space, then take windowSize scalars.
        var i = t.lo
        while let (v, n) = t.scalar(at: i), white(v) {
            guard simple(v) else { return .unsure }
            i += n
        }
        guard let (v0, _) = t.scalar(at: i) else { return .blank }
        guard simple(v0) else { return .unsure }
        let first = i
        // Backward from the end: skip white space.
        var e = t.hi
        while let (v, s) = t.scalar(before: e), white(v) {
            guard simple(v) else { return .unsure }
            e = s
        }
        let lastEnd = e
        // Printable ASCII and the ideographs U+5000...U+9FFF (lead bytes E5
        // to E9) are told by one byte, without decoding.
        var headEnd = first, count = 0
        while count < windowSize, headEnd < lastEnd {
            let b = t.p[headEnd]
            if b &- 0x20 < 0x5F || b &- 0xE5 < 5 {
                headEnd += b < 0x80 ? 1 : 3
            } else if let (v, n) = t.scalar(at: headEnd), simple(v) {
                headEnd += n
            } else {
                return .unsure
            }
            count += 1
        }
        if headEnd < lastEnd, let (v, _) = t.scalar(at: headEnd), !simple(v) { return .unsure }
        var tailStart = lastEnd
        count = 0
        while count < windowSize, tailStart > first {
            let b = t.p[tailStart - 1]
            if b &- 0x20 < 0x5F {
                tailStart -= 1
            } else if tailStart - 3 >= first, t.p[tailStart - 3] &- 0xE5 < 5 {
                tailStart -= 3
            } else if let (v, s) = t.scalar(before: tailStart), simple(v) {
                tailStart = s
            } else {
                return .unsure
            }
            count += 1
        }
        if tailStart > first, let (v, _) = t.scalar(before: tailStart), !simple(v) { return .unsure }
        return .found(first..<headEnd, tailStart..<lastEnd)
    }

    /// The date lines, as the multi-line, case-insensitive
    /// `^[ \t\x{3000}]*(?:成文日期|发布日期|发文日期|印发日期|签发日期|公布日期|日期|date\s+of\s+issue|issue\s+date|date\s+issued|release\s+date|dated|date|issued(?:\s+on)?|released(?:\s+on)?|published(?:\s+on)?)[ \t\x{3000}]*[:：]?[ \t\x{3000}]*([^\n]*)`:
    /// the first whose rest of line opens with a date.
    private static func dateLineYear(_ t: ScanText) -> Int? {
        var i = t.lo
        while i < t.hi {
            if let rest = dateLineRest(t, i) {
                if let d = DateFinder.date(startingAt: t.slice(rest.lowerBound, rest.upperBound)) { return d.year }
                i = rest.upperBound
            }
            guard let next = nextLineStart(t, from: i) else { return nil }
            i = next
        }
        return nil
    }

    /// Just after the next line terminator at or after `i` (where ICU's multi-line `^` matches).
    private static func nextLineStart(_ t: ScanText, from i: Int) -> Int? {
        var j = i
        while j < t.hi {
            // Eight bytes at a time past words with no byte below 0x0E and no
            // 0xC2 or 0xE2 (the lead bytes of NEL, LS and PS).
            while j + 8 <= t.hi {
                let x = t.word(at: j)
                let below0E = (x &- 0x0E &* ScanText.lows) & ~x & ScanText.highs != 0
                if below0E || ScanText.holds(x, 0xC2) || ScanText.holds(x, 0xE2) { break }
                j += 8
            }
            guard j < t.hi else { return nil }
            let b = t.p[j]
            if b <= 0x0D && b >= 0x0A { return j + 1 }
            if b == 0xC2 && j + 1 < t.hi && t.p[j + 1] == 0x85 { return j + 2 }
            if b == 0xE2 && j + 2 < t.hi && t.p[j + 1] == 0x80 && (t.p[j + 2] == 0xA8 || t.p[j + 2] == 0xA9) { return j + 3 }
            j += 1
        }
        return nil
    }

    private static let dateLineFirstBytes: [Bool] = (0..<256).map { b in
        [0xE5, 0xE6, 0xE7].contains(b) || Array("dDiIrRpP".utf8).contains(UInt8(b))
    }
    private static let dateLineCJK = ["成文日期", "发布日期", "发文日期", "印发日期", "签发日期", "公布日期", "日期"].map { Array($0.utf8) }
    private static let date = Array("date".utf8), dated = Array("dated".utf8), issue = Array("issue".utf8), issued = Array("issued".utf8)
    private static let release = Array("release".utf8), released = Array("released".utf8), published = Array("published".utf8)
    private static let of = Array("of".utf8), on = Array("on".utf8)
    private static let fullColon = [UInt8](utf8: "：")

    /// The date-line keyword at `i`: the end of the first alternative that matches.
    private static func dateLineKeyword(_ t: ScanText, _ i: Int) -> Int? {
        for k in dateLineCJK { if let e = t.after(k, at: i) { return e } }
        func then(_ a: Int?, _ word: [UInt8]) -> Int? { a.flatMap(t.white1).flatMap { t.folded(word, at: $0) } }
        func optionalOn(_ a: Int?) -> Int? { a.map { then($0, on) ?? $0 } }
        return then(t.folded(date, at: i), of).flatMap { then($0, issue) }
            ?? then(t.folded(issue, at: i), date)
            ?? then(t.folded(date, at: i), issued)
            ?? then(t.folded(release, at: i), date)
            ?? t.folded(dated, at: i)
            ?? t.folded(date, at: i)
            ?? optionalOn(t.folded(issued, at: i))
            ?? optionalOn(t.folded(released, at: i))
            ?? optionalOn(t.folded(published, at: i))
    }

    /// A date line starting at the line start `i`: the range of its rest of line.
    private static func dateLineRest(_ t: ScanText, _ i: Int) -> Range<Int>? {
        func blank(_ v: UInt32) -> Bool { v == 0x20 || v == 0x09 || v == 0x3000 }
        let start = t.skip(from: i, while: blank)
        // Every keyword opens with 成, 发, 印, 签, 公 or 日 (lead byte E5–E7) or
        // with d, i, r or p in either case (no other scalar folds to those).
        guard start < t.hi, dateLineFirstBytes[Int(t.p[start])] else { return nil }
        guard let k = dateLineKeyword(t, start) else { return nil }
        var j = t.skip(from: k, while: blank)
        if j < t.hi && t.p[j] == 0x3A { j += 1 } else if t.has(fullColon, at: j) { j += fullColon.count }
        j = t.skip(from: j, while: blank)
        var end = j
        while end < t.hi && t.p[end] != 0x0A { end += 1 }
        return j..<end
    }

    private static let adoptionWords = ["通过", "批准", "公布", "adopted", "approved", "promulgated"]
    private static let adoptionCJK = ["通过", "批准", "公布"].map { Array($0.utf8) }
    private static let adoptionASCII = YearText.ASCIIWords(["adopted", "approved", "promulgated"])

    /// The first adoption note, `[（(]([^（()）]{6,200})[）)]` holding 通过, 批准,
    /// 公布, adopted, approved or promulgated, with a full date in it.
    private static func adoptionNoteYear(_ t: ScanText) -> Int? {
        var i = t.lo
        while let (at, open) = nextOpenParen(t, from: i) {
            let a = at + open
            var j = a, count = 0
            while count <= 200, let (v, n) = t.scalar(at: j), !(v == 0x28 || v == 0x29 || v == 0xFF08 || v == 0xFF09) {
                j += n
                count += 1
            }
            guard (6...200).contains(count), let (close, n) = t.scalar(at: j), close == 0x29 || close == 0xFF09 else {
                i = a
                continue
            }
            i = j + n
            let inner = t.slice(a, j)
            guard adoptionCJK.contains(where: { inner.find($0, from: a) != nil }) || adoptionASCII.occur(in: inner) else {
                continue
            }
            let words = t.string(a, j).lowercased()
            guard adoptionWords.contains(where: words.contains) else { continue }
            if let d = DateFinder.firstDate(in: inner) { return d.year }
        }
        return nil
    }

    /// The next `(` or `（` at or after `from`, and its length in bytes.
    /// Eight bytes at a time past words holding neither `(` nor 0x88, the
    /// last byte of `（` (EF BC 88): Chinese text's other full-width
    /// punctuation shares its lead byte, rarely its last.
    private static func nextOpenParen(_ t: ScanText, from: Int) -> (at: Int, length: Int)? {
        var j = from
        while j < t.hi {
            if j + 8 <= t.hi, case let x = t.word(at: j), !ScanText.holds(x, 0x28), !ScanText.holds(x, 0x88) {
                j += 8
                continue
            }
            let b = t.p[j]
            if b == 0x28 { return (j, 1) }
            if b == 0x88, j >= from + 2, t.p[j - 2] == 0xEF, t.p[j - 1] == 0xBC { return (j - 2, 3) }
            j += 1
        }
        return nil
    }

    private static let passingBefore = ["自", "从", "截至", "截止", "至", "到", "since", "from", "until", "till", "as of", "effective", "before", "after"]
    private static let passingAfter = ["起", "以来", "至", "到", "止", "以前", "以后", "之前", "之后", "前", "后", "until", "to "]

    /// A date that opens or closes a period (`自2015年1月1日起`, `since July 1, 2014`) is not the document's date.
    private static func isPassing(_ t: ScanText, _ r: Range<Int>) -> Bool {
        if SessionFinder.followed(t, r, by: passingAfter) { return true }
        let before = t.string(units: 12, before: r.lowerBound).trimmingCharacters(in: .whitespaces).lowercased()
        return passingBefore.contains { before.hasSuffix($0) }
    }

    /// The year of the first NPC/CPPCC session the text was delivered to or adopted at.
    static func sessionYear(_ t: ScanText) -> Int? {
        for m in SessionFinder.mentions(in: t) where SessionFinder.namesOwnSession(t, m) {
            if let y = m.year { return y }
        }
        return nil
    }

    /// `(?<![0-9])([0-9]{4})[-_.]?(?:0[1-9]|1[0-2])[-_.]?(?:0[1-9]|[12][0-9]|3[01])(?![0-9])`: a year with month and day.
    private static func compactDate(_ t: ScanText, _ i: Int) -> (end: Int, year: Int?)? {
        guard t.isDigit(i), !t.digitBefore(i), t.digits(from: i) >= i + 4 else { return nil }
        func separator(_ j: Int) -> Int { j < t.hi && (t.p[j] == 0x2D || t.p[j] == 0x5F || t.p[j] == 0x2E) ? j + 1 : j }
        func pair(_ j: Int, _ valid: (UInt8, UInt8) -> Bool) -> Int? { t.isDigit(j) && t.isDigit(j + 1) && valid(t.p[j], t.p[j + 1]) ? j + 2 : nil }
        guard let m = pair(separator(i + 4), { a, b in (a == 0x30 && b != 0x30) || (a == 0x31 && b <= 0x32) }),
            let d = pair(separator(m), { a, b in (a == 0x30 && b != 0x30) || a == 0x31 || a == 0x32 || (a == 0x33 && b <= 0x31) }),
            !t.isDigit(d)
        else { return nil }
        return (d, t.int(i, i + 4))
    }

    /// `(?<![0-9])([0-9]{4})(?![0-9])`
    private static func fourDigits(_ t: ScanText, _ i: Int) -> (end: Int, year: Int?)? {
        guard t.isDigit(i), !t.digitBefore(i), t.digits(from: i) == i + 4 else { return nil }
        return (i + 4, t.int(i, i + 4))
    }

    /// A year from 1949 to 2100 in the last path component (`gwr_2014.txt`, `20140730.html`).
    static func year(filename: String) -> Int? {
        ScanText.with(YearText.normalize(filename.split(separator: "/").last.map(String.init) ?? filename)) { t in
            firstYear(t, [compactDate, fourDigits], 1949...2100)
        }
    }
}
