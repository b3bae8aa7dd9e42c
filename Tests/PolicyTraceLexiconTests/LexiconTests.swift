import Foundation
import XCTest

@testable import PolicyTraceLexicon

final class LexiconTests: XCTestCase {
    func parse(_ yaml: String) -> ([Concept], [LexiconDiagnostic]) {
        let (concepts, problems) = LexiconReader.parse(yaml, file: "t.yaml")
        return (concepts, problems + LexiconValidator.validate(Lexicon(concepts: concepts)))
    }

    func testReadsConceptsTermsExclusionsAndRules() {
        let (concepts, problems) = parse(
            """
            concepts:
              - id: hukou
                label: {en: Household registration, zh: 户籍制度}
              - id: hukou.status
                label: {en: Hukou status, zh: 户籍身份}
                source: Chow & Lou (2015)
                terms:
                  en: [hukou, household registration]
                  zh: [户口, 户籍]
                exclude: {zh: [门户]}
                rules:
                  - {terms: [户籍], forbid: [取消], within: 5}
                  - {require: [service], within: 3 words}
            """)
        XCTAssertEqual(problems.filter { $0.severity == .error }, [])
        XCTAssertEqual(concepts.map(\.id), ["hukou", "hukou.status"])
        let c = concepts[1]
        XCTAssertEqual(c.terms.map(\.text), ["hukou", "household registration", "户口", "户籍"])
        XCTAssertEqual(c.terms[2].location, SourceLocation(file: "t.yaml", line: 9, column: 12))
        XCTAssertEqual(c.exclusions.map(\.text), ["门户"])
        XCTAssertEqual(c.rules[0], ContextRule(terms: ["户籍"], kind: .forbid, cues: ["取消"], window: .characters(5), location: c.rules[0].location))
        XCTAssertEqual(c.rules[1].window, .words(3))
    }

    func testReportsEveryProblemWithItsPlace() {
        let (_, problems) = parse(
            """
            concepts:
              - id: a
              - id: a.b
                terms: {en: [exclu*sion, social work, social work], zh: [户籍*]}
              - id: a.b
                terms: {en: [x]}
              - id: c.d
                terms: {en: [Social  Work]}
              - id: a.e
            """)
        let text = problems.map(\.description)
        XCTAssertTrue(text.contains("t.yaml:4:18: error: invalid wildcard in `exclu*sion`: `*` is allowed only at the end of a term"), "\(text)")
        XCTAssertTrue(text.contains { $0.hasPrefix("t.yaml:4:43: error: duplicate term `social work`") })
        XCTAssertTrue(text.contains { $0.hasPrefix("t.yaml:4:62: error: invalid wildcard in `户籍*`") })
        XCTAssertTrue(text.contains { $0.hasPrefix("t.yaml:5:9: error: duplicate concept ID `a.b`") })
        XCTAssertTrue(text.contains("t.yaml:7:9: error: dangling concept ID `c.d`: its parent `c` is not defined"))
        XCTAssertTrue(text.contains("t.yaml:9:9: error: concept `a.e` has no terms"))
        XCTAssertTrue(
            text.contains { $0.hasPrefix("t.yaml:8:18: warning: term `Social  Work` in `c.d` normalises to the same string as `social work`") })
    }

    func testYAMLSyntaxErrorsPointAtTheLine() {
        let (_, problems) = parse("concepts:\n  - id: a\n    terms: {en: [x\n")
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems[0].severity, .error)
        XCTAssertTrue(problems[0].description.hasPrefix("t.yaml:4:"), problems[0].description)
    }

    /// The default lexicons cover every concept ID of the taxonomy, each leaf
    /// in English and Chinese, and load without errors.
    func testDefaultLexiconsCoverTheTaxonomy() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (lexicon, _) = try LexiconReader.load(paths: [root.appendingPathComponent("Lexicons").path])
        let taxonomy = [
            "hukou.status", "hukou.reform", "hukou.residence_permit", "migrants.workers", "migrants.population",
            "community_services.provision", "community_services.governance", "community_services.social_work",
            "exclusion.consumption", "exclusion.savings", "exclusion.production", "exclusion.political", "exclusion.social",
            "community_exclusion.physical_quality", "community_exclusion.economic_participation", "community_exclusion.service_access",
            "community_exclusion.safety", "community_exclusion.identification", "community_exclusion.participation",
        ]
        for id in taxonomy {
            let c = try XCTUnwrap(lexicon.concept(id), id)
            XCTAssertTrue(c.terms.contains { $0.language == .en }, "\(id) has no English terms")
            XCTAssertTrue(c.terms.contains { $0.language == .zh }, "\(id) has no Chinese terms")
            XCTAssertNotNil(c.source, "\(id) cites no source")
        }
        for family in ["hukou", "migrants", "community_services", "exclusion", "community_exclusion"] {
            XCTAssertNotNil(lexicon.concept(family), family)
        }
    }
}
