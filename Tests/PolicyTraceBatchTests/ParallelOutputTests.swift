import Foundation
@testable import PolicyTraceBatch
import XCTest

/// The output stage runs in parallel slices with its own row writers: the
/// outputs are the same bytes for every number of threads and window size,
/// and each row is exactly what the export module's writer gives.
final class ParallelOutputTests: BatchTestCase {
    func testOutputsAreIdenticalForOneTwoAndFiveThreads() throws {
        var reference: [String: Data]?
        for jobs in [1, 2, 5] {
            var o = options()
            o.jobs = jobs
            var batch = BatchOptions()
            batch.noStore = true
            // Small chunks and windows: many windows, and the JSON Lines file cut into pieces.
            batch.streamAbove = 1 << 16
            batch.chunkBytes = 1 << 16
            let dir = work.appendingPathComponent("jobs\(jobs)")
            o.out = dir.path
            _ = try Pipeline.run(o, batch: batch)
            var files = try outputs(dir)
            files["report.html"] = String(decoding: files["report.html"]!, as: UTF8.self)
                .replacingOccurrences(of: dir.path, with: "OUT").data(using: .utf8)
            if let reference {
                XCTAssertEqual(files.keys.sorted(), reference.keys.sorted())
                for (name, data) in reference where files[name] != data { XCTFail("\(name) differs with --jobs \(jobs)") }
            } else {
                reference = files
            }
        }
        XCTAssertEqual(try cleanRun(options()).filter { $0.key != "report.html" }, reference!.filter { $0.key != "report.html" },
                       "reading the JSON Lines file whole gives the same outputs")
    }

    func testRowWritersMatchTheExportModule() throws {
        let reader = try CorpusReader(path: corpus.path)
        let (lexicon, _) = try LexiconReader.load(paths: [lexicons.path])
        let tagger = Tagger(lexicon: lexicon, overlaps: .longest)
        var checked = 0
        for file in try reader.files() {
            for doc in reader.read(file).documents {
                let prefix = Rendering.mentionPrefix(doc)
                for m in tagger.tag(doc.text).mentions {
                    var line = ""
                    Rendering.mentionLine(prefix: prefix, m, into: &line)
                    XCTAssertEqual(line, OutputFiles.mentionLine(doc: doc, mention: m) + "\n")
                    var kwic = ""
                    var samples: [KWICRow] = []
                    Rendering.kwicRows(doc: doc, mention: m, window: 30, into: &kwic, sample: { _ in true }, samples: &samples)
                    let rows = KWICRow.rows(doc: doc, mention: m, window: 30)
                    var expected = CSVWriter(header: [])
                    _ = expected.drain()
                    rows.forEach { expected.append($0.fields) }
                    XCTAssertEqual(kwic, expected.text)
                    XCTAssertEqual(samples, rows)
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 4000)

        let awkward = ["", "plain", "户籍", "a,b", "say \"hi\"", "=SUM(A1)", "+1", "-x", "@x", "\tx", "\rx", "line\nbreak", "crlf\r\nx",
                       "e\u{301}", ",\u{301}", "\u{2028}", "\u{1}", "back\\slash", "'quoted'"]
        for s in awkward {
            var csv = ""
            Rendering.csvText(s, into: &csv)
            XCTAssertEqual(csv, CSVWriter.encode(.text(s)), s.debugDescription)
            var json = ""
            Rendering.jsonString(s, into: &json)
            XCTAssertEqual(json, JSON.quote(s), s.debugDescription)
            XCTAssertEqual(Rendering.flat(s), String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })))
        }
    }

    func testStreamedManifestIsTheEncodedDocument() throws {
        let reader = try CorpusReader(path: corpus.path)
        let (lexicon, _) = try LexiconReader.load(paths: [lexicons.path])
        let tagger = Tagger(lexicon: lexicon, overlaps: .longest)
        let files = try reader.files()
        for list in [files, []] {
            var streamed = ""
            try Manifest.write(options: options(), lexicon: lexicon, corpus: reader, files: list, summary: RunSummary(), tagger: tagger,
                               outputs: ["kwic.csv": "00"]) { streamed += $0 }
            let entries = list.map { Manifest.fileEntry(reader.fullPath($0), as: $0) }
            let whole = Manifest.document(options: options(), lexicon: lexicon, summary: RunSummary(), tagger: tagger,
                                          outputs: ["kwic.csv": "00"], corpusFiles: .array(entries)).encoded(indent: 2) + "\n"
            XCTAssertEqual(streamed, whole)
        }
    }
}
