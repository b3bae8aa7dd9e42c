import Foundation
import XCTest

@testable import PolicyTraceIngest

final class ChronologyTests: XCTestCase {
    private static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func corpusFile(_ name: String) throws -> String {
        try String(contentsOf: Self.repoRoot.appendingPathComponent("Corpus").appendingPathComponent(name), encoding: .utf8)
    }

    // MARK: Tables

    func testTable1Fixture() throws {
        let events = ChronologyReader.readTable(try corpusFile("table1_chronology.txt"), source: "table1_chronology.txt")
        XCTAssertEqual(events.count, 7)
        XCTAssertEqual(events.map(\.year), [1989, 1995, nil, nil, 2006, 2011, 2012])
        XCTAssertEqual(events.map(\.row), [4, 5, 6, 7, 9, 10, 11])
        let mca = "Ministry of Civil Affairs", council = "State Council"
        XCTAssertEqual(events.map(\.issuer), [nil, mca, mca, mca, council, council, "Communist Party of China"])
        XCTAssertEqual(
            events.map(\.title),
            [
                "Urban Community Neighbourhood Committee (CNC) Organization Act",
                "Opinions on accelerating the development of sectors of community services",
                "Opinions on promoting urban community development throughout the country",
                "suggestion on strengthening and improving community services",
                "Opinion on strengthening and improving community services",
                "Five-year plan on establishing community service system",
                nil,
            ])
        XCTAssertEqual(
            events[0].description,
            "CNC was designated as para-governmental grassroots organization to implement administrative duties and service provision at the level of communities."
        )
        XCTAssertEqual(events[1].description, "first proposing the official definition of community services in China.")
        XCTAssert(events[6].description.hasPrefix("The party's 18th report, including"))
        XCTAssert(events.allSatisfy { $0.source == "table1_chronology.txt" && !$0.description.hasPrefix(",") })
        XCTAssert(events[4].text.hasPrefix("State Council's \"Opinion on strengthening"))
        XCTAssert(events[4].text.hasSuffix("\t2006"))
    }

    func testWrappedRowsAreJoinedAndBlankYearsStayBlank() {
        let text = """
            Table 2. Milestones

            MCA's "Opinions on Promoting Urban Community Development", urging cities
            to build community services.\t2000
            NDRC's "Plan on Community Service System
            Construction", the first national plan.\t
            \t(issued jointly)
            """
        let events = ChronologyReader.readTable(text, source: "t.txt")
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events[0].row, 3)
        XCTAssertEqual(events[0].year, 2000)
        XCTAssertEqual(events[0].description, "urging cities to build community services.")
        XCTAssertEqual(events[1].row, 5)
        XCTAssertNil(events[1].year)
        XCTAssertEqual(events[1].issuer, "National Development and Reform Commission")
        XCTAssertEqual(events[1].title, "Plan on Community Service System Construction")
        XCTAssertEqual(events[1].description, "the first national plan. (issued jointly)")
    }

    func testMarkdownTableWithHeader() {
        let text = """
            #### Table 3

            | Year | Issuer | Title | Description |
            |------|--------|-------|-------------|
            | 2014 | 国务院 | 《国务院关于进一步推进户籍制度改革的意见》 | 统一城乡户口登记制度 |
            |  | MOHRSS | Interim Measures | undated |
            """
        let events = ChronologyReader.readTable(text, source: "t.md")
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events[0].year, 2014)
        XCTAssertEqual(events[0].issuer, "国务院")
        XCTAssertEqual(events[0].title, "国务院关于进一步推进户籍制度改革的意见")
        XCTAssertEqual(events[0].description, "统一城乡户口登记制度")
        XCTAssertEqual(events[0].row, 5)
        XCTAssertNil(events[1].year)
        XCTAssertEqual(events[1].issuer, "Ministry of Human Resources and Social Security")
        XCTAssertEqual(events[1].title, "Interim Measures")
    }

    func testRowsOfCells() {
        let rows = [
            ["Policies and regulations", ""],
            ["State Council's \"Opinion on strengthening and improving community services\", on supervision", "2006"],
            ["The party's 18th report", "2012"],
            ["", ""],
        ]
        let events = ChronologyReader.events(fromRows: rows, source: "page.html")
        XCTAssertEqual(events.map(\.row), [2, 3])
        XCTAssertEqual(events.map(\.year), [2006, 2012])
        XCTAssertEqual(events.map(\.issuer), ["State Council", "Communist Party of China"])
        XCTAssertEqual(events[0].description, "on supervision")
        XCTAssertNil(events[1].title)
    }

    // MARK: Issuers

    func testIssuerTableFileMatchesTheBuiltInCopy() throws {
        let file = IssuerTable.load(tsv: try corpusFile("issuers.tsv"))
        XCTAssertEqual(file, IssuerTable.builtIn)
        for key in [
            "MCA", "MOHRSS", "NDRC", "MOE", "MPS", "NHFPC", "NBS", "State Council", "the party", "CPC", "CCP", "NPC",
            "国务院", "民政部", "人力资源社会保障部", "国家发展改革委", "公安部", "中共中央", "国务院办公厅",
        ] {
            XCTAssertNotNil(file.entries[key], key)
        }
    }

    func testIssuerExpansion() {
        let table = IssuerTable.builtIn
        XCTAssertEqual(table.expand("MCA's "), "Ministry of Civil Affairs")
        XCTAssertEqual(table.expand("The party's "), "Communist Party of China")
        XCTAssertEqual(table.expand("In 2006, the State Council released its "), "State Council")
        XCTAssertEqual(table.expand("In 2003, the General Office of the State Council issued the "), "General Office of the State Council")
        XCTAssertEqual(table.expand("the Ministry of Civil Affairs and then the NDRC issued "), "National Development and Reform Commission")
        XCTAssertEqual(table.expand("2014年，国务院办公厅印发"), "国务院办公厅")
        XCTAssertEqual(table.expand("国家发展改革委"), "国家发展和改革委员会")
        XCTAssertNil(table.expand("The MCAT exam and a mca "))
        XCTAssertNil(table.expand(""))
        let mine = IssuerTable.load(tsv: "# local bodies\nSCMB\tShanghai Civil Affairs Bureau\nMCA\tMinistry of Civil Affairs (PRC)\n")
        let merged = IssuerTable.builtIn.merging(mine)
        XCTAssertEqual(merged.expand("SCMB's "), "Shanghai Civil Affairs Bureau")
        XCTAssertEqual(merged.expand("MCA's "), "Ministry of Civil Affairs (PRC)")
        XCTAssertEqual(merged.expand("NBS "), "National Bureau of Statistics")
    }

    // MARK: Prose

    func testEnglishProse() {
        let text = """
            Community services grew quickly. In 2006, the State Council issued its 'Opinions on Strengthening and \
            Improving Community Services'. The 2014 State Council's “Opinions on Further Promoting the Reform of the \
            Household Registration System” set out a unified household registration system.

            In 2003, the General Office of the State Council issued the "Notice on Doing a Good Job in Employment \
            Management and Services for Farmers Working in Cities", and in 2006 the State Council issued its \
            "Several Opinions on Resolving the Problems of Migrant Workers".
            """
        let events = ChronologyReader.extractFromProse(text, source: "paper.txt")
        XCTAssertEqual(events.count, 4)
        XCTAssertEqual(events.map(\.year), [2006, 2014, 2003, 2006])
        XCTAssertEqual(events.map(\.row), [2, 3, 4, 4])
        XCTAssertEqual(events.map(\.issuer), ["State Council", "State Council", "General Office of the State Council", "State Council"])
        XCTAssertEqual(events[0].title, "Opinions on Strengthening and Improving Community Services")
        XCTAssertEqual(events[1].title, "Opinions on Further Promoting the Reform of the Household Registration System")
        XCTAssertEqual(events[1].description, "set out a unified household registration system.")
        XCTAssertEqual(events[3].title, "Several Opinions on Resolving the Problems of Migrant Workers")
        XCTAssert(events[0].text.hasPrefix("In 2006, the State Council issued its"))
        XCTAssert(events.allSatisfy { $0.source == "paper.txt" })
    }

    func testYearAfterTheTitleAndApostrophesInsideIt() {
        let text =
            "The 'Regulations on Urban Residents' Minimum Living Security' were issued by the State Council in 1999. "
            + "Later plans included the \"Outline for Community Services 2011-2015\" and a pilot that started in 2012."
        let events = ChronologyReader.extractFromProse(text, source: "p.txt")
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events.first?.title, "Regulations on Urban Residents' Minimum Living Security")
        XCTAssertEqual(events.first?.year, 1999)
        XCTAssertEqual(events.first?.issuer, "State Council")
    }

    func testChineseProse() {
        let text =
            "户籍制度改革持续推进。2014年7月，国务院印发《国务院关于进一步推进户籍制度改革的意见》，提出建立城乡统一的户口登记制度。"
            + "《国务院关于进一步推进户籍制度改革的意见》（国发〔2014〕25号）明确了改革目标！“十三五”时期继续推进。"
        let events = ChronologyReader.extractFromProse(text, source: "zh.txt")
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events.map(\.year), [2014, 2014])
        XCTAssertEqual(events.map(\.row), [2, 3])
        XCTAssertEqual(events.map(\.issuer), ["国务院", "国务院"])
        XCTAssertEqual(events[0].title, "国务院关于进一步推进户籍制度改革的意见")
        XCTAssertEqual(events[0].description, "提出建立城乡统一的户口登记制度。")
    }

    func testProseWithoutAPolicyEvent() {
        let text = """
            Residents talked about 'community building' in 2010. The State Council's "Opinion on Community Services" \
            mattered a great deal. In 2012 scholars asked "why do migrants stay, and who helps them" in surveys.
            """
        XCTAssertEqual(ChronologyReader.extractFromProse(text, source: "p.txt"), [])
    }

    func testSeedPapers() throws {
        // shared/ sits beside the repository (as on developers' machines and in CI).
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = repo.deletingLastPathComponent().appendingPathComponent("shared/seeds")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else {
            throw XCTSkip("seed papers not available")
        }
        var total = 0
        for name in names.sorted() where name.hasSuffix(".txt") {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            let events = ChronologyReader.extractFromProse(text, source: name)
            total += events.count
            for e in events {
                XCTAssertFalse(e.title?.isEmpty ?? true, "\(name) sentence \(e.row)")
                XCTAssertGreaterThanOrEqual(e.row, 1)
                XCTAssert(e.year.map { (1900...2100).contains($0) } ?? true)
            }
        }
        XCTAssertGreaterThanOrEqual(total, 8)
    }
}
