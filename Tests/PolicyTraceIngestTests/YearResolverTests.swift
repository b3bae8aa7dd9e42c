import Foundation
import XCTest

@testable import PolicyTraceIngest

final class YearResolverTests: XCTestCase {
    private static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func resolve(
        metadataYear: String? = nil, metadataDate: String? = nil, title: String? = nil, docNumber: String? = nil,
        text: String = "", filename: String? = nil
    ) -> ResolvedYear? {
        YearResolver.resolve(
            metadataYear: metadataYear, metadataDate: metadataDate, title: title, docNumber: docNumber,
            text: text, filename: filename)
    }

    // MARK: The real corpus

    /// The 20 NPC resolutions on the government work report, by hand from the session table.
    private static let resolutionYears: [String: Int] = [
        "第十四届全国人民代表大会第三次会议关于政府工作报告的决议": 2025,
        "第十四届全国人民代表大会第二次会议关于政府工作报告的决议": 2024,
        "第十四届全国人民代表大会第一次会议关于政府工作报告的决议": 2023,
        "第十三届全国人民代表大会第五次会议关于政府工作报告的决议": 2022,
        "第十三届全国人民代表大会第四次会议关于政府工作报告的决议": 2021,
        "第十三届全国人民代表大会第三次会议关于政府工作报告的决议": 2020,
        "第十三届全国人民代表大会第二次会议关于政府工作报告的决议": 2019,
        "第十三届全国人民代表大会第一次会议关于政府工作报告的决议": 2018,
        "第十二届全国人民代表大会第五次会议关于政府工作报告的决议": 2017,
        "第十二届全国人民代表大会第四次会议关于政府工作报告的决议": 2016,
        "第十二届全国人民代表大会第三次会议关于政府工作报告的决议": 2015,
        "第十二届全国人民代表大会第二次会议关于政府工作报告的决议": 2014,
        "第十二届全国人民代表大会第一次会议关于政府工作报告的决议": 2013,
        "第十一届全国人民代表大会第五次会议关于政府工作报告的决议": 2012,
        "第十一届全国人民代表大会第四次会议关于政府工作报告的决议": 2011,
        "第十一届全国人民代表大会第三次会议关于政府工作报告的决议": 2010,
        "第十一届全国人民代表大会第二次会议关于政府工作报告的决议": 2009,
        "第十一届全国人民代表大会第一次会议关于政府工作报告的决议": 2008,
        "第十届全国人民代表大会第五次会议关于政府工作报告的决议": 2007,
        "第二届全国人民代表大会第三次会议关于政府工作报告的决议": 1962,
    ]

    private func corpusRecords() throws -> [(title: String, content: String, expected: Int)] {
        let url = Self.repoRoot.appendingPathComponent("Corpus/government_work_reports.jsonl")
        let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
        let reportTitle = try NSRegularExpression(pattern: "^([0-9]{4})年中华人民共和国国务院政府工作报告")
        return try lines.map { line in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let title = try XCTUnwrap(object["title"] as? String)
            let content = try XCTUnwrap(object["content"] as? String)
            let ns = title as NSString
            if let m = reportTitle.firstMatch(in: title, range: NSRange(location: 0, length: ns.length)) {
                return (title, content, Int(ns.substring(with: m.range(at: 1)))!)
            }
            return (title, content, try XCTUnwrap(Self.resolutionYears[title], "no expected year for \(title)"))
        }
    }

    func testEveryCorpusRecordResolvesToItsYearFromTheTitle() throws {
        let records = try corpusRecords()
        XCTAssertEqual(records.count, 72)
        XCTAssertEqual(records.filter { Self.resolutionYears[$0.title] != nil }.count, 20)
        for r in records {
            XCTAssertEqual(resolve(title: r.title, text: r.content), ResolvedYear(year: r.expected, source: .title), r.title)
        }
    }

    /// Without titles the texts are full of other years and other sessions
    /// (`1958年以来`, `从第七届全国人民代表大会第一次会议，到这次大会`,
    /// `按照十届全国人大一次会议批准的方案`): the text rules may find nothing, never a wrong year.
    func testCorpusTextsAloneNeverGiveAWrongYear() throws {
        var found = 0
        for r in try corpusRecords() {
            guard let resolved = resolve(text: r.content) else { continue }
            found += 1
            XCTAssertEqual(resolved.year, r.expected, "\(r.title) via \(resolved.source)")
            XCTAssert([.dateText, .session].contains(resolved.source))
        }
        XCTAssertGreaterThanOrEqual(found, 30)
    }

    // MARK: Each rule

    func testMetadataYearAndDate() {
        XCTAssertEqual(resolve(metadataYear: "2014"), ResolvedYear(year: 2014, source: .metadata))
        XCTAssertEqual(resolve(metadataYear: "2014.0")?.year, 2014)
        XCTAssertEqual(resolve(metadataYear: " 2014-07-30 ")?.year, 2014)
        XCTAssertEqual(resolve(metadataYear: "２０１４")?.year, 2014)
        XCTAssertNil(resolve(metadataYear: "n/a"))
        XCTAssertEqual(resolve(metadataYear: "", metadataDate: "July 30, 2014"), ResolvedYear(year: 2014, source: .metadata))
        XCTAssertEqual(resolve(metadataDate: "2014年7月30日")?.year, 2014)
        XCTAssertEqual(resolve(metadataDate: "2014-07")?.year, 2014)
        XCTAssertEqual(resolve(metadataYear: "2013", title: "2014年政府工作报告"), ResolvedYear(year: 2013, source: .metadata))
    }

    func testTitleYearOrSession() {
        XCTAssertEqual(resolve(title: "2014年政府工作报告"), ResolvedYear(year: 2014, source: .title))
        XCTAssertEqual(resolve(title: "Report on the Work of the Government 2014")?.year, 2014)
        XCTAssertEqual(resolve(title: "第十二届全国人民代表大会第二次会议关于政府工作报告的决议")?.year, 2014)
        XCTAssertEqual(resolve(title: "十二届全国人大二次会议政府工作报告")?.year, 2014)
        XCTAssertEqual(resolve(title: "中国人民政治协商会议第十二届全国委员会第二次会议政治决议")?.year, 2014)
        XCTAssertEqual(resolve(title: "第一屆全國人民代表大會第一次會議文件")?.year, 1954)
        XCTAssertEqual(
            resolve(title: "Resolution of the Second Session of the 12th National People's Congress on the Report on the Work of the Government")?
                .year, 2014)
        XCTAssertEqual(resolve(title: "Report delivered at the 3rd Session of the Thirteenth NPC")?.year, 2020)
        // A resolution's title names the past year too; the session decides.
        XCTAssertEqual(resolve(title: "第十二届全国人民代表大会第二次会议关于2013年国民经济和社会发展计划执行情况与2014年计划的决议")?.year, 2014)
        XCTAssertNil(resolve(title: "国务院关于2000多名代表建议的答复"))
    }

    func testDocumentNumber() {
        for number in ["国发〔2014〕25号", "Guo Fa [2014] No. 25", "国办发(2014)25号", "国发［2014］25号"] {
            XCTAssertEqual(
                resolve(title: "国务院关于进一步推进户籍制度改革的意见", docNumber: number),
                ResolvedYear(year: 2014, source: .docNumber), number)
        }
        XCTAssertEqual(resolve(title: "2013年计划", docNumber: "国发〔2014〕25号")?.source, .title)
    }

    func testDateLinesAdoptionNotesAndDatesAtTheEnds() {
        let filler = String(repeating: "各地区各部门要认真贯彻落实。", count: 40)
        XCTAssertEqual(
            resolve(text: "1958年以来，" + filler + "\n成文日期：2014年07月24日\n" + filler),
            ResolvedYear(year: 2014, source: .dateText))
        XCTAssertEqual(resolve(text: filler + "\nDate: 2014-07-30\n" + filler)?.year, 2014)
        XCTAssertEqual(resolve(text: "关于政府工作报告的决议\n（2014年3月13日第十二届全国人民代表大会第二次会议通过）\n" + filler)?.year, 2014)
        XCTAssertEqual(resolve(text: "July 30, 2014\n\nThe State Council issued an opinion. " + filler)?.year, 2014)
        XCTAssertEqual(resolve(text: filler + "\nBeijing, 30 July 2014")?.year, 2014)
        XCTAssertEqual(resolve(text: "2014-07-30 " + filler)?.year, 2014)
        XCTAssertEqual(resolve(text: filler + "\n国务院\n二〇一四年七月二十四日")?.year, 2014)
        XCTAssertEqual(resolve(text: "——２０１４年３月５日在大会上\n" + filler)?.year, 2014)
    }

    func testYearsMentionedInPassingAreNeverTaken() {
        let filler = String(repeating: "各地区各部门要认真贯彻落实。", count: 40)
        XCTAssertNil(resolve(text: "1958年以来，我国各族人民取得了伟大成就。\n一、2013年工作回顾\n" + filler))
        XCTAssertNil(resolve(text: filler + "2008年5月12日，四川汶川发生特大地震。" + filler))
        XCTAssertNil(resolve(text: filler + "本意见自2015年1月1日起施行。"))
        XCTAssertNil(resolve(text: "Since July 1, 2014 the rules have applied. " + String(repeating: "More text follows here. ", count: 20)))
        XCTAssertNil(resolve(text: "一九八三年六月第六届全国人民代表大会第一次会议的决议"))
    }

    func testSessionNamedInTheText() {
        XCTAssertEqual(
            resolve(text: "政府工作报告\n——在第十二届全国人民代表大会第二次会议上\n各位代表："),
            ResolvedYear(year: 2014, source: .session))
        XCTAssertEqual(resolve(text: "各位代表！\n根据中共中央的决定，我代表国务院，向第四届全国人民代表大会作政府工作报告。")?.year, 1975)
        XCTAssertEqual(resolve(text: "我代表国务院向第一届全国人民代表大会第五次会议，提出报告。")?.year, 1958)
        XCTAssertEqual(resolve(text: "第二届全国人民代表大会第三次会议听取了政府工作报告。")?.year, 1962)
        XCTAssertEqual(resolve(text: "在中国人民政治协商会议第十二届全国委员会第二次会议上的工作报告")?.year, 2014)
        XCTAssertEqual(resolve(text: "在全国政协十三届三次会议上")?.year, 2020)
        XCTAssertEqual(resolve(text: "周恩來在第一屆全國人民代表大會第一次會議上的報告")?.year, 1954)
        XCTAssertEqual(
            resolve(text: "Delivered at the Second Session of the 12th National People's Congress on behalf of the State Council")?.year, 2014)
        XCTAssertEqual(resolve(text: "Report to the Fifth National People's Congress")?.year, 1978)
        // Other sessions referred to in passing.
        XCTAssertNil(resolve(text: "从第七届全国人民代表大会第一次会议，到这次大会的召开，已经整整过去了五年。"))
        XCTAssertNil(resolve(text: "按照十届全国人大一次会议批准的方案，国务院机构改革顺利完成。"))
        XCTAssertNil(resolve(text: "第十二届全国人民代表大会第一次会议以来的五年"))
        XCTAssertNil(resolve(text: "一九六四年底，在第三届全国人民代表大会上的政府工作报告中"))
        XCTAssertNil(resolve(text: "1990年七届全国人大三次会议通过《香港特别行政区基本法》"))
        XCTAssertNil(resolve(text: "第十二届全国人民代表大会常务委员会第十次会议"))
    }

    func testFileName() {
        XCTAssertEqual(resolve(text: "no year here", filename: "reports/gwr_2014.txt"), ResolvedYear(year: 2014, source: .filename))
        XCTAssertEqual(resolve(filename: "20140730_notice.html")?.year, 2014)
        XCTAssertNil(resolve(filename: "report_1234.txt"))
        XCTAssertNil(resolve(filename: "scan_1900.txt"))
        XCTAssertNil(resolve(filename: "2014/report.txt"))
        XCTAssertNil(resolve(text: "", filename: nil))
    }

    func testSessionTableIsRealNotAFormula() {
        XCTAssertEqual(NPCSessions.year(.npc, term: 1, session: 1), 1954)
        XCTAssertEqual(NPCSessions.date(.npc, term: 1, session: 1), SessionDate(year: 1954, month: 9))
        XCTAssertEqual(NPCSessions.year(.npc, term: 2, session: 3), 1962)
        XCTAssertEqual(NPCSessions.year(.npc, term: 2, session: 4), 1963)
        XCTAssertNil(NPCSessions.year(.npc, term: 2, session: 5))
        XCTAssertEqual(NPCSessions.date(.npc, term: 3, session: 1), SessionDate(year: 1964, month: 12))
        XCTAssertEqual(NPCSessions.year(.npc, term: 4, session: 1), 1975)
        XCTAssertEqual(NPCSessions.year(.npc, term: 5, session: 5), 1982)
        XCTAssertEqual(NPCSessions.date(.npc, term: 13, session: 3), SessionDate(year: 2020, month: 5))
        XCTAssertEqual(NPCSessions.year(.npc, term: 14, session: 3), 2025)
        XCTAssertNil(NPCSessions.year(.npc, term: 14, session: 4))
        XCTAssertNil(NPCSessions.year(.npc, term: 15, session: 1))
        XCTAssertEqual(NPCSessions.year(.cppcc, term: 3, session: 3), 1962)
        XCTAssertEqual(NPCSessions.year(.cppcc, term: 12, session: 2), 2014)
        XCTAssertNil(NPCSessions.year(.cppcc, term: 1, session: 2))
        for term in 6...14 {
            for session in 1...5 {
                guard let y = NPCSessions.year(.npc, term: term, session: session) else { continue }
                XCTAssertEqual(y, 1983 + (term - 6) * 5 + session - 1)
                XCTAssertEqual(NPCSessions.year(.cppcc, term: term, session: session), y)
            }
        }
    }
}
