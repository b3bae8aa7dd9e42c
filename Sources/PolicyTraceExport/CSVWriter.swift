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
            // Every byte looked for is ASCII, so the UTF-8 bytes show the
            // scalars ("\r\n" is one Character, but two scalars here).
            // `= + - @`, tab and CR open a formula; `,` `"` LF and CR need quotes.
            func opensFormula(_ b: UInt8) -> Bool { b == 0x3D || b == 0x2B || b == 0x2D || b == 0x40 || b == 0x09 || b == 0x0D }
            func needsQuotes(_ b: UInt8) -> Bool { b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D }
            guard let first = raw.utf8.first else { return raw }
            let apostrophe = opensFormula(first)
            guard !Plain.utf8(raw, controls: false, needsQuotes) else { return apostrophe ? "'" + raw : raw }
            var quoted: [UInt8] = [0x22]
            quoted.reserveCapacity(raw.utf8.count + 8)
            if apostrophe { quoted.append(0x27) }
            for b in raw.utf8 {
                quoted.append(b)
                if b == 0x22 { quoted.append(b) }
            }
            quoted.append(0x22)
            return String(decoding: quoted, as: UTF8.self)
        }
    }

    /// Six decimals at most, trailing zeros dropped: the same bytes on every run.
    static func formatNumber(_ d: Double) -> String {
        // Whole numbers (most counts and zero rates) need no formatting.
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        // C's printf, not Foundation's String(format:), which cost 7% of a
        // run's instructions here (the same digits: both are printf's).
        var s = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            _ = withVaList([d]) { vsnprintf(buffer.baseAddress, buffer.count, "%.6f", $0) }
            return String(cString: buffer.baseAddress!)
        }
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}
