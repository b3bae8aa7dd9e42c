import PolicyTraceLexicon
import XCTest

@testable import PolicyTraceTag

/// Short names a text defines (`ShortNames`, MATCHING.md §7): counted with
/// the concepts of the term the defined name ends with, from the definition
/// on, and only in the forms that held up on the gold sets.
final class ShortNamesTests: XCTestCase {
    static let tagger = Tagger(
        lexicon: Lexicon(concepts: [
            Concept(id: "community_services"),
            Concept(id: "community_services.provision", terms: [Term("照顾服务", language: .zh)]),
            Concept(id: "exclusion"),
            Concept(id: "exclusion.consumption", terms: [Term("救助", language: .zh), Term("生活津贴", language: .zh)]),
            Concept(id: "hukou"),
            Concept(id: "hukou.status", terms: [Term("户籍", language: .zh)]),
        ]))

    func shortNames(_ text: String) -> [Mention] { Self.tagger.tag(text).mentions.filter { $0.term.contains("→") } }

    func testADefinedShortNameCountsFromItsDefinitionOn() {
        let text = "本服务试办。第一条 为提供课后照顾服务（以下简称本服务），订定本办法。本服务对象为学童；申请本服务者，应填具申请书。"
        let result = Self.tagger.tag(text)
        let names = result.mentions.filter { $0.term.contains("→") }
        // The use before the definition and the one inside it are not counted.
        XCTAssertEqual(names.count, 2)
        XCTAssertEqual(names.map(\.text), ["本服务", "本服务"])
        XCTAssertEqual(names.map(\.concepts), [["community_services.provision"], ["community_services.provision"]])
        XCTAssertEqual(names[0].term, "照顾服务 → 本服务")
        let scalars = Array(text.unicodeScalars)
        for m in names { XCTAssertEqual(String(String.UnicodeScalarView(scalars[m.start..<m.end])), "本服务") }
        XCTAssertEqual(result.stats.shortNames, ["community_services.provision": 2])
        XCTAssertEqual(result.mentions.map(\.start), result.mentions.map(\.start).sorted(), "mentions stay in text order")
    }

    func testTraditionalFormsQuotesAndSpacesAreRead() {
        XCTAssertEqual(shortNames("原住民族老人生活津貼（以下簡稱「本津貼」）之發給，本津貼按月發給。").map(\.text), ["本津貼"])
        XCTAssertEqual(shortNames("照顧服務(以下簡稱 本服務 )開辦，本服務免費").map(\.concepts), [["community_services.provision"]])
        XCTAssertEqual(shortNames("照顾服务（简称：该服务）开办后，该服务由社区提供。").map(\.text), ["该服务"])
    }

    func testOnlySelfReferringNamesThatAreNotLawsCount() {
        // The law itself, an agency or a plain noun is no short name of a mention.
        XCTAssertEqual(shortNames("依社会救助法（以下简称本法）办理。本法所称救助…").count, 0)
        XCTAssertEqual(shortNames("依户籍法（以下简称本法）办理，本法规定").count, 0)
        XCTAssertEqual(shortNames("提供照顾服务（以下简称服务）者，服务应免费").count, 0)
        XCTAssertEqual(shortNames("提供照顾服务（以下简称本）者").count, 0, "a name of one ideograph is too short")
    }

    func testTheDefinedNameMustEndWithATaggedTerm() {
        // A tagged term right before the parenthesis, or one ideograph before it.
        XCTAssertEqual(shortNames("照顾服务站（以下简称本站），本站开放").count, 1)
        XCTAssertEqual(shortNames("照顾服务中心（以下简称本中心），本中心开放").count, 0, "two ideographs after the term")
        XCTAssertEqual(shortNames("照顾服务、学习中心（以下简称本中心），本中心开放").count, 0)
        XCTAssertEqual(shortNames("学习中心（以下简称本中心），本中心开放").count, 0, "no term")
    }

    func testAShortNameDoesNotOverlapAMention() {
        // 本救助金 holds the term 救助: the mention of the term stands, no second one.
        let result = Self.tagger.tag("急难救助金（以下简称本救助金），本救助金由县发给")
        XCTAssertEqual(result.mentions.map(\.text), ["救助", "救助", "救助"])
        XCTAssertTrue(result.stats.shortNames.isEmpty)
    }

    func testARedefinedNameTakesItsNewConcepts() {
        let names = shortNames("照顾服务（以下简称本项）。本项开办。生活津贴（以下简称本项），本项按月发给。")
        XCTAssertEqual(names.map(\.concepts), [["community_services.provision"], ["exclusion.consumption"]])
    }
}
