import PolicyTraceLexicon
import PolicyTraceText

/// A lexicon term or exclusion phrase compiled to the symbols the automaton
/// reads: folded code points, with every run of white space or dashes
/// turned into one separator symbol.
struct Pattern {
    static let separator: UInt32 = 0x11_0000

    var symbols: [UInt32]
    var language: Language
    var isPrefix: Bool
    /// The first term (as written) that compiled to these symbols.
    var term: String
    /// Concepts whose terms compiled to this pattern.
    var concepts: [String]
    /// Concepts whose exclusion phrases compiled to this pattern.
    var excludes: [String]
    /// Whether the first / last symbol is a letter or digit (English edges).
    var wordStart: Bool
    var wordEnd: Bool

    var isTerm: Bool { !concepts.isEmpty }

    static func symbols(of text: String, fold: FoldTable) -> [UInt32] {
        var out: [UInt32] = []
        for scalar in text.unicodeScalars {
            for cp in fold.fold(apostrophe(scalar.value)) {
                let flags = fold.flags(cp)
                if flags.contains(.space) || flags.contains(.dash) {
                    if !out.isEmpty && out.last != separator { out.append(separator) }
                } else {
                    out.append(cp)
                }
            }
        }
        if out.last == separator { out.removeLast() }
        return out
    }

    /// Typographic apostrophes read as the ASCII one (`residents’` = `residents'`).
    static func apostrophe(_ cp: UInt32) -> UInt32 {
        cp == 0x2019 || cp == 0x2018 || cp == 0x02BC ? 0x27 : cp
    }

    /// Every term and exclusion phrase of `lexicon`, merged where they fold
    /// to the same symbols, in a deterministic order.
    static func compile(_ lexicon: Lexicon, fold: FoldTable) -> [Pattern] {
        var index: [String: Int] = [:]
        var patterns: [Pattern] = []
        func add(_ term: Term, concept: String, exclusion: Bool) {
            let symbols = Self.symbols(of: term.stem, fold: fold)
            guard !symbols.isEmpty else { return }
            let key = "\(exclusion ? "x" : "t")|\(term.language.rawValue)|\(term.isPrefix)|" + symbols.map(String.init).joined(separator: ",")
            if let i = index[key] {
                if exclusion {
                    if !patterns[i].excludes.contains(concept) { patterns[i].excludes.append(concept) }
                } else if !patterns[i].concepts.contains(concept) {
                    patterns[i].concepts.append(concept)
                }
                return
            }
            index[key] = patterns.count
            let isWord = { (cp: UInt32) in cp != separator && !fold.flags(cp).isDisjoint(with: [.word, .mark]) }
            patterns.append(Pattern(symbols: symbols, language: term.language, isPrefix: term.isPrefix && !exclusion,
                                    term: term.text, concepts: exclusion ? [] : [concept], excludes: exclusion ? [concept] : [],
                                    wordStart: isWord(symbols.first!), wordEnd: isWord(symbols.last!)))
        }
        for concept in lexicon.concepts {
            for term in concept.terms { add(term, concept: concept.id, exclusion: false) }
            for phrase in concept.exclusions { add(phrase, concept: concept.id, exclusion: true) }
        }
        for i in patterns.indices {
            patterns[i].concepts.sort()
            patterns[i].excludes.sort()
        }
        return patterns
    }
}
