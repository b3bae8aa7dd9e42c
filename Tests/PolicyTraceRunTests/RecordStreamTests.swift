import Foundation
import PolicyTrace
import XCTest

@testable import PolicyTraceRun

/// `tag --stdin jsonl` on the real corpus, fed as the Spark job feeds it
/// (the reports as record lines, Table 1 as a whole file): its rows are
/// `run`'s, and its partial aggregates, reduced over partitions by their
/// keys' rules, give `run`'s summary tables through `merge --aggregates`.
final class RecordStreamTests: BatchTestCase {
    /// The corpus as envelope lines, in corpus order.
    func envelopes() throws -> [String] {
        var lines: [String] = []
        func quote(_ s: String) -> String { JSON.quote(s) }
        let jsonl = try String(contentsOf: corpus.appendingPathComponent("government_work_reports.jsonl"), encoding: .utf8)
        var record = 0
        for (i, line) in jsonl.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            record += 1
            lines.append("{\"@file\":\"government_work_reports.jsonl\",\"@line\":\(i + 1),\"@record\":\(record),\"@json\":\(quote(String(line)))}")
        }
        for name in ["table1_chronology.txt", "README.md"] {
            let data = try Data(contentsOf: corpus.appendingPathComponent(name))
            lines.append("{\"@file\":\(quote(name)),\"@base64\":\"\(data.base64EncodedString())\"}")
        }
        lines.append("{\"@file\":\"broken.txt\",\"@base64\":\"not base64!\"}")
        return lines
    }

    /// Runs the stream on `input`; its output lines by type.
    func stream(_ input: [String], options: RunOptions) throws -> [String: [(key: String, payload: String)]] {
        let inURL = work.appendingPathComponent("in-\(UUID().uuidString)"), outURL = work.appendingPathComponent("out-\(UUID().uuidString)")
        try (input.joined(separator: "\n") + "\n").write(to: inURL, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let input = try FileHandle(forReadingFrom: inURL), output = try FileHandle(forWritingTo: outURL)
        try RecordStream.run(options, input: input, output: output)
        try output.close()
        var byType: [String: [(key: String, payload: String)]] = [:]
        for line in try String(contentsOf: outURL, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(parts.count, 3, "\(line.prefix(80))")
            byType[parts[0], default: []].append((parts[1], parts[2]))
        }
        return byType
    }

    /// Reduces `A` lines of several partitions by the rule of each key's first element (docs/FORMATS.md).
    func reduce(_ partitions: [[(key: String, payload: String)]]) throws -> String {
        var values: [String: [Any]] = [:]
        var order: [String] = []
        for partition in partitions {
            for (key, payload) in partition {
                let k = try JSONSerialization.jsonObject(with: Data(key.utf8)) as! [Any]
                let v = try JSONSerialization.jsonObject(with: Data(payload.utf8)) as! [Any]
                guard let old = values[key] else { values[key] = v; order.append(key); continue }
                switch k[0] as! String {
                case "sum": values[key] = zip(old, v).map { ($0 as! Int) + ($1 as! Int) }
                case "min": values[key] = [min(old[0] as! Int, v[0] as! Int)]
                case "max": values[key] = [max(old[0] as! Int, v[0] as! Int)]
                case "list": values[key] = old + v
                case "first":
                    values[key] = Array((old + v).sorted { PartialAggregates.precedes(($0 as! [Any])[0], ($1 as! [Any])[0]) }.prefix(k[1] as! Int))
                case "set": values[key] = Array(Set((old + v).map { $0 as! String })).sorted()
                case "same": XCTAssertEqual(old as? [String], v as? [String], key)
                default: XCTFail("unknown op in \(key)")
                }
            }
        }
        // Shuffled, as a reducer may give them.
        return order.shuffled().map { key in
            key + "\t" + String(decoding: try! JSONSerialization.data(withJSONObject: values[key]!), as: UTF8.self)
        }.joined(separator: "\n") + "\n"
    }

    func testStreamGivesTheRunsRowsAndAggregatesTheRunsTables() throws {
        let run = try cleanRun(options())
        var o = options()
        o.jobs = 1
        let input = try envelopes()
        let whole = try stream(input, options: o)

        // documents.csv rows in key order, and the mentions, are run's.
        let documents = String(decoding: run["documents.csv"]!, as: UTF8.self)
        let rows = whole["C"]!.sorted {
            PartialAggregates.precedes(
                try! JSONSerialization.jsonObject(with: Data($0.key.utf8)),
                try! JSONSerialization.jsonObject(with: Data($1.key.utf8)))
        }
        .map { try! JSONSerialization.jsonObject(with: Data($0.payload.utf8)) as! [Any] }
        .map { (row: $0[0] as! String, cells: $0[1] as! [String: String]) }
        // The record fields' columns follow the concept columns, as the job adds them.
        let fields = Set(rows.flatMap(\.cells.keys)).sorted()
        XCTAssertEqual(fields, ["url"])
        let lines = rows.map { r in r.row + fields.map { "," + (r.cells[$0] ?? "") }.joined() }
        XCTAssertEqual(lines.count, 72)  // the 72 reports; Table 1's 7 rows are chronology events, not documents
        XCTAssertEqual(documents.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().filter { !$0.isEmpty }.map(String.init), lines)
        let mentions = String(decoding: run["mentions.jsonl"]!, as: UTF8.self).split(separator: "\n").map(String.init)
        XCTAssertEqual(whole["M"]!.map(\.payload), mentions)
        XCTAssertEqual(whole["K"]!.count, String(decoding: run["kwic.csv"]!, as: UTF8.self).split(separator: "\n").count - 1)
        // Numbering the M lines in KEY order gives each K row run's `mention,start,end`.
        func key(_ text: String) -> [Any] { try! JSONSerialization.jsonObject(with: Data(text.utf8)) as! [Any] }
        let ordered = whole["M"]!.map { key($0.key) }.sorted { PartialAggregates.precedes($0, $1) }
        var line: [String: Int] = [:]
        for (i, k) in ordered.enumerated() { line[String(decoding: try JSONSerialization.data(withJSONObject: k), as: UTF8.self)] = i + 1 }
        let joins = whole["K"]!.map { k -> String in
            let mentionKey = Array(key(k.key).prefix(4))
            let row = try! JSONSerialization.jsonObject(with: Data(k.payload.utf8)) as! [String: Any]
            XCTAssertTrue(row["mention"] is NSNull)
            let n = line[String(decoding: try! JSONSerialization.data(withJSONObject: mentionKey), as: UTF8.self)] ?? 0
            return "\(n),\(row["start"] as! Int),\(row["end"] as! Int)"
        }
        let kwicJoins = String(decoding: run["kwic.csv"]!, as: UTF8.self).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").suffix(3).joined(separator: ",") }
        XCTAssertEqual(joins.sorted(), kwicJoins.sorted())
        XCTAssertEqual(whole["D"]!.count, 72)

        // Three partitions (records dealt out round-robin), reduced, give run's tables.
        var parts: [[String]] = [[], [], []]
        for (i, line) in input.enumerated() { parts[i % 3].append(line) }
        let partial = try parts.map { try stream($0, options: o)["A"]! }
        let file = work.appendingPathComponent("aggregates.tsv")
        try reduce(partial).write(to: file, atomically: true, encoding: .utf8)
        let merged = work.appendingPathComponent("merged")
        let (summary, _) = try Merge.aggregates(file: file.path, out: merged.path, lexicons: [lexicons.path])
        for name in ["timeline.csv", "timeline_wide.csv", "concepts.csv", "top_terms.csv", "chronology.csv"] {
            XCTAssertEqual(try Data(contentsOf: merged.appendingPathComponent(name)), run[name], name)
        }
        // The broken envelope (the last line, so line count/3 + 1 of its
        // partition's input) is the one skipped item; README.md is not read.
        let skipped = try String(contentsOf: merged.appendingPathComponent("skipped.csv"), encoding: .utf8)
        XCTAssertEqual(skipped, "file,line,reason\nstandard input,\((input.count - 1) / 3 + 1),broken.txt: @base64 is not base64\n")
        XCTAssertEqual(summary.documents, 72)
        XCTAssertEqual(summary.events, 7)
        XCTAssertEqual(summary.files, 2)
        let report = try String(contentsOf: merged.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("<svg"))

        // A file tagged with another lexicon is refused.
        let other = work.appendingPathComponent("other-lexicon")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: lexicons.appendingPathComponent("hukou.yaml"), to: other.appendingPathComponent("hukou.yaml"))
        XCTAssertThrowsError(try Merge.aggregates(file: file.path, out: work.appendingPathComponent("x").path, lexicons: [other.path])) {
            XCTAssertTrue("\($0)".contains("another lexicon"), "\($0)")
        }
    }
}
