import Foundation
import PolicyTraceText

/// Reads HTML pages with libxml2's forgiving HTML parser: the visible text
/// without scripts, styles and navigation chrome, the page's metadata (`<meta>`
/// tags and the label/value tables of Chinese government policy pages), and
/// its tables.
enum HTMLReader {
    /// Decodes `bytes` (with `encoding`, else the page's declared charset, else
    /// BOM/UTF-8/detection) and extracts the page.
    static func read(_ bytes: [UInt8], encoding: String? = nil) throws -> ExtractedPage {
        let decoded = try decode(bytes, encoding: encoding)
        var warnings: [String] = []
        if decoded.replacements > 0 {
            warnings.append("\(decoded.replacements) invalid byte sequences replaced (\(decoded.encoding))")
        }
        let tree = try MarkupTree(utf8: decoded.text, html: true)
        warnings += tree.warnings
        guard tree.parsed else {
            return ExtractedPage(text: "", warnings: warnings, encoding: decoded.encoding)
        }
        var page = HTMLPage(tree)
        page.analyse()
        let metadata = page.metadata()
        return ExtractedPage(
            text: page.text(), title: metadata["title"], metadata: metadata,
            tables: page.contentTables(), warnings: warnings, encoding: decoded.encoding)
    }

    static func decode(_ bytes: [UInt8], encoding: String?) throws -> DecodedText {
        if let encoding { return try TextDecoding.decode(bytes, encoding: encoding) }
        return try TextDecoding.decode(bytes, declared: declaredCharset(bytes))
    }

    /// The charset a `<meta charset>` or `<meta http-equiv content="…; charset=…">`
    /// declares in the first 4 KB, lower-cased.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(4096).map { b -> UInt8 in (0x41...0x5A).contains(b) ? b | 0x20 : b }
        var i = head.startIndex
        while let start = find(Array("<meta".utf8), in: head, from: i) {
            let end = head[start...].firstIndex(of: UInt8(ascii: ">")) ?? head.endIndex
            let tag = Array(head[start..<end])
            if let at = find(Array("charset".utf8), in: tag, from: 0) {
                var j = at + 7
                while j < tag.count, [0x20, 0x09, 0x0A, 0x0D].contains(tag[j]) { j += 1 }
                if j < tag.count, tag[j] == UInt8(ascii: "=") {
                    j += 1
                    while j < tag.count, [0x20, 0x09, 0x0A, 0x0D, 0x22, 0x27].contains(tag[j]) { j += 1 }
                    let valueStart = j
                    while j < tag.count, isCharsetByte(tag[j]) { j += 1 }
                    if j > valueStart { return String(decoding: tag[valueStart..<j], as: UTF8.self) }
                }
            }
            i = end
        }
        return nil
    }

    private static func isCharsetByte(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x61...0x7A).contains(b) || [0x2D, 0x5F, 0x2E, 0x3A].contains(b)
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard needle.count <= hay.count, from <= hay.count - needle.count else { return nil }
        for i in from...(hay.count - needle.count) where hay[i] == needle[0] {
            if hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }
}

/// One parsed HTML page and what is known about each of its elements.
struct HTMLPage {
    let tree: MarkupTree
    /// Never visible: scripts, styles, head, form controls, hidden elements.
    private var hidden: [Bool] = []
    /// Hidden, or navigation chrome, or inside either.
    private var skipped: [Bool] = []

    init(_ tree: MarkupTree) { self.tree = tree }

    static let hiddenTags: Set<String> = [
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "base",
        "iframe", "frame", "object", "embed", "applet", "svg", "canvas", "audio", "video",
        "source", "track", "select", "option", "optgroup", "datalist", "textarea", "button",
        "input", "map", "area",
    ]
    static let chromeWords = ["nav", "menu", "breadcrumb", "crumb", "footer", "header", "sidebar"]
    static let chromeRoles: Set<String> = [
        "navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search",
    ]
    static let paragraphBlocks: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "blockquote", "hr", "figure",
    ]
    static let lineBlocks: Set<String> = [
        "html", "body", "div", "section", "article", "main", "header", "footer", "nav", "aside",
        "li", "dt", "dd", "tr", "caption", "figcaption", "address", "details", "summary", "center",
        "form", "fieldset", "legend", "dir", "menu", "tbody", "thead", "tfoot",
    ]

    mutating func analyse() {
        let nodes = tree.nodes
        let n = nodes.count
        hidden = [Bool](repeating: false, count: n)
        for i in 0..<n where nodes[i].isElement {
            let p = nodes[i].parent
            hidden[i] = (p >= 0 && hidden[p]) || isHidden(i)
        }
        var visible = [Int](repeating: 0, count: n)
        var paragraphs = [Int](repeating: 0, count: n)
        var containsMain = [Bool](repeating: false, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            let node = nodes[i]
            if !node.isElement {
                if node.parent >= 0 && !hidden[node.parent] {
                    visible[i] = node.text.unicodeScalars.reduce(0) {
                        $0 + (CharacterSet.whitespacesAndNewlines.contains($1) ? 0 : 1)
                    }
                }
            } else if Self.paragraphBlocks.contains(node.name) {
                paragraphs[i] += 1
            }
            if node.isElement && isMain(i) { containsMain[i] = true }
            if node.parent >= 0 {
                visible[node.parent] += visible[i]
                paragraphs[node.parent] += paragraphs[i]
                if containsMain[i] { containsMain[node.parent] = true }
            }
        }
        let total = tree.roots.reduce(0) { $0 + visible[$1] }
        var inMain = [Bool](repeating: false, count: n)
        skipped = hidden
        for i in 0..<n where nodes[i].isElement {
            let p = nodes[i].parent
            if p >= 0 {
                inMain[i] = inMain[p] || isMain(p)
                if skipped[p] { skipped[i] = true; continue }
            }
            guard !skipped[i], isChromeCandidate(i, inMain: inMain[i]), !containsMain[i] else { continue }
            // A "header" or "nav" wrapper holding most of the page is layout, not chrome.
            let wrapsContent = visible[i] * 2 > total && paragraphs[i] >= 2
            if !wrapsContent { skipped[i] = true }
        }
    }

    private func isHidden(_ i: Int) -> Bool {
        let node = tree.nodes[i]
        if Self.hiddenTags.contains(node.name) { return true }
        let a = node.attributes
        if a["hidden"] != nil || a["aria-hidden"]?.lowercased() == "true" { return true }
        if let style = a["style"]?.lowercased().filter({ !$0.isWhitespace }),
            style.contains("display:none") || style.contains("visibility:hidden")
        {
            return true
        }
        return false
    }

    private func isMain(_ i: Int) -> Bool {
        let node = tree.nodes[i]
        return node.name == "main" || node.name == "article" || node.attributes["role"]?.lowercased() == "main"
    }

    private func isChromeCandidate(_ i: Int, inMain: Bool) -> Bool {
        let node = tree.nodes[i]
        switch node.name {
        case "html", "body", "main", "article": return false
        case "nav", "aside": return true
        case "header", "footer": if !inMain { return true }
        default: break
        }
        if let role = node.attributes["role"]?.lowercased(), Self.chromeRoles.contains(role) { return true }
        if inMain { return false }
        let tokens =
            (node.attributes["class"] ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
            + [node.attributes["id"] ?? ""]
        return tokens.contains { token in
            let t = token.lowercased()
            return !t.contains("canvas") && Self.chromeWords.contains { t.contains($0) }
        }
    }

    private func role(_ i: Int, skipping: [Bool]) -> MarkupRole {
        if skipping[i] { return .skip }
        let name = tree.nodes[i].name
        if name == "br" { return .lineBreak }
        if name == "td" || name == "th" { return .cell }
        if name == "pre" || name == "listing" || name == "xmp" { return .preformatted }
        if Self.paragraphBlocks.contains(name) { return .block(2) }
        if Self.lineBlocks.contains(name) { return .block(1) }
        return .inline
    }

    func text() -> String {
        tree.render(tree.roots) { role($0, skipping: skipped) }
    }

    /// Every table not hidden, as rows of cells; `includeChrome` also takes
    /// tables inside navigation chrome (where policy metadata tables sometimes sit).
    private func tables(includeChrome: Bool) -> [[[String]]] {
        let nodes = tree.nodes
        var tableOf = [Int](repeating: -1, count: nodes.count)
        var rowOf = [Int](repeating: -1, count: nodes.count)
        var rows: [Int: [Int]] = [:]
        var cells: [Int: [Int]] = [:]
        var tableOrder: [Int] = []
        let exclude = includeChrome ? hidden : skipped
        for i in 0..<nodes.count where nodes[i].isElement {
            let p = nodes[i].parent
            if p >= 0 {
                tableOf[i] = nodes[p].name == "table" ? p : tableOf[p]
                rowOf[i] = nodes[p].name == "tr" ? p : (nodes[p].name == "table" ? -1 : rowOf[p])
            }
            guard !exclude[i] else { continue }
            switch nodes[i].name {
            case "table": tableOrder.append(i)
            case "tr" where tableOf[i] >= 0: rows[tableOf[i], default: []].append(i)
            case "td" where rowOf[i] >= 0, "th" where rowOf[i] >= 0: cells[rowOf[i], default: []].append(i)
            default: break
            }
        }
        return tableOrder.map { table in
            (rows[table] ?? []).map { row in
                (cells[row] ?? []).map { cell in
                    tree.render([cell]) { role($0, skipping: hidden) }
                        .replacingOccurrences(of: "\n\n", with: "\n")
                }
            }
        }
    }

    func contentTables() -> [[[String]]] { tables(includeChrome: false) }

    static let metaKeys: [(key: String, names: [String])] = [
        ("title", ["articletitle", "dc.title", "og:title", "title"]),
        ("issuer", ["dc.creator", "author", "dc.publisher", "publisher", "contentsource", "article:author"]),
        (
            "date",
            [
                "dc.date", "dc.date.created", "dc.date.issued", "pubdate", "publishdate",
                "article:published_time", "date",
            ]
        ),
        ("subject", ["dc.subject", "subject"]),
    ]

    func metadata() -> [String: String] {
        var meta: [String: String] = [:]
        var pageTitle: String?
        for i in tree.nodes.indices where tree.nodes[i].isElement {
            let node = tree.nodes[i]
            if node.name == "title", pageTitle == nil {
                pageTitle = MarkupText.oneLine(tree.render(node.children) { _ in .inline })
            }
            guard node.name == "meta", let content = node.attributes["content"] else { continue }
            guard let name = node.attributes["name"] ?? node.attributes["property"] ?? node.attributes["itemprop"]
            else { continue }
            let key = name.lowercased().trimmingCharacters(in: .whitespaces)
            let value = MarkupText.oneLine(content)
            if !key.isEmpty, !value.isEmpty, meta[key] == nil { meta[key] = value }
        }
        var normalised: [String: String] = [:]
        for (key, names) in Self.metaKeys {
            if let value = names.lazy.compactMap({ meta[$0] }).first { normalised[key] = value }
        }
        if normalised["title"] == nil, let pageTitle, !pageTitle.isEmpty { normalised["title"] = pageTitle }
        let labelled = PolicyMetadataTable.fields(in: tables(includeChrome: true))
        normalised.merge(labelled) { _, table in table }
        if labelled["date"] == nil, let published = labelled["published"] { normalised["date"] = published }
        return meta.merging(normalised) { _, new in new }
    }
}

/// The label/value tables that head Chinese government policy pages
/// (`发文机关：` | `国务院`), and their English counterparts.
enum PolicyMetadataTable {
    static let labels: [String: String] = [
        "标题": "title", "標題": "title", "title": "title",
        "发文机关": "issuer", "發文機關": "issuer", "issuedby": "issuer", "issuingauthority": "issuer",
        "issuingbody": "issuer", "issuer": "issuer",
        "发文字号": "doc_number", "發文字號": "doc_number", "documentnumber": "doc_number",
        "documentno.": "doc_number", "documentno": "doc_number", "docnumber": "doc_number",
        "成文日期": "date", "dateofwriting": "date", "writtenon": "date",
        "发布日期": "published", "發布日期": "published", "dateofissue": "published",
        "dateofpublication": "published", "publicationdate": "published",
        "主题分类": "subject", "主題分類": "subject", "subject": "subject",
        "索引号": "index_number", "索引號": "index_number", "indexnumber": "index_number", "indexno.": "index_number",
    ]

    /// The field a label cell names, and whether it ended with a colon.
    static func label(_ cell: String) -> (field: String, colon: Bool)? {
        var s = cell.filter { !$0.isWhitespace }.lowercased()
        var colon = false
        while let c = s.last, c == ":" || c == "：" {
            s.removeLast()
            colon = true
        }
        return labels[s].map { ($0, colon) }
    }

    static func fields(in tables: [[[String]]]) -> [String: String] {
        var out: [String: String] = [:]
        for table in tables {
            var pairs: [(field: String, value: String, colon: Bool)] = []
            var labelCells = 0
            for row in table {
                let cells = row.map(MarkupText.oneLine)
                for (k, cell) in cells.enumerated() {
                    if let (field, colon) = label(cell) {
                        labelCells += 1
                        if k + 1 < cells.count, !cells[k + 1].isEmpty, label(cells[k + 1]) == nil {
                            pairs.append((field, cells[k + 1], colon))
                        }
                    } else if let split = cell.firstIndex(where: { $0 == "：" || $0 == ":" }),
                        let (field, _) = label(String(cell[...split]))
                    {
                        let value = cell[cell.index(after: split)...].trimmingCharacters(in: .whitespaces)
                        if !value.isEmpty { pairs.append((field, value, true)) }
                    }
                }
            }
            for pair in pairs where (pair.colon || labelCells >= 3) && out[pair.field] == nil {
                out[pair.field] = pair.value
            }
        }
        return out
    }
}
