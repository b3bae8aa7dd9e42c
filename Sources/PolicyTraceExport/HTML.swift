/// HTML text escaping: corpus text reaches the report only through this.
enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as character references; safe in text and in quoted attributes.
    static func escape(_ s: String) -> String {
        // The five are ASCII: look for them on the UTF-8 bytes, copy the rest as is.
        func special(_ b: UInt8) -> Bool { b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27 }
        guard s.utf8.contains(where: special) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        for b in s.utf8 {
            switch b {
            case 0x26: out += "&amp;".utf8
            case 0x3C: out += "&lt;".utf8
            case 0x3E: out += "&gt;".utf8
            case 0x22: out += "&quot;".utf8
            case 0x27: out += "&#39;".utf8
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
