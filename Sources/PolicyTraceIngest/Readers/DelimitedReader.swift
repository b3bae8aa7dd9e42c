/// RFC 4180 records (CSV, or TSV with `delimiter: "\t"`), each with the line
/// it starts on, and malformed records reported instead of guessed at.
/// (The CSV libraries at hand return rows without line numbers and accept
/// stray quotes silently; a scholar needs `file:line` for the bad row.)
package struct DelimitedReader {
    package struct Record: Equatable {
        package var fields: [String]
        /// 1-based line where the record starts.
        package var line: Int
    }

    package struct Malformed: Error, Equatable {
        package var line: Int
        package var reason: String
    }

    /// Splits `text` into records. A malformed record (a stray quote, an
    /// unterminated quoted field) becomes a `Malformed` entry and reading
    /// goes on at the next line. `firstLine` is the number of lines before
    /// `text` (for a piece of a larger file).
    package static func records(_ text: String, delimiter: Character = ",", firstLine: Int = 0) -> [Result<Record, Malformed>] {
        var text = text
        return text.withUTF8 { bytes in
            var scanner = Scanner(delimiter: delimiter, collect: true, firstLine: firstLine)
            var out: [Result<Record, Malformed>] = []
            for b in bytes { _ = scanner.feed(b, into: &out) }
            scanner.end(into: &out)
            return out
        }
    }

    /// The record reader as a byte-at-a-time state machine over UTF-8 (or any
    /// ASCII-compatible encoding), so a large file can be cut into pieces at
    /// record ends without holding it whole. With `collect` off it only
    /// counts lines and records.
    struct Scanner {
        let delimiter: UInt8
        let collect: Bool
        /// The line the next byte is on (1-based).
        private(set) var line: Int
        /// Records finished so far (malformed ones included, blank lines not).
        private(set) var records = 0
        var start: Int
        var quoted = false
        var quotePending = false
        var afterQuote = false
        var crPending = false
        var broken: String?
        var fieldCount = 0
        var fieldHasContent = false
        var field: [UInt8] = []
        var fields: [String] = []

        init(delimiter: Character, collect: Bool, firstLine: Int = 0) {
            self.delimiter = delimiter.asciiValue ?? 0x2C
            self.collect = collect
            line = firstLine + 1
            start = line
        }

        /// Takes one byte; finished records go to `out` (when collecting).
        /// Returns true when the byte is a line feed that ends a record: a
        /// place where the input may be cut.
        @inline(__always)
        mutating func feed(_ b: UInt8, into out: inout [Result<Record, Malformed>]) -> Bool {
            if crPending {
                crPending = false
                if b == 0x0A { return true }
            }
            if quotePending {
                quotePending = false
                if b == 0x22 {
                    add(b)
                    return false
                }
                quoted = false
                afterQuote = true
            }
            if quoted {
                if b == 0x22 {
                    quotePending = true
                } else {
                    if b == 0x0A { line += 1 }
                    add(b)
                }
                return false
            }
            switch b {
            case delimiter:
                endField()
                afterQuote = false
            case 0x0A, 0x0D:
                finish(into: &out)
                line += 1
                start = line
                if b == 0x0D { crPending = true } else { return true }
            case 0x22:
                if !fieldHasContent && !afterQuote { quoted = true } else { broken = broken ?? "stray double quote inside an unquoted field" }
            default:
                if afterQuote { broken = broken ?? "text after the closing quote of a field" }
                add(b)
            }
            return false
        }

        /// Ends the input: a last record without a line end, or an open quote.
        mutating func end(into out: inout [Result<Record, Malformed>]) {
            if quotePending {
                quotePending = false
                quoted = false
                afterQuote = true
            }
            if quoted { broken = "quoted field not closed before the end of the file" }
            if fieldHasContent || fieldCount > 0 || broken != nil { finish(into: &out) }
        }

        @inline(__always)
        mutating func add(_ b: UInt8) {
            fieldHasContent = true
            if collect { field.append(b) }
        }

        mutating func endField() {
            if collect {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            }
            fieldCount += 1
            fieldHasContent = false
        }

        mutating func finish(into out: inout [Result<Record, Malformed>]) {
            let blank = fieldCount == 0 && !fieldHasContent && broken == nil
            endField()
            if !blank {
                records += 1
                if collect {
                    if let broken {
                        out.append(.failure(Malformed(line: start, reason: broken)))
                    } else {
                        out.append(.success(Record(fields: fields, line: start)))
                    }
                }
            }
            fields.removeAll(keepingCapacity: true)
            fieldCount = 0
            broken = nil
            afterQuote = false
        }
    }
}
