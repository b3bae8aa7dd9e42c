import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceStore
import PolicyTraceTag
import PolicyTraceText

/// The `kwic.csv` rows of a mention written straight into a buffer, with
/// the report's samples taken from the same rows.
enum Rendering {
    /// The rows of `KWICRow.rows(doc:mention:line:window:)`, encoded as
    /// `CSVWriter` encodes them; `sample` says for each concept whether to
    /// keep its row (a report sample) in `samples`.
    static func kwicRows(doc: Document, mention m: Mention, line: Int, window: Int, into out: inout String,
                         sample: (String) -> Bool, samples: inout [KWICRow]) {
        var text = doc.text
        text.withUTF8 {
            kwicRows(doc: doc, text: $0, mention: m, fields: MentionFields(m), line: line, window: window, into: &out, sample: sample, samples: &samples)
        }
    }

    /// What every mention of one term (with the same concepts and language)
    /// writes the same, encoded once: the `mentions.jsonl` line from its
    /// concepts up to its text, and the `kwic.csv` cells of its concepts and term.
    struct MentionFields {
        /// `[concepts],"term":…,"lang":…,"text":`, as `OutputFiles.appendMentionLine` writes it.
        var json: String
        var concepts: [String]
        var term: String

        init(_ m: Mention) {
            var json = "["
            for (i, c) in m.concepts.enumerated() {
                if i > 0 { json += "," }
                json += JSON.quote(c)
            }
            json += "],\"term\":"
            json += JSON.quote(m.term)
            json += ",\"lang\":"
            json += JSON.quote(m.language.rawValue)
            json += ",\"text\":"
            self.json = json
            concepts = m.concepts.map { CSVWriter.encode(.text($0)) }
            term = CSVWriter.encode(.text(m.term))
        }
    }

    /// `OutputFiles.appendMentionLine` with the mention's shared fields encoded before.
    static func appendMentionLine(prefix: String, _ fields: MentionFields, _ m: Mention, page: Int?, to out: inout String) {
        out += prefix
        out += fields.json
        out += JSON.quote(m.text)
        out += ",\"start\":"
        out += String(m.start)
        out += ",\"end\":"
        out += String(m.end)
        if let page {
            out += ",\"page\":"
            out += String(page)
        }
        out += "}\n"
    }

    /// The same, with `text` the document text's UTF-8 bytes: the context is
    /// cut from the bytes (as `KWICLine` cuts it from the code points) and
    /// its line breaks and tabs turned into spaces byte by byte (they are
    /// ASCII, so never part of a longer sequence), as `KWICRow.flat` does.
    static func kwicRows(doc: Document, text: UnsafeBufferPointer<UInt8>, mention m: Mention, fields: MentionFields, line: Int, window: Int,
                         into out: inout String, sample: (String) -> Bool, samples: inout [KWICRow]) {
        var a = m.utf8Start, k = 0
        while k < window && a > 0 {
            a -= 1
            while a > 0 && text[a] & 0xC0 == 0x80 { a -= 1 }
            k += 1
        }
        var b = m.utf8End
        k = 0
        while k < window && b < text.count {
            let lead = text[b]
            b += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            k += 1
        }
        let left = flat(text, a, m.utf8Start), match = flat(text, m.utf8Start, m.utf8End), right = flat(text, m.utf8End, min(b, text.count))
        let year = doc.year.map(String.init) ?? ""
        let page = doc.page(at: m.start)
        var join = ","
        join += String(line)
        join += ","
        join += String(m.start)
        join += ","
        join += String(m.end)
        join += ","
        if let page { join += String(page) }
        join += "\n"
        let id = CSVWriter.encode(.text(doc.id))
        let context = CSVWriter.encode(.text(left)) + "," + CSVWriter.encode(.text(match)) + "," + CSVWriter.encode(.text(right))
        for (c, concept) in m.concepts.enumerated() {
            out += id
            out += ","
            out += year
            out += ","
            out += fields.concepts[c]
            out += ","
            out += fields.term
            out += ","
            out += context
            out += join
            if sample(concept) {
                samples.append(KWICRow(doc: doc.id, year: doc.year, concept: concept, term: m.term, left: left, match: match, right: right,
                                       mention: line, start: m.start, end: m.end, page: page))
            }
        }
    }

    /// `text[a..<b]` with line breaks and tabs as spaces.
    static func flat(_ text: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> String {
        let bytes = UnsafeBufferPointer(rebasing: text[a..<b])
        guard bytes.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            for (i, c) in bytes.enumerated() { out[i] = c == 0x0A || c == 0x0D || c == 0x09 ? 0x20 : c }
            return bytes.count
        }
    }
}
