/// Hand-rolled JSON for outputs whose key order is part of the contract
/// (docs/FORMATS.md): the same input gives the same bytes.
package enum JSON {
    /// A JSON value written in the order given.
    package indirect enum Value: Sendable, Equatable {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
        case null
        case array([Value])
        case object([(String, Value)])

        package static func == (a: Value, b: Value) -> Bool { a.encoded() == b.encoded() }

        package static func optional(_ s: String?) -> Value { s.map(Value.string) ?? .null }
        package static func optional(_ n: Int?) -> Value { n.map(Value.int) ?? .null }

        /// Compact (one line) or indented encoding.
        package func encoded(indent: Int? = nil, level: Int = 0) -> String {
            var out = ""
            append(to: &out, indent: indent, level: level)
            return out
        }

        /// Appends `encoded(indent:level:)` to `out`, without building a
        /// string per value (a manifest lists every corpus file).
        package func append(to out: inout String, indent: Int?, level: Int) {
            func newline(_ depth: Int) {
                guard let indent else { return }
                out += "\n"
                out += String(repeating: " ", count: indent * depth)
            }
            switch self {
            case .string(let s): out += JSON.quote(s)
            case .int(let n): out += String(n)
            case .double(let d): out += d.isFinite ? CSVWriter.formatNumber(d) : "null"
            case .bool(let b): out += b ? "true" : "false"
            case .null: out += "null"
            case .array(let items):
                if items.isEmpty { out += "[]"; return }
                out += "["
                for (k, item) in items.enumerated() {
                    if k > 0 { out += "," }
                    newline(level + 1)
                    item.append(to: &out, indent: indent, level: level + 1)
                }
                newline(level)
                out += "]"
            case .object(let pairs):
                if pairs.isEmpty { out += "{}"; return }
                out += "{"
                for (k, (key, value)) in pairs.enumerated() {
                    if k > 0 { out += "," }
                    newline(level + 1)
                    out += JSON.quote(key)
                    out += indent == nil ? ":" : ": "
                    value.append(to: &out, indent: indent, level: level + 1)
                }
                newline(level)
                out += "}"
            }
        }
    }

    /// A JSON string literal (RFC 8259 escaping; non-ASCII kept as UTF-8).
    package static func quote(_ s: String) -> String {
        if Plain.utf8(s, controls: true, { $0 == 0x22 || $0 == 0x5C }) { return "\"" + s + "\"" }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}

/// A byte scan that lets the writers skip escaping for the common text that
/// needs none.
enum Plain {
    /// True when `s` has no byte of `special` and, with `controls`, no byte
    /// below 0x20 nor U+2028/U+2029.
    @inline(__always)
    static func utf8(_ s: String, controls: Bool, _ special: (UInt8) -> Bool) -> Bool {
        var s = s
        return s.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if special(b)
                    || (controls
                        && (b < 0x20 || (b == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9))))
                {
                    return false
                }
                i += 1
            }
            return true
        }
    }
}

/// `"name"` and `3` as JSON values, for keys written out in code.
extension JSON.Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .int(value) }
}
