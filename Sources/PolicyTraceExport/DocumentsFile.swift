import Foundation
import PolicyTraceAggregate
import PolicyTraceIngest
import PolicyTraceLexicon

/// `documents.csv`: one row per document (chronology events have their own
/// file), the concept columns, then one column per field the corpus's
/// records carry besides text, id, title, year, date, issuer and document
/// number (`url`, `subject`, …), which quanteda keeps as document variables.
package enum DocumentsFile {
    static let fixedColumns = ["doc", "year", "year_source", "title", "lang", "tokens", "mentions"]

    /// The record fields' column names, sorted: the field's own name, or
    /// `field_NAME` where a fixed or concept column already has that name.
    static func fieldColumns(_ fields: Set<String>, concepts: [String]) -> [(field: String, column: String)] {
        let taken = Set(fixedColumns + concepts)
        return fields.sorted().map { ($0, taken.contains($0) ? "field_" + $0 : $0) }
    }

    /// One row up to the concept columns, with its line end. `mentions` is
    /// the sum of the family columns; an undated document's `year_source` is
    /// `none`, as in the run summary. The row is built as bytes and
    /// appended to `out` once: a corpus of small files writes one a document.
    package static func appendRow(_ doc: Document, _ tally: DocumentTally, concepts: [String], to out: inout String) {
        var total = 0
        for (id, n) in tally.mentions where ConceptID(id).isFamily { total += n }
        var row: [UInt8] = []
        row.reserveCapacity(128 + 2 * concepts.count)
        let fixed: [CSVField] = [
            .text(doc.id), .optional(doc.year), .text(doc.yearSource?.rawValue ?? "none"), .optional(doc.title),
            .text(doc.language), .int(tally.tokens), .int(total),
        ]
        for (i, field) in fixed.enumerated() {
            if i > 0 { row.append(0x2C) }
            row += CSVWriter.encode(field).utf8
        }
        for id in concepts {
            row.append(0x2C)
            ByteOutput.appendDecimal(tally.mentions[id] ?? 0, to: &row)
        }
        row.append(0x0A)
        out += String(decoding: row, as: UTF8.self)
    }

    /// The whole file from values.
    static func text(_ rows: [(Document, DocumentTally)], concepts: [String], excel: Bool = false) -> String {
        let columns = fieldColumns(Set(rows.flatMap { $0.0.metadata.keys }), concepts: concepts)
        var csv = CSVWriter(header: fixedColumns + concepts + columns.map(\.column), byteOrderMark: excel)
        var out = ""
        for (doc, tally) in rows {
            appendRow(doc, tally, concepts: concepts, to: &out)
            out.removeLast()
            for c in columns { out += "," + CSVWriter.encode(.optional(doc.metadata[c.field])) }
            out += "\n"
        }
        return csv.drain() + out
    }

    /// Rows streamed to a scratch file as documents are counted; `finish`
    /// writes the file with the header and the record-field columns, which
    /// are known only once every record has been read.
    package final class Rows {
        let scratch: URL
        let handle: FileHandle
        var lengths: [Int] = []
        var fields: [(row: Int, fields: [String: String])] = []
        var names = Set<String>()

        package init(scratch: URL) throws {
            self.scratch = scratch
            _ = FileManager.default.createFile(atPath: scratch.path, contents: nil)
            handle = try FileHandle(forWritingTo: scratch)
        }

        deinit { try? handle.close() }

        /// Rows written by `appendRow`, their byte lengths, and the record
        /// fields of those that have any (by row index within `text`).
        package func append(_ text: String, lengths rowLengths: [Int], fields rowFields: [(row: Int, fields: [String: String])]) throws {
            for (row, f) in rowFields {
                names.formUnion(f.keys)
                fields.append((row: lengths.count + row, fields: f))
            }
            lengths += rowLengths
            if !text.isEmpty { try handle.write(contentsOf: Data(text.utf8)) }
        }

        package func finish(concepts: [String], excel: Bool, into write: (Data) throws -> Void) throws {
            try handle.close()
            let columns = fieldColumns(names, concepts: concepts)
            try write(Data(CSVWriter(header: fixedColumns + concepts + columns.map(\.column), byteOrderMark: excel).text.utf8))
            let body = try Data(contentsOf: scratch, options: .alwaysMapped)
            guard !columns.isEmpty else { return try write(body) }
            var out = Data()
            var offset = body.startIndex, next = 0
            for (row, length) in lengths.enumerated() {
                out.append(body[offset..<offset + length - 1])
                let f: [String: String]? = next < fields.count && fields[next].row == row ? fields[next].fields : nil
                if f != nil { next += 1 }
                for c in columns {
                    out.append(0x2C)
                    if let v = f?[c.field] { out.append(contentsOf: CSVWriter.encode(.text(v)).utf8) }
                }
                out.append(0x0A)
                offset += length
                if out.count > 1 << 20 { try write(out); out.removeAll(keepingCapacity: true) }
            }
            try write(out)
        }
    }
}
