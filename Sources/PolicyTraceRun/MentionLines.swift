import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceTag

/// What `policytrace tag PATH` writes: the `mentions.jsonl` lines of every
/// document of some files, in file order, as UTF-8 bytes. Files are read,
/// tagged and rendered several at a time; a document larger than
/// `Pipeline.largeDocumentBytes` is tagged in segments on every thread and
/// its lines rendered in pieces on every thread, so one big file keeps
/// every core busy too. The bytes are the same for every `jobs`.
package enum MentionLines {
    /// One file's lines, and what its reader skipped.
    package struct File {
        package var skipped: [SkippedItem]
        package var lines: [UInt8]
    }

    /// Reads, tags and renders `files` of `reader`, handing each file to
    /// `emit` in order once it and every file before it are done.
    package static func tag(
        _ files: [String], reader: CorpusReader, tagger: Tagger, jobs: Int, emit: (File) throws -> Void
    ) rethrows {
        let jobs = max(1, jobs)
        // Enough files per batch to keep the threads busy, few enough that
        // a batch's lines stay small.
        let batch = jobs * 16
        for start in stride(from: 0, to: files.count, by: batch) {
            let paths = Array(files[start..<min(files.count, start + batch)])
            // Each document's lines, or nil for a large one, left to the segment pass.
            let read = Pipeline.parallelMap(paths, jobs: jobs) { path -> (FileResult, [[UInt8]?]) in
                let result = reader.read(path)
                let lines = result.documents.map { doc -> [UInt8]? in
                    guard doc.text.utf8.count <= Pipeline.largeDocumentBytes else { return nil }
                    var out: [UInt8] = []
                    render(doc, tagger.tag(doc.text).mentions[...], into: &out)
                    return out
                }
                return (result, lines)
            }
            for (result, lines) in read {
                var out: [UInt8] = []
                for (doc, rendered) in zip(result.documents, lines) {
                    out.append(contentsOf: rendered ?? large(doc, tagger: tagger, jobs: jobs))
                }
                try emit(File(skipped: result.skipped, lines: out))
            }
        }
    }

    /// A large document's lines: tagged in segments, rendered in pieces, on `jobs` threads.
    static func large(_ doc: Document, tagger: Tagger, jobs: Int) -> [UInt8] {
        let mentions = Pipeline.tagInSegments(doc.text, tagger: tagger, jobs: jobs).mentions
        let pieces = stride(from: 0, to: mentions.count, by: Pipeline.mentionsPerPiece).map {
            $0..<min(mentions.count, $0 + Pipeline.mentionsPerPiece)
        }
        let parts = Pipeline.parallelMap(pieces, jobs: jobs) { piece -> [UInt8] in
            var bytes: [UInt8] = []
            render(doc, mentions[piece], into: &bytes)
            return bytes
        }
        var out: [UInt8] = []
        out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { out.append(contentsOf: part) }
        return out
    }

    /// `mentions`' lines, each with its newline.
    static func render(_ doc: Document, _ mentions: ArraySlice<Mention>, into out: inout [UInt8]) {
        let prefix = OutputFiles.mentionPrefix(doc)
        for m in mentions { OutputFiles.appendMentionLine(prefix: prefix, m, page: doc.page(at: m.start), to: &out) }
    }
}
