import Foundation

/// LIWC-22's `.dicx` dictionary: a CSV table whose first column holds the
/// entries (header `DicTerm`) and whose other columns are the categories;
/// a cell marks membership (LIWC-22 writes `X`; a weighted `.dicx` holds a
/// number, read as membership when it is not 0):
///
///     DicTerm,hukou,hukou.reform
///     户籍 制度 改革,,X
///     hukou reform*,,X
///
/// Entries are written as in the `.dic` export (`DictionaryValues`); a
/// category's ID is its column name.
enum LIWC22Format {
    static func parse(_ text: String, file: String) -> ([Concept], [LexiconDiagnostic]) {
        var builder = ForeignConcepts(file: file, format: "LIWC-22 .dicx")
        func at(_ line: Int) -> SourceLocation { SourceLocation(file: file, line: line, column: 1) }
        let rows = CSVTable.rows(text.replacingOccurrences(of: "\u{FEFF}", with: ""))
        guard let header = rows.first, header.fields.count >= 2 else {
            return (
                [],
                [LexiconDiagnostic(.error, "a LIWC-22 .dicx dictionary is a CSV table: a `DicTerm` column, then one column per category", at: at(1))]
            )
        }
        var ids: [String?] = [nil]
        for name in header.fields.dropFirst() {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                builder.problems.append(.init(.warning, "a column without a category name is left out", at: at(header.line)))
                ids.append(nil)
            } else {
                ids.append(builder.declare(builder.name(trimmed, at: at(header.line)), at: at(header.line)))
            }
        }
        var keptOnChild = 0
        for row in rows.dropFirst() {
            guard let entry = row.fields.first, !entry.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            if row.fields.count > ids.count {
                builder.problems.append(
                    .init(.warning, "`\(entry)`: \(row.fields.count - ids.count) cell(s) beyond the last category column ignored", at: at(row.line)))
            }
            var member: [String] = []
            for (i, cell) in row.fields.enumerated().dropFirst() where i < ids.count {
                let mark = cell.trimmingCharacters(in: .whitespaces)
                guard let id = ids[i], !mark.isEmpty, Double(mark) != 0 else { continue }
                member.append(id)
            }
            if member.isEmpty { builder.problems.append(.init(.warning, "`\(entry)` has no category", at: at(row.line))) }
            // As in .dic files, a word listed under a category and its parent
            // goes on the child only (mentions roll up).
            let leaves = member.filter { id in !member.contains { $0 != id && ConceptID($0).isWithin(id) } }
            if leaves.count < member.count { keptOnChild += 1 }
            for id in leaves { builder.add(entry, to: id, at: at(row.line)) }
        }
        if keptOnChild > 0 {
            builder.problems.append(
                .init(
                    .info,
                    "\(keptOnChild) term(s) listed under a category and its parent are kept on the child only (mentions roll up to the parent)",
                    at: at(1)))
        }
        return builder.finish(empty: "category")
    }

    /// One column per concept (full dotted IDs), one row per distinct value.
    static func write(_ lexicon: Lexicon) -> String {
        var columns: [String: Int] = [:]
        var names: [String] = []
        for c in lexicon.concepts where columns[c.id] == nil {
            columns[c.id] = names.count
            names.append(c.id)
        }
        var order: [String] = []
        var marks: [String: Set<Int>] = [:]
        for c in lexicon.concepts {
            for v in DictionaryValues.values(c.terms) {
                if marks[v] == nil { order.append(v) }
                marks[v, default: []].insert(columns[c.id]!)
            }
        }
        var out = (["DicTerm"] + names).map(CSVTable.field).joined(separator: ",") + "\n"
        for v in order {
            let set = marks[v]!
            out += ([CSVTable.field(v)] + names.indices.map { set.contains($0) ? "X" : "" }).joined(separator: ",") + "\n"
        }
        return out
    }
}

/// Just enough RFC 4180 CSV for dictionary tables: quoted fields (with `""`
/// and line breaks inside), CRLF or LF rows.
enum CSVTable {
    struct Row { var fields: [String]; var line: Int }

    static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = [], field = "", quoted = false, line = 1, start = 1, any = false
        var chars = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            any = true
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\n", "\r\n", "\r":
                fields.append(field)
                rows.append(Row(fields: fields, line: start))
                fields = []; field = ""; any = false
                line += 1; start = line
            default: field.append(c)
            }
        }
        if any { fields.append(field); rows.append(Row(fields: fields, line: start)) }
        return rows
    }

    static func field(_ s: String) -> String {
        s.contains { $0 == "," || $0 == "\"" || $0.isNewline } ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
