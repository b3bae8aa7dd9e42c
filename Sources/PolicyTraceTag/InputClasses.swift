import PolicyTraceText

/// Maps every input code point straight to the automaton class of what it
/// folds to, so folding costs one table read per code point and documents are
/// never normalised. Each entry also carries the flags the tokenizer and the
/// word-edge checks need.
///
/// Entry layout: bits 0–15 the class (0: no pattern uses it, 1: separator),
/// bit 16 a letter/digit of an alphabetic script, bit 17 a CJK ideograph,
/// bit 18 "special": the code point folds to several symbols, or to none
/// (default-ignorable), and `expansions` lists their classes.
struct InputClasses {
    static let word: UInt32 = 1 << 16
    static let ideograph: UInt32 = 1 << 17
    static let special: UInt32 = 1 << 18
    static let classMask: UInt32 = 0xFFFF
    static let separatorClass: UInt32 = 1

    var bmp: [UInt32]
    var astral: [UInt32: UInt32]
    var expansions: [UInt32: [UInt32]]
    /// Number of classes, including 0 and the separator.
    var count: Int
    /// Symbol → class.
    var classOf: [UInt32: UInt32]

    init(symbols: Set<UInt32>, fold: FoldTable) {
        var classOf: [UInt32: UInt32] = [Pattern.separator: Self.separatorClass]
        for (i, s) in symbols.subtracting([Pattern.separator]).sorted().enumerated() { classOf[s] = UInt32(i + 2) }
        self.classOf = classOf
        count = classOf.count + 1
        bmp = [UInt32](repeating: 0, count: 0x10000)
        astral = [:]
        expansions = [:]
        func entry(_ cp: UInt32) -> UInt32 {
            let flags = fold.flags(cp)
            var e: UInt32 = 0
            // Combining marks continue the word they follow (`cafe` + U+0301).
            if flags.contains(.word) || flags.contains(.mark) { e |= Self.word }
            if flags.contains(.ideograph) { e |= Self.ideograph }
            if flags.contains(.space) || flags.contains(.dash) { return e | Self.separatorClass }
            let folded = fold.fold(Pattern.apostrophe(cp))
            func cls(_ s: UInt32) -> UInt32 {
                let f = fold.flags(s)
                return f.contains(.space) || f.contains(.dash) ? Self.separatorClass : classOf[s] ?? 0
            }
            if folded.count == 1 { return e | cls(folded[0]) }
            let classes = folded.map(cls)
            if folded.isEmpty || classes.contains(where: { $0 != 0 }) {
                expansions[cp] = classes
                return e | Self.special
            }
            return e
        }
        for cp in 0..<UInt32(0x10000) where !(0xD800...0xDFFF).contains(cp) {
            bmp[Int(cp)] = entry(cp)
        }
        for range in FoldTable.coveredAstralRanges {
            for cp in range {
                let e = entry(cp)
                if e != 0 { astral[cp] = e }
            }
        }
    }

    @inline(__always)
    func entry(_ cp: UInt32) -> UInt32 {
        if cp < 0x10000 { return bmp[Int(cp)] }
        if let e = astral[cp] { return e }
        return (0x20000...0x3FFFF).contains(cp) ? Self.ideograph : 0
    }
}
