import PolicyTraceIngest

/// The group a document is counted in: one value per `--by` field, its year
/// binned into periods when `--period` is set, empty where it has no value.
///
///     Grouping.key(doc, fields: ["year"], period: nil)       // ["2014"]
///     Grouping.key(doc, fields: ["year"], period: 5)         // ["2010-2014"]
///     Grouping.key(doc, fields: ["year", "issuer"], period: nil) // ["2014", "国务院"]
public enum Grouping {
    /// The fields read from the document itself; any other field is one of its
    /// metadata fields (a JSON Lines or CSV record's own columns).
    package static let documentFields = ["year", "issuer", "lang", "language", "source", "year_source", "encoding"]

    public static func key(_ doc: Document, fields: [String], period: Int?) -> [String] {
        fields.map { field in
            switch field {
            case "year": return doc.year.map { yearGroup($0, period: period) } ?? ""
            case "issuer": return doc.issuer ?? ""
            case "lang", "language": return doc.language
            case "source": return doc.source
            case "year_source": return doc.yearSource?.rawValue ?? ""
            case "encoding": return doc.encoding
            default: return doc.metadata[field] ?? ""
            }
        }
    }

    /// A year, or the period of `period` years holding it: periods start at
    /// multiples of `period` (2010-2014, 2015-2019 for 5).
    static func yearGroup(_ year: Int, period: Int?) -> String {
        guard let p = period, p > 1 else { return String(year) }
        let start = year - ((year % p) + p) % p
        return "\(start)-\(start + p - 1)"
    }
}
