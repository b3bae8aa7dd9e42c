import Foundation
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceTag

/// One gold annotation: a concept mention at code-point offsets (end exclusive).
public struct GoldSpan: Sendable, Hashable {
    public var doc: String
    public var start: Int
    public var end: Int
    var concept: String
    /// The annotated text, when the gold file gives it (checked against the document).
    public var text: String?

    init(doc: String, start: Int, end: Int, concept: String, text: String? = nil) {
        self.doc = doc; self.start = start; self.end = end; self.concept = concept; self.text = text
    }
}

/// A stretch of a document that annotators read in full; outside it nothing is scored.
public struct GoldPassage: Sendable, Hashable {
    var doc: String
    var start: Int
    var end: Int

    init(doc: String, start: Int, end: Int) {
        self.doc = doc; self.start = start; self.end = end
    }
}

/// A gold file: JSON Lines of spans `{"doc","start","end","concept"}` and passages
/// `{"doc","passage":[start,end]}`. A span line may carry its own `passage`. A
/// document with no passage record is annotated as a whole.
public struct GoldSet: Sendable, Equatable {
    var spans: [GoldSpan]
    var passages: [GoldPassage]

    public init(spans: [GoldSpan], passages: [GoldPassage] = []) {
        self.spans = spans; self.passages = passages
    }

    /// Adds another gold file's spans and passages (several files scored as one set).
    public mutating func append(_ other: GoldSet) {
        spans += other.spans; passages += other.passages
    }

    /// Every document the gold file names, in order of first appearance.
    public var documents: [String] {
        var seen = Set<String>(), out: [String] = []
        for d in passages.map(\.doc) + spans.map(\.doc) where seen.insert(d).inserted { out.append(d) }
        return out
    }

    public static func parse(jsonl: String, file: String = "gold") throws -> GoldSet {
        var set = GoldSet(spans: [])
        for (n, line) in jsonl.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any],
                let doc = object["doc"] as? String
            else {
                throw EvaluationError("\(file):\(n + 1): not a JSON object with a \"doc\" string")
            }
            let at = "\(file):\(n + 1)"
            if let passage = object["passage"] {
                guard let p = passage as? [Any], p.count == 2 else {
                    throw EvaluationError("\(at): passage must be [start, end] (code points), not \(SpanValidation.describe(passage))")
                }
                switch SpanValidation.offsets(p[0], p[1], what: "passage [start, end]") {
                case .failure(let e): throw EvaluationError("\(at): \(e.description)")
                case .success(let (start, end)): set.passages.append(GoldPassage(doc: doc, start: start, end: end))
                }
            }
            guard let concept = object["concept"] else {
                if object["passage"] == nil { throw EvaluationError("\(at): neither a concept nor a passage") }
                continue
            }
            guard let name = concept as? String, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw EvaluationError("\(at): concept must be a non-empty concept ID, not \(SpanValidation.describe(concept))")
            }
            switch SpanValidation.offsets(object["start"], object["end"], what: "start and end") {
            case .failure(let e): throw EvaluationError("\(at): \(e.description)")
            case .success(let (start, end)):
                set.spans.append(GoldSpan(doc: doc, start: start, end: end, concept: name, text: object["text"] as? String))
            }
        }
        return set
    }

    /// Whether a span of `doc` lies in the annotated part of the gold set (overlaps a passage).
    func covers(doc: String, start: Int, end: Int) -> Bool {
        let declared = passages.filter { $0.doc == doc }
        if declared.isEmpty { return spans.contains { $0.doc == doc } }
        return declared.contains { $0.start < end && start < $0.end }
    }
}

/// A predicted mention as the evaluation sees it.
public struct PredictedSpan: Sendable, Hashable {
    var doc: String
    var year: Int?
    var start: Int
    var end: Int
    var concepts: [String]
    var term: String
    var text: String

    init(doc: String, year: Int? = nil, start: Int, end: Int, concepts: [String], term: String, text: String = "") {
        self.doc = doc; self.year = year; self.start = start; self.end = end
        self.concepts = concepts; self.term = term; self.text = text
    }

    init(document: Document, mention: Mention) {
        self.init(
            doc: document.id, year: document.year, start: mention.start, end: mention.end,
            concepts: mention.concepts, term: mention.term, text: mention.text)
    }

    /// Another reader's gold spans as predictions, to score two readers of
    /// the same texts against each other: spans with the same offsets
    /// become one prediction carrying all their concepts, as the tagger
    /// writes a mention of several concepts.
    public static func reading(_ other: GoldSet) -> [PredictedSpan] {
        var out: [PredictedSpan] = []
        var index: [GoldSpan: Int] = [:]
        for g in other.spans {
            let key = GoldSpan(doc: g.doc, start: g.start, end: g.end, concept: "")
            if let k = index[key] {
                if !out[k].concepts.contains(g.concept) { out[k].concepts.append(g.concept) }
            } else {
                index[key] = out.count
                out.append(PredictedSpan(doc: g.doc, start: g.start, end: g.end, concepts: [g.concept], term: g.text ?? "", text: g.text ?? ""))
            }
        }
        return out
    }

    /// Reads `mentions.jsonl` lines (the output contract of docs/FORMATS.md).
    public static func parse(mentionsJSONL: String, file: String = "mentions") throws -> [PredictedSpan] {
        var out: [PredictedSpan] = []
        for (n, line) in mentionsJSONL.split(separator: "\n").enumerated() where !line.allSatisfy(\.isWhitespace) {
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let doc = o["doc"] as? String, let concepts = o["concepts"] as? [String]
            else {
                throw EvaluationError("\(file):\(n + 1): not a mention line (doc, start, end, concepts)")
            }
            guard !concepts.isEmpty, !concepts.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw EvaluationError("\(file):\(n + 1): concepts must be a list of non-empty concept IDs")
            }
            let start: Int, end: Int
            switch SpanValidation.offsets(o["start"], o["end"], what: "start and end") {
            case .failure(let e): throw EvaluationError("\(file):\(n + 1): \(e.description)")
            case .success(let pair): (start, end) = pair
            }
            out.append(
                PredictedSpan(
                    doc: doc, year: o["year"] as? Int, start: start, end: end, concepts: concepts,
                    term: o["term"] as? String ?? "", text: o["text"] as? String ?? ""))
        }
        return out
    }
}

/// Counts behind precision and recall. With overlap matching one prediction may
/// cover two gold spans (and the reverse), so hits are counted on each side.
struct Score: Sendable, Equatable {
    var gold = 0
    var predicted = 0
    /// Gold units found by some prediction.
    var goldHits = 0
    /// Predicted units that match some gold unit.
    var predictedHits = 0

    init(gold: Int = 0, predicted: Int = 0, goldHits: Int = 0, predictedHits: Int = 0) {
        self.gold = gold; self.predicted = predicted; self.goldHits = goldHits; self.predictedHits = predictedHits
    }

    var precision: Double { predicted == 0 ? 0 : Double(predictedHits) / Double(predicted) }
    var recall: Double { gold == 0 ? 0 : Double(goldHits) / Double(gold) }
    var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    static func + (a: Score, b: Score) -> Score {
        Score(
            gold: a.gold + b.gold, predicted: a.predicted + b.predicted,
            goldHits: a.goldHits + b.goldHits, predictedHits: a.predictedHits + b.predictedHits)
    }
}

/// One row of the evaluation table: overlap figures and exact-span figures.
struct EvaluationRow: Sendable, Equatable {
    var key: String
    var overlap: Score
    var exact: Score
}

/// A gold or predictions file that cannot be read.
public struct EvaluationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Everything `Evaluation.score` finds.
public struct EvaluationResult: Sendable {
    /// Per concept: overlap = spans overlap and the prediction carries that concept.
    var concepts: [EvaluationRow]
    /// Per family: overlap = spans overlap and the prediction carries a concept of the family.
    var families: [EvaluationRow]
    /// Micro average over the family units.
    var overall: EvaluationRow
    /// Predictions (in scored passages) that overlap no gold span of a family they carry, with that family.
    var falsePositives: [(mention: PredictedSpan, family: String)]
    /// Gold spans that no prediction of their family overlaps.
    var falseNegatives: [GoldSpan]

    func family(_ name: String) -> EvaluationRow? { families.first { $0.key == name } }
}

/// Scores predicted mentions against gold spans; pure functions over values.
public enum Evaluation {
    static func family(of concept: String) -> String { ConceptID(concept).family }

    /// Keeps the predictions that gold scores: in a gold document and, where it declares passages, inside one.
    static func scoped(_ predictions: [PredictedSpan], to gold: GoldSet) -> [PredictedSpan] {
        let docs = Set(gold.documents)
        return predictions.filter { docs.contains($0.doc) && gold.covers(doc: $0.doc, start: $0.start, end: $0.end) }
    }

    private struct Unit: Hashable {
        var doc: String, start: Int, end: Int, key: String
        func overlaps(_ o: Unit) -> Bool { doc == o.doc && key == o.key && start < o.end && o.start < end }
    }

    private static func match(gold: Set<Unit>, predicted: Set<Unit>, exact: Bool) -> (goldHit: Set<Unit>, predictedHit: Set<Unit>) {
        if exact { let both = gold.intersection(predicted); return (both, both) }
        let goldByDoc = Dictionary(grouping: gold, by: { $0.doc + "\u{0}" + $0.key })
        var g = Set<Unit>(), p = Set<Unit>()
        for u in predicted {
            for v in goldByDoc[u.doc + "\u{0}" + u.key] ?? [] where u.overlaps(v) { g.insert(v); p.insert(u) }
        }
        return (g, p)
    }

    private static func score(_ key: String, gold: Set<Unit>, predicted: Set<Unit>, hits: (goldHit: Set<Unit>, predictedHit: Set<Unit>)) -> Score {
        Score(
            gold: gold.filter { $0.key == key }.count, predicted: predicted.filter { $0.key == key }.count,
            goldHits: hits.goldHit.filter { $0.key == key }.count, predictedHits: hits.predictedHit.filter { $0.key == key }.count)
    }

    /// Scores `predictions` against `gold`; predictions outside the gold documents and passages are ignored.
    public static func score(gold: GoldSet, predictions: [PredictedSpan]) -> EvaluationResult {
        let preds = scoped(predictions, to: gold)
        let goldSpans = gold.spans.filter { gold.covers(doc: $0.doc, start: $0.start, end: $0.end) }

        let goldConcept = Set(goldSpans.map { Unit(doc: $0.doc, start: $0.start, end: $0.end, key: $0.concept) })
        let predConcept = Set(preds.flatMap { p in p.concepts.map { Unit(doc: p.doc, start: p.start, end: p.end, key: $0) } })
        let goldFamily = Set(goldConcept.map { Unit(doc: $0.doc, start: $0.start, end: $0.end, key: family(of: $0.key)) })
        let predFamily = Set(predConcept.map { Unit(doc: $0.doc, start: $0.start, end: $0.end, key: family(of: $0.key)) })

        let conceptOverlap = match(gold: goldConcept, predicted: predConcept, exact: false)
        let conceptExact = match(gold: goldConcept, predicted: predConcept, exact: true)
        let familyOverlap = match(gold: goldFamily, predicted: predFamily, exact: false)

        let conceptKeys = Set(goldConcept.map(\.key)).union(predConcept.map(\.key)).sorted()
        let concepts = conceptKeys.map { k in
            EvaluationRow(
                key: k, overlap: score(k, gold: goldConcept, predicted: predConcept, hits: conceptOverlap),
                exact: score(k, gold: goldConcept, predicted: predConcept, hits: conceptExact))
        }
        let familyKeys = Set(goldFamily.map(\.key)).union(predFamily.map(\.key)).sorted()
        let families = familyKeys.map { f in
            EvaluationRow(
                key: f, overlap: score(f, gold: goldFamily, predicted: predFamily, hits: familyOverlap),
                exact: concepts.filter { family(of: $0.key) == f }.map(\.exact).reduce(Score(), +))
        }
        let overall = EvaluationRow(
            key: "overall (micro)", overlap: families.map(\.overlap).reduce(Score(), +),
            exact: families.map(\.exact).reduce(Score(), +))

        var falsePositives: [(mention: PredictedSpan, family: String)] = []
        for p in preds {
            var seen = Set<String>()
            for f in p.concepts.map(family(of:)) where seen.insert(f).inserted {
                if !familyOverlap.predictedHit.contains(Unit(doc: p.doc, start: p.start, end: p.end, key: f)) {
                    falsePositives.append((p, f))
                }
            }
        }
        var reported = Set<Unit>()
        let falseNegatives = goldSpans.filter { g in
            let u = Unit(doc: g.doc, start: g.start, end: g.end, key: family(of: g.concept))
            return !familyOverlap.goldHit.contains(u) && reported.insert(u).inserted
        }
        return EvaluationResult(
            concepts: concepts, families: families, overall: overall,
            falsePositives: falsePositives, falseNegatives: falseNegatives)
    }

    /// Gold spans whose `text` differs from the document text at their offsets.
    public static func misaligned(_ gold: GoldSet, documents: [Document]) -> [GoldSpan] {
        let texts = Dictionary(documents.map { ($0.id, Array($0.text.unicodeScalars)) }, uniquingKeysWith: { a, _ in a })
        return gold.spans.filter { g in
            guard let t = g.text, let s = texts[g.doc] else { return false }
            guard g.end <= s.count else { return true }
            var v = String.UnicodeScalarView(); v.append(contentsOf: s[g.start..<g.end])
            return String(v) != t
        }
    }

    /// Reads the documents of a corpus whose IDs are in `ids`.
    public static func documents(_ ids: Set<String>, corpus: String, format: DocumentFormat? = nil, encoding: String? = nil) throws -> [Document] {
        let reader = try CorpusReader(path: corpus, format: format, encoding: encoding)
        return try reader.files().flatMap { reader.read($0).documents.filter { ids.contains($0.id) } }
    }

    /// Tags documents in-process.
    public static func tag(_ documents: [Document], with tagger: Tagger) -> [PredictedSpan] {
        documents.flatMap { d in tagger.tag(d.text).mentions.map { PredictedSpan(document: d, mention: $0) } }
    }

    /// The evaluation table and the error lists, as `policytrace evaluate` prints them.
    public static func report(_ r: EvaluationResult, documents: [Document] = [], window: Int = 30, errors: Bool = true) -> String {
        let docs = Dictionary(documents.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func pct(_ x: Double, _ denominator: Int) -> String { denominator == 0 ? "    -" : String(format: "%5.3f", x) }
        func line(_ row: EvaluationRow, indent: String = "") -> String {
            let o = row.overlap, e = row.exact
            let name = (indent + row.key).padding(toLength: 44, withPad: " ", startingAt: 0)
            return name + String(format: "%5d %5d  ", o.gold, o.predicted)
                + "\(pct(o.precision, o.predicted)) \(pct(o.recall, o.gold)) \(pct(o.f1, o.gold + o.predicted))   "
                + "\(pct(e.precision, e.predicted)) \(pct(e.recall, e.gold)) \(pct(e.f1, e.gold + e.predicted))"
        }
        var out = "concept".padding(toLength: 44, withPad: " ", startingAt: 0) + " gold  pred      P     R    F1  |  exact P     R    F1\n"
        for f in r.families {
            out += line(f) + "\n"
            for c in r.concepts where family(of: c.key) == f.key { out += line(c, indent: "  ") + "\n" }
        }
        out += line(r.overall) + "\n"
        out +=
            "(family and overall rows: overlap with a concept of the same family; concept rows: overlap with that concept; exact: same start, end and concept)\n"
        guard errors else { return out }
        func where_(_ doc: String, _ year: Int?) -> String {
            "\(doc)\t\((docs[doc]?.year ?? year).map(String.init) ?? "-")"
        }
        out += "\nfalse positives (\(r.falsePositives.count)):\n"
        for (m, f) in r.falsePositives {
            let ctx = docs[m.doc].map { KWICLine(text: $0.text, start: m.start, end: m.end, window: window).bracketed } ?? "[\(m.text)]"
            out += "FP\t\(where_(m.doc, m.year))\t\(ctx)\t\(m.concepts.filter { family(of: $0) == f }.joined(separator: ","))\t\(m.term)\n"
        }
        out += "\nfalse negatives (\(r.falseNegatives.count)):\n"
        for g in r.falseNegatives {
            let ctx = docs[g.doc].map { KWICLine(text: $0.text, start: g.start, end: g.end, window: window).bracketed } ?? "[\(g.text ?? "")]"
            out += "FN\t\(where_(g.doc, nil))\t\(ctx)\t\(g.concept)\t\(g.text ?? "")\n"
        }
        return out
    }
}
