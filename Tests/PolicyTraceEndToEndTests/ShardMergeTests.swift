import Foundation
import PolicyTrace
import XCTest

@testable import PolicyTraceStore

/// Three shards of the fixture corpus, merged, write every output file as a
/// single run does; the shards split the JSON Lines records among them.
final class ShardMergeTests: XCTestCase {
    var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }
    var work: URL!
    var out: URL { work.appendingPathComponent("out") }

    override func setUpWithError() throws {
        useTestLexiconCache()
        work = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: work)
    }

    func options(out: URL) -> RunOptions {
        var o = RunOptions()
        o.corpus = fixtures.appendingPathComponent("corpus").path
        o.lexicons = [fixtures.appendingPathComponent("lexicon").path]
        o.out = out.path
        o.jobs = 2
        o.commandLine = ["policytrace", "run"]
        return o
    }

    func shard(_ i: Int, of n: Int) throws -> (URL, RunSummary) {
        let dir = work.appendingPathComponent("shard\(i)")
        var batch = BatchOptions()
        batch.shard = ShardSpec(index: i, count: n)
        return (dir, try Pipeline.run(options(out: dir), batch: batch))
    }

    func testThreeShardsMergedEqualASingleRun() throws {
        _ = try Pipeline.run(options(out: out))
        let single = work.appendingPathComponent("single")
        try FileManager.default.moveItem(at: out, to: single)

        let shards = try (0..<3).map { try shard($0, of: 3) }
        XCTAssertEqual(shards.map(\.1.documents).reduce(0, +), 3)
        XCTAssertTrue(shards.allSatisfy { $0.1.documents < 3 }, "records are dealt out, not whole files")
        XCTAssertGreaterThan(shards.map { $0.1.documentsByFormat[.jsonl] ?? 0 }.filter { $0 > 0 }.count, 1, "the JSON Lines records are split")

        let merged = try Merge.run(shards: shards.map(\.0.path), out: out.path, jobs: 2, commandLine: ["policytrace", "merge"]).summary
        XCTAssertEqual(merged.documents, 3)
        try OutputComparison.assertSame(single, out)
    }

    func testMergeRefusesAnIncompleteSetOfShards() throws {
        let shards = try (0..<2).map { try shard($0, of: 3) }
        XCTAssertThrowsError(try Merge.run(shards: shards.map(\.0.path), out: out.path, jobs: 1)) {
            XCTAssertTrue("\($0)".contains("missing shard(s): 2/3"), "\($0)")
        }
    }

    func testShardSpecParsesAndSplitsStably() {
        XCTAssertEqual(ShardSpec("2/5"), ShardSpec(index: 2, count: 5))
        XCTAssertNil(ShardSpec("5/5"))
        XCTAssertNil(ShardSpec("x"))
        let keys = (1...300).map { "reports.jsonl#\($0)" }
        let owners = keys.map { k in (0..<3).filter { ShardSpec(index: $0, count: 3).owns(k) } }
        XCTAssertTrue(owners.allSatisfy { $0.count == 1 })
        XCTAssertEqual(ShardSpec.stableHash("a"), 0xaf63_dc4c_8601_ec8c)
    }
}
