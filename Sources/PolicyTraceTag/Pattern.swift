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

    /// The regular plural forms of a single English word ending in a Latin
    /// letter (folded symbols): `+s` (`hukous`), `+es` after s, x, z, ch, sh
    /// and o (`taxes`, `heroes`), `y` → `ies` after a consonant
    /// (`communities`). None for several words, digits or other scripts.
    /// Possessives need no form of their own: an apostrophe is not a letter,
    /// so `hukou's` and `hukous'` already end the word.
    static func plurals(of word: [UInt32]) -> [[UInt32]] {
        guard let last = word.last, word.count >= 2, word.allSatisfy({ (0x61...0x7A).contains($0) }) else { return [] }
        let s: UInt32 = 0x73, e: UInt32 = 0x65, y: UInt32 = 0x79, vowels: Set<UInt32> = [0x61, 0x65, 0x69, 0x6F, 0x75]
        let prev = word[word.count - 2]
        let sibilant = [0x73, 0x78, 0x7A].contains(last) || last == 0x68 && (prev == 0x63 || prev == 0x73)
        if sibilant { return [word + [e, s]] }
        if last == y && !vowels.contains(prev) { return [word.dropLast() + [0x69, e, s]] }
        if last == 0x6F { return [word + [s], word + [e, s]] }
        return [word + [s]]
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
            patterns.append(
                Pattern(
                    symbols: symbols, language: term.language, isPrefix: term.isPrefix && !exclusion,
                    term: term.text, concepts: exclusion ? [] : [concept], excludes: exclusion ? [concept] : [],
                    wordStart: isWord(symbols.first!), wordEnd: isWord(symbols.last!)))
        }
        for concept in lexicon.concepts {
            for term in concept.terms { add(term, concept: concept.id, exclusion: false) }
            for phrase in concept.exclusions { add(phrase, concept: concept.id, exclusion: true) }
        }
        // Regular plurals of single English words, after every term as
        // written: a form the lexicon lists itself keeps its own concepts.
        let written = Set(index.keys)
        for concept in lexicon.concepts {
            for term in concept.terms where term.language == .en && !term.isPrefix && !term.isExact {
                for form in plurals(of: Self.symbols(of: term.stem, fold: fold)) {
                    let key = "t|en|false|" + form.map(String.init).joined(separator: ",")
                    if written.contains(key) { continue }
                    if let i = index[key] {
                        if !patterns[i].concepts.contains(concept.id) { patterns[i].concepts.append(concept.id) }
                        continue
                    }
                    index[key] = patterns.count
                    patterns.append(
                        Pattern(
                            symbols: form, language: .en, isPrefix: false, term: term.text,
                            concepts: [concept.id], excludes: [], wordStart: true, wordEnd: true))
                }
            }
        }
        for i in patterns.indices {
            patterns[i].concepts.sort()
            patterns[i].excludes.sort()
        }
        return patterns
    }
}
