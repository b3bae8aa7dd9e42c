import Foundation
import PolicyTraceIngest
import PolicyTraceLexicon

/// A `kwic.csv` whose rows a reader has coded in a spreadsheet, as a check of
/// the dictionary's hits (the way quanteda and WordStat users validate a
/// dictionary: draw KWIC lines, code each as right or wrong, report
/// precision). The file keeps kwic.csv's columns (`doc`, `concept`,
/// `mention`, `start`, `end` at least; rows may be deleted, sorted or
/// sampled) plus a code column (`code` by default):
/// - `1`, `yes`, `y`, `true`, `correct`, `是`: the row's concept is right;
/// - `0`, `no`, `n`, `false`, `wrong`, `否`: it is not a mention of the concept;
/// - a concept ID: a real mention, but of that concept (a correction);
/// - empty: not coded, left out of every figure.
/// Precision of a concept = rows coded right ÷ coded rows of that concept.
/// Family precision counts each mention once per family: right when some coded
/// row of it in the family is right or corrected to a concept of that family.
/// Recall cannot be had from KWIC lines (they only show what was found).
public struct CodedKWIC: Sendable {
    /// How one row was coded.
    enum Code: Sendable, Equatable {
        case right, wrong
        case corrected(String)
    }

    public struct Row: Sendable, Equatable {
        var line: Int
        var doc: String
        var concept: String
        var term: String
        var text: String
        var mention: Int?
        var start: Int
        var end: Int
        var code: Code
    }

    /// Coded rows in file order (uncoded rows left out).
    public var rows: [Row]
    /// Rows whose code cell is empty.
    public var uncoded: Int

    static let yes: Set<String> = ["1", "yes", "y", "true", "t", "correct", "right", "是", "对"]
    static let no: Set<String> = ["0", "no", "n", "false", "f", "wrong", "incorrect", "否", "错"]

    /// Reads a coded KWIC CSV. Every problem is an `EvaluationError` naming
    /// `file:line`: a missing column, a bad code value, an unknown concept
    /// (in the `concept` column or as a correction; with a suggestion), an
    /// offset that is not a number, a malformed CSV record.
    public static func parse(csv: String, file: String, codeColumn: String = "code", concepts: Set<String>) throws -> CodedKWIC {
        var text = csv
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = DelimitedReader.records(text, delimiter: ",")
        guard case .success(let header)? = records.first else {
            throw EvaluationError("\(file):1: no header row (expected kwic.csv's columns and a \(codeColumn) column)")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ name: String) throws -> Int {
            if let i = names.firstIndex(of: name) { return i }
            var message = "\(file):\(header.line): no \(name) column"
            if name == codeColumn {
                message += " to read the codes from"
                if let near = NearestName.to(name, among: names) {
                    message += "; did you mean --code-column \(near)?"
                } else {
                    message += "; add one (1/0, yes/no or a corrected concept ID per row) or name it with --code-column"
                }
            } else {
                message += "; keep kwic.csv's doc, concept, mention, start and end columns when coding"
            }
            throw EvaluationError(message + " (columns: \(names.joined(separator: ", ")))")
        }
        let iDoc = try column("doc"), iConcept = try column("concept"), iStart = try column("start"),
            iEnd = try column("end"), iCode = try column(codeColumn)
        let iMention = names.firstIndex(of: "mention"), iTerm = names.firstIndex(of: "term"), iMatch = names.firstIndex(of: "match")
        var out = CodedKWIC(rows: [], uncoded: 0)
        for r in records.dropFirst() {
            let record: DelimitedReader.Record
            switch r {
            case .failure(let bad): throw EvaluationError("\(file):\(bad.line): \(bad.reason)")
            case .success(let ok): record = ok
            }
            let f = record.fields
            if f.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let at = "\(file):\(record.line)"
            func cell(_ i: Int) -> String { i < f.count ? f[i].trimmingCharacters(in: .whitespaces) : "" }
            /// Spreadsheets and CSVWriter put `'` before a cell that would read as a formula.
            func plain(_ i: Int) -> String { let s = cell(i); return s.hasPrefix("'") ? String(s.dropFirst()) : s }
            let raw = cell(iCode)
            if raw.isEmpty { out.uncoded += 1; continue }
            let concept = plain(iConcept)
            guard concepts.contains(concept) else {
                throw EvaluationError(
                    "\(at): unknown concept \"\(concept)\" in the concept column"
                        + (NearestName.to(concept, among: concepts.sorted()).map { "; did you mean \($0)?" } ?? "")
                        + " (was this kwic.csv made with another lexicon?)")
            }
            func number(_ i: Int, _ name: String) throws -> Int {
                guard let n = Int(cell(i)), n >= 0 else {
                    throw EvaluationError("\(at): \(name) must be a whole number (kwic.csv's code-point offset), not \"\(cell(i))\"")
                }
                return n
            }
            let start = try number(iStart, "start"), end = try number(iEnd, "end")
            guard start < end else { throw EvaluationError("\(at): start \(start) is not before end \(end)") }
            let mention = try iMention.map { i in cell(i).isEmpty ? nil : try number(i, "mention") } ?? nil
            let code: Code
            let lower = raw.lowercased()
            if yes.contains(lower) {
                code = .right
            } else if no.contains(lower) {
                code = .wrong
            } else if concepts.contains(raw) {
                code = raw == concept ? .right : .corrected(raw)
            } else {
                var message =
                    "\(at): \(codeColumn) \"\(raw)\" is not a code: write 1/yes (right), 0/no (not a mention of \(concept)), a concept ID (a mention of that concept instead), or leave it empty (not coded)"
                if let near = NearestName.to(raw, among: concepts.sorted()) { message += "; did you mean \(near)?" }
                throw EvaluationError(message)
            }
            out.rows.append(
                Row(
                    line: record.line, doc: plain(iDoc), concept: concept, term: iTerm.map(plain) ?? "",
                    text: iMatch.map(plain) ?? "", mention: mention, start: start, end: end, code: code))
        }
        return out
    }

    /// Rows that do not join back to the run's `mentions.jsonl` (read as
    /// `predictions`, in file order): the `mention` line must exist and hold
    /// the row's doc, start, end and concept; a row without `mention` must
    /// match some mention by doc, start, end and concept. `file:line: problem`.
    public func problems(joiningTo predictions: [PredictedSpan], file: String, mentionsFile: String) -> [String] {
        struct Key: Hashable { var doc: String, start: Int, end: Int }
        var byKey: [Key: [String]] = [:]
        for p in predictions { byKey[Key(doc: p.doc, start: p.start, end: p.end), default: []] += p.concepts }
        var out: [String] = []
        for r in rows {
            let at = "\(file):\(r.line)"
            if let n = r.mention {
                guard n >= 1, n <= predictions.count else {
                    out.append("\(at): mention \(n) is not a line of \(mentionsFile) (\(predictions.count) lines); was kwic.csv made by another run?")
                    continue
                }
                let p = predictions[n - 1]
                if p.doc != r.doc || p.start != r.start || p.end != r.end {
                    out.append(
                        "\(at): mention \(n) is \(p.doc) \(p.start)-\(p.end) in \(mentionsFile), but the row says \(r.doc) \(r.start)-\(r.end); was kwic.csv made by another run, or a cell edited?"
                    )
                } else if !p.concepts.contains(r.concept) {
                    out.append(
                        "\(at): mention \(n) in \(mentionsFile) has concepts \(p.concepts.joined(separator: ",")), not \(r.concept); code a correction in the code column, not the concept column"
                    )
                }
            } else if !(byKey[Key(doc: r.doc, start: r.start, end: r.end)] ?? []).contains(r.concept) {
                out.append("\(at): no mention of \(r.concept) at \(r.doc) \(r.start)-\(r.end) in \(mentionsFile)")
            }
        }
        return out
    }

    /// Precision with its count: `right` of `coded`, and a 95% Wilson interval
    /// (the sample's uncertainty, which a KWIC sample of a few dozen lines has plenty of).
    struct Precision: Sendable, Equatable {
        var key: String
        var coded: Int
        var right: Int
        /// Rows coded as a mention of another concept (counted wrong at the concept level).
        var corrected: Int

        var precision: Double { coded == 0 ? 0 : Double(right) / Double(coded) }

        var interval: (low: Double, high: Double) {
            guard coded > 0 else { return (0, 0) }
            let z = 1.959964, n = Double(coded), p = precision
            let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
            let half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / (1 + z * z / n)
            return (max(0, centre - half), min(1, centre + half))
        }
    }

    /// Per concept (the row's concept), sorted by ID.
    var concepts: [Precision] {
        var by: [String: Precision] = [:]
        for r in rows {
            var p = by[r.concept] ?? Precision(key: r.concept, coded: 0, right: 0, corrected: 0)
            p.coded += 1
            switch r.code {
            case .right: p.right += 1
            case .wrong: break
            case .corrected(let c):
                // A descendant of the row's concept is still a mention of it (hukou counts hukou.reform).
                if ConceptID(c).isWithin(r.concept) { p.right += 1 } else { p.corrected += 1 }
            }
            by[r.concept] = p
        }
        return by.values.sorted { $0.key < $1.key }
    }

    /// Per family, each mention once per family.
    var families: [Precision] {
        struct Unit: Hashable { var doc: String, start: Int, end: Int, family: String }
        var right: [Unit: Bool] = [:], corrected: [Unit: Bool] = [:]
        var order: [Unit] = []
        for r in rows {
            let family = ConceptID(r.concept).family
            let u = Unit(doc: r.doc, start: r.start, end: r.end, family: family)
            if right[u] == nil { order.append(u); right[u] = false; corrected[u] = false }
            switch r.code {
            case .right: right[u] = true
            case .wrong: break
            case .corrected(let c):
                if ConceptID(c).family == family { right[u] = true } else { corrected[u] = true }
            }
        }
        var by: [String: Precision] = [:]
        for u in order {
            var p = by[u.family] ?? Precision(key: u.family, coded: 0, right: 0, corrected: 0)
            p.coded += 1
            if right[u]! { p.right += 1 } else if corrected[u]! { p.corrected += 1 }
            by[u.family] = p
        }
        return by.values.sorted { $0.key < $1.key }
    }

    /// Over the family units.
    var overall: Precision {
        families.reduce(Precision(key: "overall (micro)", coded: 0, right: 0, corrected: 0)) {
            Precision(key: $0.key, coded: $0.coded + $1.coded, right: $0.right + $1.right, corrected: $0.corrected + $1.corrected)
        }
    }

    /// The table `policytrace evaluate --kwic` prints.
    public func report() -> String {
        func line(_ p: Precision, indent: String = "") -> String {
            let name = (indent + p.key).padding(toLength: 44, withPad: " ", startingAt: 0)
            let (lo, hi) = p.interval
            return name + String(format: "%6d %6d %9d  %5.3f  %5.3f-%5.3f", p.coded, p.right, p.corrected, p.precision, lo, hi)
        }
        var out = "concept".padding(toLength: 44, withPad: " ", startingAt: 0) + " coded  right  other-cpt      P   95% interval\n"
        let byFamily = Dictionary(grouping: concepts, by: { ConceptID($0.key).family })
        for f in families {
            out += line(f) + "\n"
            for c in byFamily[f.key] ?? [] { out += line(c, indent: "  ") + "\n" }
        }
        out += line(overall) + "\n"
        out +=
            "(\(rows.count) coded row(s), \(uncoded) uncoded row(s) left out. P = right / coded; other-cpt = coded as a mention of another concept. "
        out += "Family rows count each mention once per family, right when coded right or corrected to a concept of the family. "
        out += "Recall needs gold spans: see --gold.)\n"
        return out
    }

    /// Gold JSON Lines for `evaluate --gold`: for each coded row a passage
    /// covering its span (only coded spans are judged), and a gold span for
    /// each right row (its concept) and corrected row (the correction).
    /// Scoring the same run against it with `--gold` gives a family this
    /// precision when every row of the coded mentions is coded: an uncoded row
    /// of another family at a coded span counts there as a false positive.
    public func goldJSONL() -> String {
        struct Key: Hashable { var doc: String, start: Int, end: Int }
        var passages = Set<Key>(), spans = Set<String>()
        var out = ""
        func json(_ o: [String: Any]) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        }
        for r in rows {
            if passages.insert(Key(doc: r.doc, start: r.start, end: r.end)).inserted {
                out += json(["doc": r.doc, "passage": [r.start, r.end]]) + "\n"
            }
            let concept: String
            switch r.code {
            case .right: concept = r.concept
            case .wrong: continue
            case .corrected(let c): concept = c
            }
            var o: [String: Any] = ["doc": r.doc, "start": r.start, "end": r.end, "concept": concept]
            if !r.text.isEmpty { o["text"] = r.text }
            let line = json(o)
            if spans.insert(line).inserted { out += line + "\n" }
        }
        return out
    }
}
