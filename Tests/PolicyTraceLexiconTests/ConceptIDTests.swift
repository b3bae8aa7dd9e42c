import XCTest

@testable import PolicyTraceLexicon

final class ConceptIDTests: XCTestCase {
    /// The tree is read from whole dot components, never from string prefixes.
    func testTreeOfTheDefaultConceptIDs() {
        let id = ConceptID("exclusion.production.employment")
        XCTAssertEqual(id.family, "exclusion")
        XCTAssertEqual(id.ancestors, ["exclusion", "exclusion.production"])
        XCTAssertEqual(id.selfAndAncestors, ["exclusion", "exclusion.production", "exclusion.production.employment"])
        XCTAssertEqual(id.depth, 2)
        XCTAssertFalse(id.isFamily)
        XCTAssertTrue(ConceptID("hukou").isFamily)
        XCTAssertEqual(ConceptID("hukou").ancestors, [])
        XCTAssertTrue(id.isWithin("exclusion.production"))
        XCTAssertTrue(id.isWithin("exclusion"))
        XCTAssertTrue(id.isWithin("exclusion.production.employment"))
        XCTAssertFalse(id.isWithin("exclusion.prod"))
        XCTAssertFalse(ConceptID("community_exclusion").isWithin("community"))
        XCTAssertFalse(ConceptID("exclusion").isWithin("exclusion.production"))
    }

    /// Tree order puts a parent before its children and compares components,
    /// so `a.b` sorts before `ab` (plain string order would put `a.b` after `a-b`).
    func testTreeOrder() {
        let ids = ["migrants", "community_services.provision", "community_services", "exclusion.production", "exclusion"]
        XCTAssertEqual(
            ids.map { ConceptID($0) }.sorted().map(\.rawValue),
            ["community_services", "community_services.provision", "exclusion", "exclusion.production", "migrants"])
        XCTAssertLessThan(ConceptID("a.b"), ConceptID("a-b"))
    }

    /// Every concept of the built-in lexicons has its parents in the lexicon's ID list.
    func testAllConceptIDsHoldEveryAncestor() throws {
        let lexicon = try LexiconReader.load(paths: DefaultLexicons.paths()).0
        let ids = Set(lexicon.allConceptIDs)
        for c in lexicon.concepts { XCTAssertTrue(ids.isSuperset(of: c.path.selfAndAncestors), c.id) }
        XCTAssertEqual(Set(lexicon.concepts.map(\.family)), ["community_exclusion", "community_services", "exclusion", "hukou", "migrants"])
    }
}

final class SourceLocationTests: XCTestCase {
    /// A missing lexicon file is named as a file, not as a line 0 that does not exist.
    func testAMissingFileIsNamedWithoutALineNumber() {
        XCTAssertThrowsError(try LexiconReader.load(paths: ["no-such-lexicon.yaml"])) { error in
            XCTAssertEqual("\(error)", "no-such-lexicon.yaml: error: no such lexicon file or folder")
        }
        XCTAssertEqual(SourceLocation(file: "hukou.yaml", line: 12, column: 5).description, "hukou.yaml:12:5")
    }
}
