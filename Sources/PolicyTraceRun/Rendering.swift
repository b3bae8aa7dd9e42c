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
        text.withUTF8 { kwicRows(doc: doc, text: $0, mention: m, line: line, window: window, into: &out, sample: sample, samples: &samples) }
    }

    /// The same, with `text` the document text's UTF-8 bytes: the context is
    /// cut from the bytes (as `KWICLine` cuts it from the code points) and
    /// its line breaks and tabs turned into spaces byte by byte (they are
    /// ASCII, so never part of a longer sequence), as `KWICRow.flat` does.
    static func kwicRows(doc: Document, text: UnsafeBufferPointer<UInt8>, mention m: Mention, line: Int, window: Int,
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
        let id = CSVWriter.encode(.text(doc.id)), term = CSVWriter.encode(.text(m.term))
        let context = CSVWriter.encode(.text(left)) + "," + CSVWriter.encode(.text(match)) + "," + CSVWriter.encode(.text(right))
        for concept in m.concepts {
            out += id
            out += ","
            out += year
            out += ","
            out += CSVWriter.encode(.text(concept))
            out += ","
            out += term
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
