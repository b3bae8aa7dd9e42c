import PolicyTraceIngest
import PolicyTraceLexicon

/// A mistake in what `run` was asked to do: named, with a suggestion, before
/// any output is replaced.
public struct RunError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    /// Checks the options that can be judged before reading anything.
    public static func check(_ options: RunOptions) throws {
        if let p = options.period, p < 1 { throw RunError("--period must be a positive number of years, not \(p) (e.g. --period 5)") }
        if options.kwicWindow < 0 { throw RunError("--kwic-window must be 0 or more code points, not \(options.kwicWindow)") }
        if options.groupBy.isEmpty || options.groupBy.contains(where: \.isEmpty) {
            throw RunError("--by wants comma-separated field names, e.g. --by year,issuer")
        }
    }

    /// The first `--by` field that is neither a document field nor a
    /// metadata field of some document, with the nearest known name.
    static func unknownGroupFields(_ fields: [String], seen: Set<String>) -> RunError? {
        let documentFields = Pipeline.documentGroupFields
        guard let first = fields.first(where: { !documentFields.contains($0) && !seen.contains($0) }) else { return nil }
        let known = documentFields + seen.sorted()
        var text = "--by \(first): no document has a field of that name"
        if let nearest = NearestName.to(first, among: known) { text += "; did you mean \(nearest)?" }
        return RunError(text + " Fields: \(known.joined(separator: ", ")).")
    }
}
