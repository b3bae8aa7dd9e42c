/// Reads the body text of Word (DOCX, Office Open XML) and OpenDocument text
/// (ODT) files in reading order: paragraphs and headings, tables row by row
/// (cells separated by a tab), then footnotes and endnotes; one paragraph a
/// line. Title and dates come from the document properties.
enum OfficeReader {
    // MARK: DOCX

    static func docx(_ zip: ZipArchive) throws -> PackagedDocument {
        guard let body = try zip.xml("word/document.xml") else { throw PackageReadError.missing("word/document.xml") }
        var doc = PackagedDocument()
        var paragraphs: [String] = []
        if let b = body.first("body") { docxBlocks(body, b, into: &paragraphs) }
        for part in ["word/footnotes.xml", "word/endnotes.xml"] {
            guard let notes = try zip.xml(part) else { continue }
            for r in notes.roots where notes.nodes[r].isElement {
                for note in notes.nodes[r].children
                where notes.nodes[note].isElement
                    && (notes.nodes[note].name == "footnote" || notes.nodes[note].name == "endnote")
                {
                    let type = notes.nodes[note].attributes["w:type"] ?? "normal"
                    guard type == "normal" else { continue }  // separators
                    docxBlocks(notes, note, into: &paragraphs)
                }
            }
        }
        doc.text = paragraphs.joined(separator: "\n")
        if let core = try zip.xml("docProps/core.xml") {
            doc.title = core.first("title").flatMap(core.plainText)
            doc.creationDate = core.first("created").flatMap(core.plainText)
            if let m = core.first("modified").flatMap(core.plainText) { doc.metadata["modified"] = m }
            if let c = doc.creationDate { doc.metadata["created"] = c }
        }
        return doc
    }

    /// Paragraphs and tables below `i`, in order.
    static func docxBlocks(_ t: MarkupTree, _ i: Int, into out: inout [String]) {
        for c in t.nodes[i].children where t.nodes[c].isElement {
            switch t.nodes[c].name {
            case "p":
                let s = docxRuns(t, c)
                if !s.isEmpty { out.append(s) }
            case "tbl":
                for row in t.descendants(of: c) where t.nodes[row].name == "tr" {
                    let cells = t.childElements(of: row, named: "tc").map { cell -> String in
                        var inner: [String] = []
                        docxBlocks(t, cell, into: &inner)
                        return inner.joined(separator: " ")
                    }
                    if cells.contains(where: { !$0.isEmpty }) { out.append(cells.joined(separator: "\t")) }
                }
            case "sectPr", "tblPr", "tblGrid", "pPr", "trPr", "tcPr":
                continue
            default:
                docxBlocks(t, c, into: &out)  // sdt, sdtContent, customXml, ins, …
            }
        }
    }

    /// The text of a paragraph's runs: `w:t`, tabs, breaks; field codes,
    /// deleted text and note references left out.
    static func docxRuns(_ t: MarkupTree, _ p: Int) -> String {
        var out = ""
        var stack = Array(t.nodes[p].children.reversed())
        while let j = stack.popLast() {
            let n = t.nodes[j]
            guard n.isElement else { continue }
            switch n.name {
            case "t": out += n.children.map { t.nodes[$0].isElement ? "" : t.nodes[$0].text }.joined()
            case "tab": out += "\t"
            case "br", "cr": out += "\n"
            case "noBreakHyphen": out += "-"
            case "instrText", "delText", "pPr", "rPr", "footnoteReference", "endnoteReference", "fldChar": continue
            default: stack.append(contentsOf: n.children.reversed())
            }
        }
        return out
    }

    // MARK: ODT

    static func odt(_ zip: ZipArchive) throws -> PackagedDocument {
        guard let content = try zip.xml("content.xml") else { throw PackageReadError.missing("content.xml") }
        var doc = PackagedDocument()
        var paragraphs: [String] = []
        var notes: [String] = []
        if let body = content.first("body"), let text = content.first("text", under: body) {
            odtBlocks(content, text, into: &paragraphs, notes: &notes)
        }
        doc.text = (paragraphs + notes).joined(separator: "\n")
        if let meta = try zip.xml("meta.xml") {
            doc.title = meta.first("title").flatMap(meta.plainText)
            doc.creationDate = meta.first("creation-date").flatMap(meta.plainText)
            if let c = doc.creationDate { doc.metadata["created"] = c }
            if let m = meta.first("date").flatMap(meta.plainText) { doc.metadata["modified"] = m }
        }
        return doc
    }

    static func odtBlocks(_ t: MarkupTree, _ i: Int, into out: inout [String], notes: inout [String]) {
        for c in t.nodes[i].children where t.nodes[c].isElement {
            switch t.nodes[c].name {
            case "p", "h":
                let s = odtInline(t, c, notes: &notes)
                if !s.isEmpty { out.append(s) }
            case "table-row":
                let cells = t.childElements(of: c, named: "table-cell").map { cell -> String in
                    var inner: [String] = []
                    odtBlocks(t, cell, into: &inner, notes: &notes)
                    return inner.joined(separator: " ")
                }
                if cells.contains(where: { !$0.isEmpty }) { out.append(cells.joined(separator: "\t")) }
            case "tracked-changes", "sequence-decls", "variable-decls", "user-field-decls", "forms", "annotation", "table-columns", "table-column":
                continue
            default:
                odtBlocks(t, c, into: &out, notes: &notes)  // sections, lists, tables, frames
            }
        }
    }

    /// A paragraph's text with ODF's spacing elements (`text:s`, `text:tab`,
    /// `text:line-break`); a note's body goes to `notes`, its mark is left out.
    static func odtInline(_ t: MarkupTree, _ p: Int, notes: inout [String]) -> String {
        var out = ""
        for c in t.nodes[p].children {
            let n = t.nodes[c]
            if !n.isElement {
                out += n.text
                continue
            }
            switch n.name {
            case "s": out += String(repeating: " ", count: max(1, min(Int(n.attributes["text:c"] ?? "1") ?? 1, 1000)))
            case "tab": out += "\t"
            case "line-break": out += "\n"
            case "note":
                if let body = t.childElements(of: c, named: "note-body").first {
                    var inner: [String] = []
                    odtBlocks(t, body, into: &inner, notes: &notes)
                    notes += inner
                }
            case "annotation", "note-citation", "bookmark", "bookmark-start", "bookmark-end", "soft-page-break": continue
            default: out += odtInline(t, c, notes: &notes)
            }
        }
        return out
    }
}
