import Foundation
import Yams

/// quanteda's YAML dictionary (`dictionary(file = "x.yml")`, `as.yaml()`):
/// nested mappings whose leaves are lists of glob patterns. A key holding
/// both subkeys and its own patterns keeps the patterns under `__`, as
/// quanteda's `as.yaml()` writes them.
enum QuantedaFormat {
    static let ownTermsKey = "__"

    static func parse(_ yaml: String, file: String) -> ([Concept], [LexiconDiagnostic]) {
        func loc(_ node: Node?) -> SourceLocation? {
            node?.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
        }
        let root: Node?
        switch LexiconReader.compose(yaml, file: file) {
        case .success(let node): root = node
        case .failure(let problem): return ([], [problem])
        }
        guard let root, let top = root.mapping else {
            return (
                [],
                [
                    LexiconDiagnostic(
                        .error, "a quanteda dictionary is a mapping of keys to lists of patterns",
                        at: loc(root) ?? SourceLocation(file: file, line: 1, column: 1))
                ]
            )
        }
        var builder = ForeignConcepts(file: file, format: "quanteda YAML")
        // Without aliases a document has fewer nodes than bytes; past that,
        // aliases are multiplying it (an alias bomb), so the walk stops.
        var budget = yaml.utf8.count + 16
        var exploded = false
        func walk(_ node: Node, id: String?) {
            if exploded { return }
            budget -= 1
            if budget < 0 {
                exploded = true
                builder.problems.append(
                    .init(
                        .error,
                        "YAML aliases (`*name`) expand this dictionary past its own size (an alias bomb?); aliases are not supported in dictionaries",
                        at: loc(node)))
                return
            }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    guard let k = key.string, !k.isEmpty else {
                        builder.problems.append(.init(.error, "a dictionary key must be a non-empty string", at: loc(key)))
                        continue
                    }
                    if k == ownTermsKey, let id {
                        walk(value, id: id)
                        continue
                    }
                    let child = builder.name(k, at: loc(key))
                    let childID = id.map { "\($0).\(child)" } ?? child
                    builder.declare(childID, at: loc(key))
                    walk(value, id: childID)
                }
            case .sequence(let items):
                for item in items { walk(item, id: id) }
            case .scalar(let scalar):
                guard let id else {
                    builder.problems.append(.init(.error, "pattern `\(scalar.string)` outside any key", at: loc(node)))
                    return
                }
                if LexiconReader.isNull(node) {
                    builder.problems.append(
                        .init(
                            .error,
                            "`\(scalar.string)` under `\(id)` is YAML for no value, not a pattern; quote it (\"\(scalar.string)\") if the literal text is meant",
                            at: loc(node)))
                    return
                }
                builder.add(scalar.string, to: id, at: loc(node))
            case .alias:
                builder.problems.append(.init(.error, "YAML aliases are not supported in dictionaries", at: loc(node)))
            }
        }
        walk(.mapping(top), id: nil)
        return builder.finish(empty: "key")
    }

    /// Nested mappings by dot path; a concept with both children and its own
    /// terms keeps them under `__`. Values are the terms' word tokens joined
    /// by spaces (`DictionaryValues`), quanteda's form of a multi-word value.
    static func write(_ lexicon: Lexicon) -> String {
        final class Key {
            var terms: [String] = []
            var children: [(String, Key)] = []
            func child(_ name: String) -> Key {
                if let k = children.first(where: { $0.0 == name }) { return k.1 }
                let k = Key()
                children.append((name, k))
                return k
            }
        }
        let root = Key()
        for c in lexicon.concepts {
            var key = root
            for part in c.id.split(separator: ".") { key = key.child(String(part)) }
            key.terms += DictionaryValues.values(c.terms)
        }
        var out =
            "# quanteda dictionary written by policytrace lexicon export\n# read in R with quanteda::dictionary(file = \"this.yml\")\n# multi-word values (Chinese terms too) are ICU word tokens joined by spaces: match them on tokens(x)\n"
        func emit(_ key: Key, indent: String) {
            for (name, child) in key.children {
                out += "\(indent)\(YAMLText.key(name)):\n"
                if child.children.isEmpty {
                    for t in child.terms { out += "\(indent)  - \(YAMLText.quoted(t))\n" }
                } else {
                    emit(child, indent: indent + "  ")
                    if !child.terms.isEmpty {
                        out += "\(indent)  \(ownTermsKey):\n"
                        for t in child.terms { out += "\(indent)    - \(YAMLText.quoted(t))\n" }
                    }
                }
            }
        }
        emit(root, indent: "")
        return out
    }
}

/// YAML scalars that every reader (libyaml 1.1 in R, Yams) reads back as the
/// same string.
enum YAMLText {
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\x%02X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// A mapping key: plain when it is a simple identifier, quoted otherwise.
    static func key(_ s: String) -> String {
        let plain =
            !s.isEmpty
            && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || "_-.".unicodeScalars.contains($0) }
            && s.unicodeScalars.first!.properties.isAlphabetic
            && !["y", "n", "yes", "no", "true", "false", "on", "off", "null"].contains(s.lowercased())
        return plain ? s : quoted(s)
    }
}
