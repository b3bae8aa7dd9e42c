import Foundation

/// Valid UTF-8 text (a string's own bytes) looked at between `lo` and `hi`:
/// the primitives the year, date and session scanners are written with.
/// Nothing outside `lo..<hi` is seen, so a scan of a slice behaves like a
/// regular expression searched over that range with opaque bounds (a look
/// behind at `lo` sees nothing, `\b` at `hi` sees the end of the text).
/// Offsets are byte offsets; the rules that measure in UTF-16 units (the
/// windows around a mention) count them with `back` and `forward`.
struct ScanText {
    let p: UnsafeBufferPointer<UInt8>
    let lo: Int
    let hi: Int

    init(_ p: UnsafeBufferPointer<UInt8>) {
        self.p = p
        lo = 0
        hi = p.count
    }

    /// The eight bytes at `i` (`i + 8 <= p.count`) as one little-endian word, for scans
    /// that pass over eight bytes at a time.
    @inline(__always)
    func word(at i: Int) -> UInt64 { Self.word(p, at: i) }

    @inline(__always)
    static func word(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self))
    }

    /// 0x01 and 0x80 in each byte of a word.
    static let lows: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether a byte of `x` equals `b` (no false negatives; the scans that
    /// ask check the bytes themselves afterwards).
    @inline(__always)
    static func holds(_ x: UInt64, _ b: UInt8) -> Bool {
        let d = x ^ (UInt64(b) &* lows)
        return (d &- lows) & ~d & highs != 0
    }

    init(_ p: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) {
        self.p = p
        self.lo = lo
        self.hi = hi
    }

    /// The same bytes seen between `lo` and `hi` only.
    func slice(_ lo: Int, _ hi: Int) -> ScanText { ScanText(p, lo, hi) }

    /// Runs `body` over the UTF-8 bytes of `s` (copied first only if `s` is not contiguous UTF-8).
    static func with<R>(_ s: String, _ body: (ScanText) -> R) -> R {
        var s = s
        return s.withUTF8 { body(ScanText($0)) }
    }

    // MARK: Scalars

    /// The scalar starting at byte `i` and its length in bytes; nil at or past `hi`.
    @inline(__always)
    func scalar(at i: Int) -> (value: UInt32, length: Int)? {
        guard i < hi else { return nil }
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3) }
        return ((b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F), 4)
    }

    /// The scalar ending at byte `i` and where it starts; nil at or before `lo`.
    @inline(__always)
    func scalar(before i: Int) -> (value: UInt32, start: Int)? {
        guard i > lo else { return nil }
        var s = i - 1
        while s > lo && p[s] & 0xC0 == 0x80 { s -= 1 }
        return (scalar(at: s)!.value, s)
    }

    /// The byte after the scalar at `i`.
    @inline(__always)
    func next(_ i: Int) -> Int { i + (scalar(at: i)?.length ?? 1) }

    @inline(__always)
    func isDigit(_ i: Int) -> Bool { i < hi && p[i] &- 0x30 < 10 }

    /// The end of the run of ASCII digits starting at `i`.
    @inline(__always)
    func digits(from i: Int) -> Int {
        var j = i
        while isDigit(j) { j += 1 }
        return j
    }

    /// The value of the ASCII digits in `a..<b`.
    func int(_ a: Int, _ b: Int) -> Int {
        var v = 0
        for i in a..<b { v = v * 10 + Int(p[i] - 0x30) }
        return v
    }

    /// Whether the scalar before `i` is an ASCII digit (a `(?<![0-9])` that fails).
    @inline(__always)
    func digitBefore(_ i: Int) -> Bool { i > lo && p[i - 1] &- 0x30 < 10 }

    /// Whether the bytes at `i` are `literal`.
    @inline(__always)
    func has(_ literal: [UInt8], at i: Int) -> Bool {
        guard i + literal.count <= hi else { return false }
        for k in 0..<literal.count where p[i + k] != literal[k] { return false }
        return true
    }

    /// The end of `literal` at `i`, or nil.
    @inline(__always)
    func after(_ literal: [UInt8], at i: Int) -> Int? { has(literal, at: i) ? i + literal.count : nil }

    /// The first byte at or after `from` where `literal` starts, or nil.
    func find(_ literal: [UInt8], from: Int) -> Int? {
        // memchr for the last byte (a continuation byte, rarer in Chinese
        // text than a lead byte), then the whole literal before it.
        let n = literal.count, last = literal[n - 1]
        guard let base = p.baseAddress else { return nil }
        var e = from + n - 1
        while e < hi {
            guard let q = memchr(base + e, Int32(last), hi - e) else { return nil }
            e = base.distance(to: q.assumingMemoryBound(to: UInt8.self))
            if has(literal, at: e - n + 1) { return e - n + 1 }
            e += 1
        }
        return nil
    }

    /// Past the scalars from `i` on that satisfy `test`.
    @inline(__always)
    func skip(from i: Int, while test: (UInt32) -> Bool) -> Int {
        var j = i
        while let (v, n) = scalar(at: j), test(v) { j += n }
        return j
    }

    /// Past `\s*`: ICU's white space (`White_Space`).
    @inline(__always)
    func skipWhite(_ i: Int) -> Int { skip(from: i, while: Self.isWhite) }

    /// Past `\s+`, or nil when no white space is at `i`.
    @inline(__always)
    func white1(_ i: Int) -> Int? {
        let j = skipWhite(i)
        return j > i ? j : nil
    }

    /// `\s` of ICU regular expressions: the `White_Space` property.
    static func isWhite(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    // MARK: Case-insensitive words and word boundaries

    /// The end of the lowercase ASCII `word` at `i`, matched as ICU matches a
    /// case-insensitive literal: by full case folding, so `ſ`, `ß`, `K` and
    /// the Latin ligatures (`ﬁ`, `ﬆ`) match the letters they fold to, and a
    /// match never ends inside a ligature.
    func folded(_ word: [UInt8], at i: Int) -> Int? {
        var j = i, k = 0
        while k < word.count {
            guard j < hi else { return nil }
            let b = p[j]
            if b < 0x80 {
                guard b | (b &- 0x41 < 26 ? 0x20 : 0) == word[k] else { return nil }
                j += 1
                k += 1
            } else {
                let (v, n) = scalar(at: j)!
                guard let f = Self.asciiFolding(v), k + f.count <= word.count else { return nil }
                for c in f {
                    guard word[k] == c else { return nil }
                    k += 1
                }
                j += n
            }
        }
        return j
    }

    /// The first of `words` (in order) at `i`: the alternative an ICU
    /// alternation of literals takes.
    func folded(anyOf words: [[UInt8]], at i: Int) -> Int? {
        for w in words { if let e = folded(w, at: i) { return e } }
        return nil
    }

    /// The lowercase ASCII letters a non-ASCII scalar case-folds to, if it folds to ASCII letters only.
    static func asciiFolding(_ v: UInt32) -> [UInt8]? {
        switch v {
        case 0xDF, 0x1E9E: return [0x73, 0x73]  // ß ẞ → ss
        case 0x17F: return [0x73]  // ſ → s
        case 0x212A: return [0x6B]  // Kelvin sign → k
        case 0xFB00: return [0x66, 0x66]
        case 0xFB01: return [0x66, 0x69]
        case 0xFB02: return [0x66, 0x6C]
        case 0xFB03: return [0x66, 0x66, 0x69]
        case 0xFB04: return [0x66, 0x66, 0x6C]
        case 0xFB05, 0xFB06: return [0x73, 0x74]
        default: return nil
        }
    }

    /// The first lowercase ASCII letter (or digit) the scalar at `i` matches case-insensitively.
    @inline(__always)
    func foldedFirst(_ i: Int) -> UInt8? {
        guard i < hi else { return nil }
        let b = p[i]
        if b < 0x80 { return b | (b &- 0x41 < 26 ? 0x20 : 0) }
        return Self.asciiFolding(scalar(at: i)!.value)?.first
    }

    /// ICU's `\b` at `i`: a word character on one side only, where the
    /// scalar at `i` must not be a combining or format character and the
    /// look back skips those.
    func isWordBoundary(_ i: Int) -> Bool {
        var here = false
        if let (v, _) = scalar(at: i) {
            if Self.isExtendOrFormat(v) { return false }
            here = Self.isWord(v)
        }
        var j = i
        while let (v, s) = scalar(before: j) {
            if !Self.isExtendOrFormat(v) { return here != Self.isWord(v) }
            j = s
        }
        return here
    }

    /// ICU's word characters: `[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u200C\u200D]`.
    static func isWord(_ v: UInt32) -> Bool {
        if v < 0x80 {
            let b = UInt8(v)
            return b &- 0x30 < 10 || (b | 0x20) &- 0x61 < 26 || b == 0x5F
        }
        if v == 0x200C || v == 0x200D { return true }
        guard let u = Unicode.Scalar(v) else { return false }
        if u.properties.isAlphabetic { return true }
        switch u.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    static func isExtendOrFormat(_ v: UInt32) -> Bool {
        guard v >= 0x80, let u = Unicode.Scalar(v) else { return false }
        return u.properties.isGraphemeExtend || u.properties.generalCategory == .format
    }

    // MARK: UTF-16 measures and small strings

    /// Where `units` UTF-16 units before `i` start (not before `lo`), and
    /// whether that point falls inside a surrogate pair (the pair is left out).
    func back(units: Int, from i: Int) -> (index: Int, split: Bool) {
        var j = i, left = units
        while left > 0, let (v, s) = scalar(before: j) {
            let w = v > 0xFFFF ? 2 : 1
            if w > left { return (j, true) }
            left -= w
            j = s
        }
        return (j, false)
    }

    /// Where `units` UTF-16 units after `i` end (not past `hi`), and whether
    /// that point falls inside a surrogate pair (the pair is left out).
    func forward(units: Int, from i: Int) -> (index: Int, split: Bool) {
        var j = i, left = units
        while left > 0, let (v, n) = scalar(at: j) {
            let w = v > 0xFFFF ? 2 : 1
            if w > left { return (j, true) }
            left -= w
            j += n
        }
        return (j, false)
    }

    /// The text of `a..<b` as a string.
    func string(_ a: Int, _ b: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[a..<b]), as: UTF8.self)
    }

    /// The `units` UTF-16 units before `i` as a string, as `NSString.substring`
    /// gives them: half of a surrogate pair becomes U+FFFD.
    func string(units: Int, before i: Int) -> String {
        let (start, split) = back(units: units, from: i)
        return split ? "\u{FFFD}" + string(start, i) : string(start, i)
    }

    /// The `units` UTF-16 units from `i` on as a string (half a pair becomes U+FFFD).
    func string(units: Int, from i: Int) -> String {
        let (end, split) = forward(units: units, from: i)
        return split ? string(i, end) + "\u{FFFD}" : string(i, end)
    }
}

extension Array where Element == UInt8 {
    /// The UTF-8 bytes of a literal.
    init(utf8 s: StaticString) {
        self = Array(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
}
