import Foundation
import XCTest

/// The `policytrace` binary that `swift test` builds beside the test bundle,
/// run as a new user runs it: from a folder that is not the repository (no
/// ./Lexicons, no ./Corpus), with its exit code and messages. Issue #17's
/// silent successes and folder-bound defaults.
final class CommandLineTests: XCTestCase {
    var work: URL!
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: work) }

    /// Runs the binary in `work`; (exit code, stdout, stderr).
    func policytrace(_ arguments: String...) throws -> (Int32, String, String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("policytrace")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            XCTFail("no policytrace binary beside the tests at \(binary.path)")
            return (-1, "", "")
        }
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.currentDirectoryURL = work
        var env = ProcessInfo.processInfo.environment
        env["POLICYTRACE_CACHE"] = work.appendingPathComponent("cache").path
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    var corpus: String { Self.repository.appendingPathComponent("Corpus").path }

    func testMistypedConceptOrUnknownTermInKWICIsAnErrorWithASuggestion() throws {
        let (code, out, err) = try policytrace("kwic", "hukuo.reform", "--corpus", corpus)
        XCTAssertEqual(code, 2)
        XCTAssertEqual(out, "")
        XCTAssertTrue(err.contains("did you mean hukou.reform?"), err)
        let (code2, _, err2) = try policytrace("kwic", "城镇化", "--corpus", corpus)
        XCTAssertEqual(code2, 2)
        XCTAssertTrue(err2.contains("城镇化 is neither a concept ID nor a term of the lexicon"), err2)
        let (code3, out3, _) = try policytrace("kwic", "hukou.reform", "--corpus", corpus, "--limit", "3")
        XCTAssertEqual(code3, 0)
        XCTAssertEqual(out3.split(separator: "\n").count, 3)
    }

    func testTagAndTextWorkFromAnyFolderWithTheBuiltInLexicons() throws {
        let notice = work.appendingPathComponent("notice.html")
        try "<html><head><title>关于进一步推进户籍制度改革的意见</title></head><body><p>推进户籍制度改革，保障农民工权益。</p></body></html>"
            .write(to: notice, atomically: true, encoding: .utf8)
        let (code, out, err) = try policytrace("tag", notice.path)
        XCTAssertEqual(code, 0, err)
        XCTAssertTrue(out.contains("\"concepts\":[\"hukou.reform\"]"), out)
        let (code2, out2, err2) = try policytrace("text", notice.path, "--corpus", notice.path)
        XCTAssertEqual(code2, 0, err2)
        XCTAssertTrue(out2.contains("title: 关于进一步推进户籍制度改革的意见"), out2)
    }

    func testEvaluateKWICNamesTheFileAndLineOfABadCode() throws {
        let out = work.appendingPathComponent("Output")
        let (code, _, err) = try policytrace("run", "--corpus", corpus, "--out", out.path, "--no-store", "--quiet")
        XCTAssertEqual(code, 0, err)
        // skipped.csv's first column is `file`, as the README says (it was `source`).
        XCTAssertTrue(try String(contentsOf: out.appendingPathComponent("skipped.csv"), encoding: .utf8).hasPrefix("file,line,reason\n"))
        var lines = try String(contentsOf: out.appendingPathComponent("kwic.csv"), encoding: .utf8).split(separator: "\n").map(String.init)
        lines[0] += ",code"
        for i in 1..<lines.count { lines[i] += i <= 20 ? ",1" : i == 21 ? ",perhaps" : "," }
        let coded = out.appendingPathComponent("coded.csv")
        try lines.joined(separator: "\n").write(to: coded, atomically: true, encoding: .utf8)
        let (code2, out2, err2) = try policytrace("evaluate", "--kwic", coded.path)
        XCTAssertEqual(code2, 2)
        XCTAssertEqual(out2, "")
        XCTAssertTrue(err2.contains("coded.csv:22: code \"perhaps\" is not a code"), err2)
        lines[21] = String(lines[21].dropLast("perhaps".count)) + "no"
        try lines.joined(separator: "\n").write(to: coded, atomically: true, encoding: .utf8)
        let gold = work.appendingPathComponent("gold.jsonl")
        let (code3, out3, err3) = try policytrace("evaluate", "--kwic", coded.path, "--write-gold", gold.path)
        XCTAssertEqual(code3, 0, err3)
        XCTAssertTrue(out3.contains("overall (micro)"), out3)
        XCTAssertTrue(out3.contains("(21 coded row(s)"), out3)
        XCTAssertTrue(try String(contentsOf: gold, encoding: .utf8).contains("\"passage\":["))
    }

    /// `evaluate --reader`: a second reader's gold scored against the first (pool 6's Traditional
    /// test6), a reading with an impossible span refused by file and line, and --pred beside it
    /// refused.
    func testEvaluateReaderScoresASecondReadingAndRefusesABadOne() throws {
        let pool = Self.repository.appendingPathComponent("Tests/Gold/pool6")
        let first = pool.appendingPathComponent("zh-hant_test6.jsonl").path, second = pool.appendingPathComponent("second/zh-hant_test6.jsonl")
        let texts = pool.appendingPathComponent("zh-hant/test6").path
        let (code, out, err) = try policytrace("evaluate", "--gold", first, "--reader", second.path, "--corpus", texts, "--summary")
        XCTAssertEqual(code, 0, err)
        let overall = try XCTUnwrap(out.split(separator: "\n").first { $0.hasPrefix("overall (micro)") })
        XCTAssertGreaterThan(Double(overall.split(separator: " ").filter { !$0.isEmpty }[6]) ?? 0, 0.9, String(overall))
        var lines = try String(contentsOf: second, encoding: .utf8).split(separator: "\n").map(String.init)
        let k = try XCTUnwrap(lines.firstIndex { $0.contains("\"start\"") })
        lines[k] = lines[k].replacingOccurrences(of: "\"start\": ", with: "\"start\": -").replacingOccurrences(of: "\"start\":", with: "\"start\":-")
        let bad = work.appendingPathComponent("bad.jsonl")
        try lines.joined(separator: "\n").write(to: bad, atomically: true, encoding: .utf8)
        let (code2, _, err2) = try policytrace("evaluate", "--gold", first, "--reader", bad.path, "--corpus", texts)
        XCTAssertEqual(code2, 2)
        XCTAssertTrue(err2.contains("bad.jsonl:\(k + 1)"), err2)
        let (code3, _, err3) = try policytrace("evaluate", "--gold", first, "--reader", second.path, "--pred", second.path)
        XCTAssertNotEqual(code3, 0)
        XCTAssertTrue(err3.contains("--reader and --pred"), err3)
    }

    func testHelpListsExitCodesAndEveryContextWindowDefaultsTo30() throws {
        let (code, out, _) = try policytrace("--help")
        XCTAssertEqual(code, 0)
        XCTAssertTrue(out.contains("Exit status: 0 done; 2 the input"), out)
        XCTAssertTrue(out.contains("64"), "the usage-error code is listed: \(out)")
        // run, kwic and evaluate once had three different defaults (30, 20, 15).
        for (command, option) in [("run", "--kwic-window"), ("kwic", "--window"), ("evaluate", "--window")] {
            let (_, help, _) = try policytrace("help", command)
            let line = help.split(separator: "\n").drop { !$0.trimmingCharacters(in: .whitespaces).hasPrefix(option + " <n>") }.prefix(3).joined(
                separator: " ")
            XCTAssertTrue(line.contains("(default: 30)"), "\(command) \(option): \(line)")
        }
    }
}
