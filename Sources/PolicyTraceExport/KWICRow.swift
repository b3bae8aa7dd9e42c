import PolicyTraceIngest
import PolicyTraceTag

/// One `kwic.csv` row: a mention seen through one of its concepts, with its
/// context. Line breaks and tabs in the context read as spaces, so each row
/// shows on one line in a spreadsheet. `mention` (the mention's line in
/// `mentions.jsonl`) and `start`/`end` join a coded row back to the mention.
package struct KWICRow: Sendable, Equatable {
    package var doc: String
    package var year: Int?
    package var concept: String
    package var term: String
    package var left: String
    package var match: String
    package var right: String
    /// 1-based line of the mention in `mentions.jsonl`.
    var mention: Int
    package var start: Int
    package var end: Int
    /// The mention's page (1-based) in a paginated document (PDF, OFD); nil otherwise.
    package var page: Int?

    package init(
        doc: String, year: Int?, concept: String, term: String, left: String, match: String, right: String,
        mention: Int, start: Int, end: Int, page: Int? = nil
    ) {
        (self.doc, self.year, self.concept, self.term, self.left, self.match, self.right) = (doc, year, concept, term, left, match, right)
        (self.mention, self.start, self.end, self.page) = (mention, start, end, page)
    }

    /// One row per concept of the mention; `line` is its `mentions.jsonl` line.
    package static func rows(doc: Document, mention: Mention, line: Int, window: Int) -> [KWICRow] {
        let context = KWICLine(text: doc.text, mention: mention, window: window)
        return mention.concepts.map {
            KWICRow(
                doc: doc.id, year: doc.year, concept: $0, term: mention.term,
                left: flat(context.left), match: flat(context.match), right: flat(context.right),
                mention: line, start: mention.start, end: mention.end, page: doc.page(at: mention.start))
        }
    }

    /// Line breaks and tabs read as spaces.
    package static func flat(_ s: String) -> String {
        if Plain.utf8(s, controls: false, { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return s }
        // The three are ASCII: replaced byte for byte in the UTF-8.
        var bytes = Array(s.utf8)
        for i in bytes.indices where bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { bytes[i] = 0x20 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `page` is last (empty for documents without pages).
    package static let header = ["doc", "year", "concept", "term", "left", "match", "right", "mention", "start", "end", "page"]

    var fields: [CSVField] {
        [
            .text(doc), .optional(year), .text(concept), .text(term), .text(left), .text(match), .text(right),
            .int(mention), .int(start), .int(end), .optional(page),
        ]
    }
}

/// The first few KWIC rows of each concept in corpus order: the report's samples.
package struct KWICSamples: Sendable {
    let perConcept: Int
    private var byConcept: [String: [KWICRow]] = [:]

    package init(perConcept: Int) { self.perConcept = perConcept }

    package mutating func offer(_ row: KWICRow) {
        if byConcept[row.concept, default: []].count < perConcept { byConcept[row.concept, default: []].append(row) }
    }

    /// By concept, then corpus order.
    package var rows: [KWICRow] {
        byConcept.sorted { $0.key < $1.key }.flatMap(\.value)
    }
}
