import Foundation
import PolicyTrace
import XCTest

/// The library as another package sees it: this file imports `PolicyTrace`
/// without `@testable` and calls only public declarations (being a target of
/// this package it could also see `package` ones, so keep to the public
/// surface when extending it). It walks the data flow by hand, ingest → tag →
/// aggregate → export, and checks it agrees with the main job on the same
/// fixtures.
final class LibraryUseTests: XCTestCase {
    var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }

    func testIngestTagAggregateExportWithThePublicSurfaceOnly() throws {
        // Ingest: the corpus reader chooses each file's reader.
        let reader = try CorpusReader(path: fixtures.appendingPathComponent("corpus").path)
        var documents: [Document] = []
        var events: [ChronologyEvent] = []
        for file in try reader.files() {
            let result: FileResult = reader.read(file)
            // A chronology's events come as documents too, counted apart.
            if result.format == .chronology { events += result.events } else { documents += result.documents }
        }
        XCTAssertEqual(documents.count, 3)
        XCTAssertEqual(events.count, 7)

        // Tag: one compiled lexicon, any number of documents.
        let (lexicon, _) = try LexiconReader.load(paths: [fixtures.appendingPathComponent("lexicon").path])
        let tagger = Tagger(lexicon: lexicon)

        // Aggregate: one tally per document, counted by year.
        var counts = Counts()
        var mentions = 0
        for doc in documents {
            let tagged = tagger.tag(doc.text)
            mentions += tagged.mentions.count
            counts.add(DocumentTally(group: Grouping.key(doc, fields: ["year"], period: nil), tokens: tagged.tokens, mentions: tagged.mentions))
        }
        XCTAssertGreaterThan(mentions, 0)

        // Export: the same timeline.csv the main job writes.
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-library-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        useTestLexiconCache()
        var options = RunOptions()
        options.corpus = reader.root
        options.lexicons = [fixtures.appendingPathComponent("lexicon").path]
        options.out = out.path
        options.jobs = 1
        let summary = try Pipeline.run(options)
        XCTAssertEqual(summary.documents, documents.count)
        let timeline = OutputFiles.timeline(counts, concepts: lexicon.allConceptIDs, groupFields: ["year"], minTokens: options.minTokens)
        XCTAssertEqual(timeline, try String(contentsOf: out.appendingPathComponent("timeline.csv"), encoding: .utf8))
    }
}
