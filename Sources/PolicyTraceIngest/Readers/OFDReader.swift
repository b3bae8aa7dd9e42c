/// Reads OFD (GB/T 33190-2016, China's fixed-layout document format) from
/// its zip container: `OFD.xml` names each document's `DocRoot` and carries
/// its `DocInfo` (title, creation date); the document's `Document.xml` lists
/// its pages, and each page's `Content.xml` holds the `TextObject`s, whose
/// `TextCode`s are placed by their boundary and X/Y. Text codes on one
/// baseline become one line, lines keep their page order, and `PageLines`
/// joins them as for PDF. Template pages (letterheads) are not read.
enum OFDReader {
    static func read(_ zip: ZipArchive) throws -> PackagedDocument {
        guard let ofd = try zip.xml("OFD.xml") else { throw PackageReadError.missing("OFD.xml") }
        var doc = PackagedDocument()
        var pages: [[PageLine]] = []
        let bodies = ofd.roots.flatMap { ofd.nodes[$0].isElement ? ofd.descendants(of: $0) : [] }.filter { ofd.nodes[$0].name == "DocBody" }
        for body in bodies {
            if let info = ofd.childElements(of: body, named: "DocInfo").first {
                if doc.title == nil { doc.title = ofd.childElements(of: info, named: "Title").first.flatMap(ofd.plainText) }
                if doc.creationDate == nil { doc.creationDate = ofd.childElements(of: info, named: "CreationDate").first.flatMap(ofd.plainText) }
                if let m = ofd.childElements(of: info, named: "ModDate").first.flatMap(ofd.plainText) { doc.metadata["modified"] = m }
            }
            guard let rootLoc = ofd.childElements(of: body, named: "DocRoot").first.flatMap(ofd.plainText) else { continue }
            let rootPath = resolve(rootLoc, from: "")
            guard let document = try zip.xml(rootPath) else { throw PackageReadError.missing(rootPath) }
            guard let list = document.first("Pages") else { continue }
            for page in document.childElements(of: list, named: "Page") {
                guard let loc = document.nodes[page].attributes["BaseLoc"] else { continue }
                let path = resolve(loc, from: rootPath)
                guard let content = try zip.xml(path) else {
                    doc.warnings.append("OFD page \(pages.count + 1): no \(path)")
                    pages.append([])
                    continue
                }
                pages.append(lines(content))
            }
        }
        if let c = doc.creationDate { doc.metadata["created"] = c }
        doc.pages = pages
        if pages.allSatisfy({ $0.isEmpty }) {
            throw PackageReadError.malformed(member: "OFD.xml", why: pages.isEmpty ? "no pages" : "no text on any page (a scan? OCR it first)")
        }
        return doc
    }

    /// A location inside the package: absolute (`/Doc_0/…`) or relative to
    /// the folder of the file that names it; `.` and `..` steps resolved.
    static func resolve(_ loc: String, from base: String) -> String {
        var parts: [Substring] = []
        if !loc.hasPrefix("/") { parts = base.split(separator: "/").dropLast() }
        for step in loc.split(separator: "/") {
            if step == "." || step.isEmpty { continue }
            if step == ".." { _ = parts.popLast() } else { parts.append(step) }
        }
        return parts.joined(separator: "/")
    }

    struct Piece {
        var text: String
        var x0, x1, baseline, size: Double
    }

    /// The page's text codes grouped into lines by baseline, in content order.
    static func lines(_ t: MarkupTree) -> [PageLine] {
        guard let content = t.first("Content") else { return [] }
        var pieces: [Piece] = []
        for obj in t.descendants(of: content) where t.nodes[obj].name == "TextObject" {
            let box = numbers(t.nodes[obj].attributes["Boundary"] ?? "")
            guard box.count >= 4 else { continue }
            let size = Double(t.nodes[obj].attributes["Size"] ?? "") ?? box[3]
            let codes = t.childElements(of: obj, named: "TextCode")
            for code in codes {
                let text = t.nodes[code].children.map { t.nodes[$0].isElement ? "" : t.nodes[$0].text }.joined()
                guard !text.isEmpty else { continue }
                let a = t.nodes[code].attributes
                let x = box[0] + (Double(a["X"] ?? "") ?? 0)
                let y = box[1] + (Double(a["Y"] ?? "") ?? size)
                let deltas = deltaSum(a["DeltaX"] ?? "")
                let width = codes.count == 1 ? max(box[2] - (x - box[0]), 0) : (deltas > 0 ? deltas + size : Double(text.unicodeScalars.count) * size)
                pieces.append(Piece(text: text, x0: x, x1: x + width, baseline: y, size: max(size, 0.1)))
            }
        }
        var out: [PageLine] = []
        var current: [Piece] = []
        func flush() {
            guard !current.isEmpty else { return }
            current.sort { $0.x0 < $1.x0 }
            var text = ""
            var lastX1 = current[0].x0
            for p in current {
                if let l = text.unicodeScalars.last, let f = p.text.unicodeScalars.first,
                    !PageLines.isCJK(l) && !PageLines.isCJK(f) && l != " " && f != " " && p.x0 - lastX1 > 0.25 * p.size
                {
                    text += " "
                }
                text += p.text
                lastX1 = p.x1
            }
            let size = current.map(\.size).max()!
            let base = current.map(\.baseline).max()!
            out.append(PageLine(text: text, x0: current.map(\.x0).min()!, y0: base - size, x1: current.map(\.x1).max()!, y1: base))
            current = []
        }
        for p in pieces {
            if let first = current.first, abs(p.baseline - first.baseline) > 0.5 * min(p.size, first.size) { flush() }
            current.append(p)
        }
        flush()
        return out
    }

    static func numbers(_ s: String) -> [Double] {
        s.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" || $0 == "\t" }).compactMap { Double($0) }
    }

    /// The sum of a `DeltaX` list; `g N d` stands for N times d.
    static func deltaSum(_ s: String) -> Double {
        let tokens = s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        var sum = 0.0
        var i = 0
        while i < tokens.count {
            if tokens[i] == "g", i + 2 < tokens.count, let n = Int(tokens[i + 1]), let d = Double(tokens[i + 2]) {
                sum += Double(min(max(n, 0), 100_000)) * d
                i += 3
            } else {
                sum += Double(tokens[i]) ?? 0
                i += 1
            }
        }
        return sum
    }
}
