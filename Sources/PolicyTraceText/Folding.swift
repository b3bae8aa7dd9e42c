import CICU

/// The folding every comparison in PolicyTrace goes through: Unicode
/// NFKC_Casefold (case, full-width and compatibility forms), canonically
/// decomposed, followed by ICU's Traditional→Simplified mapping, one code
/// point at a time. Decomposing makes a precomposed `é` and `e` + U+0301
/// fold alike without normalising any stretch of text.
///
/// The table is computed once per process from ICU (about a tenth of a
/// second) and then read without calling ICU again: the matcher compiles it
/// into its automaton, so documents are never normalised as a whole.
/// Covered: the Basic Multilingual Plane and the astral blocks that fold to
/// it (mathematical alphanumerics, enclosed alphanumerics, CJK compatibility
/// ideographs supplement); other astral code points fold to themselves.
public final class FoldTable: @unchecked Sendable {
    /// The process-wide table.
    public static let shared = FoldTable()

    /// The version of ICU the table comes from: anything compiled from the
    /// table is only valid for it. Reading it loads no ICU data.
    public static let icuVersion = String(cString: pt_icu_version())

    /// Character properties, as bit flags, of a code point.
    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// A letter or digit of an alphabetic script (not a CJK ideograph).
        public static let word = Flags(rawValue: 1)
        /// A CJK ideograph.
        public static let ideograph = Flags(rawValue: 2)
        /// White space, including line breaks.
        public static let space = Flags(rawValue: 4)
        /// A hyphen or dash.
        public static let dash = Flags(rawValue: 8)
        /// A combining mark.
        public static let mark = Flags(rawValue: 16)
    }

    /// Astral blocks that fold to something else (others fold to themselves).
    public static let coveredAstralRanges: [ClosedRange<UInt32>] = [0x1D400...0x1D7FF, 0x1F100...0x1F1FF, 0x2F800...0x2FA1F]
    static let multiple: UInt32 = 0x8000_0000

    private var single: [UInt32]  // BMP: folded code point, or multiple|index into expansions
    private var flagTable: [UInt8]  // BMP flags
    private var expansions: [[UInt32]] = []
    private var astral: [UInt32: [UInt32]] = [:]
    private var astralFlags: [UInt32: UInt8] = [:]

    init() {
        single = [UInt32](repeating: 0, count: 0x10000)
        flagTable = [UInt8](repeating: 0, count: 0x10000)
        var folded = [[UInt32]](repeating: [], count: 0x10000)
        for cp in 0..<UInt32(0x10000) where !(0xD800...0xDFFF).contains(cp) {
            folded[Int(cp)] = Self.caseFold([cp])
            flagTable[Int(cp)] = Self.computeFlags(cp).rawValue
        }
        // Traditional→Simplified only changes ideographs: transliterate the
        // single-code-point results that are ideographs, in batches.
        let ideographs = (0..<0x10000).filter { folded[$0].count == 1 && Self.computeFlags(folded[$0][0]).contains(.ideograph) }
        let simplified = Self.hantToHans(ideographs.map { folded[$0][0] })
        for (i, cp) in ideographs.enumerated() { folded[cp] = simplified[i] }
        for (variant, standard) in Self.variants { folded[Int(variant)] = [standard] }
        for cp in 0..<0x10000 {
            let f = folded[cp]
            if f.count == 1 {
                single[cp] = f[0]
            } else {
                single[cp] = Self.multiple | UInt32(expansions.count)
                expansions.append(f)
            }
        }
        for range in Self.coveredAstralRanges {
            for cp in range {
                var f = Self.caseFold([cp])
                f = f.flatMap { Self.computeFlags($0).contains(.ideograph) ? Self.hantToHans([$0])[0] : [$0] }
                astral[cp] = f
                astralFlags[cp] = Self.computeFlags(cp).rawValue
            }
        }
    }

    /// The folded form of one code point (usually one code point, sometimes
    /// several, e.g. `ﬁ` → `fi`, `é` → `e` U+0301; empty for
    /// default-ignorable characters).
    @inline(__always)
    public func fold(_ cp: UInt32) -> [UInt32] {
        if cp < 0x10000 {
            let v = single[Int(cp)]
            return v & Self.multiple == 0 ? [v] : expansions[Int(v & ~Self.multiple)]
        }
        return astral[cp] ?? [cp]
    }

    /// The folded form of a string, as code points.
    public func fold(_ s: String) -> [UInt32] {
        s.unicodeScalars.flatMap { fold($0.value) }
    }

    /// The folded form of a string.
    public func foldedString(_ s: String) -> String {
        String(String.UnicodeScalarView(fold(s).compactMap(Unicode.Scalar.init)))
    }

    /// Properties of a code point (of the code point itself, not its fold).
    @inline(__always)
    public func flags(_ cp: UInt32) -> Flags {
        if cp < 0x10000 { return Flags(rawValue: flagTable[Int(cp)]) }
        if let f = astralFlags[cp] { return Flags(rawValue: f) }
        return Self.computeFlags(cp)
    }

    /// Every BMP or covered astral code point whose fold is exactly `target`
    /// (a single code point): the inverse the matcher compiles into its tables.
    public func allFolding(to targets: Set<UInt32>) -> [UInt32: [UInt32]] {
        var result: [UInt32: [UInt32]] = [:]
        for cp in 0..<UInt32(0x10000) {
            let v = single[Int(cp)]
            if v & Self.multiple == 0, targets.contains(v) { result[v, default: []].append(cp) }
        }
        for (cp, f) in astral where f.count == 1 && targets.contains(f[0]) { result[f[0], default: []].append(cp) }
        return result
    }

    /// Variant characters ICU's Traditional→Simplified mapping leaves apart
    /// although policy texts use them interchangeably (found in the 1954
    /// report and the gold set): each folds to the standard Simplified form.
    static let variants: [UInt32: UInt32] = [
        0x64E7: 0x4E3E,  // 擧 → 举 (選擧 = 选举)
        0x5E33: 0x8D26,  // 帳 → 账 (帳戶 = 账户)
        0x5E10: 0x8D26,  // 帐 → 账 (个人帐户 = 个人账户)
    ]

    static func computeFlags(_ cp: UInt32) -> Flags {
        let c = Int32(bitPattern: cp)
        var flags: Flags = []
        let ideograph = pt_icu_is_ideographic(c) == 1
        if ideograph { flags.insert(.ideograph) }
        if !ideograph, pt_icu_is_alphanumeric(c) == 1 { flags.insert(.word) }
        if pt_icu_is_whitespace(c) == 1 { flags.insert(.space) }
        if pt_icu_is_dash(c) == 1 { flags.insert(.dash) }
        if pt_icu_is_mark(c) == 1 { flags.insert(.mark) }
        return flags
    }

    static func caseFold(_ cps: [UInt32]) -> [UInt32] {
        let src = cps.map { Int32(bitPattern: $0) }
        var out = [Int32](repeating: 0, count: 32)
        let n = pt_icu_nfkc_casefold(src, Int32(src.count), 1, &out, Int32(out.count))
        guard n >= 0, Int(n) <= out.count else { return cps }
        return out.prefix(Int(n)).map { UInt32(bitPattern: $0) }
    }

    /// Transliterates code points one by one (batched for speed; a batch
    /// whose length changes is redone one code point at a time).
    static func hantToHans(_ cps: [UInt32]) -> [[UInt32]] {
        var result: [[UInt32]] = []
        result.reserveCapacity(cps.count)
        var start = 0
        while start < cps.count {
            let batch = Array(cps[start..<min(start + 512, cps.count)])
            let out = transliterate(batch)
            if out.count == batch.count {
                result.append(contentsOf: out.map { [$0] })
            } else {
                result.append(contentsOf: batch.map { transliterate([$0]) })
            }
            start += batch.count
        }
        return result
    }

    static func transliterate(_ cps: [UInt32]) -> [UInt32] {
        let src = cps.map { Int32(bitPattern: $0) }
        var out = [Int32](repeating: 0, count: src.count * 4 + 8)
        let n = pt_icu_hant_to_hans(src, Int32(src.count), &out, Int32(out.count))
        guard n >= 0, Int(n) <= out.count else { return cps }
        return out.prefix(Int(n)).map { UInt32(bitPattern: $0) }
    }
}
