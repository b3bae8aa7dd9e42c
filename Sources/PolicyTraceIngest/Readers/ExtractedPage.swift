import CXML
import Foundation

/// What a markup reader (HTML or XML) extracted from one page.
struct ExtractedPage: Sendable, Equatable {
    /// The visible text: paragraphs separated by blank lines, table cells by tabs.
    var text: String
    var title: String?
    /// Normalised keys (`title`, `issuer`, `doc_number`, `date`, `published`,
    /// `subject`, `index_number`, `year`) plus raw `<meta>` names in lower case
    /// (`description`, `keywords`, `og:title`, `dc.date`, …).
    var metadata: [String: String]
    /// Every content table as rows of cell texts.
    var tables: [[[String]]]
    /// Parser recovery errors as `line N: message`, and other notes on what was lost.
    var warnings: [String]
    /// The encoding the bytes were decoded from.
    var encoding: String

    init(
        text: String, title: String? = nil, metadata: [String: String] = [:],
        tables: [[[String]]] = [], warnings: [String] = [], encoding: String = "UTF-8"
    ) {
        self.text = text
        self.title = title
        self.metadata = metadata
        self.tables = tables
        self.warnings = warnings
        self.encoding = encoding
    }
}

/// Why a markup reader produced no page.
enum MarkupReadError: Error, Equatable, CustomStringConvertible {
    /// libxml2 could not build a tree (the first error it reported).
    case malformed(String)
    /// An XPath expression from the options did not evaluate.
    case invalidXPath(expression: String, message: String)
    /// The input is too large for libxml2 (2 GiB), or memory ran out.
    case parserFailure
    /// Entities expand beyond the size limit, so XPath options cannot be applied.
    case entityExpansionLimit

    var description: String {
        switch self {
        case .malformed(let message): return "malformed markup: \(message)"
        case .invalidXPath(let expression, let message): return "invalid XPath '\(expression)': \(message)"
        case .parserFailure: return "the markup parser failed (input too large or out of memory)"
        case .entityExpansionLimit: return "entities expand beyond the size limit; XPath options not applied"
        }
    }
}

/// The element and text nodes libxml2 parsed, flattened in document order
/// (a parent always precedes its children).
struct MarkupTree {
    struct Node {
        var isElement: Bool
        /// Element name (lower case for HTML); empty for text.
        var name: String
        var namespace: String?
        /// Text node content; empty for elements.
        var text: String
        var parent: Int
        var line: Int
        /// Attribute names lower-cased for HTML, as written for XML.
        var attributes: [String: String]
        var children: [Int] = []
    }

    enum Match {
        case node(Int)
        case value(String)
    }

    var nodes: [Node] = []
    var roots: [Int] = []
    var warnings: [String] = []
    var selections: [[Match]] = []
    var parsed = false
    /// Entity expansion reached the size budget (10× the input plus 1 MiB).
    var truncated = false

    init(utf8 text: String, html: Bool, xpaths: [String] = [], namespaces: [String: String] = [:]) throws {
        var result = pt_xml_result()
        defer { pt_xml_result_free(&result) }
        let nsPairs = namespaces.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
        let owned = (xpaths + nsPairs).map { strdup($0) }
        defer { owned.forEach { free($0) } }
        let pointers = owned.map { UnsafePointer($0) }
        let bytes = Array(text.utf8)
        let rc = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                pointers.withUnsafeBufferPointer { all in
                    pt_xml_parse(
                        chars.baseAddress, Int64(chars.count), html ? PT_XML_MODE_HTML : PT_XML_MODE_XML,
                        all.baseAddress, Int32(xpaths.count),
                        all.baseAddress.map { $0 + xpaths.count }, Int32(nsPairs.count / 2), &result)
                }
            }
        }
        if rc != 0 { throw MarkupReadError.parserFailure }

        parsed = result.parsed != 0
        truncated = result.truncated != 0
        for i in 0..<Int(result.warning_count) {
            if let w = result.warnings[i] { warnings.append(String(cString: w)) }
        }
        let more = Int(result.warning_total - result.warning_count)
        if more > 0 { warnings.append("… and \(more) more parser errors") }
        if result.truncated != 0 { warnings.append("entity expansion stopped at the size limit") }

        nodes.reserveCapacity(Int(result.node_count))
        for i in 0..<Int(result.node_count) {
            let n = result.nodes[i]
            var attributes: [String: String] = [:]
            for a in 0..<Int(n.attr_count) {
                guard let k = n.attrs[2 * a], let v = n.attrs[2 * a + 1] else { continue }
                let key = html ? String(cString: k).lowercased() : String(cString: k)
                if attributes[key] == nil { attributes[key] = String(cString: v) }
            }
            let node = Node(
                isElement: n.kind == PT_XML_ELEMENT,
                name: n.name.map { String(cString: $0) } ?? "",
                namespace: n.ns.map { String(cString: $0) },
                text: n.text.map { String(cString: $0) } ?? "",
                parent: Int(n.parent), line: Int(n.line), attributes: attributes)
            if node.parent >= 0 { nodes[node.parent].children.append(i) } else { roots.append(i) }
            nodes.append(node)
        }

        for i in 0..<Int(result.selection_count) {
            let sel = result.selections[i]
            if let error = sel.error {
                throw MarkupReadError.invalidXPath(expression: xpaths[i], message: String(cString: error))
            }
            selections.append(
                (0..<Int(sel.count)).map { j in
                    let m = sel.matches[j]
                    return m.node >= 0 ? .node(Int(m.node)) : .value(m.value.map { String(cString: $0) } ?? "")
                })
        }
    }

    /// Descendant elements of `i` (excluding `i`) in document order.
    func descendants(of i: Int) -> [Int] {
        var out: [Int] = []
        var stack = Array(nodes[i].children.reversed())
        while let j = stack.popLast() {
            guard nodes[j].isElement else { continue }
            out.append(j)
            stack.append(contentsOf: nodes[j].children.reversed())
        }
        return out
    }

    func childElements(of i: Int, named name: String) -> [Int] {
        nodes[i].children.filter { nodes[$0].isElement && nodes[$0].name == name }
    }
}

/// How the text renderer treats an element.
enum MarkupRole: Equatable {
    case skip
    case inline
    /// Line break before and after: 1 for a new line, 2 for a blank line.
    case block(Int)
    case lineBreak
    /// Whitespace that may vanish between ideographs (TEI `lb`, `pb`).
    case softBreak
    case cell
    case preformatted
}

extension MarkupTree {
    /// The text of the subtrees at `starts`, with `role` deciding per element.
    func render(_ starts: [Int], role: (Int) -> MarkupRole) -> String {
        var out = TextAssembler()
        var stack: [(node: Int, role: MarkupRole?)] = starts.reversed().map { ($0, nil) }
        var pre = 0
        while let (i, exiting) = stack.popLast() {
            let node = nodes[i]
            guard node.isElement else {
                out.append(node.text, preformatted: pre > 0)
                continue
            }
            if let r = exiting {
                switch r {
                case .block(let level): out.breakLine(level)
                case .preformatted: out.breakLine(2); pre -= 1
                default: break
                }
                continue
            }
            let r = role(i)
            switch r {
            case .skip: continue
            case .lineBreak: out.lineBreak(); continue
            case .softBreak: out.append("\n", preformatted: false); continue
            case .block(let level): out.breakLine(level)
            case .cell: out.cell()
            case .preformatted: out.breakLine(2); pre += 1
            case .inline: break
            }
            stack.append((i, r))
            stack.append(contentsOf: node.children.reversed().map { ($0, nil) })
        }
        return out.finish()
    }

    /// The text of `i` on one line, as titles and metadata values want it.
    func lineText(_ i: Int, role: (Int) -> MarkupRole) -> String {
        MarkupText.oneLine(render([i], role: role))
    }
}

enum MarkupText {
    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: { $0 == "\n" || $0 == "\t" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// East Asian wide characters, between which a source line break is dropped
    /// (CSS Text 3 segment-break transformation).
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

/// Builds visible text: collapses whitespace runs, drops line-start indents,
/// and places line breaks and cell tabs only between pieces of text.
struct TextAssembler {
    private var output = String.UnicodeScalarView()
    private var pendingBreak = 0
    private var pendingSpace = false
    private var pendingSegmentBreak = false
    private var pendingCell = false
    /// The last scalar written on the current line; nil at the start of a line.
    private var last: Unicode.Scalar?

    mutating func breakLine(_ level: Int) {
        if !output.isEmpty { pendingBreak = max(pendingBreak, level) }
    }

    mutating func lineBreak() {
        if !output.isEmpty { pendingBreak = min(2, pendingBreak + 1) }
    }

    mutating func cell() { pendingCell = true }

    mutating func append(_ text: String, preformatted: Bool) {
        for s in text.unicodeScalars {
            switch s {
            case "\u{200B}", "\u{FEFF}":
                continue
            case "\r" where preformatted:
                continue
            case " ", "\t", "\n", "\r", "\u{0C}", "\u{A0}":
                if preformatted {
                    emit(s, raw: true)
                } else {
                    pendingSpace = true
                    if s == "\n" || s == "\r" { pendingSegmentBreak = true }
                }
            default:
                emit(s, raw: preformatted)
            }
        }
    }

    private mutating func emit(_ s: Unicode.Scalar, raw: Bool) {
        if pendingBreak > 0 {
            output.append("\n")
            if pendingBreak > 1 { output.append("\n") }
            last = nil
        } else if pendingCell && last != nil {
            output.append("\t")
        } else if pendingSpace, let before = last,
            !(pendingSegmentBreak && MarkupText.isWide(before) && MarkupText.isWide(s))
        {
            output.append(" ")
        }
        pendingBreak = 0
        pendingCell = false
        pendingSpace = false
        pendingSegmentBreak = false
        if last == nil && !raw && s == "\u{3000}" { return }
        output.append(s)
        last = s == "\n" ? nil : s
    }

    func finish() -> String {
        String(output).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
