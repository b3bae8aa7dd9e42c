/// Writes concepts in PolicyTrace's YAML format (Lexicons/README.md), in
/// the layout of the default lexicons, so `LexiconReader` reads them back.
package enum LexiconWriter {
    package static func yaml(_ concepts: [Concept], header: String? = nil) -> String {
        var out = header.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" }.joined(separator: "\n") + "\n" } ?? ""
        out += "concepts:\n"
        for (i, c) in concepts.enumerated() {
            if i > 0 { out += "\n" }
            out += "  - id: \(YAMLText.key(c.id))\n"
            if !c.labels.isEmpty {
                out +=
                    "    label: {" + c.labels.sorted { $0.key < $1.key }.map { "\($0.key): \(YAMLText.quoted($0.value))" }.joined(separator: ", ")
                    + "}\n"
            }
            if let s = c.source { out += "    source: \(YAMLText.quoted(s))\n" }
            if let d = c.definition { out += "    definition: \(YAMLText.quoted(d))\n" }
            out += termBlock("terms", c.terms)
            out += termBlock("exclude", c.exclusions)
            if !c.rules.isEmpty {
                out += "    rules:\n"
                for r in c.rules {
                    var fields: [String] = []
                    if !r.terms.isEmpty { fields.append("terms: " + flow(r.terms)) }
                    fields.append("\(r.kind.rawValue): " + flow(r.cues))
                    switch r.window {
                    case .characters(let n): fields.append("within: \(n)")
                    case .words(let n): fields.append("within: \"\(n) words\"")
                    case .sentence: fields.append("within: sentence")
                    }
                    out += "      - {" + fields.joined(separator: ", ") + "}\n"
                }
            }
            if let n = c.notes { out += "    notes: \(YAMLText.quoted(n))\n" }
        }
        return out
    }

    static func termBlock(_ key: String, _ terms: [Term]) -> String {
        guard !terms.isEmpty else { return "" }
        var out = "    \(key):\n"
        for lang in Language.allCases {
            let texts = terms.filter { $0.language == lang }.map(\.text)
            if !texts.isEmpty { out += "      \(lang.rawValue): " + flow(texts, indent: 10) + "\n" }
        }
        return out
    }

    /// `["a", "b", …]`, wrapped before 100 columns.
    static func flow(_ items: [String], indent: Int = 0) -> String {
        var out = "["
        var column = indent + 1
        for (i, item) in items.enumerated() {
            let q = YAMLText.quoted(item)
            if i > 0 {
                out += ","
                if column + q.count + 2 > 100 {
                    out += "\n" + String(repeating: " ", count: indent + 1)
                    column = indent + 1
                } else {
                    out += " "
                    column += 2
                }
            }
            out += q
            column += q.count
        }
        return out + "]"
    }
}
