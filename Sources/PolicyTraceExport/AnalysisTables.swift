import PolicyTraceAggregate
import PolicyTraceLexicon

/// What `concepts.csv` and the report say of one concept.
package struct ConceptRow: Sendable, Equatable {
    package var concept: String
    package var labelEN: String?
    package var labelZH: String?
    var mentions: Int
    var documents: Int
    var first: Int?
    var last: Int?
    var peak: Int?

    /// One row per concept ID, from counts grouped by year alone; a year
    /// with fewer than `minTokens` tokens is never the peak.
    package static func rows(yearCounts: Counts, lexicon: Lexicon, minTokens: Int = 0) -> [ConceptRow] {
        let ids = lexicon.allConceptIDs
        return yearCounts.spans(concepts: ids, minTokens: minTokens).map { span in
            let labels = lexicon.concept(span.concept)?.labels ?? [:]
            return ConceptRow(
                concept: span.concept, labelEN: labels["en"], labelZH: labels["zh"], mentions: span.mentions,
                documents: yearCounts.total(span.concept).documents, first: span.first, last: span.last, peak: span.peak)
        }
    }
}

/// The derived tables: wide timeline, concept spans, top terms.
extension OutputFiles {
    /// `timeline_wide.csv`: one row per group, one column per concept, holding `measure`.
    package static func timelineWide(_ counts: Counts, concepts: [String], groupFields: [String], measure: Measure, excel: Bool = false) -> String {
        var csv = CSVWriter(header: groupFields + concepts, byteOrderMark: excel)
        let rows = counts.timeline(concepts: concepts)
        var i = 0
        while i < rows.count {
            let group = rows[i].group
            var fields = group.map(groupCell)
            while i < rows.count && rows[i].group == group {
                let v = measure.value(of: rows[i])
                fields.append(measure.isCount ? .int(Int(v)) : .double(v))
                i += 1
            }
            csv.append(fields)
        }
        return csv.text
    }

    /// `concepts.csv`: per concept its totals and first, last and peak year.
    package static func concepts(_ rows: [ConceptRow], excel: Bool = false) -> String {
        var csv = CSVWriter(
            header: ["concept", "label_en", "label_zh", "mentions", "documents", "first_year", "last_year", "peak_year"], byteOrderMark: excel)
        for r in rows {
            csv.append([
                .text(r.concept), .optional(r.labelEN), .optional(r.labelZH), .int(r.mentions), .int(r.documents),
                .optional(r.first), .optional(r.last), .optional(r.peak),
            ])
        }
        return csv.text
    }

    /// `top_terms.csv`: per time group and concept, its terms by mentions (most first).
    package static func topTerms(_ terms: TermCounts, timeField: String, excel: Bool = false) -> String {
        var csv = CSVWriter(header: [timeField, "concept", "term", "mentions"], byteOrderMark: excel)
        for e in terms.ranked { csv.append([groupCell(e.group), .text(e.concept), .text(e.term), .int(e.mentions)]) }
        return csv.text
    }
}
