import Foundation

/// Checks that gold and prediction lines can be what they claim: integer
/// offsets (not `true`, not `1.5`) inside their document, a passage as
/// `[start, end]`, a non-empty concept the lexicon knows. Impossible
/// annotations are errors with `file:line`, never silently scored.
public enum SpanValidation {
    /// A JSON integer; nil for booleans, fractions, strings and everything else.
    static func integer(_ value: Any?) -> Int? {
        guard let n = value as? NSNumber else { return nil }
        if String(describing: type(of: n)).contains("Boolean") { return nil }
        switch String(cString: n.objCType) {
        case "s", "i", "l", "q", "S", "I", "L", "Q": return n.intValue
        default: return nil
        }
    }

    /// An offset pair as `start`/`end` values: both integers, 0 ≤ start < end.
    static func offsets(_ start: Any?, _ end: Any?, what: String) -> Result<(Int, Int), EvaluationError> {
        guard let s = integer(start), let e = integer(end) else {
            return .failure(EvaluationError("\(what) must be JSON integers (code points), got \(describe(start)) and \(describe(end))"))
        }
        guard s >= 0 else { return .failure(EvaluationError("\(what): start \(s) is negative")) }
        guard s < e else { return .failure(EvaluationError("\(what): start \(s) is not before end \(e)")) }
        return .success((s, e))
    }

    static func describe(_ value: Any?) -> String {
        guard let value else { return "nothing" }
        if let n = value as? NSNumber, integer(n) == nil {
            return String(describing: type(of: n)).contains("Boolean") ? (n.boolValue ? "true" : "false") : "\(n)"
        }
        if let s = value as? String { return "\"\(s)\"" }
        return "\(value)"
    }

    /// Each line of a gold or predictions file whose offsets pass the end of
    /// its document (`lengths`: code points per document ID), or whose
    /// concept the lexicon does not know (`concepts`, when given), as
    /// `file:line: problem`. Lines of documents not in `lengths` are not judged.
    public static func problems(jsonl: String, file: String, lengths: [String: Int], concepts: Set<String>?) -> [String] {
        var out: [String] = []
        for (n, line) in jsonl.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let o = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any], let doc = o["doc"] as? String else {
                continue
            }
            let at = "\(file):\(n + 1)"
            if let length = lengths[doc] {
                if let e = integer(o["end"]), e > length {
                    out.append("\(at): end \(e) is past the end of \(doc) (\(length) code points)")
                }
                if let p = o["passage"] as? [Any], p.count == 2, let e = integer(p[1]), e > length {
                    out.append("\(at): passage end \(e) is past the end of \(doc) (\(length) code points)")
                }
            }
            if let concepts {
                let named = (o["concept"] as? String).map { [$0] } ?? (o["concepts"] as? [String]) ?? []
                for c in named where !concepts.contains(c) {
                    out.append("\(at): unknown concept \"\(c)\" (not in the lexicon; `policytrace lexicon stats` lists them)")
                }
            }
        }
        return out
    }
}
