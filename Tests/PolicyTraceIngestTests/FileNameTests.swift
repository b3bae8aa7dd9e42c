import Foundation
import XCTest

@testable import PolicyTraceIngest

/// Issue 18, smaller item: names that are not UTF-8 — GBK members of zips
/// made on Windows (no UTF-8 flag), GBK tar members, GBK file and folder
/// names on disk — are read, under IDs in a stable, valid UTF-8 form. The
/// archives are Fixtures/names (scripts/make-name-fixtures.py), holding real
/// text of the 2014 work report and the 2024 NPC resolution.
final class FileNameTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("names")
    var work: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: work)
    }

    /// Record `n` (0-based line) of the real corpus, as title + text.
    func report(_ n: Int) throws -> String {
        let line = try String(contentsOf: Self.repository.appendingPathComponent("Corpus/government_work_reports.jsonl"), encoding: .utf8).split(
            separator: "\n")[n]
        let r = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        return (r["title"] as! String) + "\n" + (r["content"] as! String)
    }

    /// Writes (or, with `folder`, makes) `name`'s raw bytes under `parent`.
    func create(_ name: [UInt8], in parent: URL, text: String? = nil, folder: Bool = false) throws {
        let path = Array(parent.path.utf8) + [0x2F] + name + [0]
        try path.withUnsafeBufferPointer { p in
            try p.withMemoryRebound(to: CChar.self) { c in
                if folder {
                    XCTAssertEqual(mkdir(c.baseAddress!, 0o755), 0)
                    return
                }
                let fd = open(c.baseAddress!, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
                guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
                defer { close(fd) }
                let bytes = Array((text ?? "").utf8)
                XCTAssertEqual(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }, bytes.count)
            }
        }
    }

    /// GBK (cp936) bytes of the names the tests use, as Python's `str.encode("cp936")` gives them.
    func gbk(_ s: String) -> [UInt8] {
        let names: [String: [UInt8]] = [
            "政策.txt": [0xD5, 0xFE, 0xB2, 0xDF, 0x2E, 0x74, 0x78, 0x74],
            "2024年决议.txt": [0x32, 0x30, 0x32, 0x34, 0xC4, 0xEA, 0xBE, 0xF6, 0xD2, 0xE9, 0x2E, 0x74, 0x78, 0x74],
            "文件": [0xCE, 0xC4, 0xBC, 0xFE],
            "2015年报告.txt": [0x32, 0x30, 0x31, 0x35, 0xC4, 0xEA, 0xB1, 0xA8, 0xB8, 0xE6, 0x2E, 0x74, 0x78, 0x74],
        ]
        return names[s]!
    }

    func testNamesThatAreNotUTF8GetAStableUTF8Form() {
        XCTAssertEqual(FileNames.stable(gbk("政策.txt")), "政策.txt")
        XCTAssertEqual(FileNames.stable(Array("政策.txt".utf8)), "政策.txt", "UTF-8 stays as it is")
        // 0xFF is neither UTF-8 nor GB18030; nor is a lead byte before '.'.
        XCTAssertEqual(FileNames.stable([0x72, 0xFF, 0x2E, 0x74, 0x78, 0x74]), "r%FF.txt")
        XCTAssertEqual(FileNames.stable([0x52, 0x82, 0x73, 0x75, 0x6D, 0x82, 0x2E, 0x74, 0x78, 0x74]), "R%82sum%82.txt")
        XCTAssertEqual(FileNames.percentEscaped(Array("100%".utf8) + [0xB2]), "100%25%B2")
    }

    func testGBKNamedZipMembersAreReadUnderTheirChineseNames() throws {
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("gbk-names.zip"), to: work.appendingPathComponent("gbk-names.zip"))
        let reader = try CorpusReader(path: work.path)
        let result = reader.read("gbk-names.zip")
        XCTAssertEqual(result.skipped, [])
        // 通知 (CD A8 D6 AA) is valid UTF-8 by chance: the archive's other
        // GBK names decide. The CP437 name (not GB18030) is read as the zip
        // format's default, as libzip does.
        XCTAssertEqual(
            result.documents.map(\.id),
            [
                "gbk-names.zip!2014年政府工作报告（节选）.txt", "gbk-names.zip!Résumé.txt",
                "gbk-names.zip!english.txt", "gbk-names.zip!通知/2024年决议.txt",
            ])
        let excerpt = result.documents[0]
        XCTAssertTrue(excerpt.text.contains("推进以人为核心的新型城镇化"), excerpt.text)
        XCTAssertEqual(excerpt.year, 2014)
        XCTAssertEqual(excerpt.title, "2014年政府工作报告（节选）")
        XCTAssertEqual(result.documents[3].year, 2024)
        XCTAssertTrue(result.documents[3].text.contains("第十四届全国人民代表大会第二次会议"))
        // Same IDs on every read.
        XCTAssertEqual(reader.read("gbk-names.zip").documents.map(\.id), result.documents.map(\.id))
    }

    func testGBKNamedTarMembersAreReadUnderTheirChineseNames() throws {
        try FileManager.default.copyItem(
            at: Self.fixtures.appendingPathComponent("gbk-names.tar.gz"), to: work.appendingPathComponent("gbk-names.tar.gz"))
        let reader = try CorpusReader(path: work.path)
        let result = reader.read("gbk-names.tar.gz")
        XCTAssertEqual(result.skipped, [])
        let folder = "关于进一步做好为农民工服务工作的意见和流动人口居住证制度的实施办法汇编（二〇二四年）"
        XCTAssertEqual(result.documents.map(\.id), ["gbk-names.tar.gz!2014年政府工作报告（节选）.txt", "gbk-names.tar.gz!\(folder)/2024年决议.txt"])
        XCTAssertEqual(result.documents.map(\.year), [2014, 2024])
        XCTAssertTrue(result.documents[0].text.contains("促进约1亿农业转移人口落户城镇"))
    }

    func testGBKFileAndFolderNamesOnDiskAreRead() throws {
        let corpus = work.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let resolution2024 = try report(3), report2014 = try report(21), report2015 = try report(19)
        try create(gbk("2024年决议.txt"), in: corpus, text: resolution2024)
        try create(gbk("文件"), in: corpus, folder: true)
        // Inside the GBK folder: a UTF-8 name and a GBK one.
        let gbkFolder = Array(corpus.path.utf8) + [0x2F] + gbk("文件")
        try createInside(gbkFolder, Array("2014_report.txt".utf8), text: report2014)
        try createInside(gbkFolder, gbk("2015年报告.txt"), text: report2015)
        // Neither UTF-8 nor GB18030, and a GBK name whose reading a UTF-8 file already has.
        try create([0x72, 0xFF, 0x2E, 0x74, 0x78, 0x74], in: corpus, text: resolution2024)
        try report2014.write(to: corpus.appendingPathComponent("政策.txt"), atomically: true, encoding: .utf8)
        try create(gbk("政策.txt"), in: corpus, text: report2015)

        let reader = try CorpusReader(path: corpus.path)
        let walk = try reader.walk()
        XCTAssertEqual(walk.skipped, [])
        XCTAssertEqual(walk.files, ["%D5%FE%B2%DF.txt", "2024年决议.txt", "r%FF.txt", "政策.txt", "文件/2014_report.txt", "文件/2015年报告.txt"])
        let years = walk.files.map { reader.read($0).documents.first?.year }
        XCTAssertEqual(years, [2015, 2024, 2024, 2014, 2014, 2015])
        XCTAssertEqual(reader.read("文件/2015年报告.txt").documents.first?.title, "2015年中华人民共和国国务院政府工作报告")
        // A second reader (the next run) names them the same.
        XCTAssertEqual(try CorpusReader(path: corpus.path).walk().files, walk.files)
        // The path the reader gives opens the file, for hashing and the manifest.
        XCTAssertEqual(FileManager.default.contents(atPath: reader.fullPath("2024年决议.txt")), Data(resolution2024.utf8))
    }

    func createInside(_ folder: [UInt8], _ name: [UInt8], text: String) throws {
        let path = folder + [0x2F] + name + [0]
        let fd = path.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY | O_TRUNC, 0o644) }
        }
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        let bytes = Array(text.utf8)
        XCTAssertEqual(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }, bytes.count)
    }
}
