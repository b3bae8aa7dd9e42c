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
        let context = KWICLine(text: doc.text, mention: m, window: window)
        let left = KWICRow.flat(context.left), match = KWICRow.flat(context.match), right = KWICRow.flat(context.right)
        let year = doc.year.map(String.init) ?? ""
        let join = "," + String(line) + "," + String(m.start) + "," + String(m.end) + "\n"
        for concept in m.concepts {
            out += CSVWriter.encode(.text(doc.id))
            out += ","
            out += year
            out += ","
            out += CSVWriter.encode(.text(concept))
            out += ","
            out += CSVWriter.encode(.text(m.term))
            out += ","
            out += CSVWriter.encode(.text(left))
            out += ","
            out += CSVWriter.encode(.text(match))
            out += ","
            out += CSVWriter.encode(.text(right))
            out += join
            if sample(concept) {
                samples.append(KWICRow(doc: doc.id, year: doc.year, concept: concept, term: m.term, left: left, match: match, right: right,
                                       mention: line, start: m.start, end: m.end))
            }
        }
    }
}
