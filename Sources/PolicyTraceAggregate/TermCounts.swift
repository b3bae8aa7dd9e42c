import PolicyTraceTag

/// Mentions per (time group, concept, lexicon term), rolled up like the
/// timeline: a mention of `hukou.reform` also counts for `hukou`, so each
/// family lists its most frequent terms. Mergeable, like `Counts`.
package struct TermCounts: Sendable, Equatable, Codable {
    package struct Key: Sendable, Hashable, Codable {
        package var group: String
        package var concept: String
        package var term: String
    }

    /// One ranked entry: `mentions` of `term` counted for `concept` in `group`.
    package struct Entry: Sendable, Equatable {
        package var group: String
        package var concept: String
        package var term: String
        package var mentions: Int
    }

    package private(set) var counts: [Key: Int] = [:]

    package init() {}

    package mutating func add(group: String, mentions: [Mention]) {
        for m in mentions {
            for c in DocumentTally.rolledUp(m.concepts) { counts[Key(group: group, concept: c, term: m.term), default: 0] += 1 }
        }
    }

    /// Adds a count reduced elsewhere (a partial aggregate).
    package mutating func add(group: String, concept: String, term: String, mentions: Int) {
        counts[Key(group: group, concept: concept, term: term), default: 0] += mentions
    }

    package mutating func merge(_ other: TermCounts) {
        counts.merge(other.counts, uniquingKeysWith: +)
    }

    /// Every entry, by group (timeline order, undated last), then concept,
    /// then mentions (most first), then term.
    package var ranked: [Entry] {
        counts.map { Entry(group: $0.key.group, concept: $0.key.concept, term: $0.key.term, mentions: $0.value) }
            .sorted { a, b in
                if a.group != b.group { return Counts.groupOrder([a.group], [b.group]) }
                if a.concept != b.concept { return a.concept < b.concept }
                if a.mentions != b.mentions { return a.mentions > b.mentions }
                return a.term < b.term
            }
    }

    /// A concept's most frequent terms over all groups, most first (ties by term).
    package func top(_ concept: String, limit: Int) -> [(term: String, mentions: Int)] {
        var sums: [String: Int] = [:]
        for (k, n) in counts where k.concept == concept { sums[k.term, default: 0] += n }
        return sums.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(limit).map { (term: $0.key, mentions: $0.value) }
    }
}
