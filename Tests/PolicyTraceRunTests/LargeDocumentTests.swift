import Foundation
import PolicyTrace
import XCTest

@testable import PolicyTraceExport
@testable import PolicyTraceRun

/// One document with many more mentions than `Pipeline.mentionsPerPiece`
/// (a single line of the corpus's own sentences that hold mentions) is
/// rendered in pieces, over the threads and a few pieces at a time: its
/// outputs must be complete, in order, and those of the document rendered
/// whole, for every number of threads.
final class LargeDocumentTests: BatchTestCase {
    /// The corpus's sentences (cut at 。) that hold a mention, joined on one
    /// line and repeated until the line has `atLeast` mentions.
    func denseLine(atLeast: Int, tagger: Tagger) throws -> String {
        let records = try String(contentsOf: corpus.appendingPathComponent("government_work_reports.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(5)
        var sentences: [String] = []
        for record in records {
            let object = try JSONSerialization.jsonObject(with: Data(record.utf8)) as! [String: Any]
            let text = (object["content"] as! String).replacingOccurrences(of: "\n", with: " ")
            sentences += text.split(separator: "。").map { $0 + "。" }.filter { !tagger.tag($0).mentions.isEmpty }
        }
        let unit = sentences.joined()
        let perUnit = tagger.tag(unit).mentions.count
        XCTAssertGreaterThan(perUnit, 100)
        return String(repeating: unit, count: atLeast / perUnit + 1)
    }

    /// The default lexicons' tagger, a new folder `name` in the work folder, and a line of the
    /// corpus's sentences that hold mentions, over twice `Pipeline.largeDocumentBytes`.
    func largeLine(in name: String) throws -> (Tagger, URL, String) {
        let (tagger, _, _, _) = try Tagger.load(lexiconPaths: [lexicons.path], cache: .standard(version: Manifest.version))
        let folder = work.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let line = try denseLine(atLeast: 1000, tagger: tagger)
        let long = String(repeating: line, count: 2 * Pipeline.largeDocumentBytes / line.utf8.count + 1)
        XCTAssertGreaterThan(long.utf8.count, 2 * Pipeline.largeDocumentBytes)
        return (tagger, folder, long)
    }

    /// The outputs of the main job on `corpus` (the report aside: it names its folder).
    func run(_ corpus: URL, out: String, jobs: Int, noStore: Bool) throws -> [String: Data] {
        var o = options(out: work.appendingPathComponent(out))
        o.corpus = corpus.path
        o.jobs = jobs
        var batch = BatchOptions()
        batch.noStore = noStore
        _ = try Pipeline.run(o, batch: batch)
        var files = try outputs(URL(fileURLWithPath: o.out))
        files["report.html"] = nil
        return files
    }

    func testAManyMentionsLineIsWrittenCompletelyAndInOrderForOneAndTwoThreads() throws {
        let (tagger, _, _, _) = try Tagger.load(lexiconPaths: [lexicons.path], cache: .standard(version: Manifest.version))
        let dense = work.appendingPathComponent("dense")
        try FileManager.default.createDirectory(at: dense, withIntermediateDirectories: true)
        try Data((try denseLine(atLeast: 3 * Pipeline.mentionsPerPiece + 1000, tagger: tagger) + "\n").utf8)
            .write(to: dense.appendingPathComponent("dense.txt"))

        var outputs: [Int: [String: Data]] = [:]
        for jobs in [1, 2] { outputs[jobs] = try run(dense, out: "out\(jobs)", jobs: jobs, noStore: true) }
        XCTAssertEqual(outputs[1]!.keys.sorted(), outputs[2]!.keys.sorted())
        for (name, data) in outputs[1]! where outputs[2]![name] != data { XCTFail("\(name) differs between --jobs 1 and --jobs 2") }

        // The mentions are the tagger's for the whole document, every one, in text order.
        let doc = try CorpusReader(path: dense.path).read("dense.txt").documents[0]
        let mentions = tagger.tag(doc.text).mentions
        XCTAssertGreaterThan(mentions.count, 3 * Pipeline.mentionsPerPiece)
        let files = outputs[2]!
        let lines = String(decoding: files["mentions.jsonl"]!, as: UTF8.self).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, mentions.count)
        XCTAssertEqual(lines, mentions.map { OutputFiles.mentionLine(doc: doc, mention: $0) })

        // One kwic.csv row per (mention, concept), pointing at its mentions.jsonl line, in order.
        let kwic = String(decoding: files["kwic.csv"]!, as: UTF8.self).split(separator: "\n").dropFirst()
        XCTAssertEqual(kwic.count, mentions.reduce(0) { $0 + $1.concepts.count })
        let expected = mentions.enumerated().flatMap { i, m in KWICRow.rows(doc: doc, mention: m, line: i + 1, window: KWICLine.defaultWindow) }
        XCTAssertEqual(
            Array(kwic.map(String.init)),
            expected.map { row -> String in
                var line = ""
                CSVWriter.appendRow(row.fields, to: &line)
                return String(line.dropLast())
            })

        // The document's counts and top terms are those of all its mentions.
        let tally = DocumentTally(group: [doc.year.map(String.init) ?? ""], tokens: 0, mentions: mentions)
        let row = String(decoding: files["documents.csv"]!, as: UTF8.self).split(separator: "\n")[1]
        let total = tally.mentions.filter { ConceptID($0.key).isFamily }.values.reduce(0, +)
        XCTAssertEqual(row.split(separator: ",", omittingEmptySubsequences: false)[6], Substring(String(total)))
        var terms = TermCounts()
        terms.add(group: doc.year.map(String.init) ?? "", mentions: mentions)
        XCTAssertEqual(String(decoding: files["top_terms.csv"]!, as: UTF8.self), OutputFiles.topTerms(terms, timeField: "year"))
    }

    /// A document over `Pipeline.largeDocumentBytes` is tagged a segment at a
    /// time: without a store its mentions are written as each few segments
    /// are done (issue #18), with one they are gathered for the store; both
    /// write what tagging the document whole gives.
    func testADocumentOverTheSegmentSizeIsTaggedInSegmentsWithTheWholeDocumentsMentions() throws {
        let (tagger, dense, line) = try largeLine(in: "large")
        try Data((line + "\n").utf8).write(to: dense.appendingPathComponent("large.txt"))

        var outputs: [Bool: [String: Data]] = [:]
        for noStore in [true, false] { outputs[noStore] = try run(dense, out: "large-\(noStore)", jobs: 2, noStore: noStore) }
        XCTAssertEqual(outputs[true]!.keys.sorted(), outputs[false]!.keys.sorted())
        for (name, data) in outputs[true]! where outputs[false]![name] != data { XCTFail("\(name) differs with and without the store") }

        let doc = try CorpusReader(path: dense.path).read("large.txt").documents[0]
        let whole = tagger.tag(doc.text)
        let lines = String(decoding: outputs[true]!["mentions.jsonl"]!, as: UTF8.self).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, whole.mentions.count)
        XCTAssertEqual(lines, whole.mentions.map { OutputFiles.mentionLine(doc: doc, mention: $0) })
        let row = String(decoding: outputs[true]!["documents.csv"]!, as: UTF8.self).split(separator: "\n")[1]
        XCTAssertTrue(row.contains(",\(whole.tokens),"), "documents.csv has the whole document's tokens")
    }

    /// A large plain text's year is found on a thread of its own while the
    /// text is tagged; a file over the size whose text is not (UTF-16 that
    /// halves in UTF-8) has its year found as it is read. Both get the year
    /// `read` finds (a date line at the text's end, the file name), and the
    /// outputs are those of one thread, which finds years first, with or
    /// without a store; the store holds the year so found.
    func testALargeTextsYearFoundWhileItIsTaggedIsTheYearReadFinds() throws {
        let (_, folder, line) = try largeLine(in: "years")
        try Data((line + "\n发布日期：2014年7月30日\n").utf8).write(to: folder.appendingPathComponent("large.txt"))
        let english = String(repeating: "Migrant workers without local hukou lack social insurance. ", count: Pipeline.largeDocumentBytes / 70)
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(english.data(using: .utf16LittleEndian)!)
        XCTAssertGreaterThan(utf16.count, Pipeline.largeDocumentBytes)
        XCTAssertLessThan(english.utf8.count, Pipeline.largeDocumentBytes + 1)
        try utf16.write(to: folder.appendingPathComponent("report_2012.txt"))

        let reader = try CorpusReader(path: folder.path)
        let years = ["large.txt", "report_2012.txt"].map { name in
            reader.read(name).documents.map { [$0.year, $0.yearSource?.rawValue] as [AnyHashable?] }
        }
        XCTAssertEqual(years, [[[2014, "date_text"]], [[2012, "filename"]]])

        let two = try run(folder, out: "years2", jobs: 2, noStore: true), one = try run(folder, out: "years1", jobs: 1, noStore: true)
        for (name, data) in one where two[name] != data { XCTFail("\(name) differs between --jobs 1 and --jobs 2") }
        let rows = String(decoding: two["documents.csv"]!, as: UTF8.self).split(separator: "\n").dropFirst()
        XCTAssertEqual(
            rows.map { $0.split(separator: ",").prefix(3).joined(separator: ",") }, ["large.txt,2014,date_text", "report_2012.txt,2012,filename"])

        let stored = try run(folder, out: "years-stored", jobs: 2, noStore: false)
        for (name, data) in one where stored[name] != data { XCTFail("\(name) differs with the store") }
        let store = try Store(path: work.appendingPathComponent("years-stored").appendingPathComponent(Store.fileName).path)
        let (result, _) = try XCTUnwrap(try store.load(Store.UnitKey(path: "large.txt", part: 0)))
        XCTAssertEqual(result.documents.map { [$0.year, $0.yearSource?.rawValue] as [AnyHashable?] }, [[2014, "date_text"]])
    }

    /// With a store, a unit holding a large document among small ones is
    /// stored while the large one is tagged, its mentions appended a group at
    /// a time (issue #18): the store holds every mention of each record, in
    /// order, and a forced rerun, which tags the large record again rather
    /// than load its mentions whole, writes the same outputs.
    func testAStoredUnitWithALargeRecordHoldsEveryMentionAndRewritesTheSameOutputs() throws {
        let (tagger, _, _, _) = try Tagger.load(lexiconPaths: [lexicons.path], cache: .standard(version: Manifest.version))
        let folder = work.appendingPathComponent("records")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let small = try denseLine(atLeast: 200, tagger: tagger)
        var large = try denseLine(atLeast: 1000, tagger: tagger)
        large = String(repeating: large, count: 2 * Pipeline.largeDocumentBytes / large.utf8.count + 1)
        let texts = [small, large, String(small.prefix(400))]
        var jsonl = Data()
        for (i, text) in texts.enumerated() {
            jsonl += try JSONSerialization.data(withJSONObject: ["id": "r\(i)", "year": 2010 + i, "text": text], options: [.sortedKeys])
            jsonl += Data("\n".utf8)
        }
        try jsonl.write(to: folder.appendingPathComponent("records.jsonl"))

        let stored = try run(folder, out: "stored", jobs: 2, noStore: false)
        let plain = try run(folder, out: "plain", jobs: 2, noStore: true)
        for (name, data) in plain where stored[name] != data { XCTFail("\(name) differs with and without the store") }

        let store = try Store(path: work.appendingPathComponent("stored").appendingPathComponent(Store.fileName).path)
        let (result, tags) = try XCTUnwrap(try store.load(Store.UnitKey(path: "records.jsonl", part: 0)))
        XCTAssertEqual(result.documents.count, 3)
        for (doc, tag) in zip(result.documents, tags) {
            let whole = tagger.tag(doc.text)
            XCTAssertGreaterThan(whole.mentions.count, 0)
            XCTAssertEqual(try XCTUnwrap(tag).mentions, whole.mentions, "\(doc.id): the store holds the whole record's mentions")
            XCTAssertEqual(tag?.tokens, whole.tokens)
        }
        let (_, left) = try XCTUnwrap(try store.load(Store.UnitKey(path: "records.jsonl", part: 0), untaggedAbove: Pipeline.largeDocumentBytes))
        XCTAssertEqual(left.map { $0 == nil }, [false, true, false], "the large record comes untagged, to be tagged again")

        var o = options(out: work.appendingPathComponent("stored"))
        o.corpus = folder.path
        var batch = BatchOptions()
        batch.force = true
        _ = try Pipeline.run(o, batch: batch)
        var again = try outputs(URL(fileURLWithPath: o.out))
        again["report.html"] = nil
        for (name, data) in stored where again[name] != data { XCTFail("\(name) differs when rewritten from the store") }
    }

    /// `policytrace tag`'s lines: the mentions of a large file (tagged in
    /// segments, rendered in pieces) and of the corpus's small files, in
    /// file order, the same bytes as rendering every document whole, for one
    /// and two threads.
    func testTagLinesOfALargeFileAndSmallFilesAreEveryDocumentsMentionsInFileOrder() throws {
        let (tagger, _, _, _) = try Tagger.load(lexiconPaths: [lexicons.path], cache: .standard(version: Manifest.version))
        let mixed = work.appendingPathComponent("mixed")
        try FileManager.default.createDirectory(at: mixed, withIntermediateDirectories: true)
        let line = try denseLine(atLeast: 2 * Pipeline.mentionsPerPiece, tagger: tagger)
        var big = line
        while big.utf8.count <= 2 * Pipeline.largeDocumentBytes { big += "\n" + line }
        try Data(big.utf8).write(to: mixed.appendingPathComponent("b_large.txt"))
        for name in ["government_work_reports.jsonl", "table1_chronology.txt"] {
            try FileManager.default.copyItem(at: corpus.appendingPathComponent(name), to: mixed.appendingPathComponent(name))
        }
        let reader = try CorpusReader(path: mixed.path)
        let files = try reader.files()
        XCTAssertEqual(files, ["b_large.txt", "government_work_reports.jsonl", "table1_chronology.txt"])

        var whole: [UInt8] = []
        for file in files {
            for doc in reader.read(file).documents {
                for m in tagger.tag(doc.text).mentions { whole += Array((OutputFiles.mentionLine(doc: doc, mention: m) + "\n").utf8) }
            }
        }
        XCTAssertGreaterThan(whole.count, 1_000_000)
        for jobs in [1, 2] {
            var lines: [UInt8] = []
            var order: [Int] = []
            MentionLines.tag(files, reader: reader, tagger: tagger, jobs: jobs) { file in
                order.append(file.lines.count)
                lines += file.lines
            }
            XCTAssertEqual(order.count, files.count, "jobs \(jobs)")
            XCTAssertTrue(lines == whole, "jobs \(jobs): the lines differ from the documents' mentions rendered whole")
        }
    }
}
