/// A concept's place in the lexicon's tree, read from its dotted ID.
///
/// Concept IDs are paths: `exclusion.production.employment` lies within
/// `exclusion.production`, which lies within the family `exclusion`. Every
/// place that walks the tree (roll-up of counts to ancestors, family charts,
/// scoring by family, the `kwic` command's "this concept or below") asks this
/// type instead of splitting strings itself.
///
///     let id = ConceptID("exclusion.production.employment")
///     id.family                          // "exclusion"
///     id.ancestors                       // ["exclusion", "exclusion.production"]
///     id.isFamily                        // false
///     id.isWithin("exclusion.production") // true
///     id.isWithin("exclusion.prod")      // false: whole components only
package struct ConceptID: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    let rawValue: String

    package init(_ rawValue: String) { self.rawValue = rawValue }
    package init(stringLiteral value: String) { self.init(value) }

    package var description: String { rawValue }

    /// The first component: the family the charts and family scores group by.
    package var family: String {
        guard let dot = rawValue.utf8.firstIndex(of: UInt8(ascii: ".")) else { return rawValue }
        return String(rawValue[..<dot])
    }

    /// A family is a concept with no parent.
    package var isFamily: Bool { !rawValue.utf8.contains(UInt8(ascii: ".")) }

    /// Components below the family (0 for a family).
    package var depth: Int { rawValue.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: ".") ? 1 : 0) } }

    /// Every proper ancestor, outermost first.
    var ancestors: [String] {
        var out: [String] = []
        var i = rawValue.startIndex
        while let dot = rawValue[i...].firstIndex(of: ".") {
            out.append(String(rawValue[..<dot]))
            i = rawValue.index(after: dot)
        }
        return out
    }

    /// The concept itself and its ancestors: what one mention of it counts towards.
    package var selfAndAncestors: [String] { ancestors + [rawValue] }

    /// True for `other` itself and every concept below it.
    package func isWithin(_ other: String) -> Bool {
        rawValue == other || (rawValue.hasPrefix(other) && rawValue.utf8.dropFirst(other.utf8.count).first == UInt8(ascii: "."))
    }

    /// Tree order: a concept before its children, siblings by name (`a`, `a.b`, `a.b.c`, `a.c`, `ab`).
    package static func < (a: ConceptID, b: ConceptID) -> Bool {
        a.rawValue.split(separator: ".").lexicographicallyPrecedes(b.rawValue.split(separator: "."))
    }
}
