import Foundation
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceRun
import PolicyTraceTag
import PolicyTraceText

/// A term a corpus suggests for a concept: an n-gram found next to (or
/// around) the concept's mentions that no lexicon entry covers.
public struct TermSuggestion: Sendable, Equatable {
    /// The n-gram, folded (Simplified, lower case).
    public var text: String
    var language: Language
    /// Occurrences within the window of a mention of the concept.
    public var near: Int
    /// Occurrences anywhere in the corpus.
    public var corpus: Int
    /// Documents with at least one occurrence near a mention.
    public var documents: Int
    /// `near × near/corpus × ln(1 + documents)`: frequent next to the concept,
    /// rare elsewhere, spread over documents.
    public var score: Double
    /// The longest lexicon term the n-gram contains, and its concepts.
    public var contains: String?
    public var containsConcepts: [String]
    /// Whether that term belongs to the concept (or a descendant): the
    /// n-gram is a longer form of a term the concept already has.
    public var containsOwnTerm: Bool
    /// Where it was first seen, and the line around it (`left[text]right`).
    public var exampleDocument: String
    public var example: String
}

extension LexiconTools {
    /// Candidate terms for `concept` (and its descendants): CJK n-grams of 2–6
    /// characters within ±10 characters of a mention, English n-grams of 1–3
    /// words within ±5 words, and longer n-grams containing a mention (up to 4
    /// characters or 2 words more). N-grams never cross punctuation; n-grams
    /// equal to or inside any lexicon term or exclusion are left out, and so is
    /// an n-gram inside a better-ranked one of the same kind (containing the
    /// concept's term or not) with the same `near` count. Chinese
    /// n-grams start and end at ICU word boundaries. Returns the best `top`
    /// n-grams that do not contain a term of the concept, then the best `top`
    /// that do, best first, leaving out scores below `minimumScore` (words
    /// common everywhere, such as 推进 or 发展).
    public static func suggest(
        _ concept: String, lexicon: Lexicon, overlaps: OverlapPolicy, documents: [Document],
        top: Int = 30, minimum: Int = 2, minimumScore: Double = 0.1,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> [TermSuggestion] {
        let tagger = Tagger(lexicon: lexicon, overlaps: overlaps)
        let fold = FoldTable.shared
        let seedConcepts = Set(lexicon.allConceptIDs.filter { ConceptID($0).isWithin(concept) })
        let texts = Pipeline.parallelMap(documents, jobs: jobs) { FoldedText($0.text, fold) }
        // The concept's mentions, and ICU word boundaries around the Chinese
        // ones: a Chinese candidate must start and end at a word boundary.
        let tagged = Pipeline.parallelMap(Array(documents.indices), jobs: jobs) { d -> ([Mention], Set<Int>) in
            let mentions = tagger.tag(documents[d].text).mentions.filter { $0.concepts.contains(where: seedConcepts.contains) }
            let text = texts[d]
            var breaker: WordBreaker?
            var boundaries = Set<Int>()
            for m in mentions where m.language == .zh {
                let lo = max(0, m.start - 10), hi = min(text.count, m.end + 10)
                let wlo = max(0, lo - 8), whi = min(text.count, hi + 8)
                let window = Array(text.folded[wlo..<whi])
                if breaker == nil { breaker = WordBreaker(locale: "zh") }
                for p in lo...hi where !boundaries.contains(p) && breaker!.isBoundary(window, at: p - wlo) { boundaries.insert(p) }
            }
            return (mentions, boundaries)
        }

        struct Tally { var near = 0, docs = Set<Int>(), example: (Int, Int, Int)? }
        var tallies: [String: Tally] = [:]
        var languages: [String: Language] = [:]
        for (d, (mentions, boundaries)) in tagged.enumerated() {
            let text = texts[d]
            var seen = Set<Int>()
            func record(_ key: String, _ lang: Language, start: Int, length: Int) {
                guard seen.insert(start &* 64 &+ length).inserted else { return }
                var t = tallies[key] ?? Tally()
                t.near += 1
                t.docs.insert(d)
                if t.example == nil { t.example = (d, start, length) }
                tallies[key] = t
                languages[key] = lang
            }
            for m in mentions {
                if m.language == .zh {
                    let lo = max(0, m.start - 10), hi = min(text.count, m.end + 10)
                    for s in lo..<hi {
                        var len = 1
                        while s + len <= hi && text.isCJK(s + len - 1) {
                            let e = s + len
                            let containing = s <= m.start && e >= m.end && len > m.end - m.start
                            let apart = e <= m.start || s >= m.end
                            if len >= 2 && (apart && len <= 6 || containing && len <= m.end - m.start + 4),
                                boundaries.contains(s), boundaries.contains(e), !text.stopStart(s), !text.stopEnd(e - 1),
                                !(s..<e).contains(where: {
                                    Stopwords.chineseWords.contains(text.folded[$0]) && boundaries.contains($0) && boundaries.contains($0 + 1)
                                })
                            {
                                record(text.string(s, len), .zh, start: s, length: len)
                            }
                            if len >= m.end - m.start + 4 && len >= 6 { break }
                            len += 1
                        }
                    }
                } else {
                    let words = text.words
                    guard let first = words.firstIndex(where: { $0.end > m.start }), words[first].start < m.end else { continue }
                    let last = (words.lastIndex { $0.start < m.end }) ?? first
                    let lo = max(0, first - 5), hi = min(words.count, last + 6)
                    for s in lo..<hi {
                        for len in 1...5 where s + len <= hi {
                            let e = s + len
                            if (s + 1..<e).contains(where: { words[$0].breakBefore }) { break }
                            let containing = s <= first && e > last && len > last - first + 1
                            let apart = e <= first || s > last
                            guard apart && len <= 3 || containing && len <= last - first + 3 else { continue }
                            let phrase = words[s..<e].map(\.text)
                            guard !Stopwords.english.contains(phrase.first!), !Stopwords.english.contains(phrase.last!),
                                !phrase.allSatisfy({ $0.allSatisfy(\.isNumber) })
                            else { continue }
                            record(phrase.joined(separator: " "), .en, start: words[s].start, length: words[e - 1].end - words[s].start)
                        }
                    }
                }
            }
        }

        let covered = Coverage(lexicon, fold)
        let candidates = tallies.filter { $0.value.near >= minimum && $0.value.docs.count >= min(minimum, documents.count) }
            .filter { !covered.covers($0.key, languages[$0.key]!) }
        let corpusCounts = countEverywhere(Set(candidates.keys), texts: texts)
        var out: [TermSuggestion] = []
        for (key, t) in candidates {
            let total = max(corpusCounts[key] ?? t.near, t.near)
            let (d, s, len) = t.example!
            let inside = covered.longestTerm(in: key, languages[key]!)
            out.append(
                TermSuggestion(
                    text: key, language: languages[key]!, near: t.near, corpus: total, documents: t.docs.count,
                    score: Double(t.near) * Double(t.near) / Double(total) * log(1 + Double(t.docs.count)),
                    contains: inside?.term, containsConcepts: inside?.concepts ?? [],
                    containsOwnTerm: !(inside?.concepts ?? []).allSatisfy { !seedConcepts.contains($0) },
                    exampleDocument: documents[d].id,
                    example: KWICLine(text: documents[d].text, start: s, end: s + len, window: 14).bracketed))
        }
        out.sort { ($0.score, $0.near, $0.text.count, $1.text) > ($1.score, $1.near, $1.text.count, $0.text) }
        var kept: [TermSuggestion] = []
        var kinds = [false: 0, true: 0]
        for c in out
        where c.score >= minimumScore && kinds[c.containsOwnTerm]! < top
            && !kept.contains(where: {
                $0.near == c.near && $0.language == c.language && $0.containsOwnTerm == c.containsOwnTerm
                    && $0.text != c.text && contains($0.text, c.text, c.language)
            })
        {
            kept.append(c)
            kinds[c.containsOwnTerm]! += 1
        }
        return kept
    }

    static func contains(_ outer: String, _ inner: String, _ language: Language) -> Bool {
        language == .zh ? outer.contains(inner) : " \(outer) ".contains(" \(inner) ")
    }

    /// Occurrences of the candidates anywhere in the corpus (not crossing
    /// punctuation, whole words for English).
    static func countEverywhere(_ candidates: Set<String>, texts: [FoldedText]) -> [String: Int] {
        var counts: [String: Int] = [:]
        let zhLengths = Set(
            candidates.filter { $0.unicodeScalars.first.map { $0.properties.isIdeographic } ?? false }.map { $0.unicodeScalars.count })
        let enLengths = Set(
            candidates.filter { !($0.unicodeScalars.first.map { $0.properties.isIdeographic } ?? true) }.map { $0.split(separator: " ").count })
        let prefixes = Set(
            candidates.compactMap { c -> UInt64? in
                let s = Array(c.unicodeScalars.prefix(2))
                return s.count == 2 && s[0].properties.isIdeographic ? UInt64(s[0].value) << 32 | UInt64(s[1].value) : nil
            })
        for text in texts {
            if !zhLengths.isEmpty {
                for s in 0..<max(text.count - 1, 0) where text.isCJK(s) && text.isCJK(s + 1) {
                    guard prefixes.contains(UInt64(text.folded[s]) << 32 | UInt64(text.folded[s + 1])) else { continue }
                    for len in zhLengths.sorted() where s + len <= text.count && (s..<s + len).allSatisfy(text.isCJK) {
                        let key = text.string(s, len)
                        if candidates.contains(key) { counts[key, default: 0] += 1 }
                    }
                }
            }
            if !enLengths.isEmpty {
                let words = text.words
                for s in words.indices {
                    for len in enLengths where s + len <= words.count && !(s + 1..<s + len).contains(where: { words[$0].breakBefore }) {
                        let key = words[s..<s + len].map(\.text).joined(separator: " ")
                        if candidates.contains(key) { counts[key, default: 0] += 1 }
                    }
                }
            }
        }
        return counts
    }
}

/// A document's code points folded one by one (so offsets stay those of the
/// original text), with its alphabetic words.
struct FoldedText {
    struct Word { var text: String; var start: Int; var end: Int; var breakBefore: Bool }
    let original: [Unicode.Scalar]
    let folded: [UInt32]
    let cjk: [Bool]
    let words: [Word]
    var count: Int { folded.count }

    init(_ text: String, _ fold: FoldTable) {
        original = Array(text.unicodeScalars)
        var folded: [UInt32] = [], cjk: [Bool] = [], words: [Word] = []
        folded.reserveCapacity(original.count)
        var word = "", wordStart = -1, gapIsSpace = true
        for (i, s) in original.enumerated() {
            let f = fold.fold(s.value)
            let flags = fold.flags(s.value)
            folded.append(f.count == 1 ? f[0] : s.value)
            cjk.append(flags.contains(.ideograph))
            if flags.contains(.word) && !flags.contains(.ideograph) {
                if wordStart < 0 { wordStart = i }
                for cp in f { if let u = Unicode.Scalar(cp) { word.unicodeScalars.append(u) } }
            } else {
                if wordStart >= 0 {
                    words.append(Word(text: word, start: wordStart, end: i, breakBefore: !gapIsSpace))
                    word = ""
                    wordStart = -1
                    gapIsSpace = true
                }
                if !(flags.contains(.space) || flags.contains(.dash)) { gapIsSpace = false }
            }
        }
        if wordStart >= 0 { words.append(Word(text: word, start: wordStart, end: original.count, breakBefore: !gapIsSpace)) }
        self.folded = folded
        self.cjk = cjk
        self.words = words
    }

    func isCJK(_ i: Int) -> Bool { cjk[i] }
    func string(_ start: Int, _ length: Int) -> String {
        String(String.UnicodeScalarView(folded[start..<start + length].compactMap(Unicode.Scalar.init)))
    }
    func stopStart(_ i: Int) -> Bool { Stopwords.chineseStart.contains(folded[i]) }
    func stopEnd(_ i: Int) -> Bool { Stopwords.chineseEnd.contains(folded[i]) }
}

/// What the lexicon already covers: every substring of a Chinese term or
/// exclusion, every run of words of an English one (a trailing `*` covering
/// any continuation).
struct Coverage {
    var zh = Set<String>()
    var en: [(words: [String], prefix: Bool)] = []
    /// Folded term → the concepts it is listed under.
    var terms: [String: [String]] = [:]

    init(_ lexicon: Lexicon, _ fold: FoldTable) {
        for c in lexicon.concepts {
            for t in c.terms { terms[LexiconValidator.normalised(t.stem, fold), default: []].append(c.id) }
            for t in c.terms + c.exclusions {
                let f = LexiconValidator.normalised(t.stem, fold)
                if t.language == .zh || f.unicodeScalars.contains(where: { $0.properties.isIdeographic }) {
                    let s = Array(f.unicodeScalars.filter { !$0.properties.isWhitespace })
                    for i in s.indices { for j in i + 1...s.count { zh.insert(String(String.UnicodeScalarView(s[i..<j]))) } }
                } else {
                    en.append((f.split(separator: " ").map(String.init), t.isPrefix))
                }
            }
        }
    }

    /// The longest term written inside `candidate` (whole words for English).
    func longestTerm(in candidate: String, _ language: Language) -> (term: String, concepts: [String])? {
        let units = language == .zh ? candidate.unicodeScalars.map { String($0) } : candidate.split(separator: " ").map(String.init)
        for length in stride(from: units.count, through: 1, by: -1) {
            for i in 0...(units.count - length) {
                let piece = units[i..<i + length].joined(separator: language == .zh ? "" : " ")
                if let concepts = terms[piece] { return (piece, concepts) }
            }
        }
        return nil
    }

    func covers(_ candidate: String, _ language: Language) -> Bool {
        if language == .zh { return zh.contains(candidate) }
        let words = candidate.split(separator: " ").map(String.init)
        for (termWords, prefix) in en where termWords.count >= words.count {
            for i in 0...(termWords.count - words.count) {
                let matches = words.indices.allSatisfy { k in
                    let w = termWords[i + k]
                    return prefix && i + k == termWords.count - 1 ? words[k].hasPrefix(w) : words[k] == w
                }
                if matches { return true }
            }
        }
        return false
    }
}

/// Function words an n-gram may not start or end with.
enum Stopwords {
    static let english: Set<String> = [
        "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "from", "by", "with", "as", "into",
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would",
        "shall", "should", "can", "could", "may", "might", "must", "this", "that", "these", "those", "it", "its", "their",
        "they", "them", "he", "she", "his", "her", "we", "our", "us", "you", "your", "i", "not", "no", "such", "which",
        "who", "whom", "whose", "what", "when", "where", "while", "than", "then", "there", "so", "also", "more", "most",
        "other", "some", "all", "any", "each", "both", "between", "through", "about", "over", "under", "among", "s",
    ]
    static let chineseStart: Set<UInt32> = Set("的了和与及等是对把被并也都而或着之其所".unicodeScalars.map(\.value))
    /// Function words that, standing alone as a word, end a phrase (在 in 人口在城镇, not in 所在地).
    static let chineseWords: Set<UInt32> = Set("的了和与及等在是对为把被将并也都而或从向着之其所以于让使由就又还".unicodeScalars.map(\.value))
    static let chineseEnd: Set<UInt32> = Set("的了和与及等在是对为把被将并也都而或从向着之其所以于".unicodeScalars.map(\.value))
}
