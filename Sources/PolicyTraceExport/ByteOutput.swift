/// The encoders of `mentions.jsonl` and `kwic.csv`, most of a run's output,
/// on UTF-8 bytes appended to a buffer: no `String` per field or line. Each
/// writes the bytes its `String` counterpart writes (`JSON.quote`,
/// `CSVWriter.encode`, `KWICRow.flat`); `ParallelOutputTests` holds them to it.
package enum ByteOutput {
    /// `JSON.quote(s)`: RFC 8259 escaping, non-ASCII kept as UTF-8.
    package static func appendJSONString(_ s: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(0x22)
        var plainFrom = 0, i = 0
        func escape(_ bytes: StaticString, skipping n: Int) {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: s[plainFrom..<i]))
            bytes.withUTF8Buffer { out.append(contentsOf: $0) }
            i += n
            plainFrom = i
        }
        while i < s.count {
            switch s[i] {
            case 0x22: escape("\\\"", skipping: 1)
            case 0x5C: escape("\\\\", skipping: 1)
            case 0x0A: escape("\\n", skipping: 1)
            case 0x0D: escape("\\r", skipping: 1)
            case 0x09: escape("\\t", skipping: 1)
            case let b where b < 0x20:
                out.append(contentsOf: UnsafeBufferPointer(rebasing: s[plainFrom..<i]))
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex(b >> 4), hex(b & 0xF)])
                i += 1
                plainFrom = i
            case 0xE2 where i + 2 < s.count && s[i + 1] == 0x80 && s[i + 2] == 0xA8: escape("\\u2028", skipping: 3)
            case 0xE2 where i + 2 < s.count && s[i + 1] == 0x80 && s[i + 2] == 0xA9: escape("\\u2029", skipping: 3)
            default: i += 1
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: s[plainFrom..<s.count]))
        out.append(0x22)
    }

    package static func appendJSONString(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendJSONString($0, to: &out) }
    }

    /// `CSVWriter.encode(.text(KWICRow.flat(s)))`: line breaks and tabs as
    /// spaces, an apostrophe before a leading `= + - @`, quotes around a
    /// field with `,` or `"` (doubled inside).
    package static func appendFlatCSV(_ s: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let first = s.first else { return }
        let quoted = s.contains { $0 == 0x2C || $0 == 0x22 }
        if quoted { out.append(0x22) }
        if first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 { out.append(0x27) }
        var plainFrom = 0
        for i in s.indices {
            let b = s[i]
            guard b == 0x0A || b == 0x0D || b == 0x09 || (quoted && b == 0x22) else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: s[plainFrom..<i]))
            out.append(b == 0x22 ? 0x22 : 0x20)
            plainFrom = b == 0x22 ? i : i + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: s[plainFrom..<s.count]))
        if quoted { out.append(0x22) }
    }

    /// `CSVWriter.encode(.text(s))` of a cell written the same on many rows.
    package static func csvCell(_ s: String) -> [UInt8] { Array(CSVWriter.encode(.text(s)).utf8) }

    /// `String(n)`.
    package static func appendDecimal(_ n: Int, to out: inout [UInt8]) {
        if n < 0 {
            out.append(0x2D)
            guard n != .min else {
                out.append(contentsOf: String(n).utf8.dropFirst())
                return
            }
            appendDecimal(-n, to: &out)
            return
        }
        if n < 10 {
            out.append(0x30 + UInt8(n))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            var v = n
            while v > 0 {
                buffer[23 - count] = 0x30 + UInt8(v % 10)
                v /= 10
                count += 1
            }
            out.append(contentsOf: buffer[(24 - count)...])
        }
    }

    private static func hex(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }
}
