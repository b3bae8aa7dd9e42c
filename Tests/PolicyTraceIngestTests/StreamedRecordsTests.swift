import Foundation
import XCTest

@testable import PolicyTraceIngest

/// A large CSV, TSV or JSON Lines file read chunk by chunk gives exactly the
/// documents and skipped records (with their lines) of the whole-file read.
/// The records are the real work reports, whose text spans many lines.
final class StreamedRecordsTests: XCTestCase {
    var work: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: work)
    }

    /// The first `count` records of the default corpus: title, year, content.
    func reports(_ count: Int) throws -> [[String: String]] {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Corpus/government_work_reports.jsonl")
        let lines = try String(contentsOf: corpus, encoding: .utf8).split(separator: "\n").prefix(count)
        return try lines.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return ["title": object["title"] as! String, "year": "\(object["year"]!)", "content": object["content"] as! String]
        }
    }

    func csvCell(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Reads `name` whole and in chunks of about `target` bytes; both must agree.
    func assertChunkedReadMatches(
        _ name: String, format: DocumentFormat, target: Int, minimumChunks: Int,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> FileResult {
        let reader = try CorpusReader(path: work.path)
        XCTAssertTrue(reader.streamsRecords(name), file: file, line: line)
        let whole = reader.read(name)
        let bytes = [UInt8](try Data(contentsOf: work.appendingPathComponent(name)))
        var planner = try XCTUnwrap(ChunkPlanner(format: format, targetBytes: target))
        // Blocks of an odd size, so record ends and block ends rarely meet.
        var i = 0
        while i < bytes.count {
            let n = min(4093, bytes.count - i)
            bytes[i..<i + n].withUnsafeBufferPointer { planner.feed($0) }
            i += n
        }
        let chunks = try XCTUnwrap(planner.finish())
        XCTAssertGreaterThanOrEqual(chunks.count, minimumChunks, file: file, line: line)
        XCTAssertEqual(chunks.map(\.length).reduce(0, +), bytes.count, file: file, line: line)
        var documents: [Document] = []
        var skipped: [SkippedItem] = []
        for c in chunks {
            let r = reader.read(name, chunk: c, data: Data(bytes[c.offset..<c.offset + c.length]))
            documents += r.documents
            skipped += r.skipped
        }
        XCTAssertEqual(documents, whole.documents, file: file, line: line)
        XCTAssertEqual(skipped, whole.skipped, file: file, line: line)
        return whole
    }

    func testLargeCSVWithMultiLineFieldsStreamsToTheSameRecordsAndLines() throws {
        var csv = "title,year,content\r\n"
        var expectedBad: [Int] = []
        for (i, r) in try reports(12).enumerated() {
            if i == 5 {
                expectedBad.append(csv.filter { $0 == "\n" || $0 == "\r\n" }.count + 1)
                csv += "stray \"quote,2000,text\n"
            }
            if i == 8 {
                expectedBad.append(csv.filter { $0 == "\n" || $0 == "\r\n" }.count + 1)
                csv += "too,few\n"
            }
            csv += [r["title"]!, r["year"]!, r["content"]!].map(csvCell).joined(separator: ",") + (i % 2 == 0 ? "\n" : "\r\n")
        }
        try csv.write(to: work.appendingPathComponent("reports.csv"), atomically: true, encoding: .utf8)
        let whole = try assertChunkedReadMatches("reports.csv", format: .csv, target: 20_000, minimumChunks: 4)
        XCTAssertEqual(whole.documents.count, 12)
        XCTAssertTrue(whole.documents.allSatisfy { $0.text.contains("\n") && $0.year != nil })
        XCTAssertEqual(whole.documents.map(\.record), Array(1...14).filter { $0 != 6 && $0 != 10 })
        XCTAssertEqual(whole.skipped.map(\.line), expectedBad)
        XCTAssertEqual(
            whole.skipped.map(\.reason),
            [
                "malformed row: stray double quote inside an unquoted field",
                "row has 2 fields, the header has 3",
            ])
    }

    func testLargeTSVStreams() throws {
        var tsv = "title\tyear\tcontent\n"
        for r in try reports(10) {
            tsv += [r["title"]!, r["year"]!, r["content"]!].map(csvCell).joined(separator: "\t") + "\n"
        }
        try tsv.write(to: work.appendingPathComponent("reports.tsv"), atomically: true, encoding: .utf8)
        let whole = try assertChunkedReadMatches("reports.tsv", format: .tsv, target: 30_000, minimumChunks: 5)
        XCTAssertEqual(whole.documents.count, 10)
    }

    func testLargeJSONLinesWithCRLFStreams() throws {
        var jsonl = ""
        for (i, r) in try reports(10).enumerated() {
            jsonl += String(decoding: try JSONSerialization.data(withJSONObject: r, options: [.sortedKeys]), as: UTF8.self) + "\r\n"
            if i == 3 { jsonl += "{not json\r\n\r\n" }
        }
        try jsonl.write(to: work.appendingPathComponent("reports.jsonl"), atomically: true, encoding: .utf8)
        let whole = try assertChunkedReadMatches("reports.jsonl", format: .jsonl, target: 30_000, minimumChunks: 5)
        XCTAssertEqual(whole.documents.count, 10)
        XCTAssertEqual(whole.skipped.map(\.line), [5])
    }

    func testUTF16AndDeclaredWideEncodingsAreReadWhole() throws {
        var planner = try XCTUnwrap(ChunkPlanner(format: .csv, targetBytes: 10))
        [UInt8]([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00]).withUnsafeBufferPointer { planner.feed($0) }
        XCTAssertNil(planner.finish())
        let reader = try CorpusReader(path: work.path, encoding: "UTF-16LE")
        XCTAssertFalse(reader.streamsRecords("x.csv"))
        XCTAssertTrue(try CorpusReader(path: work.path, encoding: "GB18030").streamsRecords("x.csv"))
    }

    func testScannerCountsLinesAndRecordsLikeTheReader() {
        let text = "a,b\n\n\"x\ny\",1\r\n2,\"q\"\"\"\r3,4"
        var scanner = DelimitedReader.Scanner(delimiter: ",", collect: false)
        var none: [Result<DelimitedReader.Record, DelimitedReader.Malformed>] = []
        var cuts: [Int] = []
        for (i, b) in text.utf8.enumerated() where scanner.feed(b, into: &none) { cuts.append(i + 1) }
        scanner.end(into: &none)
        XCTAssertEqual(scanner.records, DelimitedReader.records(text).count)
        XCTAssertEqual(DelimitedReader.records(text).compactMap { try? $0.get().line }, [1, 3, 5, 6])
        XCTAssertEqual(cuts, [4, 5, 14], "cuts only after a line feed outside quotes")
        XCTAssertEqual(DelimitedReader.records("x,y\n", firstLine: 41).compactMap { try? $0.get().line }, [42])
    }
}
