/// RFC 4180 records (CSV, or TSV with `delimiter: "\t"`), each with the line
/// it starts on, and malformed records reported instead of guessed at.
/// (The CSV libraries at hand return rows without line numbers and accept
/// stray quotes silently; a scholar needs `file:line` for the bad row.)
public struct DelimitedReader {
    public struct Record: Equatable {
        public var fields: [String]
        /// 1-based line where the record starts.
        public var line: Int
    }

    public struct Malformed: Error, Equatable {
        public var line: Int
        public var reason: String
    }

    /// Splits `text` into records. A malformed record (a stray quote, an
    /// unterminated quoted field) becomes a `Malformed` entry and reading
    /// goes on at the next line.
    public static func records(_ text: String, delimiter: Character = ",") -> [Result<Record, Malformed>] {
        var out: [Result<Record, Malformed>] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var start = 1
        var quoted = false
        var afterQuote = false
        var broken: String?
        var chars = text.makeIterator()
        var pending: Character? = nil
        func finish() {
            fields.append(field)
            if let broken {
                out.append(.failure(Malformed(line: start, reason: broken)))
            } else if !(fields.count == 1 && fields[0].isEmpty) {
                out.append(.success(Record(fields: fields, line: start)))
            }
            fields = []
            field = ""
            broken = nil
            afterQuote = false
        }
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; afterQuote = true; pending = next }
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case delimiter:
                fields.append(field)
                field = ""
                afterQuote = false
            case "\n", "\r\n", "\r":
                finish()
                line += 1
                start = line
            case "\"":
                if field.isEmpty && !afterQuote { quoted = true } else { broken = broken ?? "stray double quote inside an unquoted field" }
            default:
                if afterQuote { broken = broken ?? "text after the closing quote of a field" }
                field.append(c)
            }
        }
        if quoted { broken = "quoted field not closed before the end of the file" }
        if !field.isEmpty || !fields.isEmpty || broken != nil { finish() }
        return out
    }
}
