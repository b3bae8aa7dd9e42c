import Foundation

/// One CSV cell. Text cells are guarded against formula injection; numbers
/// are written as numbers.
package enum CSVField: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    case int(Int)
    case double(Double)
    case empty

    package init(stringLiteral value: String) { self = .text(value) }

    /// `.text` or `.empty` for nil.
    static func optional(_ s: String?) -> CSVField { s.map(CSVField.text) ?? .empty }
    static func optional(_ n: Int?) -> CSVField { n.map(CSVField.int) ?? .empty }
}

/// RFC 4180 CSV (comma, CRLF-free `\n` rows, double-quote escaping) for R,
/// pandas, Stata and Excel. A text cell beginning with `=`, `+`, `-`, `@`,
/// tab or carriage return gets a leading `'` so spreadsheet programs never
/// run it as a formula — always, not only for Excel.
package struct CSVWriter: Sendable {
    /// Write a UTF-8 byte-order mark first, so Excel opens Chinese correctly.
    var byteOrderMark: Bool
    private(set) var buffer = ""

    package init(header: [String], byteOrderMark: Bool = false) {
        self.byteOrderMark = byteOrderMark
        if byteOrderMark { buffer = "\u{FEFF}" }
        append(header.map(CSVField.text))
    }

    mutating func append(_ fields: [CSVField]) {
        Self.appendRow(fields, to: &buffer)
    }

    /// One row, as `append` writes it, onto any buffer.
    static func appendRow(_ fields: [CSVField], to out: inout String) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out += "," }
            out += encode(f)
        }
        out += "\n"
    }

    package var text: String { buffer }

    /// The rows appended since the last drain, emptied: for CSV files
    /// written a batch at a time (`kwic.csv`) instead of held in memory.
    mutating func drain() -> String {
        defer { buffer = "" }
        return buffer
    }

    package static func encode(_ field: CSVField) -> String {
        switch field {
        case .empty: return ""
        case .int(let n): return String(n)
        case .double(let d): return formatNumber(d)
        case .text(let raw):
            if let first = raw.utf8.first, first != 0x3D, first != 0x2B, first != 0x2D, first != 0x40, first != 0x09, first != 0x0D,
                Plain.utf8(raw, controls: false, { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
            {
                return raw
            }
            var s = raw
            if let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { s = "'" + s }
            // Scalars, not Characters: "\r\n" is one Character, and a quote
            // followed by a combining mark is another.
            guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            var quoted = String.UnicodeScalarView()
            quoted.append("\"")
            for u in s.unicodeScalars {
                quoted.append(u)
                if u == "\"" { quoted.append(u) }
            }
            quoted.append("\"")
            return String(quoted)
        }
    }

    /// Six decimals at most, trailing zeros dropped: the same bytes on every run.
    static func formatNumber(_ d: Double) -> String {
        var s = String(format: "%.6f", d)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}
