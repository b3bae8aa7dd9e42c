import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceTag

/// The per-mention output rows of the pipeline, written straight into a
/// buffer. Each function gives exactly the bytes of its counterpart in
/// `PolicyTraceExport` (`OutputFiles.mentionLine`, `CSVWriter.encode`,
/// `KWICRow`), which it falls back to for text that needs escaping;
/// `RenderingTests` holds them to that on the real corpus.
enum Rendering {
    /// True when `s` has no byte of `special` and no byte below 0x20 (with
    /// `controls`) nor U+2028/U+2029: it is written as it is.
    @inline(__always)
    static func plain(_ s: String, controls: Bool, _ special: (UInt8) -> Bool) -> Bool {
        var s = s
        return s.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if special(b) || (controls && (b < 0x20 || (b == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)))) {
                    return false
                }
                i += 1
            }
            return true
        }
    }

    static func jsonString(_ s: String, into out: inout String) {
        if plain(s, controls: true, { $0 == 0x22 || $0 == 0x5C }) {
            out += "\""
            out += s
            out += "\""
        } else {
            out += JSON.quote(s)
        }
    }

    /// `OutputFiles.mentionLine(doc:mention:)` plus a newline; `prefix` is
    /// `mentionPrefix(doc)`.
    static func mentionLine(prefix: String, _ m: Mention, into out: inout String) {
        out += prefix
        if m.concepts.isEmpty {
            out += "[]"
        } else {
            out += "["
            for (i, c) in m.concepts.enumerated() {
                if i > 0 { out += "," }
                jsonString(c, into: &out)
            }
            out += "]"
        }
        out += ",\"term\":"
        jsonString(m.term, into: &out)
        out += ",\"lang\":"
        jsonString(m.language.rawValue, into: &out)
        out += ",\"text\":"
        jsonString(m.text, into: &out)
        out += ",\"start\":"
        out += String(m.start)
        out += ",\"end\":"
        out += String(m.end)
        out += "}\n"
    }

    /// The part of a document's mention lines before the concepts.
    static func mentionPrefix(_ doc: Document) -> String {
        var out = "{\"doc\":"
        jsonString(doc.id, into: &out)
        out += ",\"year\":"
        out += doc.year.map(String.init) ?? "null"
        out += ",\"concepts\":"
        return out
    }

    /// `CSVWriter.encode` for a text cell.
    static func csvText(_ s: String, into out: inout String) {
        if let first = s.utf8.first, first != 0x3D, first != 0x2B, first != 0x2D, first != 0x40, first != 0x09, first != 0x0D,
           plain(s, controls: false, { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            out += s
        } else {
            out += CSVWriter.encode(.text(s))
        }
    }

    /// A CSV row as `CSVWriter.append` writes it.
    static func csvRow(_ fields: [CSVField], into out: inout String) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out += "," }
            switch f {
            case .text(let s): csvText(s, into: &out)
            case .int(let n): out += String(n)
            default: out += CSVWriter.encode(f)
            }
        }
        out += "\n"
    }

    /// `KWICRow.flat`: line breaks and tabs read as spaces.
    static func flat(_ s: String) -> String {
        if plain(s, controls: false, { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 }))
    }

    /// The `kwic.csv` rows of a mention (one per concept), as `KWICRow.rows`
    /// gives them; `sample` says for each concept whether to keep its row
    /// (a report sample) in `samples`.
    static func kwicRows(doc: Document, mention m: Mention, window: Int, into out: inout String,
                         sample: (String) -> Bool, samples: inout [KWICRow]) {
        let line = KWICLine(text: doc.text, mention: m, window: window)
        let left = flat(line.left), match = flat(line.match), right = flat(line.right)
        for concept in m.concepts {
            csvText(doc.id, into: &out)
            out += ","
            if let y = doc.year { out += String(y) }
            out += ","
            csvText(concept, into: &out)
            out += ","
            csvText(m.term, into: &out)
            out += ","
            csvText(left, into: &out)
            out += ","
            csvText(match, into: &out)
            out += ","
            csvText(right, into: &out)
            out += "\n"
            if sample(concept), let row = KWICRow.rows(doc: doc, mention: m, window: window).first(where: { $0.concept == concept }) {
                samples.append(row)
            }
        }
    }
}
