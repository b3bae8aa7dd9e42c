import PolicyTraceLexicon

/// One counted occurrence of a lexicon term in a document's text.
public struct Mention: Sendable, Equatable, Hashable {
    /// Every concept the matched term belongs to (most specific IDs, sorted).
    public var concepts: [String]
    /// The lexicon entry that matched, as written in the lexicon.
    public var term: String
    public var language: Language
    /// The matched span as it appears in the text.
    public var text: String
    /// Code-point offsets into the document text, end exclusive.
    public var start: Int
    public var end: Int
    /// UTF-8 byte offsets of the same span (for slicing context cheaply).
    public var utf8Start: Int
    public var utf8End: Int

    public init(
        concepts: [String], term: String, language: Language, text: String,
        start: Int, end: Int, utf8Start: Int, utf8End: Int
    ) {
        self.concepts = concepts
        self.term = term
        self.language = language
        self.text = text
        self.start = start
        self.end = end
        self.utf8Start = utf8Start
        self.utf8End = utf8End
    }
}

/// How nested matches are treated.
public enum OverlapPolicy: String, Sendable, CaseIterable, Codable {
    /// At any position the longest term wins; a match contained in a longer
    /// accepted match of the same family is not counted (and is reported as
    /// suppressed); one contained only in matches of other families counts.
    case longest
    /// Every match counts, nested or not.
    case all
}

/// What the tagger counted and what it set aside, per concept: so a paper
/// can state exactly what was counted.
public struct TagStats: Sendable, Equatable, Codable {
    /// Matches contained in a longer accepted match of the same family
    /// (policy `longest`): not counted.
    public var suppressedNested: [String: Int] = [:]
    /// Matches contained in a longer accepted match of other families only:
    /// counted (a migrants term inside an exclusion term still counts).
    public var nestedOtherFamily: [String: Int] = [:]
    /// Chinese candidates rejected because they start inside a word.
    public var rejectedWordEdge: [String: Int] = [:]
    /// Candidates vetoed by an exclusion phrase of the concept.
    public var excluded: [String: Int] = [:]
    /// Candidates dropped by a context rule of the concept.
    public var ruledOut: [String: Int] = [:]
    /// Mentions counted through a short name the text defines
    /// (`照顾服务（以下简称本服务）`, see `ShortNames`): counted.
    public var shortNames: [String: Int] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case suppressedNested, nestedOtherFamily, rejectedWordEdge, excluded, ruledOut, shortNames
    }

    /// Reads figures stored before a field existed (a missing field is empty).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        suppressedNested = try c.decodeIfPresent([String: Int].self, forKey: .suppressedNested) ?? [:]
        nestedOtherFamily = try c.decodeIfPresent([String: Int].self, forKey: .nestedOtherFamily) ?? [:]
        rejectedWordEdge = try c.decodeIfPresent([String: Int].self, forKey: .rejectedWordEdge) ?? [:]
        excluded = try c.decodeIfPresent([String: Int].self, forKey: .excluded) ?? [:]
        ruledOut = try c.decodeIfPresent([String: Int].self, forKey: .ruledOut) ?? [:]
        shortNames = try c.decodeIfPresent([String: Int].self, forKey: .shortNames) ?? [:]
    }

    /// Adds another document's (or shard's) figures: mergeable.
    public mutating func merge(_ other: TagStats) {
        suppressedNested.merge(other.suppressedNested, uniquingKeysWith: +)
        nestedOtherFamily.merge(other.nestedOtherFamily, uniquingKeysWith: +)
        rejectedWordEdge.merge(other.rejectedWordEdge, uniquingKeysWith: +)
        excluded.merge(other.excluded, uniquingKeysWith: +)
        ruledOut.merge(other.ruledOut, uniquingKeysWith: +)
        shortNames.merge(other.shortNames, uniquingKeysWith: +)
    }
}

/// The tagger's answer for one text.
public struct TagResult: Sendable, Equatable {
    /// Mentions in text order (by start, then end).
    public var mentions: [Mention]
    public var stats: TagStats
    /// Tokens of the text: CJK ideographs each count one, and each run of
    /// letters or digits of an alphabetic script counts one (the
    /// denominator of `per_10k_tokens`).
    public var tokens: Int

    public init(mentions: [Mention], stats: TagStats, tokens: Int) {
        self.mentions = mentions
        self.stats = stats
        self.tokens = tokens
    }
}
