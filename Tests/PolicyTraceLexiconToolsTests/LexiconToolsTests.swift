import Foundation
import PolicyTrace
import XCTest

final class LexiconToolsTests: XCTestCase {
    func temporaryFile(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func spans(_ tagger: Tagger, _ text: String) -> [String] {
        tagger.tag(text).mentions.map { "\($0.text)@\($0.start):\($0.concepts.joined(separator: ","))" }
    }

    func documents(_ texts: [String]) -> [Document] {
        texts.enumerated().map { Document(id: "d\($0.offset + 1)", source: "t", text: $0.element) }
    }

    /// A quanteda dictionary given straight to `--lexicon` tags raw Chinese
    /// text with PolicyTrace's semantics: longest match, Traditional folded.
    func testQuantedaDictionaryTagsChineseWithTheLongestMatch() throws {
        let path = try temporaryFile(
            "hukou.yml",
            """
            hukou:
              status: [户籍, 户口]
              reform:
                - 户籍制度改革
                - hukou reform*
            """)
        let (lexicon, _) = try LexiconReader.load(paths: [path])
        XCTAssertEqual(lexicon.concepts.map(\.id), ["hukou", "hukou.status", "hukou.reform"])
        let tagger = Tagger(lexicon: lexicon)
        XCTAssertEqual(
            spans(tagger, "深化戶籍制度改革，户籍登记与hukou reforms"),
            ["戶籍制度改革@2:hukou.reform", "户籍@9:hukou.status", "hukou reforms@14:hukou.reform"])
        XCTAssertEqual(spans(Tagger(lexicon: lexicon, overlaps: .all), "深化户籍制度改革"), ["户籍制度改革@2:hukou.reform", "户籍@2:hukou.status"])
    }

    func testLIWCDictionaryTagsThroughLoad() throws {
        let path = try temporaryFile("m.dic", "%\n1\tmigrants\n2\tmigrants.workers\n%\n农民工\t1\t2\nmigrant worker*\t2\n流动人口\t1\n")
        let tagger = Tagger(lexicon: try LexiconReader.load(paths: [path]).0)
        XCTAssertEqual(
            spans(tagger, "农民工和流动人口; Migrant Workers"), ["农民工@0:migrants.workers", "流动人口@4:migrants", "Migrant Workers@10:migrants.workers"])
    }

    /// The two context-rule examples of MATCHING.md, written in YAML as an
    /// author would and run through the tagger.
    func testContextRulesFromTheLexiconFile() throws {
        let path = try temporaryFile(
            "rules.yaml",
            """
            concepts:
              - id: hukou
                terms: {zh: [户籍]}
                rules:
                  - {forbid: [取消], within: 5}
              - id: community
                terms: {en: [community]}
                rules:
                  - {require: [service, committee, centre], within: 3 words}
            """)
        let tagger = Tagger(lexicon: try LexiconReader.load(paths: [path]).0)
        XCTAssertEqual(spans(tagger, "取消农业户籍"), [])
        XCTAssertEqual(spans(tagger, "户籍限制取消"), [])
        XCTAssertEqual(spans(tagger, "户籍制度在多年的改革之后将逐步取消"), ["户籍@0:hukou"])
        XCTAssertEqual(spans(tagger, "the community service centre"), ["community@4:community"])
        XCTAssertEqual(spans(tagger, "a community health centre"), ["community@2:community"])
        XCTAssertEqual(spans(tagger, "the international community agreed"), [])
        XCTAssertEqual(spans(tagger, "community of nations and then a service"), [])
    }

    func testUsageCountsLikeTheRunAndFindsDeadTerms() {
        let lexicon = Lexicon(concepts: [
            Concept(id: "hukou", terms: [Term("户籍制度", language: .zh)]),
            Concept(id: "hukou.reform", terms: [Term("户籍制度改革", language: .zh), Term("落户", language: .zh), Term("暂住证", language: .zh)]),
        ])
        let docs = documents(["深化户籍制度改革，放宽落户限制。", "户籍制度改革继续推进，落户更容易。"])
        let usage = LexiconTools.usage(lexicon, overlaps: .longest, documents: docs, jobs: 2)
        XCTAssertEqual(usage.count("hukou.reform", "户籍制度改革"), 2)
        XCTAssertEqual(usage.count("hukou.reform", "落户"), 2)
        XCTAssertEqual(usage.deadTerms(lexicon).map { "\($0.concept):\($0.term.text)" }, ["hukou:户籍制度", "hukou.reform:暂住证"])
        XCTAssertEqual(usage.onlyNested, ["hukou": ["户籍制度"]])
        XCTAssertEqual(usage.top("hukou.reform", 1).map(\.term), ["户籍制度改革"])
        XCTAssertEqual(LexiconTools.usage(lexicon, overlaps: .all, documents: docs).count("hukou", "户籍制度"), 2)
    }

    func testSuggestFindsUncoveredNeighboursAndLongerForms() {
        let lexicon = Lexicon(concepts: [
            Concept(id: "hukou", terms: [Term("户籍", language: .zh)]),
            Concept(id: "hukou.reform", terms: [Term("落户", language: .zh), Term("hukou reform", language: .en)]),
            Concept(id: "urban", terms: [Term("新型城镇化", language: .zh)]),
        ])
        let docs = documents([
            "今年放宽城市落户限制，推进新型城镇化。", "继续放宽城镇落户限制，推进公共服务均等化。", "放宽落户限制是改革重点。",
            "The state relaxed the hukou reform rules.", "Provinces relaxed the hukou reform rules again.", "公共服务。推进。推进。",
        ])
        let found = LexiconTools.suggest("hukou", lexicon: lexicon, overlaps: .longest, documents: docs, top: 30, jobs: 2)
        let byText = Dictionary(found.map { ($0.text, $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(byText["放宽"]?.near, 3, "\(found.map(\.text))")
        XCTAssertEqual(byText["放宽"]?.documents, 3)
        XCTAssertEqual(byText["放宽"]?.containsOwnTerm, false)
        XCTAssertEqual(byText["落户限制"]?.containsOwnTerm, true, "\(found.map(\.text))")
        XCTAssertEqual(byText["落户限制"]?.contains, "落户")
        XCTAssertTrue(byText["落户限制"]?.example.contains("[落户限制]") ?? false)
        XCTAssertEqual(byText["relaxed"]?.near, 2, "\(found.map(\.text))")
        XCTAssertEqual(byText["rules"]?.near, 2)
        for covered in ["落户", "城镇化", "新型城镇化", "the", "hukou", "reform"] { XCTAssertNil(byText[covered], covered) }
        XCTAssertTrue(found.allSatisfy { !$0.text.contains("，") && !$0.text.contains("。") })
        XCTAssertLessThan(byText["推进"]?.score ?? 0, byText["放宽"]!.score, "common elsewhere ranks lower")
    }
}
