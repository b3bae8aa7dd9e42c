import CPoppler

/// Why a PDF gave no text.
enum PDFReadError: Error, Equatable, CustomStringConvertible {
    case encrypted
    case broken(String)
    /// Every page is without text: a scan (or a drawing) with no text layer.
    case noTextLayer(pages: Int)

    var description: String {
        switch self {
        case .encrypted:
            return "encrypted PDF (needs a password): save an unprotected copy first, e.g. `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`"
        case .broken(let why):
            return "broken PDF, poppler cannot open it" + (why.isEmpty ? "" : " (\(why))")
                + ": re-download the file, or repair it with `qpdf in.pdf out.pdf`"
        case .noTextLayer(let pages):
            return "PDF without a text layer (\(pages) page(s) of images, likely a scan): OCR it first, e.g. `ocrmypdf -l chi_sim+eng in.pdf out.pdf`"
        }
    }
}

/// A PDF's pages as lines, and its metadata.
struct PDFContent: Sendable, Equatable {
    var pages: [[PageLine]]
    var title: String?
    /// `YYYY-MM-DD`, from the document information's CreationDate.
    var creationDate: String?
}

/// Reads PDF through poppler (CPoppler): each page's lines with their boxes,
/// then `PageLines` makes them running text with page boundaries.
enum PDFReader {
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws -> PDFContent {
        var status: Int32 = 0
        var message: UnsafeMutablePointer<CChar>?
        guard let pdf = pt_pdf_open(bytes.baseAddress, Int64(bytes.count), &status, &message) else {
            let why = message.map { String(cString: $0) } ?? ""
            pt_pdf_string_free(message)
            throw status == PT_PDF_ENCRYPTED ? PDFReadError.encrypted : PDFReadError.broken(why)
        }
        defer { pt_pdf_close(pdf) }
        func string(_ p: UnsafeMutablePointer<CChar>?) -> String? {
            guard let p else { return nil }
            defer { pt_pdf_string_free(p) }
            let s = String(cString: p)
            return s.contains(where: { !$0.isWhitespace }) ? s : nil
        }
        var content = PDFContent(pages: [], title: string(pt_pdf_title(pdf)), creationDate: string(pt_pdf_creation_date(pdf)))
        let count = Int(pt_pdf_page_count(pdf))
        var anyText = false
        for i in 0..<count {
            var page = pt_pdf_page()
            defer { pt_pdf_page_free(&page) }
            var lines: [PageLine] = []
            if pt_pdf_page_lines(pdf, Int32(i), &page) == 0, let raw = page.lines {
                lines.reserveCapacity(Int(page.line_count))
                for l in UnsafeBufferPointer(start: raw, count: Int(page.line_count)) {
                    let text = l.text.map { String(cString: $0) } ?? ""
                    if !anyText && text.contains(where: { !$0.isWhitespace }) { anyText = true }
                    lines.append(PageLine(text: text, x0: l.x0, y0: l.y0, x1: l.x1, y1: l.y1))
                }
            }
            content.pages.append(lines)
        }
        if count == 0 { throw PDFReadError.broken("no pages") }
        if !anyText { throw PDFReadError.noTextLayer(pages: count) }
        return content
    }
}
