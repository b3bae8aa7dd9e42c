import PolicyTraceText

/// The checks `policytrace lexicon validate` reports, in the order an author
/// fixes them. Errors stop a run before it writes anything; warnings and
/// information are shown so the author knows what the overlap policy will do.
package enum LexiconValidator {
    package static func validate(_ lexicon: Lexicon) -> [LexiconDiagnostic] {
        var out: [LexiconDiagnostic] = []
        let fold = FoldTable.shared
        var firstByID: [String: Concept] = [:]
        for c in lexicon.concepts {
            if let first = firstByID[c.id] {
                out.append(.init(.error, "duplicate concept ID `\(c.id)` (first defined at \(first.location?.description ?? "?"))", at: c.location))
            } else {
                firstByID[c.id] = c
            }
        }
        let ids = Set(firstByID.keys)
        let parents = Set(lexicon.concepts.flatMap { $0.path.ancestors })
        for c in lexicon.concepts {
            for ancestor in c.path.ancestors where !ids.contains(ancestor) {
                out.append(.init(.error, "dangling concept ID `\(c.id)`: its parent `\(ancestor)` is not defined", at: c.location))
            }
            if c.terms.isEmpty && !parents.contains(c.id) {
                out.append(.init(.error, "concept `\(c.id)` has no terms", at: c.location))
            }
            var seen: [String: Term] = [:]
            for t in c.terms {
                if let problem = wildcardProblem(t) ?? punctuationOnlyProblem(t) { out.append(.init(.error, problem, at: t.location)) }
                if let first = seen[t.text] {
                    out.append(
                        .init(.error, "duplicate term `\(t.text)` in `\(c.id)` (also at \(first.location?.description ?? "?"))", at: t.location))
                } else {
                    seen[t.text] = t
                }
            }
            for t in c.exclusions where t.text.contains("*") || t.text.hasSuffix("$") {
                out.append(
                    .init(
                        .error, "exclusion phrase `\(t.text)` may not contain `*` or end in `$` (exclusion phrases match as written)", at: t.location)
                )
            }
            let termTexts = Set(c.terms.map(\.text))
            for rule in c.rules {
                for name in rule.terms where !termTexts.contains(name) {
                    out.append(.init(.error, "rule names `\(name)`, which is not a term of `\(c.id)`", at: rule.location))
                }
                if rule.cues.isEmpty { out.append(.init(.error, "rule without cues", at: rule.location)) }
            }
        }
        // Terms that fold to the same string, within or across concepts.
        var byFolded: [String: [(Concept, Term)]] = [:]
        for c in lexicon.concepts {
            for t in c.terms { byFolded[t.language.rawValue + ":" + normalised(t.text, fold), default: []].append((c, t)) }
        }
        for (_, group) in byFolded.sorted(by: { $0.key < $1.key }) where group.count > 1 {
            let first = group[0]
            for (c, t) in group.dropFirst() {
                if t.text != first.1.text {
                    out.append(
                        .init(
                            .warning,
                            "term `\(t.text)` in `\(c.id)` normalises to the same string as `\(first.1.text)` at \(first.1.location?.description ?? "?")",
                            at: t.location, code: "same-normalised"))
                } else if c.id != first.0.id {
                    out.append(
                        .init(
                            .info, "term `\(t.text)` is listed under `\(first.0.id)` and `\(c.id)`: its mentions carry both", at: t.location,
                            code: "shared-term"))
                }
            }
        }
        // Chinese terms contained in another concept's longer term, unless
        // the longer term is listed under the shorter term's concept too.
        let zh = lexicon.concepts.flatMap { c in c.terms.filter { $0.language == .zh }.map { (c, $0, fold.foldedString($0.text)) } }
        let conceptsOfTerm = Dictionary(grouping: zh, by: \.2).mapValues { Set($0.map(\.0.id)) }
        let containers = ContainmentCandidates(zh.map(\.2), fold)
        for (i, (c, t, f)) in zh.enumerated() {
            for j in containers.of(i) {
                let (c2, t2, f2) = zh[j]
                guard c2.id != c.id && f2.count > f.count && f2.contains(f) && !(conceptsOfTerm[f2]?.contains(c.id) ?? false) else { continue }
                out.append(
                    .init(
                        .info,
                        "`\(t.text)` (\(c.id)) is contained in `\(t2.text)` (\(c2.id)) at \(t2.location?.description ?? "?"): inside it only the longer term counts",
                        at: t.location, code: "contained-term"))
            }
        }
        return out
    }

    /// Folded, with every run of white space or dashes read as one space:
    /// the form two terms share when the tagger cannot tell them apart.
    package static func normalised(_ text: String, _ fold: FoldTable = .shared) -> String {
        var out = ""
        var gap = false
        for cp in fold.fold(text) {
            let f = fold.flags(cp)
            if f.contains(.space) || f.contains(.dash) { gap = true; continue }
            if gap && !out.isEmpty { out += " " }
            gap = false
            if let s = Unicode.Scalar(cp) { out.unicodeScalars.append(s) }
        }
        return out
    }

    /// A term without a letter, digit or ideograph (`。`, `...`) would match
    /// every punctuation mark of its kind: never a concept's mention.
    static func punctuationOnlyProblem(_ t: Term) -> String? {
        let meaningful = t.text.unicodeScalars.contains {
            $0.properties.isAlphabetic || $0.properties.numericType != nil || $0.properties.isIdeographic
        }
        return meaningful ? nil : "term `\(t.text)` has no letter, digit or ideograph: it would match every such punctuation mark; remove it"
    }

    static func wildcardProblem(_ t: Term) -> String? {
        if t.text.contains("$") {
            if t.text.filter({ $0 == "$" }).count > 1 || !t.text.hasSuffix("$") || t.text.contains("*") || t.text == "$" {
                return "invalid exact marker in `\(t.text)`: `$` is allowed only once, at the end of a term without `*`"
            }
            if t.language == .zh { return "invalid exact marker in `\(t.text)`: Chinese terms are never inflected; drop the `$`" }
            return nil
        }
        let stars = t.text.filter { $0 == "*" }.count
        if stars == 0 { return nil }
        if stars > 1 || !t.text.hasSuffix("*") { return "invalid wildcard in `\(t.text)`: `*` is allowed only at the end of a term" }
        if t.text == "*" || t.text.dropLast().last?.isWhitespace == true { return "invalid wildcard in `\(t.text)`: `*` must follow a word" }
        if t.language == .zh { return "invalid wildcard in `\(t.text)`: Chinese terms match as substrings already; drop the `*`" }
        return nil
    }
}

/// For each string of a list, the positions of the strings that may contain
/// it, ascending: those in which its letters (combining marks set aside, so
/// that canonically equivalent spellings still count) occur as one run. An
/// Aho–Corasick automaton over the strings finds them all in one pass over
/// each string, so checking containment costs about the strings' total length
/// plus the number of containments, not one comparison per pair. The caller
/// still applies the exact test to each candidate.
struct ContainmentCandidates {
    /// Per string, the index of its distinct value.
    private let distinct: [Int]
    /// Per distinct value, the positions that may contain it.
    private let containers: [[Int]]

    init(_ strings: [String], _ fold: FoldTable) {
        var index: [String: Int] = [:]
        var members: [[Int]] = []
        var keys: [[UInt32]] = []
        distinct = strings.enumerated().map { i, s in
            if let d = index[s] { members[d].append(i); return d }
            index[s] = members.count
            members.append([i])
            keys.append(s.unicodeScalars.map(\.value).filter { !fold.flags($0).contains(.mark) })
            return members.count - 1
        }
        // The trie of the keys, then failure links and, per state, the
        // nearest state on its failure chain where a key ends.
        var next: [[UInt32: Int]] = [[:]]
        var ends: [[Int]] = [[]]
        for (d, key) in keys.enumerated() where !key.isEmpty {
            var node = 0
            for s in key {
                if let n = next[node][s] { node = n; continue }
                next[node][s] = next.count
                node = next.count
                next.append([:])
                ends.append([])
            }
            ends[node].append(d)
        }
        var fail = [Int](repeating: 0, count: next.count)
        var output = [Int](repeating: -1, count: next.count)
        var queue = next[0].values.sorted()
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            for (s, v) in next[u] {
                if u != 0 {
                    var f = fail[u]
                    while f != 0 && next[f][s] == nil { f = fail[f] }
                    fail[v] = next[f][s] ?? 0
                }
                output[v] = ends[fail[v]].isEmpty ? output[fail[v]] : fail[v]
                queue.append(v)
            }
        }
        // Scan every key: each key ending at a position is contained.
        var containedIn = [[Int]](repeating: [], count: keys.count)
        var lastContainer = [Int](repeating: -1, count: keys.count)
        for (d2, key) in keys.enumerated() {
            var state = 0
            for s in key {
                while state != 0 && next[state][s] == nil { state = fail[state] }
                state = next[state][s] ?? 0
                var o = ends[state].isEmpty ? output[state] : state
                while o >= 0 {
                    for d in ends[o] where d != d2 && lastContainer[d] != d2 {
                        lastContainer[d] = d2
                        containedIn[d].append(d2)
                    }
                    o = output[o]
                }
            }
        }
        // A string without letters (marks only, or empty) might be found anywhere.
        containers = keys.indices.map { d in
            keys[d].isEmpty ? Array(strings.indices) : containedIn[d].flatMap { members[$0] }.sorted()
        }
    }

    /// Positions of the strings that may contain string `i`, ascending.
    func of(_ i: Int) -> [Int] { containers[distinct[i]] }
}
