import PolicyTraceLexicon
import PolicyTraceTag

/// What the aggregator needs to know of one tagged document: its group (the
/// year, or the values of the `--by` fields), its size and its mentions'
/// concept sets. Plain value, so shards can ship it anywhere.
public struct DocumentTally: Sendable, Equatable, Codable {
    public var group: [String]
    public var tokens: Int
    /// Mentions per concept, rolled up: a mention counts once for each of its
    /// concepts and once for each of their ancestors.
    public var mentions: [String: Int]

    public init(group: [String], tokens: Int, mentions: [String: Int]) {
        self.group = group
        self.tokens = tokens
        self.mentions = mentions
    }

    /// Tallies `mentions` with roll-up to ancestors (`a.b.c` also counts for
    /// `a.b` and `a`, once per mention even when several of its concepts
    /// share an ancestor).
    public init(group: [String], tokens: Int, mentions list: [Mention]) {
        var counts: [String: Int] = [:]
        for m in list {
            for id in DocumentTally.rolledUp(m.concepts) { counts[id, default: 0] += 1 }
        }
        self.init(group: group, tokens: tokens, mentions: counts)
    }

    /// `concepts` and every ancestor of each, once each.
    package static func rolledUp(_ concepts: [String]) -> Set<String> {
        var ids = Set<String>()
        for c in concepts { ids.formUnion(ConceptID(c).selfAndAncestors) }
        return ids
    }
}

/// Counts per (group, concept) and per-group totals. Mergeable: counting two
/// parts of a corpus and merging gives exactly the counts of the whole.
public struct Counts: Sendable, Equatable, Codable {
    public struct Cell: Sendable, Equatable, Codable {
        public var mentions = 0
        public var documents = 0

        public init(mentions: Int = 0, documents: Int = 0) {
            self.mentions = mentions
            self.documents = documents
        }
    }

    package struct Totals: Sendable, Equatable, Codable {
        package var documents = 0
        package var tokens = 0

        package init(documents: Int = 0, tokens: Int = 0) {
            self.documents = documents
            self.tokens = tokens
        }
    }

    /// group → concept → cell.
    package private(set) var cells: [[String]: [String: Cell]] = [:]
    package private(set) var totals: [[String]: Totals] = [:]

    public init() {}

    public mutating func add(_ doc: DocumentTally) {
        totals[doc.group, default: Totals()].documents += 1
        totals[doc.group, default: Totals()].tokens += doc.tokens
        for (concept, n) in doc.mentions where n > 0 {
            cells[doc.group, default: [:]][concept, default: Cell()].mentions += n
            cells[doc.group, default: [:]][concept, default: Cell()].documents += 1
        }
    }

    public mutating func merge(_ other: Counts) {
        for (g, t) in other.totals {
            totals[g, default: Totals()].documents += t.documents
            totals[g, default: Totals()].tokens += t.tokens
        }
        for (g, row) in other.cells {
            for (c, cell) in row {
                cells[g, default: [:]][c, default: Cell()].mentions += cell.mentions
                cells[g, default: [:]][c, default: Cell()].documents += cell.documents
            }
        }
    }

    /// Adds counts already reduced elsewhere (a partial aggregate of the
    /// Spark job): `cell` to (group, concept), `totals` to the group.
    package mutating func add(group: [String], concept: String, _ cell: Cell) {
        cells[group, default: [:]][concept, default: Cell()].mentions += cell.mentions
        cells[group, default: [:]][concept, default: Cell()].documents += cell.documents
    }

    package mutating func add(group: [String], _ t: Totals) {
        totals[group, default: Totals()].documents += t.documents
        totals[group, default: Totals()].tokens += t.tokens
    }

    func cell(_ group: [String], _ concept: String) -> Cell {
        cells[group]?[concept] ?? Cell()
    }

    /// A concept's mentions and documents over all groups (each document is in one group).
    public func total(_ concept: String) -> Cell {
        cells.values.reduce(into: Cell()) { sum, row in
            sum.mentions += row[concept]?.mentions ?? 0
            sum.documents += row[concept]?.documents ?? 0
        }
    }

    /// Groups in timeline order: numerically by year where the first field
    /// is a year (or a period such as `2010-2014`), the undated group (empty
    /// first field) last.
    public var groups: [[String]] {
        totals.keys.sorted(by: Counts.groupOrder)
    }

    /// `Int(s.prefix(while: \.isNumber))`, read on the bytes when the
    /// number is ASCII digits followed by an ASCII byte or nothing (only
    /// digits are numbers in ASCII); else as written, by Characters.
    static func leadingNumber(_ s: String) -> Int? {
        var digits = 0
        for b in s.utf8 {
            if b &- 0x30 < 10 { digits += 1; continue }
            if b >= 0x80 { return Int(s.prefix(while: \.isNumber)) }
            break
        }
        return Int(Substring(s.utf8.prefix(digits)))
    }

    /// Timeline order of two groups (see `groups`).
    static func groupOrder(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            if x.isEmpty { return false }
            if y.isEmpty { return true }
            let nx = leadingNumber(x), ny = leadingNumber(y)
            if let nx, let ny, nx != ny { return nx < ny }
            return x < y
        }
        return a.count < b.count
    }
}

/// One row of the long timeline: a (group, concept) cell with its rates.
public struct TimelineRow: Sendable, Equatable {
    public var group: [String]
    public var concept: String
    public var mentions: Int
    public var documents: Int
    public var documentsTotal: Int
    public var tokensTotal: Int

    public var shareDocuments: Double { documentsTotal == 0 ? 0 : Double(documents) / Double(documentsTotal) }
    public var per10kTokens: Double { tokensTotal == 0 ? 0 : Double(mentions) * 10_000 / Double(tokensTotal) }

    /// Too little text behind the group (fewer than `minTokens` tokens) to
    /// read its rate as a trend: flagged, drawn apart, never a peak.
    public func isLowBase(minTokens: Int) -> Bool { tokensTotal < minTokens }
}

/// First, last and peak year of a concept.
public struct ConceptSpan: Sendable, Equatable {
    public var concept: String
    public var first: Int?
    public var last: Int?
    /// The year with the most mentions per 10,000 tokens (earliest on ties),
    /// among the years with enough tokens to rank (see `spans`).
    public var peak: Int?
    public var mentions: Int

    init(concept: String, first: Int? = nil, last: Int? = nil, peak: Int? = nil, mentions: Int) {
        self.concept = concept
        self.first = first
        self.last = last
        self.peak = peak
        self.mentions = mentions
    }
}

extension Counts {
    /// The complete grid: every group with at least one document × every
    /// concept, zero cells included, sorted by group then concept.
    public func timeline(concepts: [String]) -> [TimelineRow] {
        timeline(concepts: concepts, groups: groups)
    }

    func timeline(concepts: [String], groups: [[String]]) -> [TimelineRow] {
        groups.flatMap { g in
            concepts.map { c in
                let cell = cell(g, c)
                let t = totals[g] ?? Totals()
                return TimelineRow(
                    group: g, concept: c, mentions: cell.mentions, documents: cell.documents,
                    documentsTotal: t.documents, tokensTotal: t.tokens)
            }
        }
    }

    /// First, last and peak year per concept (the first group field read as
    /// a year). Years with fewer than `minTokens` tokens count for first and
    /// last but are not ranked for the peak: a rate from a tiny base is noise.
    public func spans(concepts: [String], minTokens: Int = 0) -> [ConceptSpan] {
        let groups = groups  // sorted once, not once per concept
        return concepts.map { c in
            var span = ConceptSpan(concept: c, mentions: 0)
            var best = -1.0
            for row in timeline(concepts: [c], groups: groups) {
                span.mentions += row.mentions
                guard row.mentions > 0, let year = Int(row.group.first?.prefix(4) ?? "") else { continue }
                span.first = min(span.first ?? year, year)
                span.last = max(span.last ?? year, year)
                if !row.isLowBase(minTokens: minTokens), row.per10kTokens > best { best = row.per10kTokens; span.peak = year }
            }
            return span
        }
    }
}
