import Foundation
import PolicyTraceText

/// One chronology file read whole: the choice between an HTML page's tables
/// and a text table (or running prose), made here for both `policytrace
/// chronology` and a corpus read with `format: chronology`.
extension ChronologyReader {
    /// HTML pages give their tables' rows; other files are decoded as text.
    static func isPage(_ path: String) -> Bool {
        ["html", "htm", "xhtml"].contains((path as NSString).pathExtension.lowercased())
    }

    /// The events of an HTML page: its tables' rows, or with `prose` its running text.
    static func events(page: ExtractedPage, source: String, prose: Bool = false, issuers: IssuerTable = .builtIn) -> [ChronologyEvent] {
        prose
            ? extractFromProse(page.text, source: source, issuers: issuers)
            : page.tables.flatMap { events(fromRows: $0, source: source, issuers: issuers) }
    }

    /// The events of a text file: a table of lines, or with `prose` its sentences.
    static func events(text: String, source: String, prose: Bool = false, issuers: IssuerTable = .builtIn) -> [ChronologyEvent] {
        prose ? extractFromProse(text, source: source, issuers: issuers) : readTable(text, source: source, issuers: issuers)
    }

    /// Reads a chronology file on its own, its events' `source` being the file's name.
    package static func read(file: String, prose: Bool = false, encoding: String? = nil, issuers: IssuerTable = .builtIn) throws -> [ChronologyEvent]
    {
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))) } catch {
            throw IngestError(file: file, line: nil, reason: CorpusPaths.unreadable(file))
        }
        let name = (file as NSString).lastPathComponent
        if isPage(file) { return events(page: try HTMLReader.read(bytes, encoding: encoding), source: name, prose: prose, issuers: issuers) }
        return events(text: try TextDecoding.decode(bytes, encoding: encoding).text, source: name, prose: prose, issuers: issuers)
    }
}

extension CorpusReader {
    /// A corpus file read with `format: chronology`: one document per event.
    func readChronology(_ bytes: UnsafeBufferPointer<UInt8>, encoding: String?, into result: inout FileResult) throws {
        let events: [ChronologyEvent]
        let enc: String
        if ChronologyReader.isPage(result.path) {
            let page = try HTMLReader.read([UInt8](bytes), encoding: encoding)
            events = ChronologyReader.events(page: page, source: result.path, issuers: issuers)
            enc = page.encoding
        } else {
            let decoded = try decode(bytes, encoding: encoding, into: &result)
            events = ChronologyReader.events(text: decoded.text, source: result.path, issuers: issuers)
            enc = decoded.encoding
        }
        result.events = events
        for (i, e) in events.enumerated() {
            result.documents.append(
                Document(
                    id: "\(result.path)#\(i + 1)", source: result.path, record: i + 1, text: e.text,
                    year: e.year, yearSource: e.year == nil ? nil : .metadata, title: e.title,
                    issuer: e.issuer, encoding: enc))
        }
    }
}
