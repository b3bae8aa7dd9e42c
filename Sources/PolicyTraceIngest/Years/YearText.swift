/// Text helpers shared by the year resolver and the chronology reader.
enum YearText {
    static let plausible = 1800...2100

    /// Maps full-width digits to ASCII, the zero look-alikes (`○`, `Ｏ`) to `〇`,
    /// zero-width characters to spaces, and the traditional forms of the
    /// characters that name congresses (`屆國會議員協`) to simplified ones.
    /// Every change is one BMP scalar for another, so UTF-16 offsets are kept.
    /// Works on the UTF-8 bytes: every mapped scalar takes three bytes, so
    /// only three-byte sequences are decoded, and text with nothing to map is
    /// returned as it is.
    static func normalize(_ s: String) -> String {
        ScanText.with(s) { nextMapped($0.p, from: 0) == nil } ? s : withNormalized(s) { String(decoding: $0.p, as: UTF8.self) }
    }

    /// Runs `body` over the bytes of `normalize(s)`: the string's own bytes
    /// when nothing maps, else one copy, never a second string (a long
    /// document's year is found without holding its text three times).
    static func withNormalized<R>(_ s: String, _ body: (ScanText) -> R) -> R {
        ScanText.with(s) { t in
            guard let first = nextMapped(t.p, from: 0) else { return body(t) }
            let n = t.p.count
            let out = [UInt8](unsafeUninitializedCapacity: n) { buffer, count in
                let src = t.p.baseAddress!, dst = buffer.baseAddress!
                var copied = 0, written = 0, i = first
                while true {
                    (dst + written).update(from: src + copied, count: i - copied)
                    written += i - copied
                    let v = mapped(t.p, i)!
                    if v < 0x80 {
                        dst[written] = UInt8(v)
                        written += 1
                    } else {
                        dst[written] = UInt8(0xE0 | v >> 12)
                        dst[written + 1] = UInt8(0x80 | (v >> 6) & 0x3F)
                        dst[written + 2] = UInt8(0x80 | v & 0x3F)
                        written += 3
                    }
                    copied = i + 3
                    guard let next = nextMapped(t.p, from: copied) else { break }
                    i = next
                }
                (dst + written).update(from: src + copied, count: n - copied)
                count = written + n - copied
            }
            return out.withUnsafeBufferPointer { body(ScanText($0)) }
        }
    }

    /// The next scalar at or after `from` that `normalize` maps.
    /// Skips, by a bit per block of 64 scalars (the lead byte's low bits and
    /// the next byte's), the three-byte scalars whose block holds nothing
    /// `mapped` maps: most Chinese text is passed over without the switch.
    private static func nextMapped(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let blocks = mappedBlocks
        var i = from
        while i < p.count {
            let b = p[i]
            if b < 0xE2 { i += 1; continue }
            if b < 0xF0 {
                let block = Int(b & 0x0F) << 6 | Int(p[i + 1] & 0x3F)
                if blocks[block >> 6] & 1 << UInt64(block & 63) != 0, mapped(p, i) != nil { return i }
                i += 3
            } else {
                i += 1
            }
        }
        return nil
    }

    /// The blocks (`scalar >> 6`) holding a three-byte scalar `mapped` maps,
    /// as bits of 16 words: found by asking `mapped` about every one.
    private static let mappedBlocks: [UInt64] = {
        var words = [UInt64](repeating: 0, count: 16)
        for v in UInt32(0x800)...0xFFFF where !(0xD800...0xDFFF).contains(v) {
            let bytes: [UInt8] = [UInt8(0xE0 | v >> 12), UInt8(0x80 | (v >> 6) & 0x3F), UInt8(0x80 | v & 0x3F)]
            if bytes.withUnsafeBufferPointer({ mapped($0, 0) }) != nil { words[Int(v >> 12)] |= 1 << UInt64((v >> 6) & 63) }
        }
        return words
    }()

    /// What the three-byte scalar at `i` maps to, if anything.
    @inline(__always)
    private static func mapped(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32? {
        let v = UInt32(p[i] & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F)
        switch v {
        case 0xFF10...0xFF19: return v - 0xFF10 + 0x30
        case 0x25CB, 0xFF2F: return 0x3007  // 〇
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return 0x20
        case 0x5C46: return 0x5C4A  // 届
        case 0x570B: return 0x56FD  // 国
        case 0x6703: return 0x4F1A  // 会
        case 0x8B70: return 0x8BAE  // 议
        case 0x54E1: return 0x5458  // 员
        case 0x5354: return 0x534F  // 协
        default: return nil
        }
    }

    /// The value of `〇零一二两三四五六七八九`.
    static func cjkDigit(_ v: UInt32) -> Int? {
        switch v {
        case 0x3007, 0x96F6: return 0  // 〇 零
        case 0x4E00: return 1  // 一
        case 0x4E8C, 0x4E24: return 2  // 二 两
        case 0x4E09: return 3  // 三
        case 0x56DB: return 4  // 四
        case 0x4E94: return 5  // 五
        case 0x516D: return 6  // 六
        case 0x4E03: return 7  // 七
        case 0x516B: return 8  // 八
        case 0x4E5D: return 9  // 九
        default: return nil
        }
    }

    static func isCJKDigit(_ v: UInt32) -> Bool { cjkDigit(v) != nil }

    /// `12`, `十二`, `二十`, `二十一`, or a digit-by-digit numeral such as `二〇一四`.
    static func number(_ s: String) -> Int? {
        ScanText.with(s) { t in
            let a = t.skip(from: 0) { isTrimmedSpace($0) }
            var b = t.hi
            while b > a, let (v, s) = t.scalar(before: b), isTrimmedSpace(v) { b = s }
            return number(t, a, b)
        }
    }

    /// `CharacterSet.whitespaces` as Foundation trims it: tab, the space
    /// separators, and U+200B (which CoreFoundation still counts).
    static func isTrimmedSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// The number written in `a..<b` (a regex group of digits or numerals: one scalar a character).
    static func number(_ t: ScanText, _ a: Int, _ b: Int) -> Int? {
        if a >= b { return nil }
        var scalars: [UInt32] = []
        var i = a
        while i < b, let (v, n) = t.scalar(at: i) {
            scalars.append(v)
            i += n
        }
        if scalars.allSatisfy({ $0 &- 0x30 < 10 }) { return t.int(a, b) }
        if let ten = scalars.firstIndex(of: 0x5341) {  // 十
            guard ten <= 1, scalars.count - ten - 1 <= 1 else { return nil }
            let tens = ten == 0 ? 1 : cjkDigit(scalars[0])
            let ones = ten == scalars.count - 1 ? 0 : cjkDigit(scalars[ten + 1])
            guard let t = tens, let o = ones, t > 0 else { return nil }
            return t * 10 + o
        }
        var value = 0
        for v in scalars {
            guard let d = cjkDigit(v) else { return nil }
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

    /// Lowercase ASCII words looked for ignoring ASCII case, with their first
    /// letters worked out once (a scan asks for the same few words in every
    /// document).
    struct ASCIIWords: Sendable {
        let words: [[UInt8]]
        /// Per byte, whether a word starts with it in either case.
        let firsts: [Bool]
        /// The words' first letters (lowercase).
        let letters: [UInt8]

        init(_ words: [String]) {
            self.words = words.map { Array($0.utf8) }
            var firsts = [Bool](repeating: false, count: 256)
            for w in self.words { firsts[Int(w[0])] = true; firsts[Int(w[0] & ~0x20)] = true }
            self.firsts = firsts
            letters = Array(Set(self.words.map { $0[0] })).sorted()
        }

        /// Whether `t` holds one of the words.
        func occur(in t: ScanText) -> Bool {
            firsts.withUnsafeBufferPointer { firsts in
                func startsWord(at i: Int) -> Bool {
                    guard firsts[Int(t.p[i])] else { return false }
                    for w in words where i + w.count <= t.hi && t.p[i] | 0x20 == w[0] {
                        var k = 1
                        while k < w.count, t.p[i + k] | (t.p[i + k] &- 0x41 < 26 ? 0x20 : 0) == w[k] { k += 1 }
                        if k == w.count { return true }
                    }
                    return false
                }
                var i = t.lo
                while i + 8 <= t.hi {
                    // Eight bytes at a time: past them when none is a first
                    // letter in either case (with 0x20 set, no byte equals
                    // one) or all are non-ASCII (Chinese text), else each
                    // of the eight is looked at.
                    let raw = t.word(at: i), folded = raw | 0x20 &* ScanText.lows
                    if raw & ScanText.highs != ScanText.highs && letters.contains(where: { ScanText.holds(folded, $0) }) {
                        for k in i..<i + 8 where startsWord(at: k) { return true }
                    }
                    i += 8
                }
                while i < t.hi {
                    if startsWord(at: i) { return true }
                    i += 1
                }
                return false
            }
        }
    }

    /// A scalar that is a character of its own beside any other such scalar
    /// (printable ASCII and Latin-1, tab, line feed, general punctuation,
    /// ideographs, CJK punctuation, full-width forms; no combining, joining,
    /// format or Hangul scalars): over a run of them, characters are scalars.
    @inline(__always)
    static func isOwnCharacter(_ v: UInt32) -> Bool {
        // ASCII and ideographs first: the year windows are nearly all of them.
        (0x20..<0x7F).contains(v) || (0x4E00...0x9FFF).contains(v) || v == 0x09 || v == 0x0A || (0xA1...0xFF).contains(v) && v != 0xAD
            || (0x2010...0x2027).contains(v) || (0x2030...0x205E).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x3000...0x3029).contains(v) || (0x3030...0x303F).contains(v)
            || (0xFF01...0xFF5E).contains(v)
    }

    static func isHan(_ s: Unicode.Scalar) -> Bool { (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value) }

    static func isSpace(_ u: UInt16) -> Bool {
        u == 0x20 || u == 0x09 || u == 0x0A || u == 0x0D || u == 0x3000 || u == 0xA0
    }

    static func isSpace(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0x3000 || v == 0xA0
    }
}
