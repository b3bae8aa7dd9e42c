import Foundation
import PolicyTrace
import XCTest

/// The files derived from the counts (wide timeline, concepts, top terms,
/// KWIC, BRAT, report), grouping options, and byte-for-byte determinism.
final class DerivedOutputsTests: XCTestCase {
    var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }
    var out: URL!

    override func setUpWithError() throws {
        useTestLexiconCache()
        out = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-derived-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: out)
    }

    func options(corpus: String? = nil) -> RunOptions {
        var options = RunOptions()
        options.corpus = corpus ?? fixtures.appendingPathComponent("corpus").path
        options.lexicons = [fixtures.appendingPathComponent("lexicon").path]
        options.out = out.path
        options.jobs = 2
        // The fixture's documents are a few hundred tokens: rank them all.
        options.minTokens = 0
        options.commandLine = ["policytrace", "run"]
        return options
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
    }

    func lines(_ name: String) throws -> [String] {
        try read(name).split(separator: "\n").map(String.init)
    }

    func testConceptsFileHasTotalsAndFirstLastPeakYears() throws {
        _ = try Pipeline.run(options())
        let rows = try lines("concepts.csv")
        XCTAssertEqual(rows[0], "concept,label_en,label_zh,mentions,documents,first_year,last_year,peak_year")
        XCTAssertEqual(rows.count, 1 + 11)
        XCTAssertTrue(
            rows.contains("community_services.provision,Community service provision,社区服务,0,0,,,"),
            "Table 1's rows are chronology events, not documents")
        XCTAssertTrue(rows.contains("hukou,Household registration,户籍制度,5,1,2014,2014,2014"))
        XCTAssertTrue(rows.contains("exclusion.production,Production,生产,2,1,1954,1954,1954"))
        XCTAssertTrue(rows.contains("hukou.status,Hukou status,户籍身份,0,0,,,"))
    }

    func testWideTimelineHoldsTheChosenMeasure() throws {
        var o = options()
        o.measure = .mentions
        _ = try Pipeline.run(o)
        let rows = try lines("timeline_wide.csv")
        XCTAssertEqual(
            rows[0],
            "year,community_services,community_services.provision,exclusion,exclusion.production,hukou,hukou.reform,hukou.residence_permit,hukou.status,migrants,migrants.population,migrants.workers"
        )
        XCTAssertEqual(rows.map { String($0.prefix { $0 != "," }) }, ["year", "1954", "2014"])
        XCTAssertTrue(rows.contains("2014,0,0,0,0,5,4,1,0,7,4,3"))
        XCTAssertTrue(rows.contains("1954,0,0,2,2,0,0,0,0,0,0,0"))
        o.measure = .per10kTokens
        _ = try Pipeline.run(o)
        let per10k = try lines("timeline_wide.csv")
        let long = try lines("timeline.csv").first { $0.hasPrefix("2014,hukou,") }!
        XCTAssertEqual(
            per10k.first { $0.hasPrefix("2014,") }!.split(separator: ",", omittingEmptySubsequences: false)[5],
            long.split(separator: ",")[7])
    }

    func testTopTermsAreRankedPerYearAndConcept() throws {
        _ = try Pipeline.run(options())
        let rows = try lines("top_terms.csv")
        XCTAssertEqual(rows[0], "year,concept,term,mentions")
        let hukou2014 = rows.filter { $0.hasPrefix("2014,hukou,") }
        XCTAssertEqual(hukou2014, ["2014,hukou,落户,3", "2014,hukou,居住证,1", "2014,hukou,户籍制度改革,1"])
        let counts = hukou2014.map { Int($0.split(separator: ",").last!)! }
        XCTAssertEqual(counts, counts.sorted(by: >))
        XCTAssertEqual(counts.reduce(0, +), 5, "rolled up like the timeline")
        XCTAssertTrue(rows.last!.hasPrefix("2014,"), "years in order")
    }

    func testKWICHasOneRowPerMentionAndConceptWithTheWindow() throws {
        var o = options()
        o.kwicWindow = 5
        _ = try Pipeline.run(o)
        let rows = try lines("kwic.csv")
        XCTAssertEqual(rows[0], "doc,year,concept,term,left,match,right,mention,start,end,page")
        let mentions = try lines("mentions.jsonl").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(rows.count - 1, mentions.map { ($0["concepts"] as! [String]).count }.reduce(0, +))
        // The page cell is empty: a JSON Lines record has no pages.
        XCTAssertEqual(rows[1], "reports.jsonl#1,2014,migrants.population,农业转移人口,促进约1亿,农业转移人口,落户城镇，,1,29,35,")
    }

    func testGroupingByYearAndIssuerAndByPeriod() throws {
        var o = options()
        o.groupBy = ["year", "issuer"]
        _ = try Pipeline.run(o)
        var rows = try lines("timeline.csv")
        XCTAssertEqual(rows[0], "year,issuer,concept,mentions,documents,documents_total,tokens_total,share_documents,per_10k_tokens,low_base")
        XCTAssertTrue(rows.contains { $0.hasPrefix("2014,State Council,hukou,5,1,1,") })
        XCTAssertTrue(rows.contains { $0.hasPrefix("2014,,hukou,0,0,1,") }, "the 2014 resolution names no issuer")
        XCTAssertTrue(rows.contains { $0.hasPrefix("1954,,exclusion,2,1,1,") })
        XCTAssertTrue(try lines("timeline_wide.csv")[0].hasPrefix("year,issuer,community_services,"))
        o.groupBy = ["year"]
        o.period = 5
        _ = try Pipeline.run(o)
        rows = try lines("timeline.csv")
        XCTAssertEqual(rows[0], "period,concept,mentions,documents,documents_total,tokens_total,share_documents,per_10k_tokens,low_base")
        XCTAssertEqual(Set(rows.dropFirst().map { String($0.prefix { $0 != "," }) }), ["1950-1954", "2010-2014"])
        XCTAssertTrue(rows.contains { $0.hasPrefix("2010-2014,hukou,5,1,2,483,") })
        XCTAssertTrue(try lines("top_terms.csv")[0].hasPrefix("period,"))
    }

    func testRunningTwiceGivesByteIdenticalOutputsExceptTimings() throws {
        var o = options()
        o.brat = true
        o.jobs = 1
        _ = try Pipeline.run(o)
        let first = try snapshot()
        o.jobs = 4
        _ = try Pipeline.run(o)
        let second = try snapshot()
        XCTAssertEqual(first.keys.sorted(), second.keys.sorted())
        XCTAssertTrue(first.keys.contains("report.html") && first.keys.contains("brat/annotation.conf") && first.keys.contains("kwic.csv"))
        for (name, data) in first where name != "manifest.json" && !name.hasPrefix(Store.fileName) {
            XCTAssertEqual(data, second[name], name)
        }
        func withoutTimings(_ data: Data?) throws -> NSDictionary {
            var m = try JSONSerialization.jsonObject(with: data!) as! [String: Any]
            XCTAssertNotNil((m["timings"] as? [String: Any])?["stages"])
            m["timings"] = nil
            return m as NSDictionary
        }
        XCTAssertEqual(try withoutTimings(first["manifest.json"]), try withoutTimings(second["manifest.json"]))
    }

    /// Every file under the output folder, by relative path.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = out.path + "/"
        for case let path as String in FileManager.default.enumerator(atPath: out.path)! {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + path, isDirectory: &isDir), !isDir.boolValue else { continue }
            files[path] = try Data(contentsOf: URL(fileURLWithPath: root + path))
        }
        return files
    }

    func testBratOffsetsIndexTheTextInCodePoints() throws {
        var o = options()
        o.brat = true
        _ = try Pipeline.run(o)
        let conf = try read("brat/annotation.conf")
        XCTAssertTrue(conf.contains("[entities]\ncommunity_services\n\tcommunity_services_provision\n"))
        let text = try read("brat/reports.jsonl_1.txt")
        XCTAssertTrue(text.hasPrefix("今后一个时期"))
        let scalars = Array(text.unicodeScalars)
        let entities = try lines("brat/reports.jsonl_1.ann").filter { $0.hasPrefix("T") }
        XCTAssertFalse(entities.isEmpty)
        for line in entities {
            let parts = line.split(separator: "\t").map(String.init)
            let typeAndRange = parts[1].split(separator: " ")
            let start = Int(typeAndRange[1])!, end = Int(typeAndRange[2])!
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[start..<end])), parts[2], line)
        }
        XCTAssertTrue(entities.contains { $0.contains("\tmigrants_population ") })
        XCTAssertTrue(try lines("brat/reports.jsonl_1.ann").contains { $0.hasPrefix("#1\tAnnotatorNotes T1\tmigrants.population") })
    }

    func testReportIsSelfContainedWithAChartPerFamilyAndEscapedText() throws {
        let corpus = out.appendingPathComponent("corpus-in")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try
            "{\"year\": \"2014\", \"title\": \"<b>t</b>\", \"text\": \"推动户籍制度改革<script>alert('x')</script> & 农民工 <img src=https://example.org/x.png>\"}\n{\"text\": \"农民工\"}\n"
            .write(to: corpus.appendingPathComponent("docs.jsonl"), atomically: true, encoding: .utf8)
        _ = try Pipeline.run(options(corpus: corpus.path))
        let html = try read("report.html")
        XCTAssertEqual(html.components(separatedBy: "<figure class=\"family\">").count - 1, 1 + 4, "documents per year, then 4 families")
        XCTAssertEqual(html.components(separatedBy: "<svg ").count - 1, 1 + 8, "the bars, and per 10k and share charts for each of 4 families")
        XCTAssertFalse(html.contains("<script>alert"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        XCTAssertFalse(html.contains("<img"))
        for external in ["src=\"http", "href=\"http", "url(http", "@import", "<link"] {
            XCTAssertFalse(html.lowercased().contains(external), external)
        }
        XCTAssertTrue(html.contains("Undated documents"))
        XCTAssertTrue(html.contains("docs.jsonl#2"))
        XCTAssertTrue(html.contains("Noto Sans CJK SC"))
    }

    /// A corpus of many undated files: the report lists the first hundred in
    /// corpus order and says how many there are; documents.csv keeps them all.
    func testReportListsTheFirstHundredUndatedDocuments() throws {
        let corpus = out.appendingPathComponent("corpus-undated")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for i in 0..<130 {
            try "户籍制度改革与农民工。".write(to: corpus.appendingPathComponent(String(format: "u%03d.txt", i)), atomically: true, encoding: .utf8)
        }
        let summary = try Pipeline.run(options(corpus: corpus.path))
        XCTAssertEqual(summary.undated, 130)
        let html = try read("report.html")
        XCTAssertTrue(html.contains("The first 100 of 130 undated documents"))
        XCTAssertTrue(html.contains("u000.txt"))
        XCTAssertTrue(html.contains("u099.txt"))
        XCTAssertFalse(html.contains("u100.txt"))
        XCTAssertEqual(try lines("documents.csv").filter { $0.contains(",none,") }.count, 130)
    }
}
