import Foundation
import PolicyTraceAggregate
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceText

/// A mistake in what `run` was asked to do: named, with a suggestion, before
/// any output is replaced.
public struct RunError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    /// Checks the options that can be judged before reading anything.
    static func check(_ options: RunOptions) throws {
        if let p = options.period, p < 1 { throw RunError("--period must be a positive number of years, not \(p) (e.g. --period 5)") }
        if options.kwicWindow < 0 { throw RunError("--kwic-window must be 0 or more code points, not \(options.kwicWindow)") }
        if let name = options.encoding, let problem = TextDecoding.unknownNameProblem(name) {
            throw RunError("--encoding \(name): \(problem)")
        }
        if options.groupBy.isEmpty || options.groupBy.contains(where: \.isEmpty) {
            throw RunError("--by wants comma-separated field names, e.g. --by year,issuer")
        }
    }

    /// The output folder (and a store file) as the corpus walk must leave
    /// them out: relative to the corpus root, when inside it. An output folder
    /// that is the corpus folder itself is refused: its outputs could not be
    /// told from documents.
    static func outputsInsideCorpus(_ options: RunOptions, batch: BatchOptions, root: String) throws -> Set<String> {
        var excluded = Set<String>()
        if let rel = CorpusPaths.relative(options.out, inside: root) {
            if rel.isEmpty {
                throw RunError(
                    "--out \(options.out) is the corpus folder itself, so its outputs would be read back as documents; write them to a folder of their own (e.g. --out \((options.out as NSString).appendingPathComponent("Output")), which the corpus walk leaves out)"
                )
            }
            excluded.insert(rel)
        }
        if let store = batch.store, let rel = CorpusPaths.relative(store, inside: root), !rel.isEmpty {
            for suffix in ["", "-wal", "-shm"] { excluded.insert(rel + suffix) }
        }
        return excluded
    }

    /// The first `--by` field that is neither a document field nor a
    /// metadata field of some document, with the nearest known name.
    static func unknownGroupFields(_ fields: [String], seen: Set<String>) -> RunError? {
        let documentFields = Grouping.documentFields
        guard let first = fields.first(where: { !documentFields.contains($0) && !seen.contains($0) }) else { return nil }
        let known = documentFields + seen.sorted()
        var text = "--by \(first): no document has a field of that name"
        text += NearestName.to(first, among: known).map { "; did you mean \($0)?" } ?? "."
        return RunError(text + " Fields: \(known.joined(separator: ", ")).")
    }
}
