import PolicyTraceText

/// The checks `policytrace lexicon validate` reports, in the order an author
/// fixes them. Errors stop a run before it writes anything; warnings and
/// information are shown so the author knows what the overlap policy will do.
public enum LexiconValidator {
    public static func validate(_ lexicon: Lexicon) -> [LexiconDiagnostic] {
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
        let parents = Set(lexicon.concepts.flatMap { Concept.ancestors(of: $0.id) })
        for c in lexicon.concepts {
            for ancestor in Concept.ancestors(of: c.id) where !ids.contains(ancestor) {
                out.append(.init(.error, "dangling concept ID `\(c.id)`: its parent `\(ancestor)` is not defined", at: c.location))
            }
            if c.terms.isEmpty && !parents.contains(c.id) {
                out.append(.init(.error, "concept `\(c.id)` has no terms", at: c.location))
            }
            var seen: [String: Term] = [:]
            for t in c.terms {
                if let problem = wildcardProblem(t) { out.append(.init(.error, problem, at: t.location)) }
                if let first = seen[t.text] {
                    out.append(.init(.error, "duplicate term `\(t.text)` in `\(c.id)` (also at \(first.location?.description ?? "?"))", at: t.location))
                } else {
                    seen[t.text] = t
                }
            }
            for t in c.exclusions where t.text.contains("*") {
                out.append(.init(.error, "exclusion phrase `\(t.text)` may not contain `*`", at: t.location))
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
                    out.append(.init(.warning, "term `\(t.text)` in `\(c.id)` normalises to the same string as `\(first.1.text)` at \(first.1.location?.description ?? "?")", at: t.location, code: "same-normalised"))
                } else if c.id != first.0.id {
                    out.append(.init(.info, "term `\(t.text)` is listed under `\(first.0.id)` and `\(c.id)`: its mentions carry both", at: t.location, code: "shared-term"))
                }
            }
        }
        // Chinese terms contained in another concept's longer term, unless
        // the longer term is listed under the shorter term's concept too.
        let zh = lexicon.concepts.flatMap { c in c.terms.filter { $0.language == .zh }.map { (c, $0, fold.foldedString($0.text)) } }
        let conceptsOfTerm = Dictionary(grouping: zh, by: \.2).mapValues { Set($0.map(\.0.id)) }
        for (c, t, f) in zh {
            for (c2, t2, f2) in zh where c2.id != c.id && f2.count > f.count && f2.contains(f) && !(conceptsOfTerm[f2]?.contains(c.id) ?? false) {
                out.append(.init(.info, "`\(t.text)` (\(c.id)) is contained in `\(t2.text)` (\(c2.id)) at \(t2.location?.description ?? "?"): inside it only the longer term counts", at: t.location, code: "contained-term"))
            }
        }
        return out
    }

    /// Folded, with every run of white space or dashes read as one space:
    /// the form two terms share when the tagger cannot tell them apart.
    public static func normalised(_ text: String, _ fold: FoldTable = .shared) -> String {
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

    static func wildcardProblem(_ t: Term) -> String? {
        let stars = t.text.filter { $0 == "*" }.count
        if stars == 0 { return nil }
        if stars > 1 || !t.text.hasSuffix("*") { return "invalid wildcard in `\(t.text)`: `*` is allowed only at the end of a term" }
        if t.text == "*" || t.text.dropLast().last?.isWhitespace == true { return "invalid wildcard in `\(t.text)`: `*` must follow a word" }
        if t.language == .zh { return "invalid wildcard in `\(t.text)`: Chinese terms match as substrings already; drop the `*`" }
        return nil
    }
}
