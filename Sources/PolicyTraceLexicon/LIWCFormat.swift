import Foundation

/// LIWC's `.dic` format (LIWC 2007/2015; LIWC-22 reads and writes it too):
///
///     %
///     1	hukou
///     2	hukou.reform
///     %
///     户籍制度改革	2
///     hukou reform*	2
///
/// Categories may nest by tab indentation in the header (LIWC2015 style);
/// a nested category's ID is its parent's ID, a dot and its name.
enum LIWCFormat {
    static func parse(_ text: String, file: String) -> ([Concept], [LexiconDiagnostic]) {
        var builder = ForeignConcepts(file: file, format: "LIWC")
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\u{FEFF}", with: "").split(
            separator: "\n", omittingEmptySubsequences: false)
        func at(_ i: Int) -> SourceLocation { SourceLocation(file: file, line: i + 1, column: 1) }
        let marks = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces) == "%" }
        guard marks.count >= 2 else {
            return ([], [LexiconDiagnostic(.error, "a LIWC dictionary starts with a category table between two `%` lines", at: at(marks.first ?? 0))])
        }
        var categories: [Int: String] = [:]
        var stack: [(depth: Int, id: String)] = []
        for i in (marks[0] + 1)..<marks[1] {
            let line = lines[i]
            let depth = line.prefix { $0 == "\t" }.count
            let fields = line.trimmingCharacters(in: .whitespaces).split(maxSplits: 1, whereSeparator: \.isWhitespace)
            guard !fields.isEmpty else { continue }
            guard fields.count == 2, let number = Int(fields[0]) else {
                builder.problems.append(.init(.error, "expected `number<TAB>category name`", at: at(i)))
                continue
            }
            var label = fields[1].trimmingCharacters(in: .whitespaces)
            if let tab = label.firstIndex(of: "\t") { label = String(label[..<tab]) }
            if let paren = label.range(of: " (") { label = String(label[..<paren.lowerBound]) }
            let name = builder.name(label, at: at(i))
            while let last = stack.last, last.depth >= depth { stack.removeLast() }
            let id = stack.last.map { ConceptID(name).isWithin($0.id) && name != $0.id ? name : "\($0.id).\(name)" } ?? name
            if categories[number] != nil {
                builder.problems.append(.init(.error, "category number \(number) is defined twice", at: at(i)))
            }
            categories[number] = builder.declare(id, at: at(i))
            stack.append((depth, id))
        }
        var entries: [(text: String, ids: [String], line: Int)] = []
        for i in (marks[1] + 1)..<lines.count {
            var line = lines[i].trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line == "%" { continue }
            if line.contains("<of>") || line.contains("<") && line.contains(">") {
                builder.problems.append(.init(.warning, "conditional entry left out (PolicyTrace has no `<of>` tags): \(line)", at: at(i)))
                continue
            }
            if line.contains("(") {
                builder.problems.append(.init(.warning, "parenthesised condition ignored (use a context rule instead): \(line)", at: at(i)))
                line = line.replacingOccurrences(of: #"\([^)]*\)[0-9/]*"#, with: " ", options: .regularExpression)
            }
            var tokens = line.split(whereSeparator: \.isWhitespace).map(String.init)
            var numbers: [Int] = []
            if let tab = line.firstIndex(of: "\t") {
                tokens = line[line.index(after: tab)...].split(whereSeparator: \.isWhitespace).map(String.init)
                numbers = tokens.compactMap { Int($0.split(separator: "/").first ?? "") }
                tokens = [String(line[..<tab])]
            } else {
                while let last = tokens.last, tokens.count > 1, let n = Int(last) { numbers.insert(n, at: 0); tokens.removeLast() }
            }
            let term = tokens.joined(separator: " ")
            var ids: [String] = []
            for n in numbers {
                if let id = categories[n] {
                    ids.append(id)
                } else {
                    builder.problems.append(.init(.warning, "`\(term)`: category \(n) is not in the category table", at: at(i)))
                }
            }
            if numbers.isEmpty { builder.problems.append(.init(.warning, "`\(term)` has no category", at: at(i))) }
            entries.append((term, ids, i))
        }
        var keptOnChild = 0
        for (term, ids, i) in entries {
            // LIWC lists a word under every ancestor category too; PolicyTrace
            // rolls a child's mentions up, so the term goes on the child only.
            let leaves = ids.filter { id in !ids.contains { $0 != id && ConceptID($0).isWithin(id) } }
            if leaves.count < ids.count { keptOnChild += 1 }
            for id in leaves { builder.add(term, to: id, at: at(i)) }
        }
        if keptOnChild > 0 {
            builder.problems.append(
                .init(
                    .info,
                    "\(keptOnChild) term(s) listed under a category and its parent are kept on the child only (mentions roll up to the parent)",
                    at: SourceLocation(file: file, line: marks[1] + 1, column: 1)))
        }
        return builder.finish(empty: "category")
    }

    /// One category per concept (full dotted IDs, no indentation), then one
    /// line per distinct value with every category it is listed under. A
    /// value is a term's word tokens joined by spaces (`DictionaryValues`):
    /// LIWC matches multi-word entries word by word, so Chinese text must be
    /// segmented into words (spaces between them) before LIWC reads it.
    static func write(_ lexicon: Lexicon) -> String {
        var numbers: [String: Int] = [:]
        var out = "%\n"
        for (i, c) in lexicon.concepts.enumerated() where numbers[c.id] == nil {
            numbers[c.id] = i + 1
            out += "\(i + 1)\t\(c.id)\n"
        }
        out += "%\n"
        var order: [String] = []
        var categories: [String: [Int]] = [:]
        for c in lexicon.concepts {
            for v in DictionaryValues.values(c.terms) {
                if categories[v] == nil { order.append(v) }
                if let n = numbers[c.id], !(categories[v]?.contains(n) ?? false) { categories[v, default: []].append(n) }
            }
        }
        for term in order { out += term + "\t" + categories[term]!.map(String.init).joined(separator: "\t") + "\n" }
        return out
    }
}
