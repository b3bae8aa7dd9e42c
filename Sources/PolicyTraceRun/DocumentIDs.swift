import PolicyTraceIngest

/// Keeps document IDs unique across the corpus. A record whose own `id`
/// field repeats one an earlier record (in corpus order) already has keeps
/// its text and mentions under the ID `ID@FILE#RECORD`, with a warning that
/// names both records, so two documents never silently share one ID. Only
/// records with their own `id` are remembered (IDs made from file and record
/// number are unique already).
struct DocumentIDs {
    private var first: [String: String] = [:]

    /// Renames the later holders of a repeated ID in `results` (in order),
    /// adding a warning for each to its file's result.
    mutating func disambiguate(_ results: inout [FileResult]) {
        for r in results.indices {
            for d in results[r].documents.indices {
                let doc = results[r].documents[d]
                guard let record = doc.record, doc.id != "\(doc.source)#\(record)" else { continue }
                let here = "\(doc.source)#\(record)"
                if let earlier = first[doc.id] {
                    let renamed = "\(doc.id)@\(here)"
                    results[r].documents[d].id = renamed
                    results[r].warnings.append(
                        SkippedItem(source: doc.source, reason: "record \(record) repeats the id \(doc.id) of \(earlier); its ID here is \(renamed)"))
                } else {
                    first[doc.id] = here
                }
            }
        }
    }
}
