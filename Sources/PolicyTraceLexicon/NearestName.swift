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

    /// Edit distance over characters, a swap of two neighbours counting one
    /// edit like an insertion, deletion or substitution (`yaer` is one from
    /// `year`): optimal string alignment; names are short.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = (0...a.count).map { i in (0...b.count).map { j in i == 0 ? j : (j == 0 ? i : 0) } }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j - 1] + cost, d[i - 1][j] + 1, d[i][j - 1] + 1)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
