import Foundation
import XCTest

@testable import PolicyTraceIngest
@testable import PolicyTraceText

/// Issue 18, smaller items: what the corpus walk passes over is listed, links
/// out of the corpus are not followed unless asked, and a strip pattern that
/// backtracks without bound fails its document by name.
final class CorpusWalkTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var work: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-walk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("corpus/reports"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        chmod(work.appendingPathComponent("corpus/locked").path, 0o755)
        try? FileManager.default.removeItem(at: work)
    }

    /// Record `n` (0-based line) of the real corpus, as title + text.
    func report(_ n: Int) throws -> String {
        let line = try String(contentsOf: Self.repository.appendingPathComponent("Corpus/government_work_reports.jsonl"), encoding: .utf8).split(
            separator: "\n")[n]
        let r = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        return (r["title"] as! String) + "\n" + (r["content"] as! String)
    }

    /// The ignore globs, literal and `NAME*` ones compared on the bytes, match what `fnmatch`
    /// matches, on the path and (for a glob without `/`) on the name.
    func testIgnoreGlobsMatchAsFnmatchDoes() {
        let globs = CorpusReader.alwaysIgnored + ["*.bak", "drafts/*", "a?c.txt", "[ab]*", "x\\*y", "", "READ", "*"]
        let paths = [
            "README.md", "sub/README", "READ", "read.md", ".git", "sub/.hidden", ".github/x.txt", "policytrace.yaml", "sub/policytrace.yaml",
            "notes.bak", "drafts/a.txt", "drafts", "abc.txt", "b.txt", "x*y", "xy", "LICENSE", "NOTICE-2", "issuers.tsv", "", "中文/README文件",
        ]
        for glob in globs {
            for path in paths {
                let name = path.split(separator: "/").last.map(String.init) ?? path
                let expected = fnmatch(glob, path, 0) == 0 || (!glob.contains("/") && fnmatch(glob, name, 0) == 0)
                XCTAssertEqual(CorpusReader.matches([glob], path), expected, "\(glob) on \(path)")
            }
        }
    }

    func testLinksFoldersAndOddEntriesAreListedNotFollowed() throws {
        let corpus = work.appendingPathComponent("corpus")
        let fm = FileManager.default
        try report(3).write(to: corpus.appendingPathComponent("reports/2024_resolution.txt"), atomically: true, encoding: .utf8)
        let outside = work.appendingPathComponent("outside.txt")
        try report(21).write(to: outside, atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: corpus.appendingPathComponent("inside_link.txt").path, withDestinationPath: "reports/2024_resolution.txt")
        try fm.createSymbolicLink(atPath: corpus.appendingPathComponent("outside_link.txt").path, withDestinationPath: outside.path)
        try fm.createSymbolicLink(atPath: corpus.appendingPathComponent("passwd.txt").path, withDestinationPath: "/etc/passwd")
        try fm.createSymbolicLink(atPath: corpus.appendingPathComponent("linked_folder").path, withDestinationPath: "reports")
        try fm.createSymbolicLink(atPath: corpus.appendingPathComponent("broken.txt").path, withDestinationPath: "nowhere.txt")
        XCTAssertEqual(mkfifo(corpus.appendingPathComponent("pipe.txt").path, 0o644), 0)
        try fm.createDirectory(at: corpus.appendingPathComponent("locked"), withIntermediateDirectories: true)
        try report(5).write(to: corpus.appendingPathComponent("locked/2023.txt"), atomically: true, encoding: .utf8)
        chmod(corpus.appendingPathComponent("locked").path, 0)
        // A GBK file name (政策.txt), as zips made on Windows hold them.
        let gbkName: [UInt8] = [0xD5, 0xFE, 0xB2, 0xDF, 0x2E, 0x74, 0x78, 0x74]
        let gbkPath = Array(corpus.path.utf8) + [0x2F] + gbkName + [0]
        let fd = gbkPath.withUnsafeBufferPointer {
            open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644)
        }
        XCTAssertGreaterThanOrEqual(fd, 0)
        close(fd)

        var reader = try CorpusReader(path: corpus.path)
        let walk = try reader.walk()
        // Root opens any folder; anyone else cannot open `locked`.
        let locked = getuid() == 0 ? ["locked/2023.txt"] : []
        // The GBK name is read under its GB18030 reading (FileNameTests).
        XCTAssertEqual(walk.files, ["inside_link.txt"] + locked + ["reports/2024_resolution.txt", "政策.txt"])
        let reasons = Dictionary(uniqueKeysWithValues: walk.skipped.map { ($0.source, $0.reason) })
        let root = CorpusPaths.resolved(corpus.path)
        var expected = [
            "broken.txt": "broken symbolic link (its target does not exist)",
            "linked_folder": "symbolic link to a folder (\(root)/reports), not followed",
            "outside_link.txt":
                "symbolic link to a file outside the corpus (\(CorpusPaths.resolved(outside.path))), not followed; --follow-links reads it",
            "passwd.txt": "symbolic link to a file outside the corpus (/etc/passwd), not followed; --follow-links reads it",
            "pipe.txt": "not a regular file (a device, socket or pipe)",
        ]
        if locked.isEmpty { expected["locked/"] = "cannot open folder: Permission denied" }
        XCTAssertEqual(reasons, expected)
        XCTAssertEqual(reader.read("inside_link.txt").documents.first?.year, 2024)

        reader.followsLinksOutside = true
        XCTAssertEqual(
            try reader.walk().files, ["inside_link.txt"] + locked + ["outside_link.txt", "passwd.txt", "reports/2024_resolution.txt", "政策.txt"])
    }

    func testStripPatternThatBacktracksWithoutBoundFailsItsDocumentByName() throws {
        let corpus = work.appendingPathComponent("corpus")
        try report(21).write(to: corpus.appendingPathComponent("reports/2014.txt"), atomically: true, encoding: .utf8)
        try report(3).write(to: corpus.appendingPathComponent("reports/2024_resolution.txt"), atomically: true, encoding: .utf8)
        // Nested repeats over runs of Han characters, then a character no report has.
        try "strip:\n  - {pattern: \"(\\\\p{Han}+)+\\\\x{1F600}\"}\n".write(
            to: corpus.appendingPathComponent("policytrace.yaml"), atomically: true, encoding: .utf8)
        let reader = try CorpusReader(path: corpus.path)
        let failed = reader.read("reports/2014.txt")
        XCTAssertEqual(failed.documents.count, 0)
        XCTAssertEqual(failed.skipped.map(\.reason), [StripPattern.Failure.tooCostly(#"(\p{Han}+)+\x{1F600}"#).description])
        XCTAssertTrue(failed.skipped[0].reason.contains("policytrace.yaml"))
    }

    func testStripPatternsRemoveWhatNSRegularExpressionRemoved() throws {
        let text = try report(21) + "\n本作品是中华人民共和国的法律文件，不受著作权法保护。"
        for (pattern, cut) in [("\\n本作品(是|来自)中华人民共和国", true), ("[一二三四五六七八九十]、", false), ("\\s+$", false), ("x*", false), ("^", true)] {
            let regex = try NSRegularExpression(pattern: pattern)
            let ns = text as NSString
            let expected: String
            if cut {
                let m = regex.rangeOfFirstMatch(in: text, range: NSRange(location: 0, length: ns.length))
                expected = m.location == NSNotFound ? text : ns.substring(to: m.location)
            } else {
                expected = regex.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: ns.length), withTemplate: "")
            }
            XCTAssertEqual(try StripPattern(pattern, cutToEnd: cut).apply(text), expected, pattern)
        }
    }

    /// A file's bytes as the main job reads them: small files read whole,
    /// large ones mapped, files whose size the kernel does not report
    /// (procfs) read to their end, a missing file nil, the same bytes as
    /// FileManager reads in every case.
    func testFileContentsAreEveryByteOfSmallLargeAndUnsizedFiles() throws {
        let corpus = try String(contentsOf: Self.repository.appendingPathComponent("Corpus/government_work_reports.jsonl"), encoding: .utf8)
        let small = work.appendingPathComponent("small.txt"), large = work.appendingPathComponent("large.txt")
        try report(3).write(to: small, atomically: true, encoding: .utf8)
        var big = corpus
        while big.utf8.count < CorpusPaths.mappedFileBytes { big += corpus }
        try big.write(to: large, atomically: true, encoding: .utf8)
        for url in [small, large] {
            XCTAssertEqual(CorpusPaths.contents(url.path), FileManager.default.contents(atPath: url.path), url.lastPathComponent)
        }
        XCTAssertEqual(CorpusPaths.contents(large.path)?.count, big.utf8.count)
        let status = try XCTUnwrap(CorpusPaths.contents("/proc/self/status"))
        XCTAssertTrue(String(decoding: status, as: UTF8.self).contains("Pid:"), "a procfs file is read to its end")
        XCTAssertNil(CorpusPaths.contents(work.appendingPathComponent("missing.txt").path))
        let empty = work.appendingPathComponent("empty.txt")
        FileManager.default.createFile(atPath: empty.path, contents: Data())
        XCTAssertEqual(CorpusPaths.contents(empty.path), Data())
    }

    /// The byte-level path helpers give what NSString gives for file paths
    /// (the walk and the reader build one per file without bridging).
    func testPathHelpersMatchNSString() {
        let paths = [
            "a/b.txt", "a.b/c", "x.tar.gz", "dir/.hidden", ".hidden", "noext", "trailingdot.", "a/b.TXT", "中文/文件.docx",
            "/abs/path/report.PDF", "a.b/c.d/e", "年报/2014.年.jsonl", "a/.b.c",
        ]
        for p in paths { XCTAssertEqual(String(CorpusPaths.pathExtension(p)), (p as NSString).pathExtension, p) }
        for (folder, name) in [("Corpus", "a/b.txt"), ("Corpus/", "b.txt"), ("/", "etc"), (".", "x.txt"), ("中文", "文件.txt")] {
            XCTAssertEqual(CorpusPaths.join(folder, name), (folder as NSString).appendingPathComponent(name), "\(folder) + \(name)")
        }
    }
}
