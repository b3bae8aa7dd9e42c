/// Finds full calendar dates (year, month and day) in normalized text:
/// `2014年7月24日`, `二〇一四年七月二十四日`, `2014-07-30`, `July 30, 2014`, `30 July 2014`.
/// A bare year or a year and month is never a date here.
///
/// Each form is a hand-written scanner over UTF-8 bytes that finds exactly
/// what its regular expression (in the comment above it) finds, searched
/// left to right without overlaps; English forms ignore case as ICU does.
enum DateFinder {
    struct Found {
        var year: Int
        var month: Int
        var day: Int
        /// Byte range in the text.
        var range: Range<Int>
    }

    /// All full dates in `t` (its `lo..<hi` only), in text order.
    static func dates(in t: ScanText) -> [Found] {
        var found: [Found] = []
        eachDate(in: t) {
            found.append($0); return true
        }
        return found
    }

    /// The first full date in `t` that `accept` takes, in text order.
    static func firstDate(in t: ScanText, where accept: (Found) -> Bool = { _ in true }) -> Found? {
        var first: Found?
        eachDate(in: t) { d in
            guard accept(d) else { return true }
            first = d
            return false
        }
        return first
    }

    /// Calls `body` with each full date in text order (at one start, in form
    /// order) until it returns false.
    private static func eachDate(in t: ScanText, _ body: (Found) -> Bool) {
        // One pass for every form: each form resumes after its own last
        // match, as if it scanned the text alone, and a byte no form can
        // start at costs one table read. Matches are found at increasing
        // starts, so they come in text order.
        let forms = Form.ordered
        withUnsafeTemporaryAllocation(of: Int.self, capacity: forms.count) { resume in
            resume.initialize(repeating: t.lo)
            Form.startTable.withUnsafeBufferPointer { table in
                var i = t.lo
                while i < t.hi {
                    var starts = table[Int(t.p[i])]
                    while starts != 0 {
                        let k = starts.trailingZeroBitCount
                        starts &= starts - 1
                        guard i >= resume[k], let m = forms[k].match(t, at: i) else { continue }
                        if let y = m.year, let mo = m.month, let d = m.day, YearText.plausible.contains(y), (1...12).contains(mo),
                            (1...31).contains(d)
                        {
                            if !body(Found(year: y, month: mo, day: d, range: i..<m.end)) { return }
                        }
                        resume[k] = m.end
                    }
                    i += 1
                }
            }
        }
    }

    /// All full dates in a normalized string, in text order.
    static func dates(in s: String) -> [Found] { ScanText.with(s) { dates(in: $0) } }

    /// A valid date whose match starts exactly at `t.lo` (the first of the
    /// forms in order, as a sort by position keeps them).
    static func date(startingAt t: ScanText) -> Found? {
        for form in Form.allCases {
            guard let m = form.match(t, at: t.lo) else { continue }
            if let y = m.year, let mo = m.month, let d = m.day, YearText.plausible.contains(y), (1...12).contains(mo), (1...31).contains(d) {
                return Found(year: y, month: mo, day: d, range: t.lo..<m.end)
            }
        }
        return nil
    }

    struct Match {
        var end: Int
        var year: Int?
        var month: Int?
        var day: Int?
    }

    static let nian = [UInt8](utf8: "年"), yue = [UInt8](utf8: "月"), ri = [UInt8](utf8: "日")
    static let suffixes: [[UInt8]] = ["st", "nd", "rd", "th"].map { Array($0.utf8) }
    static let of = Array("of".utf8)
    /// In the order of the regex alternation (a longer name before its abbreviation).
    static let months: [[UInt8]] =
        "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
        .split(separator: "|").map { Array($0.utf8) }

    /// Per first letter (`a` = 0), a bit for each second letter a month name has after it.
    static let monthPairs: [UInt32] = {
        var pairs = [UInt32](repeating: 0, count: 26)
        for name in months { pairs[Int(name[0] - 0x61)] |= 1 << UInt32(name[1] - 0x61) }
        return pairs
    }()

    /// `[一二三四五六七八九十]`
    static func isSmallNumeral(_ v: UInt32) -> Bool { v == 0x5341 || (YearText.isCJKDigit(v) && v != 0x3007 && v != 0x96F6 && v != 0x4E24) }

    /// `[〇零一二三四五六七八九]`
    static func isYearNumeral(_ v: UInt32) -> Bool { YearText.isCJKDigit(v) && v != 0x4E24 }

    /// The month a matched name stands for: names matched through case folding (`ſept`) stand for none.
    static func month(_ t: ScanText, _ a: Int, _ b: Int) -> Int? {
        var name = ""
        for i in a..<b {
            let c = t.p[i]
            guard c < 0x80 else { return nil }
            name.unicodeScalars.append(Unicode.Scalar(c | (c &- 0x41 < 26 ? 0x20 : 0)))
        }
        return YearText.monthNames[name]
    }

    enum Form: CaseIterable {
        case arabicCJK, numeralCJK, iso, monthDayYear, dayMonthYear

        /// Whether a match can start at a scalar whose first byte is `b` (never at a continuation byte).
        @inline(__always)
        func mayStart(_ b: UInt8) -> Bool {
            switch self {
            case .arabicCJK, .iso, .dayMonthYear: return b &- 0x30 < 10
            case .numeralCJK: return b == 0xE3 || b == 0xE4 || b == 0xE5 || b == 0xE9  // 〇 一…九 四六八 零
            // letters that case-fold to ASCII
            case .monthDayYear: return (b | 0x20) &- 0x61 < 26 || b == 0xC3 || b == 0xC5 || b == 0xE1 || b == 0xE2 || b == 0xEF
            }
        }

        /// `allCases`, made once.
        static let ordered = allCases

        /// Per byte, a bit for each form (in `allCases` order) whose match may start there.
        static let startTable: [UInt8] = (0..<256).map { b in
            var bits: UInt8 = 0
            for (k, form) in allCases.enumerated() where form.mayStart(UInt8(b)) { bits |= 1 << k }
            return bits
        }

        func match(_ t: ScanText, at i: Int) -> Match? {
            switch self {
            case .arabicCJK: return DateFinder.arabicCJK(t, i)
            case .numeralCJK: return DateFinder.numeralCJK(t, i)
            case .iso: return DateFinder.iso(t, i)
            case .monthDayYear: return DateFinder.monthDayYear(t, i)
            case .dayMonthYear: return DateFinder.dayMonthYear(t, i)
            }
        }
    }

    /// `(?<![0-9])([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日`
    static func arabicCJK(_ t: ScanText, _ i: Int) -> Match? {
        guard t.isDigit(i), !t.digitBefore(i), t.digits(from: i) == i + 4 else { return nil }
        guard let a = t.after(nian, at: t.skipWhite(i + 4)) else { return nil }
        let m0 = t.skipWhite(a), m1 = t.digits(from: m0)
        guard (1...2).contains(m1 - m0), let b = t.after(yue, at: t.skipWhite(m1)) else { return nil }
        let d0 = t.skipWhite(b), d1 = t.digits(from: d0)
        guard (1...2).contains(d1 - d0), let end = t.after(ri, at: t.skipWhite(d1)) else { return nil }
        return Match(end: end, year: t.int(i, i + 4), month: t.int(m0, m1), day: t.int(d0, d1))
    }

    /// `([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日`
    static func numeralCJK(_ t: ScanText, _ i: Int) -> Match? {
        // The numerals' first two bytes: 〇 E3 80, 一七三 E4 B8, 九 E4 B9, 二五 E4 BA,
        // 六八 E5 85, 四 E5 9B, 零 E9 9B; most ideographs are passed over here.
        guard i + 1 < t.hi else { return nil }
        switch (t.p[i], t.p[i + 1]) {
        case (0xE3, 0x80), (0xE4, 0xB8...0xBA), (0xE5, 0x85), (0xE5, 0x9B), (0xE9, 0x9B): break
        default: return nil
        }
        var y1 = i
        for _ in 0..<4 {
            guard let (v, n) = t.scalar(at: y1), isYearNumeral(v) else { return nil }
            y1 += n
        }
        guard let a = t.after(nian, at: t.skipWhite(y1)) else { return nil }
        func numeral(_ from: Int) -> Int? {
            var j = from, count = 0
            while let (v, n) = t.scalar(at: j), isSmallNumeral(v) {
                j += n
                count += 1
            }
            return (1...3).contains(count) ? j : nil
        }
        let m0 = t.skipWhite(a)
        guard let m1 = numeral(m0), let b = t.after(yue, at: t.skipWhite(m1)) else { return nil }
        let d0 = t.skipWhite(b)
        guard let d1 = numeral(d0), let end = t.after(ri, at: t.skipWhite(d1)) else { return nil }
        return Match(end: end, year: YearText.number(t, i, y1), month: YearText.number(t, m0, m1), day: YearText.number(t, d0, d1))
    }

    /// `(?<![0-9])([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?![0-9])`
    static func iso(_ t: ScanText, _ i: Int) -> Match? {
        guard t.isDigit(i), !t.digitBefore(i), t.digits(from: i) == i + 4, i + 4 < t.hi else { return nil }
        let sep = t.p[i + 4]
        guard sep == 0x2D || sep == 0x2F || sep == 0x2E else { return nil }
        let m0 = i + 5, m1 = t.digits(from: m0)
        guard (1...2).contains(m1 - m0), m1 < t.hi, t.p[m1] == sep else { return nil }
        let d0 = m1 + 1, d1 = t.digits(from: d0)
        guard (1...2).contains(d1 - d0) else { return nil }
        return Match(end: d1, year: t.int(i, i + 4), month: t.int(m0, m1), day: t.int(d0, d1))
    }

    /// `[0-9]{1,2}(?:st|nd|rd|th)?` from `i`: the end of the digits and of the whole.
    private static func day(_ t: ScanText, _ i: Int) -> (digits: Int, end: Int)? {
        let d1 = t.digits(from: i)
        guard (1...2).contains(d1 - i) else { return nil }
        return (d1, t.folded(anyOf: suffixes, at: d1) ?? d1)
    }

    /// `,?\s+([0-9]{4})(?![0-9])` from `i`: where the year starts.
    private static func commaYear(_ t: ScanText, _ i: Int) -> Int? {
        let c = i < t.hi && t.p[i] == 0x2C ? i + 1 : i
        guard let y0 = t.white1(c), t.digits(from: y0) == y0 + 4 else { return nil }
        return y0
    }

    /// `\b(months)\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})(?![0-9])`, ignoring case
    static func monthDayYear(_ t: ScanText, _ i: Int) -> Match? {
        guard let f = t.foldedFirst(i), f &- 0x61 < 26 else { return nil }
        // Most words start with two ASCII letters no month name starts with.
        if i + 1 < t.hi, t.p[i] < 0x80, t.p[i + 1] < 0x80 {
            let second = t.p[i + 1] | 0x20
            guard second &- 0x61 < 26, monthPairs[Int(f &- 0x61)] & 1 << UInt32(second &- 0x61) != 0 else { return nil }
        }
        guard t.isWordBoundary(i) else { return nil }
        for name in months {
            guard let e = t.folded(name, at: i) else { continue }
            let dot = e < t.hi && t.p[e] == 0x2E ? e + 1 : e
            guard let d0 = t.white1(dot), let (d1, rest) = day(t, d0), let y0 = commaYear(t, rest) else { continue }
            return Match(end: y0 + 4, year: t.int(y0, y0 + 4), month: month(t, i, e), day: t.int(d0, d1))
        }
        return nil
    }

    /// `(?<![0-9])([0-9]{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(months)\.?,?\s+([0-9]{4})(?![0-9])`, ignoring case
    static func dayMonthYear(_ t: ScanText, _ i: Int) -> Match? {
        guard t.isDigit(i), !t.digitBefore(i), let (d1, rest) = day(t, i), let s = t.white1(rest) else { return nil }
        var starts = [s]
        if let o = t.folded(of, at: s), let afterOf = t.white1(o) { starts.insert(afterOf, at: 0) }
        for m0 in starts {
            for name in months {
                guard let e = t.folded(name, at: m0) else { continue }
                let dot = e < t.hi && t.p[e] == 0x2E ? e + 1 : e
                guard let y0 = commaYear(t, dot) else { continue }
                return Match(end: y0 + 4, year: t.int(y0, y0 + 4), month: month(t, m0, e), day: t.int(i, d1))
            }
        }
        return nil
    }
}
