import Foundation
import PolicyTrace
import XCTest

@testable import PolicyTraceExport

/// `run --stata`: Stata variable names (`StataNames`) and the `stata/` files.
final class StataFilesTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }
    var out: URL!

    override func setUpWithError() throws {
        useTestLexiconCache()
        out = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-stata-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: out)
    }

    func defaultLexicon() throws -> Lexicon {
        try LexiconReader.load(paths: [Self.root.appendingPathComponent("Lexicons").path]).0
    }

    func header(_ text: String) -> [String] {
        String(text.prefix { $0 != "\n" }).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    // MARK: Stata

    func testStataNamesOfTheDefaultColumnsAreValidUniqueAndStable() throws {
        let columns = ["doc", "year", "year_source", "title", "lang", "tokens", "mentions"] + (try defaultLexicon().allConceptIDs)
        let names = StataNames.names(columns)
        XCTAssertEqual(names.count, columns.count)
        XCTAssertEqual(Set(names).count, names.count, "names are unique")
        for n in names { XCTAssertTrue(StataNames.isValid(n), n) }
        XCTAssertFalse(columns.allSatisfy(StataNames.isValid), "the raw concept IDs are not Stata names")
        XCTAssertEqual(names[0...6], ["doc", "year", "year_source", "title", "lang", "tokens", "mentions"])
        XCTAssertEqual(names[columns.firstIndex(of: "hukou.reform")!], "hukou_reform")
        let long = names[columns.firstIndex(of: "community_exclusion.economic_participation")!]
        XCTAssertEqual(long.count, 32)
        XCTAssertTrue(long.hasPrefix("community_exclusion_economi_"), long)
        // The same column gets the same name whatever the other columns are.
        XCTAssertEqual(StataNames.names(["community_exclusion.economic_participation"]), [long])
        // Clashes, digits, reserved words and non-ASCII characters.
        let odd = StataNames.names(["a.b", "a_b", "1990s", "in", "str12", "户籍", "x y"])
        XCTAssertEqual(odd[0], "a_b")
        XCTAssertTrue(odd[1].hasPrefix("a_b_") && odd[1].count == 8, odd[1])
        XCTAssertEqual(Array(odd[2...4]), ["v1990s", "in_", "str12_"])
        XCTAssertEqual(odd[5], "__")
        XCTAssertEqual(odd[6], "x_y")
        XCTAssertEqual(Set(odd).count, odd.count)
        for n in odd { XCTAssertTrue(StataNames.isValid(n), n) }
        XCTAssertFalse(StataNames.isValid("_cons") || StataNames.isValid("2x") || StataNames.isValid(String(repeating: "a", count: 33)))
    }

    func testRunWithStataWritesRenamedTablesAndALoadScriptWhoseLabelsReverseTheMapping() throws {
        var options = RunOptions()
        options.corpus = fixtures.appendingPathComponent("corpus").path
        options.lexicons = [Self.root.appendingPathComponent("Lexicons").path]
        options.out = out.path
        options.jobs = 2
        options.commandLine = ["policytrace", "run", "--stata"]
        _ = try Pipeline.run(options)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("stata").path), "only with --stata")
        options.stata = true
        let summary = try Pipeline.run(options)
        XCTAssertTrue(summary.outputs.contains("stata/"))
        let stata = out.appendingPathComponent("stata")
        let load = try String(contentsOf: stata.appendingPathComponent("load.do"), encoding: .utf8)
        var labels: [String: String] = [:]
        for line in load.split(separator: "\n") where line.hasPrefix("label variable ") {
            let parts = line.dropFirst("label variable ".count).split(separator: " ", maxSplits: 1)
            labels[String(parts[0])] = String(parts[1].dropFirst(2).dropLast(2))
        }
        for table in ["documents.csv", "timeline_wide.csv", "chronology.csv"] {
            let original = try String(contentsOf: out.appendingPathComponent(table), encoding: .utf8)
            let copy = try String(contentsOf: stata.appendingPathComponent(table), encoding: .utf8)
            let names = header(copy), columns = header(original)
            XCTAssertEqual(names.count, columns.count, table)
            XCTAssertEqual(Set(names).count, names.count, table)
            for n in names { XCTAssertTrue(StataNames.isValid(n), "\(table): \(n)") }
            XCTAssertEqual(names.map { labels[$0] }, columns, "\(table): the labels give the original names back")
            XCTAssertEqual(copy.drop { $0 != "\n" }, original.drop { $0 != "\n" }, "\(table): same rows")
            XCTAssertTrue(load.contains("import delimited using \"\(table)\", varnames(1) case(preserve) encoding(\"utf-8\")"))
        }
        XCTAssertTrue(
            header(try String(contentsOf: out.appendingPathComponent("documents.csv"), encoding: .utf8)).contains { !StataNames.isValid($0) },
            "the fixture's documents.csv has concept-ID columns Stata refuses")
        let map = try String(contentsOf: stata.appendingPathComponent("variables.csv"), encoding: .utf8)
        XCTAssertTrue(map.hasPrefix("file,variable,column\n") && map.contains("\ndocuments.csv,hukou_reform,hukou.reform\n"))
        // The long tables need no mapping: their column names already are Stata names.
        for table in ["timeline.csv", "concepts.csv", "top_terms.csv", "skipped.csv", "kwic.csv"] {
            for n in header(try String(contentsOf: out.appendingPathComponent(table), encoding: .utf8)) {
                XCTAssertTrue(StataNames.isValid(n), "\(table): \(n)")
            }
        }
    }
}
