import Foundation
import Yams

/// The dictionary formats PolicyTrace reads (`--lexicon`, `lexicon import`)
/// and writes (`lexicon export`).
package enum LexiconFormat: String, CaseIterable, Sendable {
    /// PolicyTrace's own YAML: a top-level `concepts:` list (Lexicons/README.md).
    case policytrace
    /// quanteda's YAML dictionary: nested keys, lists of glob patterns.
    case quanteda
    /// LIWC `.dic`: a `%`-delimited category table, then `term<TAB>ids…`.
    case liwc
    /// LIWC-22 `.dicx`: a CSV table, `DicTerm` then one column per category.
    case dicx

    /// `.dic` is LIWC, `.dicx` LIWC-22; a YAML file is ours when its top level has a
    /// `concepts:` list of mappings, quanteda otherwise.
    static func detect(path: String, text: String) -> LexiconFormat {
        switch (path as NSString).pathExtension.lowercased() {
        case "dic": return .liwc
        case "dicx": return .dicx
        default: break
        }
        guard let root = try? Yams.compose(yaml: text), let mapping = root.mapping else { return .policytrace }
        guard let list = mapping["concepts"] else { return .quanteda }
        guard let items = list.sequence else { return list.mapping != nil ? .quanteda : .policytrace }
        return items.allSatisfy({ $0.scalar != nil }) && !items.isEmpty ? .quanteda : .policytrace
    }

    /// Parses one file's text in this format.
    func parse(_ text: String, file: String) -> ([Concept], [LexiconDiagnostic]) {
        switch self {
        case .policytrace: return LexiconReader.parse(text, file: file)
        case .quanteda: return QuantedaFormat.parse(text, file: file)
        case .liwc: return LIWCFormat.parse(text, file: file)
        case .dicx: return LIWC22Format.parse(text, file: file)
        }
    }

    /// Writes a lexicon in this format, with a warning for everything the
    /// format cannot hold.
    package func write(_ lexicon: Lexicon) -> (String, [LexiconDiagnostic]) {
        switch self {
        case .policytrace: return (LexiconWriter.yaml(lexicon.concepts), [])
        case .quanteda: return (QuantedaFormat.write(lexicon), ForeignConcepts.losses(lexicon, format: "quanteda"))
        case .liwc: return (LIWCFormat.write(lexicon), ForeignConcepts.losses(lexicon, format: "LIWC"))
        case .dicx: return (LIWC22Format.write(lexicon), ForeignConcepts.losses(lexicon, format: "LIWC-22 .dicx"))
        }
    }
}

/// Builds concepts from a foreign dictionary's keys and terms: keys become
/// concept IDs (nested keys joined with dots, missing parents created), each
/// term's language is guessed from its script, and globs PolicyTrace cannot
/// represent are errors at their line.
struct ForeignConcepts {
    let file: String
    let origin: String
    private(set) var order: [String] = []
    private var byID: [String: Concept] = [:]
    private var seen: [String: Set<String>] = [:]
    var problems: [LexiconDiagnostic] = []

    init(file: String, format: String) {
        self.file = file
        origin = "imported from \((file as NSString).lastPathComponent) (\(format))"
    }

    /// The concepts read, less the `entry`s (keys, categories) that ended up
    /// with neither terms nor children, each reported as a warning.
    mutating func finish(empty entry: String) -> ([Concept], [LexiconDiagnostic]) {
        var result = concepts
        let parents = Set(result.flatMap { $0.path.ancestors })
        var dropped: [LexiconDiagnostic] = []
        result.removeAll { c in
            guard c.terms.isEmpty && !parents.contains(c.id) else { return false }
            dropped.append(.init(.warning, "\(entry) `\(c.id)` has no terms and is left out", at: c.location))
            return true
        }
        problems += dropped
        return (result, problems)
    }

    /// A dictionary key as a concept-ID component: white space becomes `_`.
    mutating func name(_ key: String, at location: SourceLocation?) -> String {
        let trimmed = key.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = trimmed.split(whereSeparator: \.isWhitespace).joined(separator: "_")
        if name != key { problems.append(.init(.warning, "key `\(key)` becomes concept ID component `\(name)`", at: location)) }
        return name
    }

    /// Declares a concept (and any missing ancestor) and returns its ID.
    @discardableResult
    mutating func declare(_ id: String, at location: SourceLocation?) -> String {
        for ancestor in ConceptID(id).selfAndAncestors where byID[ancestor] == nil {
            byID[ancestor] = Concept(id: ancestor, source: origin, location: location)
            order.append(ancestor)
        }
        return id
    }

    mutating func add(_ raw: String, to id: String, at location: SourceLocation?) {
        var text = DictionaryValues.term(fromValue: raw)
        guard !text.isEmpty else { return }
        let language = Self.language(of: text)
        if text.contains("?") || text.dropLast().contains("*") {
            problems.append(
                .init(
                    .error,
                    "glob `\(text)` cannot be represented: PolicyTrace supports `*` only at the end of a term (no `?`, no leading or inner `*`)",
                    at: location))
            return
        }
        if language == .zh && text.hasSuffix("*") {
            text.removeLast()
            problems.append(
                .init(.warning, "`\(raw)` read as `\(text)`: Chinese terms match as substrings, so a trailing `*` is implied", at: location))
        }
        // `rural to urban` next to `rural-to-urban` (as PolicyTrace's own
        // exports write both) is one term under the dash rule.
        guard !text.isEmpty, seen[id, default: []].insert(DictionaryValues.dashFolded(text)).inserted else { return }
        declare(id, at: location)
        byID[id]!.terms.append(Term(text, language: language, location: location))
    }

    var concepts: [Concept] { order.map { byID[$0]! } }

    /// `zh` for a term with a CJK ideograph, `en` otherwise.
    static func language(of text: String) -> Language {
        text.unicodeScalars.contains { $0.properties.isIdeographic } ? .zh : .en
    }

    /// What a flat term-list format drops from a lexicon, as warnings.
    static func losses(_ lexicon: Lexicon, format: String) -> [LexiconDiagnostic] {
        var out: [LexiconDiagnostic] = []
        let exclusions = lexicon.concepts.reduce(0) { $0 + $1.exclusions.count }
        let rules = lexicon.concepts.reduce(0) { $0 + $1.rules.count }
        if exclusions > 0 { out.append(.init(.warning, "\(format) has no exclusions: \(exclusions) `exclude` phrase(s) dropped", at: nil)) }
        if rules > 0 { out.append(.init(.warning, "\(format) has no context rules: \(rules) rule(s) dropped", at: nil)) }
        out.append(.init(.info, "\(format) keeps only concept IDs and terms (no labels, sources, definitions or languages)", at: nil))
        return out
    }
}
