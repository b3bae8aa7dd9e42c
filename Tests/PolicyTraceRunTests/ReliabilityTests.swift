import Foundation
import PolicyTrace
import XCTest

@testable import PolicyTraceRun
@testable import PolicyTraceStore

/// Issue 18: no input and no slip of the hand silently corrupts a result.
/// Each test is a mistake or a damaged input made from the real corpus.
final class ReliabilityTests: BatchTestCase {
    /// Record `n` (1-based line) of the corpus's JSON Lines file.
    func record(_ n: Int) throws -> [String: Any] {
        let text = try String(contentsOf: corpus.appendingPathComponent("government_work_reports.jsonl"), encoding: .utf8)
        let line = text.split(separator: "\n")[n - 1]
        return try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }

    /// The text of record `n` as a plain-text file: title line, then content.
    func plainText(_ n: Int) throws -> String {
        let r = try record(n)
        return (r["title"] as! String) + "\n" + (r["content"] as! String)
    }

    /// `text`'s UTF-8 bytes with `byte` inserted after the first line break
    /// past the middle (so it splits no term).
    func withStrayByte(_ text: String, _ byte: UInt8 = 0xFF) -> [UInt8] {
        var bytes = Array(text.utf8)
        var mid = bytes.count / 2
        while mid < bytes.count, bytes[mid] != 0x0A { mid += 1 }
        bytes.insert(byte, at: mid + 1)
        return bytes
    }

    func folder(_ name: String, files: [String: [UInt8]]) throws -> URL {
        let dir = work.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (file, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent(file)) }
        return dir
    }

    func run(_ options: RunOptions, store: Bool = false) throws -> RunSummary {
        var batch = BatchOptions()
        batch.noStore = !store
        return try Pipeline.run(options, batch: batch)
    }

    // MARK: 1. The output folder inside the corpus

    func testOutputFolderInsideTheCorpusIsLeftOutOfTheWalk() throws {
        let reference = try run(options())
        var o = options()
        o.out = corpus.appendingPathComponent("Output").path
        // Three runs, with and without the store: the earlier outputs (and
        // any staging folder) are never read back as documents.
        let first = try run(o, store: true)
        XCTAssertEqual(first.documents, reference.documents)
        XCTAssertEqual(first.mentions, reference.mentions)
        XCTAssertEqual(first.files, reference.files)
        XCTAssertTrue(try run(o, store: true).upToDate, "the outputs written into the corpus are not new corpus files")
        let third = try run(o)
        XCTAssertEqual(third.documents, reference.documents)
        XCTAssertEqual(third.mentions, reference.mentions)
        XCTAssertEqual(third.files, reference.files)
        XCTAssertEqual(
            try Data(contentsOf: corpus.appendingPathComponent("Output/timeline.csv")),
            try Data(contentsOf: out.appendingPathComponent("timeline.csv")))
    }

    func testOutputFolderThatIsTheCorpusIsRefused() throws {
        var o = options()
        o.out = corpus.path + "/."
        XCTAssertThrowsError(try run(o)) { error in
            let message = (error as? RunError)?.description ?? "\(error)"
            XCTAssertTrue(message.contains("is the corpus folder itself"), message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: corpus.appendingPathComponent("timeline.csv").path))
    }

    // MARK: 2. A stray byte in a UTF-8 file

    func testStrayByteInAUTF8ReportKeepsItsTextYearLanguageAndMentions() throws {
        // The 2024 NPC resolution (1.9 KB) and the 2014 work report, each with one 0xFF.
        let tagger = Tagger(lexicon: try LexiconReader.load(paths: [lexicons.path]).0, overlaps: .longest)
        for n in [4, 22] {
            let text = try plainText(n)
            let dir = try folder("stray-\(n)", files: ["clean.txt": Array(text.utf8), "damaged.txt": withStrayByte(text)])
            let reader = try CorpusReader(path: dir.path)
            let clean = reader.read("clean.txt"), damaged = reader.read("damaged.txt")
            let a = try XCTUnwrap(clean.documents.first), b = try XCTUnwrap(damaged.documents.first)
            XCTAssertEqual(b.encoding, "UTF-8", "record \(n)")
            XCTAssertEqual(b.text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count, 1)
            XCTAssertEqual(b.text.replacingOccurrences(of: "\u{FFFD}", with: ""), a.text)
            XCTAssertNotNil(a.year)
            XCTAssertEqual(b.year, a.year)
            XCTAssertEqual(b.language, "zh")
            XCTAssertEqual(tagger.tag(b.text).mentions.count, tagger.tag(a.text).mentions.count)
            XCTAssertEqual(damaged.warnings.map(\.description), ["damaged.txt: 1 invalid byte sequence(s) in UTF-8 replaced by U+FFFD"])
            XCTAssertTrue(clean.warnings.isEmpty)
        }
        XCTAssertGreaterThan(tagger.tag(try plainText(22)).mentions.count, 10)
    }

    // MARK: 3. A mistyped --encoding

    func testUnknownEncodingIsAnErrorBeforeAnythingIsReadAndKeepsEarlierOutputs() throws {
        _ = try run(options(), store: true)
        let before = try outputs(out)
        var o = options()
        o.encoding = "utf8x"
        XCTAssertThrowsError(try run(o, store: true)) { error in
            let message = (error as? RunError)?.description ?? "\(error)"
            XCTAssertTrue(message.hasPrefix("--encoding utf8x: unknown encoding 'utf8x'; did you mean UTF-8?"), message)
        }
        XCTAssertEqual(try outputs(out), before)
        // The same name in policytrace.yaml names the file.
        let config = corpus.appendingPathComponent("policytrace.yaml")
        try (try String(contentsOf: config, encoding: .utf8) + "\nencoding: gbkk\n").write(to: config, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CorpusReader(path: corpus.path)) { error in
            XCTAssertTrue("\(error)".contains("policytrace.yaml: unknown encoding 'gbkk'; did you mean GBK?"), "\(error)")
        }
    }

    func testRunThatReadNothingKeepsEarlierOutputs() throws {
        _ = try run(options())
        let before = try outputs(out)
        // A format override under which no file of the corpus is readable.
        let dir = try folder("as-jsonl", files: ["a.txt": Array(try plainText(4).utf8)])
        var o = options()
        o.corpus = dir.path
        o.format = .jsonl
        XCTAssertThrowsError(try run(o))
        XCTAssertEqual(try outputs(out), before)
    }

    // MARK: 4. merge into one of its shards

    /// The corpus run as shards 0/2 and 1/2, each into its own folder.
    func twoShards() throws -> [URL] {
        try (0..<2).map { i in
            let dir = work.appendingPathComponent("shard\(i)")
            var batch = BatchOptions()
            batch.shard = ShardSpec(index: i, count: 2)
            _ = try Pipeline.run(options(out: dir), batch: batch)
            return dir
        }
    }

    func testMergeIntoAShardFolderIsRefusedAndTheShardSurvives() throws {
        let shards = try twoShards()
        let storePath = shards[0].appendingPathComponent(Store.fileName).path
        let documents = try Store(path: storePath).integer("SELECT count(*) FROM documents")
        XCTAssertGreaterThan(documents, 0)
        for target in [shards[0].path, shards[0].path + "/", shards[0].appendingPathComponent("sub").path] {
            XCTAssertThrowsError(try Merge.run(shards: shards.map(\.path), out: target, jobs: 2)) { error in
                XCTAssertTrue("\(error)".contains("would destroy that shard"), "\(error)")
            }
        }
        XCTAssertEqual(try Store(path: storePath).integer("SELECT count(*) FROM documents"), documents)
        // Merging into a new folder works, and leaves no store being built.
        let merged = work.appendingPathComponent("merged")
        _ = try Merge.run(shards: shards.map(\.path), out: merged.path, jobs: 2)
        let left = try FileManager.default.contentsOfDirectory(atPath: merged.path).filter { $0.contains(".merging-") }
        XCTAssertEqual(left, [])
        XCTAssertEqual(
            try Store(path: merged.appendingPathComponent(Store.fileName).path).integer("SELECT count(*) FROM documents"),
            try Store(path: storePath).integer("SELECT count(*) FROM documents")
                + (try Store(path: shards[1].appendingPathComponent(Store.fileName).path).integer("SELECT count(*) FROM documents")))
    }

    func testFailedMergeLeavesTheEarlierMergedStoreWhole() throws {
        let shards = try twoShards()
        let merged = work.appendingPathComponent("merged")
        _ = try Merge.run(shards: shards.map(\.path), out: merged.path, jobs: 2)
        let target = merged.appendingPathComponent(Store.fileName).path
        let documents = try Store(path: target).integer("SELECT count(*) FROM documents")
        // A shard store that is not a database fails the merge part-way.
        let broken = work.appendingPathComponent("broken.sqlite").path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: broken))
        XCTAssertThrowsError(try Merge.absorb([shards[0].appendingPathComponent(Store.fileName).path, broken], into: target))
        XCTAssertEqual(try Store(path: target).integer("SELECT count(*) FROM documents"), documents)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: merged.path).filter { $0.contains(".merging-") }, [])
    }

    // MARK: 5. Commands whose output is their input

    func testOutputPathThatIsAnInputIsAConflict() throws {
        let jsonl = corpus.appendingPathComponent("government_work_reports.jsonl").path
        XCTAssertNotNil(CorpusPaths.outputConflict(jsonl, inputs: [jsonl]))
        XCTAssertNotNil(CorpusPaths.outputConflict(corpus.path + "/./government_work_reports.jsonl", inputs: [jsonl]))
        XCTAssertNotNil(CorpusPaths.outputConflict(corpus.appendingPathComponent("mentions.jsonl").path, inputs: [corpus.path]))
        // A symbolic link to the input is the input.
        let link = work.appendingPathComponent("link.jsonl").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: jsonl)
        XCTAssertNotNil(CorpusPaths.outputConflict(link, inputs: [jsonl]))
        XCTAssertNil(
            CorpusPaths.outputConflict(out.appendingPathComponent("mentions.jsonl").path, inputs: [jsonl, corpus.path + "/table1_chronology.txt"]))
    }

    // MARK: Smaller items

    func testLinksOutOfTheCorpusAreListedInSkippedCSVAndNotRead() throws {
        try FileManager.default.createSymbolicLink(atPath: corpus.appendingPathComponent("passwd.txt").path, withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: corpus.appendingPathComponent("mirror").path, withDestinationPath: corpus.path)
        let reference = try cleanRun(options())
        _ = try run(options())
        let skipped = try String(contentsOf: out.appendingPathComponent("skipped.csv"), encoding: .utf8)
        XCTAssertTrue(skipped.contains("mirror,,\"symbolic link to a folder ("), skipped)
        XCTAssertTrue(
            skipped.contains("passwd.txt,,\"symbolic link to a file outside the corpus (/etc/passwd), not followed; --follow-links reads it\""),
            skipped)
        for name in ["mentions.jsonl", "documents.csv", "timeline.csv"] {
            XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent(name)), reference[name], name)
        }
        XCTAssertFalse(try String(contentsOf: out.appendingPathComponent("documents.csv"), encoding: .utf8).contains("passwd"))
    }

    func testFilesAndMembersNamedInGBKAreReadUnderStableIDsAndResume() throws {
        // A zip made on Windows (GBK names, no UTF-8 flag; scripts/make-name-fixtures.py)
        // and a file unpacked from one: 2024年决议.txt in GBK, holding the 2024 resolution.
        let fixture = Self.repository.appendingPathComponent("Tests/PolicyTraceIngestTests/Fixtures/names/gbk-names.zip")
        try FileManager.default.copyItem(at: fixture, to: corpus.appendingPathComponent("gbk-names.zip"))
        let name: [UInt8] = [0x32, 0x30, 0x32, 0x34, 0xC4, 0xEA, 0xBE, 0xF6, 0xD2, 0xE9, 0x2E, 0x74, 0x78, 0x74]
        let path = Array(corpus.path.utf8) + [0x2F] + name + [0]
        let fd = path.withUnsafeBufferPointer { p in p.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) } }
        XCTAssertGreaterThanOrEqual(fd, 0)
        let text = Array(try plainText(4).utf8)
        XCTAssertEqual(text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }, text.count)
        close(fd)

        let first = try run(options(), store: true)
        XCTAssertFalse(first.skipped.contains { $0.source.contains("2024") || $0.source.contains("gbk-names") }, "\(first.skipped)")
        let documents = try String(contentsOf: out.appendingPathComponent("documents.csv"), encoding: .utf8)
        for id in ["2024年决议.txt", "gbk-names.zip!2014年政府工作报告（节选）.txt", "gbk-names.zip!通知/2024年决议.txt"] {
            XCTAssertTrue(documents.contains("\n" + id + ","), id)
        }
        let mentions = try String(contentsOf: out.appendingPathComponent("mentions.jsonl"), encoding: .utf8)
        XCTAssertTrue(mentions.contains("\"doc\":\"gbk-names.zip!2014年政府工作报告（节选）.txt\""))
        // The next run finds the same IDs in the store: nothing to redo.
        XCTAssertTrue(try run(options(), store: true).upToDate)
        try assertSameAsClean(options())
    }

    func testWriteFailureMidwayKeepsEarlierOutputsAndNamesTheFile() throws {
        _ = try run(options(), store: true)
        let before = try outputs(out)
        // A changed corpus, so a finished second run would write other outputs.
        let jsonl = corpus.appendingPathComponent("government_work_reports.jsonl")
        let lines = try String(contentsOf: jsonl, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try lines.dropFirst(2).joined(separator: "\n").write(to: jsonl, atomically: true, encoding: .utf8)
        // The disk fills up while the outputs are written: no file may grow
        // past 256 KB (RLIMIT_FSIZE; writes then fail with EFBIG, as with
        // ENOSPC), which mentions.jsonl and the store's pages reach.
        var limit = rlimit()
        #if os(Linux)
            let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
        #else
            let resource = RLIMIT_FSIZE
        #endif
        XCTAssertEqual(getrlimit(resource, &limit), 0)
        let saved = limit
        let handler = signal(SIGXFSZ, SIG_IGN)
        limit.rlim_cur = 256 << 10
        XCTAssertEqual(setrlimit(resource, &limit), 0)
        var failure: Error?
        do { _ = try run(options(), store: true) } catch { failure = error }
        limit = saved
        XCTAssertEqual(setrlimit(resource, &limit), 0)
        signal(SIGXFSZ, handler)

        let error = try XCTUnwrap(failure, "a run whose writes fail must fail")
        let text = FileProblem.describe(error) ?? "\(error)"
        XCTAssertTrue(text.hasPrefix("cannot write \(out.path)/"), text)
        XCTAssertFalse(text.contains("could not be completed"), text)
        XCTAssertEqual(try outputs(out), before, "the earlier outputs are byte-identical")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".staging-") }, [])
    }

    func testStagingFoldersOfKilledRunsAreRemovedByTheNextRun() throws {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // A process id no process has (above the kernel's pid_max), and this process's own.
        let stale = out.appendingPathComponent(".staging-99999999-dead0001")
        let live = out.appendingPathComponent(".staging-\(getpid())-live0001")
        for dir in [stale, live] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(repeating: 0x41, count: 1 << 16).write(to: dir.appendingPathComponent("mentions.jsonl"))
        }
        _ = try run(options())
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live.path), "a running process's staging folder is kept")
    }

    func testRepeatedRecordIDsGetDistinctDocumentIDsWithAWarning() throws {
        // The 2014 and 2015 work reports, both given the id a copy-paste left.
        var lines: [String] = []
        for n in [22, 20] {
            var r = try record(n)
            r["id"] = "gwr-2014"
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: r, options: [.sortedKeys]), as: UTF8.self))
        }
        let dir = try folder("ids", files: ["reports.jsonl": Array((lines.joined(separator: "\n") + "\n").utf8)])
        try FileManager.default.copyItem(at: corpus.appendingPathComponent("policytrace.yaml"), to: dir.appendingPathComponent("policytrace.yaml"))
        var o = options()
        o.corpus = dir.path
        let summary = try run(o)
        XCTAssertEqual(summary.documents, 2)
        XCTAssertEqual(
            summary.warnings.map(\.description),
            ["reports.jsonl: record 2 repeats the id gwr-2014 of reports.jsonl#1; its ID here is gwr-2014@reports.jsonl#2"])
        let documents = try String(contentsOf: out.appendingPathComponent("documents.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        XCTAssertEqual(documents.map { $0.split(separator: ",")[0] }, ["gwr-2014", "gwr-2014@reports.jsonl#2"])
        let mentionDocs = Set(
            try String(contentsOf: out.appendingPathComponent("mentions.jsonl"), encoding: .utf8).split(separator: "\n")
                .map { (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["doc"] as! String })
        XCTAssertEqual(mentionDocs, ["gwr-2014", "gwr-2014@reports.jsonl#2"])
    }

    func testFoundationFileErrorsNameTheProblemAndThePath() throws {
        let missing = corpus.appendingPathComponent("table2_chronology.txt").path
        do {
            _ = try Data(contentsOf: URL(fileURLWithPath: missing))
            XCTFail("read a missing file")
        } catch {
            XCTAssertEqual(FileProblem.describe(error), "cannot read \(missing): no such file or folder")
        }
        // --out naming a file: the output folder cannot be made.
        var o = options()
        o.out = corpus.appendingPathComponent("table1_chronology.txt").path
        XCTAssertThrowsError(try run(o)) { error in
            let text = FileProblem.describe(error) ?? "not a file error: \(error)"
            XCTAssertTrue(text.contains(o.out), text)
            XCTAssertFalse(text.contains("operation could not be completed"), text)
        }
        // --out below a file: Foundation gives no reason; the file in the way is named.
        o.out = corpus.appendingPathComponent("table1_chronology.txt/Output").path
        XCTAssertThrowsError(try run(o)) { error in
            let text = FileProblem.describe(error) ?? "not a file error: \(error)"
            XCTAssertEqual(text, "cannot write \(o.out): \(self.corpus.appendingPathComponent("table1_chronology.txt").path) is a file, not a folder")
        }
        XCTAssertNil(FileProblem.describe(RunError("x")))
    }
}
