/// The "did you mean …?" of every error about a mistyped name (a concept ID,
/// a term, a `--by` field): the nearest known name by edit distance, when it
/// is near enough to be a typo.
package enum NearestName {
    package static func to(_ name: String, among known: [String]) -> String? {
        let limit = max(1, name.count / 4)
        var best: (name: String, distance: Int)?
        for candidate in known {
            let d = editDistance(candidate, name)
            if d <= limit, best == nil || d < best!.distance { best = (candidate, d) }
        }
        return best?.name
    }

    /// Levenshtein distance over characters (names are short).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let substitution = previous + (a[i - 1] == b[j - 1] ? 0 : 1)
                previous = row[j]
                row[j] = min(substitution, row[j] + 1, row[j - 1] + 1)
            }
        }
        return row[b.count]
    }
}
