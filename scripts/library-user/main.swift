// What a library user (another package) writes: compiled without -package-name,
// so only `public` declarations are visible.
import Foundation
import PolicyTrace

func walk(corpus: String, lexiconPath: String, out: String) throws {
    // Ingest
    let reader = try CorpusReader(path: corpus)
    var documents: [Document] = []
    var events: [ChronologyEvent] = []
    var skipped: [SkippedItem] = []
    for file in try reader.files() {
        let result: FileResult = reader.read(file)
        if result.format == .chronology { events += result.events } else { documents += result.documents }
        skipped += result.skipped + result.warnings
        _ = result.path
    }
    for d in documents { _ = (d.id, d.source, d.record, d.text, d.year, d.yearSource?.rawValue, d.title, d.issuer, d.docNumber, d.date, d.language, d.encoding, d.metadata) }
    for e in events { _ = (e.year, e.issuer, e.title, e.description, e.source, e.row, e.text) }
    for s in skipped { _ = (s.source, s.line, s.reason, s.description) }
    let own = Document(id: "x", source: "x.txt", text: "户籍制度改革", year: 2014)
    documents.append(own)

    // Lexicon
    let (lexicon, diagnostics) = try LexiconReader.load(paths: [lexiconPath])
    for d in diagnostics { _ = (d.severity, d.message, d.location?.file, d.location?.line, d.location?.column, d.description, d.severity < .error) }
    for c in lexicon.concepts { _ = (c.id, c.labels, c.definition, c.family, c.terms.map { ($0.text, $0.language) }) }
    _ = lexicon.concept("hukou")
    _ = try DefaultLexicons.paths()
    do { _ = try LexiconReader.load(paths: ["/nonexistent"]) } catch let e as LexiconError { _ = e.diagnostics } catch {}

    // Tag
    let tagger = Tagger(lexicon: lexicon)
    var counts = Counts()
    for doc in documents {
        let tagged = tagger.tag(doc.text)
        for m in tagged.mentions {
            _ = (m.concepts, m.term, m.text, m.start, m.end)
            let line = KWICLine(text: doc.text, mention: m, window: KWICLine.defaultWindow)
            _ = (line.left, line.match, line.right, line.bracketed)
            _ = OutputFiles.mentionLine(doc: doc, mention: m)
        }
        _ = BratFiles.annotations(tagged.mentions)
        // Aggregate
        counts.add(DocumentTally(group: Grouping.key(doc, fields: ["year"], period: nil), tokens: tagged.tokens, mentions: tagged.mentions))
    }
    var other = Counts()
    other.merge(counts)
    for row in counts.timeline(concepts: lexicon.allConceptIDs) {
        _ = (row.group, row.concept, row.mentions, row.documents, row.documentsTotal, row.tokensTotal, row.shareDocuments, row.per10kTokens, row.isLowBase(minTokens: 1000))
        _ = Measure.per10kTokens.value(of: row)
    }
    for s in counts.spans(concepts: lexicon.allConceptIDs) { _ = (s.concept, s.first, s.last, s.peak, s.mentions) }
    _ = counts.groups
    let cell = counts.total("hukou")
    _ = (cell.mentions, cell.documents)

    // Export
    _ = OutputFiles.timeline(counts, concepts: lexicon.allConceptIDs, groupFields: ["year"], minTokens: 1000)
    _ = OutputFiles.chronology(events)
    _ = OutputFiles.skipped(skipped)
    _ = BratFiles.configuration(concepts: lexicon.allConceptIDs)

    // Run
    var options = RunOptions()
    options.corpus = reader.root
    options.lexicons = [lexiconPath]
    options.out = out
    options.jobs = 1
    options.groupBy = ["year"]
    options.period = nil
    options.minTokens = 500
    options.measure = .per10kTokens
    options.overlaps = .longest
    options.format = nil
    options.encoding = nil
    options.excel = false
    options.brat = true
    options.stata = true
    options.kwicWindow = 20
    var batch = BatchOptions()
    batch.noStore = true
    batch.force = false
    batch.store = nil
    do {
        let summary = try Pipeline.run(options, batch: batch)
        _ = (summary.files, summary.documents, summary.undated, summary.years, summary.tokens, summary.mentions, summary.skipped, summary.warnings, summary.outputs)
        _ = try Pipeline.run(options)
    } catch let e as RunError { print(e.description) }
}
try walk(corpus: "Corpus", lexiconPath: "Lexicons", out: "/tmp/x")
