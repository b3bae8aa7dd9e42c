import Foundation
import PolicyTraceLexicon
import PolicyTraceTag
import PolicyTraceText

/// quanteda's `tokens_lookup()` with the dictionary `policytrace lexicon
/// export --format quanteda` writes, emulated in Swift so the export can be
/// checked without R: the text becomes ICU word tokens (`WordTokens`, as
/// quanteda's `tokens()` makes them), and a dictionary value, split at its
/// spaces, matches a run of consecutive tokens, each token compared
/// case-insensitively as a glob (a trailing `*` matches any continuation).
/// It answers which concepts a passage has, not where: the agreement check
/// compares (sentence, concept) pairs.
public struct TokenLookup: Sendable {
    /// One dictionary value: its concept and its tokens, lower-cased; a token
    /// ending in `*` is a prefix.
    struct Pattern: Sendable { var concept: String; var tokens: [String] }

    /// Patterns by their first token, when that token has no glob.
    private var byFirst: [String: [Pattern]] = [:]
    /// Patterns whose first token is a prefix glob.
    private var globFirst: [Pattern] = []
    public private(set) var valueCount = 0

    /// The values of every concept of `lexicon`, as the quanteda export
    /// writes them (`DictionaryValues`), under the concept's own ID (the key
    /// path quanteda reports with `levels` deep enough).
    public init(_ lexicon: Lexicon) {
        for c in lexicon.concepts {
            for v in DictionaryValues.values(c.terms) {
                let p = Pattern(concept: c.id, tokens: v.split(separator: " ").map { $0.lowercased() })
                guard let first = p.tokens.first else { continue }
                if first.hasSuffix("*") { globFirst.append(p) } else { byFirst[first, default: []].append(p) }
                valueCount += 1
            }
        }
    }

    @inline(__always)
    static func matches(_ pattern: String, _ token: String) -> Bool {
        pattern.hasSuffix("*") ? token.hasPrefix(pattern.dropLast()) : pattern == token
    }

    /// The concepts whose values match somewhere in `tokens`.
    func concepts(inTokens tokens: [String]) -> Set<String> {
        let lower = tokens.map { $0.lowercased() }
        var found = Set<String>()
        func tryPattern(_ p: Pattern, at i: Int) {
            guard i + p.tokens.count <= lower.count, !found.contains(p.concept) else { return }
            for (k, t) in p.tokens.enumerated() where !Self.matches(t, lower[i + k]) { return }
            found.insert(p.concept)
        }
        for i in lower.indices {
            for p in byFirst[lower[i]] ?? [] { tryPattern(p, at: i) }
            for p in globFirst { tryPattern(p, at: i) }
        }
        return found
    }

    /// The concepts whose values match somewhere in `text`, tokenised first.
    func concepts(in text: String) -> Set<String> { concepts(inTokens: WordTokens.tokens(text)) }
}

/// How far the quanteda-style token lookup and PolicyTrace's tagger agree on
/// which concepts each sentence mentions.
public struct LookupAgreement: Sendable {
    public var sentences = 0
    /// (sentence, concept) pairs PolicyTrace tags / the lookup finds / both.
    public var tagged = 0, looked = 0, both = 0
    /// Pairs one side has and the other lacks, as `concept: sentence` (a few).
    public var onlyTagged: [String] = [], onlyLooked: [String] = []

    /// Share of PolicyTrace's pairs the lookup finds.
    public var taggedFound: Double { tagged == 0 ? 1 : Double(both) / Double(tagged) }
    /// Share of the lookup's pairs PolicyTrace tags.
    public var lookedFound: Double { looked == 0 ? 1 : Double(both) / Double(looked) }

    /// Compares, sentence by sentence, the concepts of PolicyTrace's
    /// mentions with those the lookup finds. Keeps up to `examples`
    /// disagreements of each kind.
    public static func measure(_ sentences: [String], tagger: Tagger, lookup: TokenLookup, examples: Int = 10) -> LookupAgreement {
        var a = LookupAgreement()
        for s in sentences {
            let mine = Set(tagger.tag(s).mentions.flatMap(\.concepts))
            let theirs = lookup.concepts(in: s)
            a.sentences += 1
            a.tagged += mine.count
            a.looked += theirs.count
            a.both += mine.intersection(theirs).count
            for c in mine.subtracting(theirs).sorted() where a.onlyTagged.count < examples { a.onlyTagged.append("\(c): \(s)") }
            for c in theirs.subtracting(mine).sorted() where a.onlyLooked.count < examples { a.onlyLooked.append("\(c): \(s)") }
        }
        return a
    }

    /// Sentences of `texts`: split after 。！？；, line breaks and an English
    /// full stop followed by white space, kept when at least 4 characters
    /// long; then `limit` of them spread evenly over the whole list.
    public static func sample(_ texts: [String], limit: Int) -> [String] {
        var all: [String] = []
        for text in texts {
            var current = ""
            var previous: Character = " "
            func flush() {
                let s = current.trimmingCharacters(in: .whitespacesAndNewlines)
                current = ""
                if s.count >= 4 { all.append(s) }
            }
            for ch in text {
                if ch.isNewline || (ch.isWhitespace && previous == ".") { flush() } else { current.append(ch) }
                if "。！？；".contains(ch) { flush() }
                previous = ch
            }
            flush()
        }
        guard all.count > limit, limit > 0 else { return all }
        return (0..<limit).map { all[$0 * all.count / limit] }
    }
}
