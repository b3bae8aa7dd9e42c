/// A bilingual lexicon: a tree of concepts with dot-path IDs, each with terms
/// per language. Plain values; compiled into an automaton by the tagger.
public struct Lexicon: Sendable, Equatable {
    public var concepts: [Concept]
    /// The files it was read from, in reading order.
    package var files: [String]

    public init(concepts: [Concept], files: [String] = []) {
        self.concepts = concepts
        self.files = files
    }

    /// Every concept ID, with every ancestor implied by a dot path, sorted.
    public var allConceptIDs: [String] {
        var ids = Set<String>()
        for c in concepts { ids.formUnion(c.path.selfAndAncestors) }
        return ids.sorted()
    }

    public func concept(_ id: String) -> Concept? { concepts.first { $0.id == id } }
}

/// The two languages terms are written in.
public enum Language: String, Sendable, Codable, CaseIterable {
    case en, zh
}

/// Where something was written: `file:line:column` (1-based).
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, or just the file for a problem with the file as a
    /// whole (line 0: missing, unreadable), never a line that does not exist.
    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}

/// One concept of the tree.
public struct Concept: Sendable, Equatable {
    public var id: String
    /// Labels per language code (`en`, `zh`).
    public var labels: [String: String]
    /// The framework and paper the concept comes from.
    package var source: String?
    public var definition: String?
    public var terms: [Term]
    /// Phrases inside which a match of this concept's terms does not count.
    package var exclusions: [Term]
    package var rules: [ContextRule]
    package var notes: String?
    package var location: SourceLocation?

    package init(
        id: String, labels: [String: String] = [:], source: String? = nil, definition: String? = nil,
        terms: [Term] = [], exclusions: [Term] = [], rules: [ContextRule] = [], notes: String? = nil,
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.labels = labels
        self.source = source
        self.definition = definition
        self.terms = terms
        self.exclusions = exclusions
        self.rules = rules
        self.notes = notes
        self.location = location
    }

    /// The concept's place in the tree (family, ancestors).
    var path: ConceptID { ConceptID(id) }

    /// The first path component: the concept's family.
    public var family: String { path.family }
}

/// A lexicon entry as written (`exclu*`, `户籍制度改革`).
public struct Term: Sendable, Equatable, Hashable {
    public var text: String
    public var language: Language
    package var location: SourceLocation?

    package init(_ text: String, language: Language, location: SourceLocation? = nil) {
        self.text = text
        self.language = language
        self.location = location
    }

    /// A trailing `*`: the term matches any continuation of its last word.
    package var isPrefix: Bool { text.hasSuffix("*") }
    /// A trailing `$`: the term matches only as written, without the plural
    /// and possessive forms a single English word otherwise also matches
    /// (`AIDS$`, `Social Work$`; see MATCHING.md).
    package var isExact: Bool { text.hasSuffix("$") }
    /// The term without its wildcard or exact marker.
    package var stem: String { Self.stem(of: text) }
    /// `exclu*` → `exclu`, `aid$` → `aid`, anything else as written.
    package static func stem(of text: String) -> String {
        text.hasSuffix("*") || text.hasSuffix("$") ? String(text.dropLast()) : text
    }
}

/// A condition on the context of a match: a cue that must (or must not)
/// occur within a window around it. Works on Chinese without word tokens:
/// the window is counted in code points for Chinese terms.
package struct ContextRule: Sendable, Equatable {
    /// How far to look on either side of the match.
    package enum Window: Sendable, Equatable {
        /// N code points (the unit for Chinese terms).
        case characters(Int)
        /// N words (the unit for English terms).
        case words(Int)
        /// The sentence the match is in.
        case sentence
    }

    package enum Kind: String, Sendable, Equatable {
        case require, forbid
    }

    /// The terms the rule applies to; empty means every term of its concept.
    package var terms: [String]
    package var kind: Kind
    package var cues: [String]
    package var window: Window
    package var location: SourceLocation?

    package init(terms: [String] = [], kind: Kind, cues: [String], window: Window, location: SourceLocation? = nil) {
        self.terms = terms
        self.kind = kind
        self.cues = cues
        self.window = window
        self.location = location
    }
}
