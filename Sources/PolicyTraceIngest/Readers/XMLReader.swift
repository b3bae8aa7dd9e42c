import Foundation
import PolicyTraceText

/// XPath expressions choosing what an XML document contributes. Each one
/// left nil falls back to the TEI defaults (for TEI documents) or to nothing
/// (text: the whole document).
struct XMLOptions: Sendable, Equatable {
    /// Nodes whose text makes up the document text, joined by blank lines.
    var textXPath: String?
    var titleXPath: String?
    var yearXPath: String?
    var dateXPath: String?
    /// Prefix → namespace URI, for use in the expressions (`tei` is predefined
    /// for TEI documents).
    var namespaces: [String: String]

    init(
        textXPath: String? = nil, titleXPath: String? = nil, yearXPath: String? = nil,
        dateXPath: String? = nil, namespaces: [String: String] = [:]
    ) {
        self.textXPath = textXPath
        self.titleXPath = titleXPath
        self.yearXPath = yearXPath
        self.dateXPath = dateXPath
        self.namespaces = namespaces
    }
}

/// Reads XML with libxml2 (no DTD loading, no external entities, no network,
/// default entity-expansion limits). TEI documents give their header's title
/// and date and the text of `<text>`; other documents what the XPath options
/// select, or all their text.
enum XMLReader {
    static let teiNamespace = "http://www.tei-c.org/ns/1.0"

    static func read(_ bytes: [UInt8], options: XMLOptions = .init()) throws -> ExtractedPage {
        let decoded = try decode(bytes)
        var warnings: [String] = []
        if decoded.replacements > 0 {
            warnings.append("\(decoded.replacements) invalid byte sequences replaced (\(decoded.encoding))")
        }
        var namespaces = options.namespaces
        if namespaces["tei"] == nil { namespaces["tei"] = teiNamespace }
        let fields: [(key: String, xpath: String)] = [
            ("text", options.textXPath), ("title", options.titleXPath),
            ("year", options.yearXPath), ("date", options.dateXPath),
        ].compactMap { key, xpath in xpath.map { (key, $0) } }
        let tree = try MarkupTree(
            utf8: decoded.text, html: false, xpaths: fields.map(\.xpath),
            namespaces: namespaces)
        warnings += tree.warnings
        guard tree.parsed, let root = tree.roots.first(where: { tree.nodes[$0].isElement }) else {
            throw MarkupReadError.malformed(tree.warnings.first ?? "no root element")
        }
        if tree.truncated && !fields.isEmpty { throw MarkupReadError.entityExpansionLimit }

        let doc = XMLPage(tree: tree, root: root)
        var metadata = doc.isTEI ? doc.teiMetadata() : [:]
        var text = doc.isTEI ? doc.teiText() : doc.render([root])
        for (field, matches) in zip(fields, tree.selections) {
            if field.key == "text" {
                text = matches.map { doc.text(of: $0) }.filter { !$0.isEmpty }.joined(separator: "\n\n")
                if matches.isEmpty { warnings.append("textXPath '\(field.xpath)' selected nothing") }
            } else if let value = matches.lazy.map({ MarkupText.oneLine(doc.text(of: $0)) }).first(where: { !$0.isEmpty }) {
                metadata[field.key] = value
            }
        }
        return ExtractedPage(
            text: text, title: metadata["title"], metadata: metadata,
            tables: doc.tables(), warnings: warnings, encoding: decoded.encoding)
    }

    /// Decodes by BOM, then the XML declaration's encoding, then UTF-8/detection.
    static func decode(_ bytes: [UInt8]) throws -> DecodedText {
        if bytes.starts(with: [0x3C, 0x00, 0x3F, 0x00]) { return try TextDecoding.decode(bytes, encoding: "UTF-16LE") }
        if bytes.starts(with: [0x00, 0x3C, 0x00, 0x3F]) { return try TextDecoding.decode(bytes, encoding: "UTF-16BE") }
        return try TextDecoding.decode(bytes, declared: declaredEncoding(bytes))
    }

    /// The `encoding` pseudo-attribute of a leading `<?xml …?>` declaration.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        guard bytes.starts(with: Array("<?xml".utf8)),
            let end = bytes.prefix(512).firstIndex(of: UInt8(ascii: ">"))
        else { return nil }
        let decl = String(decoding: bytes[..<end], as: UTF8.self)
        guard let range = decl.range(of: #"encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']"#, options: .regularExpression)
        else { return nil }
        let match = decl[range]
        guard let quote = match.firstIndex(where: { $0 == "\"" || $0 == "'" }) else { return nil }
        return String(match[match.index(after: quote)...].dropLast())
    }
}

/// A parsed XML document and the TEI conventions for reading it.
struct XMLPage {
    let tree: MarkupTree
    let root: Int
    /// Elements with non-blank text among their children (mixed content).
    private let hasText: [Bool]

    init(tree: MarkupTree, root: Int) {
        self.tree = tree
        self.root = root
        var hasText = [Bool](repeating: false, count: tree.nodes.count)
        for node in tree.nodes where !node.isElement && node.parent >= 0 && !hasText[node.parent] {
            if node.text.contains(where: { !$0.isWhitespace }) { hasText[node.parent] = true }
        }
        self.hasText = hasText
    }

    var isTEI: Bool {
        let node = tree.nodes[root]
        let teiNamespace = node.namespace == XMLReader.teiNamespace || node.namespace == nil
        return teiNamespace && ["TEI", "teiCorpus", "TEI.2"].contains(node.name)
    }

    static let teiBlocks: Set<String> = [
        "p", "head", "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", "lg", "l", "list",
        "item", "table", "row", "ab", "closer", "opener", "salute", "signed", "dateline", "byline",
        "docTitle", "titlePart", "docAuthor", "docDate", "docImprint", "titlePage", "front", "body",
        "back", "sp", "speaker", "stage", "trailer", "epigraph", "argument", "listBibl", "figure",
    ]
    static let teiInline: Set<String> = [
        "hi", "emph", "persName", "placeName", "orgName", "name", "date", "num", "term", "foreign",
        "ref", "ptr", "g", "choice", "abbr", "expan", "sic", "corr", "orig", "reg", "unclear", "add",
        "del", "seg", "rs", "measure", "time", "q", "mentioned", "soCalled", "gloss", "c", "w", "pc",
        "s", "anchor", "title", "note",
    ]

    /// Paragraph-like TEI elements break lines; elsewhere an element breaks
    /// the line unless it sits among text (mixed content).
    func role(_ i: Int) -> MarkupRole {
        let node = tree.nodes[i]
        if isTEI {
            switch node.name {
            case "lb", "pb", "cb": return node.attributes["break"] == "no" ? .skip : .softBreak
            case "fw", "teiHeader": return .skip
            case "cell": return .cell
            default: break
            }
            if Self.teiBlocks.contains(node.name) { return .block(node.name == "p" || node.name == "head" ? 2 : 1) }
            if Self.teiInline.contains(node.name) { return .inline }
        }
        return node.parent >= 0 && hasText[node.parent] ? .inline : .block(1)
    }

    func render(_ starts: [Int]) -> String { tree.render(starts, role: role) }

    func text(of match: MarkupTree.Match) -> String {
        switch match {
        case .node(let i): return render([i])
        case .value(let v): return MarkupText.oneLine(v)
        }
    }

    func teiText() -> String {
        let texts = ([root] + tree.descendants(of: root)).filter { i in
            tree.nodes[i].name == "text" && tree.nodes[i].parent >= 0
                && ["TEI", "TEI.2"].contains(tree.nodes[tree.nodes[i].parent].name)
        }
        return texts.map { render([$0]) }.joined(separator: "\n\n")
    }

    /// First element reached by following `path` (child names) from `start`;
    /// `//name` as the last step searches all descendants.
    func find(_ path: [String], from start: Int) -> Int? {
        var current = [start]
        for (k, step) in path.enumerated() {
            if step.hasPrefix("//") {
                let name = String(step.dropFirst(2))
                current = current.flatMap { tree.descendants(of: $0).filter { tree.nodes[$0].name == name } }
            } else {
                current = current.flatMap { tree.childElements(of: $0, named: step) }
            }
            if current.isEmpty { return nil }
            if k == path.count - 1 { return current.first }
        }
        return current.first
    }

    func teiMetadata() -> [String: String] {
        var meta: [String: String] = [:]
        guard let header = tree.childElements(of: root, named: "teiHeader").first else { return meta }
        if let titleStmt = find(["fileDesc", "titleStmt"], from: header) {
            let titles = tree.childElements(of: titleStmt, named: "title")
            let main = titles.first { tree.nodes[$0].attributes["type"] == "main" } ?? titles.first
            if let main { meta["title"] = line(main) }
            if let author = tree.childElements(of: titleStmt, named: "author").first { meta["author"] = line(author) }
        }
        // The text's own date before the date of its electronic edition.
        let dates = [
            find(["profileDesc", "creation", "//date"], from: header),
            find(["fileDesc", "sourceDesc", "//date"], from: header),
            find(["fileDesc", "publicationStmt", "date"], from: header),
        ]
        if let date = dates.compactMap({ $0 }).first {
            let a = tree.nodes[date].attributes
            meta["date"] = a["when"] ?? a["notBefore"] ?? line(date)
        }
        if let idno = find(["fileDesc", "publicationStmt", "idno"], from: header) { meta["idno"] = line(idno) }
        return meta.filter { !$0.value.isEmpty }
    }

    private func line(_ i: Int) -> String { MarkupText.oneLine(render([i])) }

    func tables() -> [[[String]]] {
        guard isTEI else { return [] }
        return ([root] + tree.descendants(of: root)).filter { tree.nodes[$0].name == "table" }.map { table in
            tree.childElements(of: table, named: "row").map { row in
                tree.childElements(of: row, named: "cell").map { render([$0]) }
            }
        }
    }
}
