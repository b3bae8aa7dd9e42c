import Foundation
import Yams

/// Reads PolicyTrace's YAML lexicon format (documented in `Lexicons/README.md`):
/// a `concepts:` list per file; several files in a folder form one lexicon.
/// quanteda YAML, LIWC `.dic` and LIWC-22 `.dicx` dictionaries are read too (`LexiconFormat`).
/// Every node keeps its `file:line:column`, so problems point at the place.
public enum LexiconReader {
    /// Reads a file or every `*.yaml`/`*.yml`/`*.dic`/`*.dicx` file of a folder (sorted
    /// by name), or several such paths; each file in the format it is written in. Throws `LexiconError` listing every
    /// error; warnings and information come back with the lexicon.
    public static func load(paths: [String]) throws -> (Lexicon, [LexiconDiagnostic]) {
        let files = try files(paths: paths)
        return try load(files: files, contents: files.map { FileManager.default.contents(atPath: $0) })
    }

    /// The lexicon files `paths` name, in reading order: each file as given,
    /// each folder's `*.yaml`/`*.yml`/`*.dic`/`*.dicx` files sorted by name. Throws
    /// `LexiconError` for a missing path or when no file is found.
    package static func files(paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw LexiconError([LexiconDiagnostic(.error, "no such lexicon file or folder", at: SourceLocation(file: path, line: 0, column: 0))])
            }
            if isDir.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.filter { name in [".yaml", ".yml", ".dic", ".dicx"].contains { name.lowercased().hasSuffix($0) } }.sorted()
                    .map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        if files.isEmpty {
            throw LexiconError([
                LexiconDiagnostic(.error, "no lexicon files (*.yaml, *.yml, *.dic, *.dicx) found in \(paths.joined(separator: ", "))", at: nil)
            ])
        }
        return files
    }

    /// Parses and validates `files` from bytes already read (`nil`: the file
    /// could not be read), so a caller that hashed the bytes compiles exactly those.
    package static func load(files: [String], contents: [Data?]) throws -> (Lexicon, [LexiconDiagnostic]) {
        var diagnostics: [LexiconDiagnostic] = []
        var concepts: [Concept] = []
        for (file, data) in zip(files, contents) {
            guard let data, let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(LexiconDiagnostic(.error, "cannot read file as UTF-8", at: SourceLocation(file: file, line: 0, column: 0)))
                continue
            }
            let (found, problems) = LexiconFormat.detect(path: file, text: text).parse(text, file: file)
            concepts += found
            diagnostics += problems
        }
        let lexicon = Lexicon(concepts: concepts, files: files)
        diagnostics += LexiconValidator.validate(lexicon)
        if diagnostics.contains(where: { $0.severity == .error }) { throw LexiconError(diagnostics) }
        return (lexicon, diagnostics)
    }

    /// Parses one file's text.
    static func parse(_ yaml: String, file: String) -> ([Concept], [LexiconDiagnostic]) {
        var problems: [LexiconDiagnostic] = []
        func loc(_ node: Node?) -> SourceLocation? {
            node?.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
        }
        let root: Node?
        switch compose(yaml, file: file) {
        case .success(let node): root = node
        case .failure(let problem): return ([], [problem])
        }
        guard let root, let list = root["concepts"] else {
            return (
                [],
                [LexiconDiagnostic(.error, "expected a top-level `concepts:` list", at: loc(root) ?? SourceLocation(file: file, line: 1, column: 1))]
            )
        }
        guard let items = list.sequence else {
            return ([], [LexiconDiagnostic(.error, "`concepts` must be a list", at: loc(list))])
        }
        let known: Set<String> = ["id", "label", "source", "definition", "terms", "exclude", "rules", "notes"]
        var concepts: [Concept] = []
        for item in items {
            guard let mapping = item.mapping else {
                problems.append(LexiconDiagnostic(.error, "a concept must be a mapping with an `id`", at: loc(item)))
                continue
            }
            for (key, _) in mapping where !known.contains(key.string ?? "") {
                problems.append(
                    LexiconDiagnostic(.warning, "unknown key `\(key.string ?? "?")` (known: \(known.sorted().joined(separator: ", ")))", at: loc(key))
                )
            }
            guard let id = item["id"]?.string, !id.isEmpty else {
                problems.append(LexiconDiagnostic(.error, "concept without an `id`", at: loc(item)))
                continue
            }
            if id.split(separator: ".", omittingEmptySubsequences: false).contains(where: { $0.isEmpty }) || id.contains(" ") {
                problems.append(LexiconDiagnostic(.error, "invalid concept ID `\(id)` (dot-separated names, no spaces)", at: loc(item["id"])))
            }
            var concept = Concept(id: id, location: loc(item["id"]))
            if let label = item["label"] {
                if let m = label.mapping {
                    for (k, v) in m { concept.labels[k.string ?? ""] = v.string }
                } else if let s = label.string {
                    concept.labels["en"] = s
                }
            }
            concept.source = item["source"]?.string
            concept.definition = item["definition"]?.string
            concept.notes = item["notes"]?.string
            concept.terms = readTerms(item["terms"], what: "terms", loc: loc, problems: &problems)
            concept.exclusions = readTerms(item["exclude"], what: "exclude", loc: loc, problems: &problems)
            concept.rules = readRules(item["rules"], loc: loc, problems: &problems)
            concepts.append(concept)
        }
        return (concepts, problems)
    }

    static func readTerms(_ node: Node?, what: String, loc: (Node?) -> SourceLocation?, problems: inout [LexiconDiagnostic]) -> [Term] {
        guard let node else { return [] }
        guard let mapping = node.mapping else {
            problems.append(LexiconDiagnostic(.error, "`\(what)` must map a language (en, zh) to a list of strings", at: loc(node)))
            return []
        }
        var terms: [Term] = []
        for (key, value) in mapping {
            guard let lang = Language(rawValue: key.string ?? "") else {
                problems.append(LexiconDiagnostic(.error, "unknown language `\(key.string ?? "?")` in `\(what)` (use en or zh)", at: loc(key)))
                continue
            }
            let entries: [Node]
            if let seq = value.sequence {
                entries = Array(seq)
            } else if value.scalar != nil {
                entries = [value]
            } else {
                problems.append(LexiconDiagnostic(.error, "`\(what).\(lang.rawValue)` must be a list of strings", at: loc(value)))
                continue
            }
            for entry in entries {
                guard entry.scalar != nil else {
                    problems.append(
                        LexiconDiagnostic(
                            .error,
                            "a term of `\(what).\(lang.rawValue)` must be a string, not a list or mapping (YAML aliases such as `*name` are not supported in lexicons)",
                            at: loc(entry)))
                    continue
                }
                if isNull(entry) {
                    problems.append(
                        LexiconDiagnostic(
                            .error,
                            "`\(entry.scalar!.string)` is YAML for no value, not a term; quote it (\"\(entry.scalar!.string)\") if the literal text is meant",
                            at: loc(entry)))
                    continue
                }
                guard let text = entry.string?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                    problems.append(LexiconDiagnostic(.error, "empty term", at: loc(entry)))
                    continue
                }
                terms.append(Term(text, language: lang, location: loc(entry)))
            }
        }
        return terms
    }

    /// A plain scalar YAML reads as null (`~`, `null`, or nothing), which a
    /// string accessor would turn into the term "~" or "null".
    static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["~", "null", "Null", "NULL", ""].contains(scalar.string)
    }

    static func readRules(_ node: Node?, loc: (Node?) -> SourceLocation?, problems: inout [LexiconDiagnostic]) -> [ContextRule] {
        guard let node else { return [] }
        guard let seq = node.sequence else {
            problems.append(LexiconDiagnostic(.error, "`rules` must be a list", at: loc(node)))
            return []
        }
        var rules: [ContextRule] = []
        for item in seq {
            let terms = item["terms"]?.sequence?.compactMap(\.string) ?? item["terms"]?.string.map { [$0] } ?? []
            let require = item["require"]?.sequence?.compactMap(\.string) ?? item["require"]?.string.map { [$0] }
            let forbid = item["forbid"]?.sequence?.compactMap(\.string) ?? item["forbid"]?.string.map { [$0] }
            guard (require == nil) != (forbid == nil) else {
                problems.append(LexiconDiagnostic(.error, "a rule needs exactly one of `require` or `forbid`", at: loc(item)))
                continue
            }
            let window: ContextRule.Window
            let within = item["within"]
            if within?.string == "sentence" {
                window = .sentence
            } else if let n = within?.int, n > 0 {
                window = .characters(n)
            } else if let s = within?.string, let n = Int(s.split(separator: " ").first ?? ""), n > 0 {
                window = s.contains("word") ? .words(n) : .characters(n)
            } else {
                problems.append(
                    LexiconDiagnostic(
                        .error, "`within` must be a positive number (characters for zh, words for en), `N words`, `N characters` or `sentence`",
                        at: loc(within ?? item)))
                continue
            }
            rules.append(
                ContextRule(
                    terms: terms, kind: require != nil ? .require : .forbid, cues: require ?? forbid ?? [], window: window, location: loc(item)))
        }
        return rules
    }

    /// Parses YAML into nodes that keep their line and column; a syntax
    /// error becomes one diagnostic at its place.
    static func compose(_ yaml: String, file: String) -> Result<Node?, LexiconDiagnostic> {
        do {
            return .success(try Yams.compose(yaml: yaml))
        } catch let error as YamlError {
            return .failure(yamlDiagnostic(error, file: file))
        } catch {
            return .failure(LexiconDiagnostic(.error, "YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1)))
        }
    }

    static func yamlDiagnostic(_ error: YamlError, file: String) -> LexiconDiagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return LexiconDiagnostic(.error, "YAML syntax: \(problem)", at: SourceLocation(file: file, line: mark.line, column: mark.column))
        default:
            return LexiconDiagnostic(.error, "YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}
