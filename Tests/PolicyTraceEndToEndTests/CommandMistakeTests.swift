import Foundation
import XCTest

/// Issue 18, item 5 and the up-to-date item, through the `policytrace`
/// binary itself (built by `swift test` beside the test bundle): commands
/// refuse to write over their input, exit 2 and leave it byte-identical, and
/// `run --help` says what the up-to-date check does not notice.
final class CommandMistakeTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var work: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        for name in ["government_work_reports.jsonl", "table1_chronology.txt"] {
            try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Corpus/\(name)"), to: work.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(
            at: Self.repository.appendingPathComponent("Lexicons/hukou.yaml"), to: work.appendingPathComponent("hukou.yaml"))
        setenv("POLICYTRACE_CACHE", work.appendingPathComponent("cache").path, 1)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: work)
    }

    /// The binary next to the test bundle (`.build/debug/policytrace`).
    var binary: URL {
        Bundle.main.bundleURL.appendingPathComponent("policytrace")
    }

    /// Runs the binary in the work folder: exit status and standard error.
    func policytrace(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary.path), "no policytrace at \(binary.path)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = work
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// `arguments` is refused with exit 2, naming the input, and `input` keeps its bytes.
    func assertRefused(_ arguments: [String], keeps input: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = work.appendingPathComponent(input)
        let before = try Data(contentsOf: path)
        let result = try policytrace(arguments)
        XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains("is also an input") || result.stderr.contains("inside"), result.stderr, file: file, line: line)
        XCTAssertEqual(try Data(contentsOf: path), before, "\(input) was written over", file: file, line: line)
    }

    func testCommandsRefuseToWriteOverTheirInput() throws {
        try assertRefused(
            ["tag", "--lexicon", "hukou.yaml", "government_work_reports.jsonl", "-o", "government_work_reports.jsonl"],
            keeps: "government_work_reports.jsonl")
        try assertRefused(
            ["tag", "--lexicon", "hukou.yaml", "government_work_reports.jsonl", "-o", "./government_work_reports.jsonl"],
            keeps: "government_work_reports.jsonl")
        try assertRefused(["chronology", "table1_chronology.txt", "-o", "table1_chronology.txt"], keeps: "table1_chronology.txt")
        try assertRefused(["lexicon", "export", "--lexicon", "hukou.yaml", "--format", "quanteda", "-o", "hukou.yaml"], keeps: "hukou.yaml")
        try assertRefused(["lexicon", "import", "hukou.yaml", "-o", "hukou.yaml"], keeps: "hukou.yaml")
        // A symbolic link to the input is the input.
        try FileManager.default.createSymbolicLink(
            atPath: work.appendingPathComponent("mentions.jsonl").path, withDestinationPath: "government_work_reports.jsonl")
        try assertRefused(
            ["tag", "--lexicon", "hukou.yaml", "government_work_reports.jsonl", "-o", "mentions.jsonl"], keeps: "government_work_reports.jsonl")
        // Elsewhere, the same commands write.
        let ok = try policytrace(["chronology", "table1_chronology.txt", "-o", "events.csv"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertGreaterThan(try Data(contentsOf: work.appendingPathComponent("events.csv")).count, 1000)
    }

    /// `-o` onto a symbolic link writes its target and keeps the link; onto a FIFO, writes into it.
    func testOutputFileThroughALinkOrAPipeIsWrittenNotReplaced() throws {
        let link = work.appendingPathComponent("events-link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "events.csv")
        let viaLink = try policytrace(["chronology", "table1_chronology.txt", "-o", "events-link.csv"])
        XCTAssertEqual(viaLink.status, 0, viaLink.stderr)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "events.csv")
        XCTAssertTrue(try String(contentsOf: work.appendingPathComponent("events.csv"), encoding: .utf8).hasPrefix("year,"))
        let fifo = work.appendingPathComponent("events.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let read = try shell(
            "cat \"$0\" > \"$0.out\" & c=$!; \"$1\" chronology table1_chronology.txt -o \"$0\"; s=$?; wait $c; exit $s", [fifo, binary.path])
        XCTAssertEqual(read.status, 0, read.stderr)
        var info = stat()
        XCTAssertEqual(lstat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO was replaced by a file")
        XCTAssertTrue(try String(contentsOfFile: fifo + ".out", encoding: .utf8).hasPrefix("year,"))
    }

    /// `tag -o` streams its lines into a file beside the target and renames it
    /// over the target at the end: the same bytes as standard output, and a
    /// write that fails (a full disk) leaves the old file and no partial one.
    func testTagOutputFileIsTheLinesOrTheOldFile() throws {
        let printed = try policytrace(["tag", "--lexicon", "hukou.yaml", "government_work_reports.jsonl"])
        XCTAssertEqual(printed.status, 0, printed.stderr)
        XCTAssertGreaterThan(printed.stdout.utf8.count, 8192)
        let written = try policytrace(["tag", "--lexicon", "hukou.yaml", "government_work_reports.jsonl", "-o", "out.jsonl"])
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertEqual(try String(contentsOf: work.appendingPathComponent("out.jsonl"), encoding: .utf8), printed.stdout)
        let old = Data("old lines\n".utf8)
        try old.write(to: work.appendingPathComponent("out.jsonl"))
        let full = try shell(
            "trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\"",
            [binary.path, "tag", "--lexicon", "hukou.yaml", "government_work_reports.jsonl", "-o", "out.jsonl"])
        XCTAssertEqual(full.status, 2, full.stderr)
        XCTAssertTrue(full.stderr.contains("out.jsonl: cannot write"), full.stderr)
        XCTAssertEqual(try Data(contentsOf: work.appendingPathComponent("out.jsonl")), old)
        let left = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.hasSuffix(".partial") }
        XCTAssertEqual(left, [], "a partial output was left behind")
    }

    func testMissingInputsAreNamedNotFoundationErrors() throws {
        for (arguments, file) in [
            (["chronology", "table2_chronology.txt"], "table2_chronology.txt"),
            (["tag", "--lexicon", "hukou.yaml", "reports.jsonl"], "reports.jsonl"),
        ] {
            let result = try policytrace(arguments)
            // An input error: status 2, as the manual (`policytrace --help`) says.
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("\(file): ") && result.stderr.contains(": no such file or folder"), result.stderr)
            XCTAssertFalse(result.stderr.contains("could not be completed"), result.stderr)
        }
    }

    func testRunKilledByAFullDiskLeavesOutputsAndStoreSound() throws {
        let fm = FileManager.default
        try fm.copyItem(at: Self.repository.appendingPathComponent("Corpus"), to: work.appendingPathComponent("corpus"))
        try fm.copyItem(at: Self.repository.appendingPathComponent("Lexicons"), to: work.appendingPathComponent("lexicons"))
        let run = ["run", "--corpus", "corpus", "--lexicon", "lexicons", "--out", "out", "--quiet"]
        XCTAssertEqual(try policytrace(run).status, 0)
        let names = ["mentions.jsonl", "timeline.csv", "documents.csv", "kwic.csv", "skipped.csv"]
        let before = try names.map { try Data(contentsOf: work.appendingPathComponent("out/\($0)")) }
        // The corpus changes, then the disk fills: no file may grow past
        // 256 KB (`ulimit -f`; SIGXFSZ ignored, so writes fail with EFBIG).
        let jsonl = work.appendingPathComponent("corpus/government_work_reports.jsonl")
        let lines = try String(contentsOf: jsonl, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try lines.dropFirst(2).joined(separator: "\n").write(to: jsonl, atomically: true, encoding: .utf8)
        let full = try shell("trap '' XFSZ; ulimit -f 512; exec \"$0\" \"$@\"", [binary.path] + run)
        XCTAssertEqual(full.status, 2, full.stderr)
        XCTAssertTrue(full.stderr.contains("cannot write"), full.stderr)
        XCTAssertEqual(try names.map { try Data(contentsOf: work.appendingPathComponent("out/\($0)")) }, before, "earlier outputs replaced")
        // The next run, with room, resumes from the store to a clean run's outputs.
        let next = try policytrace(run)
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(try policytrace(["run", "--corpus", "corpus", "--lexicon", "lexicons", "--out", "clean", "--no-store", "--quiet"]).status, 0)
        for name in names {
            XCTAssertEqual(
                try Data(contentsOf: work.appendingPathComponent("out/\(name)")), try Data(contentsOf: work.appendingPathComponent("clean/\(name)")),
                name)
        }
    }

    func testTwoRunsStartedIntoOneFolderEndConsistent() throws {
        let fm = FileManager.default
        try fm.copyItem(at: Self.repository.appendingPathComponent("Corpus"), to: work.appendingPathComponent("corpus"))
        try fm.copyItem(at: Self.repository.appendingPathComponent("Lexicons"), to: work.appendingPathComponent("lexicons"))
        let run = ["run", "--corpus", "corpus", "--lexicon", "lexicons", "--out", "out", "--quiet"]
        // Both at once, on a folder with no store yet: one writes, the other
        // stops at once naming it (never a raw SQLite error).
        let both = try shell("\"$0\" \"$@\" & a=$!; \"$0\" \"$@\"; b=$?; wait $a; a=$?; echo \"$a $b\" >&2", [binary.path] + run)
        let statuses = both.stderr.split(separator: "\n").last.map { $0.split(separator: " ").compactMap { Int32($0) } } ?? []
        XCTAssertEqual(statuses.count, 2, both.stderr)
        XCTAssertTrue(statuses.contains(0), both.stderr)
        XCTAssertFalse(both.stderr.contains("SQLite"), both.stderr)
        if statuses.contains(where: { $0 != 0 }) {
            XCTAssertTrue(both.stderr.contains("another policytrace run (process "), both.stderr)
        }
        XCTAssertEqual(try policytrace(["run", "--corpus", "corpus", "--lexicon", "lexicons", "--out", "clean", "--no-store", "--quiet"]).status, 0)
        for name in ["mentions.jsonl", "timeline.csv", "documents.csv", "kwic.csv"] {
            XCTAssertEqual(
                try Data(contentsOf: work.appendingPathComponent("out/\(name)")), try Data(contentsOf: work.appendingPathComponent("clean/\(name)")),
                name)
        }
        let again = try policytrace(Array(run.dropLast()))
        XCTAssertTrue(again.stdout.contains("Up to date"), again.stdout + again.stderr)
    }

    /// Runs `script` with `sh -c` (arguments as $0, $1, …) in the work folder.
    func shell(_ script: String, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script] + arguments
        process.currentDirectoryURL = work
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    func testRunHelpSaysWhatTheUpToDateCheckDoesNotNotice() throws {
        let help = try policytrace(["run", "--help"])
        XCTAssertEqual(help.status, 0)
        let text = (help.stdout + help.stderr).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(text.contains("Corpus files are always hashed (SHA-256)"), text)
        XCTAssertTrue(text.contains("an edit of an output that keeps all three is not noticed (use --force)"), text)
    }
}
