import Foundation

/// A regular expression compiled once and shared read-only; matching is thread-safe.
struct Rx: @unchecked Sendable {
    let re: NSRegularExpression

    init(_ pattern: String, caseInsensitive: Bool = false, lines: Bool = false) {
        var options: NSRegularExpression.Options = []
        if caseInsensitive { options.insert(.caseInsensitive) }
        if lines { options.insert(.anchorsMatchLines) }
        do { re = try NSRegularExpression(pattern: pattern, options: options) } catch {
            fatalError("bad pattern \(pattern): \(error)")
        }
    }

    func matches(_ s: UText, in range: NSRange? = nil) -> [NSTextCheckingResult] {
        re.matches(in: s.string, options: [], range: range ?? s.whole)
    }

    func first(_ s: UText, in range: NSRange? = nil) -> NSTextCheckingResult? {
        re.firstMatch(in: s.string, options: [], range: range ?? s.whole)
    }
}

/// A string with its UTF-16 view, so regex ranges can be cut without re-bridging.
struct UText {
    let string: String
    let ns: NSString

    init(_ string: String) {
        self.string = string
        ns = string as NSString
    }

    var length: Int { ns.length }
    var whole: NSRange { NSRange(location: 0, length: ns.length) }

    func group(_ m: NSTextCheckingResult, _ i: Int) -> String? {
        let r = m.range(at: i)
        return r.location == NSNotFound ? nil : ns.substring(with: r)
    }

    func substring(_ r: NSRange) -> String { ns.substring(with: r) }

    /// The UTF-16 unit at `i`, or nil outside the string.
    func unit(_ i: Int) -> unichar? { i >= 0 && i < ns.length ? ns.character(at: i) : nil }
}

/// Text helpers shared by the year resolver and the chronology reader.
enum YearText {
    static let plausible = 1800...2100

    /// Maps full-width digits to ASCII, the zero look-alikes (`○`, `Ｏ`) to `〇`,
    /// zero-width characters to spaces, and the traditional forms of the
    /// characters that name congresses (`屆國會議員協`) to simplified ones.
    /// Every change is one BMP scalar for another, so UTF-16 offsets are kept.
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

    static let cjkDigits: [Character: Int] = [
        "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    /// `12`, `十二`, `二十`, `二十一`, or a digit-by-digit numeral such as `二〇一四`.
    static func number(_ s: String) -> Int? {
        let s = s.trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return nil }
        if s.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int(s) }
        if let ten = s.firstIndex(of: "十") {
            let before = s[..<ten], after = s[s.index(after: ten)...]
            guard before.count <= 1, after.count <= 1 else { return nil }
            let tens = before.isEmpty ? 1 : cjkDigits[before.first!]
            let ones = after.isEmpty ? 0 : cjkDigits[after.first!]
            guard let t = tens, let o = ones, t > 0 else { return nil }
            return t * 10 + o
        }
        var value = 0
        for c in s {
            guard let d = cjkDigits[c] else { return nil }
            value = value * 10 + d
        }
        return value
    }

    static let monthNames: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
        "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
        "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
        "december": 12, "dec": 12,
    ]

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

    static func isHan(_ u: unichar) -> Bool { (0x4E00...0x9FFF).contains(u) || (0x3400...0x4DBF).contains(u) }

    static func isHan(_ s: Unicode.Scalar) -> Bool { (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value) }

    static func isSpace(_ u: unichar) -> Bool {
        u == 0x20 || u == 0x09 || u == 0x0A || u == 0x0D || u == 0x3000 || u == 0xA0
    }
}
