import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceTag

/// BRAT standoff files, so mentions can be audited in the BRAT annotation
/// tool: per document a `.txt` (exactly the document text) and an `.ann`
/// whose offsets count code points of that text, as BRAT's do.
public enum BratFiles {
    /// A concept ID as a BRAT entity type: dots become underscores.
    static func entityType(_ concept: String) -> String {
        concept.replacingOccurrences(of: ".", with: "_")
    }

    /// A file base name for a document ID: ASCII letters, digits, `.`, `-`
    /// and `_` kept; `/` becomes `__`, `#` becomes `_`, anything else `-`.
    /// `taken` holds names already used; a clash gets `-2`, `-3`, … in corpus order.
    package static func baseName(_ doc: String, taken: inout Set<String>) -> String {
        var name = ""
        for s in doc.unicodeScalars {
            switch s {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "_": name.unicodeScalars.append(s)
            case "/": name += "__"
            case "#": name += "_"
            default: name += "-"
            }
        }
        if name.hasPrefix(".") { name = "_" + name }
        if name.isEmpty { name = "doc" }
        var unique = name, n = 2
        while taken.contains(unique) {
            unique = "\(name)-\(n)"
            n += 1
        }
        taken.insert(unique)
        return unique
    }

    /// The `.ann` text: one `T` line per (mention, concept) and an
    /// `AnnotatorNotes` line naming the concept ID and the lexicon term.
    public static func annotations(_ mentions: [Mention]) -> String {
        var out = "", t = 0
        for m in mentions {
            for c in m.concepts {
                t += 1
                out += "T\(t)\t\(entityType(c)) \(fragments(m))\n"
                out += "#\(t)\tAnnotatorNotes T\(t)\t\(c) ← \(m.term)\n"
            }
        }
        return out
    }

    /// `START END` offsets and the span, split where the span crosses a line
    /// break (`0 5;6 10\tfirst second`), as BRAT writes such spans itself.
    static func fragments(_ m: Mention) -> String {
        var ranges: [(Int, Int)] = [], pieces: [String] = [], piece = "", start = m.start
        for (i, s) in m.text.unicodeScalars.enumerated() {
            if s == "\n" || s == "\r" {
                if !piece.isEmpty { ranges.append((start, m.start + i)); pieces.append(piece) }
                piece = ""
                start = m.start + i + 1
            } else {
                piece.unicodeScalars.append(s)
            }
        }
        if !piece.isEmpty { ranges.append((start, m.end)); pieces.append(piece) }
        return ranges.map { "\($0.0) \($0.1)" }.joined(separator: ";") + "\t" + pieces.joined(separator: " ")
    }

    /// `annotation.conf`: the concept tree as BRAT's entity hierarchy
    /// (children indented by tabs under their parents).
    public static func configuration(concepts: [String]) -> String {
        var out = "# PolicyTrace concepts; a type's dots are written as underscores.\n[entities]\n"
        for c in concepts.sorted(by: { ConceptID($0) < ConceptID($1) }) {
            let depth = ConceptID(c).depth
            out += String(repeating: "\t", count: depth) + entityType(c) + "\n"
        }
        return out + "[relations]\n\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n[events]\n[attributes]\n"
    }
}
