import Foundation

/// The binary formats: PDF (poppler), and the zip-packaged DOCX, ODT and OFD.
/// A file that cannot be read becomes a skipped item with a reason that
/// names a way out; it never stops the run.
extension CorpusReader {
    /// Goes up whenever a reader gives different documents for the same
    /// bytes, so that stored results are not reused across the change.
    package static let readersVersion = 3

    func readPDF(_ bytes: UnsafeBufferPointer<UInt8>, into result: inout FileResult) throws {
        let content: PDFContent
        do {
            content = try PDFReader.read(bytes)
        } catch let error as PDFReadError {
            result.skipped.append(SkippedItem(source: result.path, reason: error.description))
            return
        }
        try addPaged(PageLines.join(content.pages), title: content.title, creationDate: content.creationDate, into: &result)
    }

    func readPackage(_ bytes: UnsafeBufferPointer<UInt8>, format: DocumentFormat, into result: inout FileResult) throws {
        let package: PackagedDocument
        do {
            let zip = try ZipArchive(bytes)
            switch format {
            case .docx: package = try OfficeReader.docx(zip)
            case .odt: package = try OfficeReader.odt(zip)
            default: package = try OFDReader.read(zip)
            }
        } catch let error as PackageReadError {
            result.skipped.append(SkippedItem(source: result.path, reason: error.description(format: format)))
            return
        }
        result.warnings += package.warnings.map { SkippedItem(source: result.path, reason: $0) }
        if let pages = package.pages {
            try addPaged(
                PageLines.join(pages), title: package.title, date: package.date, creationDate: package.creationDate,
                metadata: package.metadata, into: &result)
            return
        }
        let text = try stripBoilerplate(package.text)
        var doc = Document(
            id: result.path, source: result.path, text: text, title: package.title ?? Self.firstLineTitle(text),
            date: package.date, metadata: package.metadata)
        resolveYear(&doc, metadataYear: nil, creationDate: package.creationDate)
        result.documents.append(doc)
    }

    /// A paginated document: the boilerplate rules apply page by page, so
    /// the page boundaries stay where they were.
    func addPaged(
        _ paged: PagedText, title: String?, date: String? = nil, creationDate: String?, metadata: [String: String] = [:],
        into result: inout FileResult
    ) throws {
        var text = paged.text
        var starts = paged.pageStarts
        if !strip.isEmpty {
            let scalars = Array(paged.text.unicodeScalars)
            text = ""
            var n = 0
            for (i, a) in paged.pageStarts.enumerated() {
                let b = i + 1 < paged.pageStarts.count ? paged.pageStarts[i + 1] : scalars.count
                starts[i] = n
                let page = try stripBoilerplate(String(String.UnicodeScalarView(scalars[a..<b])))
                text += page
                n += page.unicodeScalars.count
            }
        }
        let title = title.map { MarkupText.oneLine($0) }.flatMap { $0.isEmpty ? nil : $0 } ?? Self.firstLineTitle(text)
        var doc = Document(id: result.path, source: result.path, text: text, title: title, date: date, metadata: metadata, pageStarts: starts)
        resolveYear(&doc, metadataYear: nil, creationDate: creationDate)
        result.documents.append(doc)
    }
}
