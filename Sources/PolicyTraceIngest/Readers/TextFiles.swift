import Foundation
import PolicyTraceText

/// Plain text, HTML and XML files: one document per file, its title from
/// the page or the first line.
extension CorpusReader {
    /// A plain text file's one document, from its decoded text.
    func addText(_ decoded: DecodedText, findingYear: Bool = true, into result: inout FileResult) throws {
        let text = try stripBoilerplate(decoded.text)
        var doc = Document(id: result.path, source: result.path, text: text, title: Self.firstLineTitle(text), encoding: decoded.encoding)
        if findingYear { resolveYear(ofText: &doc) }
        result.documents.append(doc)
    }

    /// A plain text's title: its first line (after leading line breaks),
    /// trimmed of spaces and tabs, without a Markdown heading's `#`s, when
    /// at most 120 characters long. The line is found on the bytes (a line
    /// break is always a character of its own), so only it becomes a string.
    static func firstLineTitle(_ text: String) -> String? {
        ScanText.with(text) { t -> String? in
            func isNewline(_ v: UInt32) -> Bool { (0x0A...0x0D).contains(v) || v == 0x85 || v == 0x2028 || v == 0x2029 }
            let start = t.skip(from: 0, while: isNewline)
            if start == t.hi { return nil }
            let end = t.skip(from: start) { !isNewline($0) }
            let a = t.slice(start, end).skip(from: start, while: YearText.isTrimmedSpace)
            var b = end
            while b > a, let (v, s) = t.scalar(before: b), YearText.isTrimmedSpace(v) { b = s }
            // A line of more code points than 17 for each of 120 characters is
            // not a title; telling so first keeps a one-line file of 50 MB from
            // being copied into a string just to be measured.
            // So is a line whose first 121 scalars are each a character of
            // their own (most prose): it has more than 120 characters (a
            // heading's `#`s are dropped first, so not for those).
            var scalars = 0, i = a, own = a < b && t.p[a] != 0x23
            while i < b, let (v, n) = t.scalar(at: i) {
                scalars += 1
                if scalars <= 121 { own = own && YearText.isOwnCharacter(v) } else if own { return nil }
                if scalars > 120 * 17 { return nil }
                i += n
            }
            var line = t.string(a, b)
            if line.hasPrefix("#") { line = String(line.drop { $0 == "#" || $0 == " " }) }
            return line.index(line.startIndex, offsetBy: 121, limitedBy: line.endIndex) == nil ? line : nil
        }
    }

    func readHTML(_ bytes: [UInt8], encoding: String?, into result: inout FileResult) throws {
        let page = try HTMLReader.read(bytes, encoding: encoding)
        try addPage(page, into: &result)
    }

    func readXML(_ bytes: [UInt8], into result: inout FileResult) throws {
        let page = try XMLReader.read(bytes, options: config.xml)
        try addPage(page, into: &result)
    }

    func addPage(_ page: ExtractedPage, into result: inout FileResult) throws {
        result.warnings += page.warnings.map { SkippedItem(source: result.path, reason: "recovered: \($0)") }
        var doc = Document(
            id: result.path, source: result.path, text: try stripBoilerplate(page.text),
            title: page.metadata["title"] ?? page.title, issuer: page.metadata["issuer"],
            docNumber: page.metadata["doc_number"], date: page.metadata["date"], encoding: page.encoding,
            metadata: page.metadata.filter { !["title", "issuer", "doc_number", "date"].contains($0.key) })
        resolveYear(&doc, metadataYear: page.metadata["year"])
        result.documents.append(doc)
    }
}
