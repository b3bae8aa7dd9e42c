import Foundation
import PolicyTrace
import XCTest

@testable import PolicyTraceExport
@testable import PolicyTraceRun

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
        XCTAssertEqual(
            try cleanRun(options()).filter { $0.key != "report.html" }, reference!.filter { $0.key != "report.html" },
            "reading the JSON Lines file whole gives the same outputs")
    }

    func testRowWritersMatchTheExportModule() throws {
        let reader = try CorpusReader(path: corpus.path)
        let (lexicon, _) = try LexiconReader.load(paths: [lexicons.path])
        let tagger = Tagger(lexicon: lexicon, overlaps: .longest)
        var checked = 0
        for file in try reader.files() {
            for doc in reader.read(file).documents {
                let prefix = OutputFiles.mentionPrefix(doc)
                for m in tagger.tag(doc.text).mentions {
                    let lineNumber = checked + 1
                    var bytes: [UInt8] = []
                    OutputFiles.appendMentionLine(prefix: prefix, m, to: &bytes)
                    let line = String(decoding: bytes, as: UTF8.self)
                    let generic = JSON.Value.object([
                        ("doc", .string(doc.id)), ("year", .optional(doc.year)), ("concepts", .array(m.concepts.map(JSON.Value.string))),
                        ("term", .string(m.term)), ("lang", .string(m.language.rawValue)), ("text", .string(m.text)),
                        ("start", .int(m.start)), ("end", .int(m.end)),
                    ]).encoded()
                    XCTAssertEqual(line, generic + "\n")
                    XCTAssertEqual(OutputFiles.mentionLine(doc: doc, mention: m), generic)
                    var kwicBytes: [UInt8] = []
                    var samples: [KWICRow] = []
                    Rendering.kwicRows(doc: doc, mention: m, line: lineNumber, window: 30, into: &kwicBytes, sample: { _ in true }, samples: &samples)
                    let kwic = String(decoding: kwicBytes, as: UTF8.self)
                    let rows = KWICRow.rows(doc: doc, mention: m, line: lineNumber, window: 30)
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

        let awkward = [
            "", "plain", "户籍", "a,b", "say \"hi\"", "=SUM(A1)", "+1", "-x", "@x", "\tx", "\rx", "line\nbreak", "crlf\r\nx",
            "e\u{301}", ",\u{301}", "\u{2028}", "\u{1}", "back\\slash", "'quoted'",
        ]
        // The writers' plain-text shortcuts against the rules written out
        // scalar by scalar.
        func csvReference(_ raw: String) -> String {
            var s = String.UnicodeScalarView(raw.unicodeScalars)
            if let first = s.first, "=+-@\t\r".unicodeScalars.contains(first) { s.insert("'", at: s.startIndex) }
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return String(s) }
            return "\"" + String(String.UnicodeScalarView(s.flatMap { $0 == "\"" ? [$0, $0] : [$0] })) + "\""
        }
        func jsonReference(_ s: String) -> String {
            "\""
                + s.unicodeScalars.map { u -> String in
                    switch u {
                    case "\"": return "\\\""
                    case "\\": return "\\\\"
                    case "\n": return "\\n"
                    case "\r": return "\\r"
                    case "\t": return "\\t"
                    case _ where u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029: return String(format: "\\u%04x", u.value)
                    default: return String(u)
                    }
                }.joined() + "\""
        }
        for s in awkward {
            XCTAssertEqual(CSVWriter.encode(.text(s)), csvReference(s), s.debugDescription)
            XCTAssertEqual(JSON.quote(s), jsonReference(s), s.debugDescription)
            XCTAssertEqual(
                KWICRow.flat(s), String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })))
            // The byte encoders the writers use write the same bytes.
            var json: [UInt8] = [], csv: [UInt8] = []
            ByteOutput.appendJSONString(s, to: &json)
            XCTAssertEqual(String(decoding: json, as: UTF8.self), jsonReference(s), s.debugDescription)
            var bytes = s
            bytes.withUTF8 { ByteOutput.appendFlatCSV($0, to: &csv) }
            XCTAssertEqual(String(decoding: csv, as: UTF8.self), CSVWriter.encode(.text(KWICRow.flat(s))), s.debugDescription)
        }
        for n in [0, 7, 10, 99, 2024, -5, Int.max, Int.min] {
            var out: [UInt8] = []
            ByteOutput.appendDecimal(n, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), String(n))
        }
    }

    func testStreamedManifestIsTheEncodedDocument() throws {
        let reader = try CorpusReader(path: corpus.path)
        let (lexicon, _) = try LexiconReader.load(paths: [lexicons.path])
        let tagger = Tagger(lexicon: lexicon, overlaps: .longest)
        let files = try reader.files()
        for list in [files, []] {
            var streamed = ""
            try Manifest.write(
                options: options(), lexicon: lexicon, corpus: reader, files: list, summary: RunSummary(), tagger: tagger,
                outputs: ["kwic.csv": "00"]
            ) { streamed += $0 }
            let entries = list.map { Manifest.fileEntry(reader.fullPath($0), as: $0) }
            let whole =
                Manifest.document(
                    options: options(), lexicon: lexicon, summary: RunSummary(), tagger: tagger,
                    outputs: ["kwic.csv": "00"], corpusFiles: .array(entries)
                ).encoded(indent: 2) + "\n"
            XCTAssertEqual(streamed, whole)
        }
    }
}
