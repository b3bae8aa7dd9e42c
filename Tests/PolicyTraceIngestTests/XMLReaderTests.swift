import Foundation
import XCTest

@testable import PolicyTraceIngest

private func xmlFixture(_ name: String) throws -> [UInt8] {
    let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("xml/\(name)")
    return Array(try Data(contentsOf: url))
}

private let reformParagraph =
    "有序推进农业转移人口市民化。推动户籍制度改革，实行不同规模城市差别化落户政策。把有能力、有意愿并长期在城镇务工经商的农民工及其家属逐步转为城镇居民。对未落户的农业转移人口，建立居住证制度。使更多进城务工人员随迁子女纳入城镇教育、实现异地升学，实施农民工职业技能提升计划。稳步推进城镇基本公共服务常住人口全覆盖，使农业转移人口和城镇居民共建共享城市现代文明。"

final class XMLReaderTests: XCTestCase {
    func testTEIHeaderAndText() throws {
        let page = try XMLReader.read(xmlFixture("tei_work_report_2014.xml"))
        XCTAssertEqual(page.encoding, "UTF-8")
        XCTAssertEqual(page.title, "政府工作报告")
        XCTAssertEqual(page.metadata["title"], "政府工作报告")
        XCTAssertEqual(page.metadata["author"], "李克强")
        // The source's date, not the date of the electronic edition.
        XCTAssertEqual(page.metadata["date"], "2014-03-05")
        XCTAssertEqual(page.metadata["idno"], "gwr-2014-excerpt")
        let text = page.text
        XCTAssertTrue(
            text.hasPrefix("政府工作报告\n——2014年3月5日在第十二届全国人民代表大会第二次会议上\n\n各位代表：\n\n现在，我代表国务院"),
            String(text.prefix(120)))
        XCTAssertTrue(text.contains("（五）推进以人为核心的新型城镇化。\n\n城镇化是现代化的必由之路"))
        // <lb/> inside a word and an inline <term> leave the sentence intact.
        XCTAssertTrue(text.contains(reformParagraph))
        XCTAssertTrue(text.hasSuffix("让我们的城镇各具特色、宜业宜居，更加充满活力。"))
        for header in ["PolicyTrace test fixtures", "Public domain", "中文维基文库", "gwr-2014", "李克强", "23"] {
            XCTAssertFalse(text.contains(header), "header or forme work in text: \(header)")
        }
        XCTAssertEqual(page.warnings, [])
    }

    func testXPathOptionsOverrideTEIDefaults() throws {
        let options = XMLOptions(
            textXPath: "//tei:div[@n='5']/tei:p[2]",
            titleXPath: "//tei:sourceDesc/tei:bibl/tei:title")
        let page = try XMLReader.read(xmlFixture("tei_work_report_2014.xml"), options: options)
        XCTAssertEqual(page.text, reformParagraph)
        XCTAssertEqual(page.title, "2014年中华人民共和国国务院政府工作报告")
        XCTAssertEqual(page.metadata["date"], "2014-03-05")
    }

    func testGenericXMLWithXPathOptions() throws {
        let options = XMLOptions(
            textXPath: "//policy/body/para", titleXPath: "//d:title",
            yearXPath: "//written/@year", dateXPath: "string(//written)",
            namespaces: ["d": "http://purl.org/dc/elements/1.1/"])
        let page = try XMLReader.read(xmlFixture("policy_record.xml"), options: options)
        XCTAssertEqual(page.title, "国务院关于进一步推进户籍制度改革的意见")
        XCTAssertEqual(page.metadata["year"], "2014")
        XCTAssertEqual(page.metadata["date"], "2014-07-24")
        XCTAssertTrue(page.text.hasPrefix(reformParagraph + "\n\n加大对中西部地区新型城镇化的支持。"))
        XCTAssertFalse(page.text.contains("EDITORIAL NOTE"))
        XCTAssertFalse(page.text.contains("国发〔2014〕25号"))
    }

    func testGenericXMLWithoutOptionsGivesAllText() throws {
        let page = try XMLReader.read(xmlFixture("policy_record.xml"))
        XCTAssertNil(page.title)
        XCTAssertTrue(
            page.text.hasPrefix("国务院关于进一步推进户籍制度改革的意见\n国务院\n国发〔2014〕25号\n2014-07-24\n2014-07-30\nEDITORIAL NOTE"),
            String(page.text.prefix(100)))
        XCTAssertTrue(page.text.contains(reformParagraph + "\n加大对中西部地区新型城镇化的支持。"))
    }

    func testExternalEntitiesAreNeverLoaded() throws {
        let started = Date()
        let page = try XMLReader.read(xmlFixture("xxe.xml"))
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(page.text, "推进城镇化：")
        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? "root:x:0:0"
        let firstLine = String(passwd.split(separator: "\n").first ?? "root:x:0:0")
        XCTAssertFalse(page.text.contains(firstLine))
        XCTAssertFalse(page.text.contains("root:"))
        XCTAssertFalse(page.warnings.joined().contains("root:"))
    }

    func testBillionLaughsIsCutShort() throws {
        let started = Date()
        let page = try XMLReader.read(xmlFixture("billion_laughs.xml"))
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertEqual(page.text, "before\nafter")
        XCTAssertTrue(page.warnings.contains { $0.contains("entity") }, "\(page.warnings)")
        let viaXPath = try XMLReader.read(
            xmlFixture("billion_laughs.xml"),
            options: XMLOptions(textXPath: "string(/)", titleXPath: "//p/@title"))
        XCTAssertLessThan(viaXPath.text.utf8.count, 100)
    }

    func testWideEntityExpansionIsBounded() throws {
        let chunk = String(repeating: "城镇化", count: 3000)
        let refs = String(repeating: "&big;", count: 4000)
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY big \"\(chunk)\">]><d>\(refs)</d>"
        let started = Date()
        let page = try XMLReader.read(Array(xml.utf8))
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertLessThanOrEqual(page.text.utf8.count, 10 * xml.utf8.count + (1 << 20))
        XCTAssertTrue(page.warnings.contains("entity expansion stopped at the size limit"), "\(page.warnings)")
        // XPath string values would expand every reference: not evaluated at all.
        XCTAssertThrowsError(try XMLReader.read(Array(xml.utf8), options: XMLOptions(textXPath: "string(/)"))) { error in
            XCTAssertEqual(error as? MarkupReadError, .entityExpansionLimit)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }

    func testInvalidXPathThrows() throws {
        let bytes = try xmlFixture("policy_record.xml")
        XCTAssertThrowsError(try XMLReader.read(bytes, options: XMLOptions(textXPath: "//para["))) { error in
            guard case MarkupReadError.invalidXPath(let expression, let message) = error else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(expression, "//para[")
            XCTAssertFalse(message.isEmpty)
        }
        XCTAssertThrowsError(try XMLReader.read(bytes, options: XMLOptions(titleXPath: "//nope:title")))
    }

    func testMalformedXMLRecoversWithWarningsAndNonXMLThrows() throws {
        let page = try XMLReader.read(Array("<doc><p>户籍制度改革</q><p>居住证</p></doc>".utf8))
        XCTAssertTrue(page.text.contains("户籍制度改革"))
        XCTAssertTrue(page.warnings.contains { $0.hasPrefix("line 1: ") }, "\(page.warnings)")
        XCTAssertThrowsError(try XMLReader.read(Array("not xml at all".utf8))) { error in
            guard case MarkupReadError.malformed = error else { return XCTFail("\(error)") }
        }
    }

    func testDeclaredLegacyEncoding() throws {
        let bytes = try xmlFixture("gb2312_record.xml")
        XCTAssertNil(String(validating: bytes, as: UTF8.self))
        let page = try XMLReader.read(bytes)
        XCTAssertEqual(page.encoding, "GB18030")
        XCTAssertEqual(page.text, "推动户籍制度改革，实行不同规模城市差别化落户政策。")
        XCTAssertEqual(XMLReader.declaredEncoding(bytes), "GB2312")
    }

    func testConcurrentReadsAgree() throws {
        let options = XMLOptions(
            textXPath: "//policy/body/para", titleXPath: "//d:title",
            namespaces: ["d": "http://purl.org/dc/elements/1.1/"])
        let inputs = [
            (try xmlFixture("tei_work_report_2014.xml"), XMLOptions()),
            (try xmlFixture("policy_record.xml"), options),
            (try xmlFixture("billion_laughs.xml"), XMLOptions()),
        ]
        let expected = try inputs.map { try XMLReader.read($0.0, options: $0.1) }
        let lock = NSLock()
        var mismatches = 0
        DispatchQueue.concurrentPerform(iterations: 24) { i in
            let (bytes, options) = inputs[i % inputs.count]
            if (try? XMLReader.read(bytes, options: options)) != expected[i % inputs.count] {
                lock.lock()
                mismatches += 1
                lock.unlock()
            }
        }
        XCTAssertEqual(mismatches, 0)
    }
}
