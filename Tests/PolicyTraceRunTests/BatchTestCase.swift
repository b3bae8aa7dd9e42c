import Foundation
import PolicyTrace
import XCTest

/// A copy of the real corpus (the 72 work reports and Table 1) and the
/// default lexicons in a temporary folder, so tests can change them.
class BatchTestCase: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var work: URL!
    var corpus: URL { work.appendingPathComponent("corpus") }
    var lexicons: URL { work.appendingPathComponent("lexicons") }
    var out: URL { work.appendingPathComponent("out") }

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Corpus"), to: corpus)
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Lexicons"), to: lexicons)
        // Compiled lexicons go to this test's folder, never the user's cache.
        setenv("POLICYTRACE_CACHE", work.appendingPathComponent("cache").path, 1)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: work)
    }

    func options(out: URL? = nil) -> RunOptions {
        var o = RunOptions()
        o.corpus = corpus.path
        o.lexicons = [lexicons.path]
        o.out = (out ?? self.out).path
        o.jobs = 2
        o.commandLine = ["policytrace", "run"]
        return o
    }

    var store: Store { get throws { try Store(path: out.appendingPathComponent(Store.fileName).path) } }

    /// Every output file (the store aside) with its bytes; the manifest
    /// without its timings and command line.
    func outputs(_ dir: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where !name.hasPrefix("policytrace.sqlite") && !name.hasPrefix(".")
        {
            var data = try Data(contentsOf: dir.appendingPathComponent(name))
            if name == "manifest.json" {
                var object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
                object["timings"] = nil
                object["command_line"] = nil
                // The report names its output folder, and so its hash differs between folders.
                object["output_files"] = (object["output_files"] as! [[String: String]]).filter { $0["path"] != "report.html" }
                data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            }
            result[name] = data
        }
        return result
    }

    /// The outputs of a run without a store, in a folder of their own.
    func cleanRun(_ options: RunOptions) throws -> [String: Data] {
        var o = options
        let dir = work.appendingPathComponent("clean-\(UUID().uuidString)")
        o.out = dir.path
        var batch = BatchOptions()
        batch.noStore = true
        _ = try Pipeline.run(o, batch: batch)
        var result = try outputs(dir)
        // The report names its output folder.
        result["report.html"] = nil
        return result
    }

    func assertSameAsClean(_ options: RunOptions, file: StaticString = #filePath, line: UInt = #line) throws {
        var mine = try outputs(URL(fileURLWithPath: options.out))
        mine["report.html"] = nil
        let clean = try cleanRun(options)
        XCTAssertEqual(mine.keys.sorted(), clean.keys.sorted(), file: file, line: line)
        for (name, data) in clean where mine[name] != data {
            XCTFail("\(name) differs from a clean run's", file: file, line: line)
        }
    }

    func modificationDates(_ dir: URL) throws -> [String: Date] {
        var result: [String: Date] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where !name.hasPrefix("policytrace.sqlite") {
            result[name] = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)[.modificationDate] as? Date
        }
        return result
    }
}
