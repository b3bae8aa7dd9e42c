import Foundation
import PolicyTraceText

/// Everything one corpus file gave: its documents, any chronology events,
/// and what had to be skipped or repaired (with file and line).
public struct FileResult: Sendable {
    /// Path relative to the corpus root.
    public var path: String
    /// Which piece of the file this is: 0 for a whole file, or the index of
    /// a chunk of a large JSON Lines, CSV or TSV file (see `FileChunk`).
    public var part = 0
    public var format: DocumentFormat
    public var bytes: Int
    public var documents: [Document] = []
    public var events: [ChronologyEvent] = []
    public var skipped: [SkippedItem] = []
    /// Recovered problems (malformed markup, replaced bytes): reported, not fatal.
    public var warnings: [SkippedItem] = []

    public init(path: String, format: DocumentFormat, bytes: Int) {
        self.path = path
        self.format = format
        self.bytes = bytes
    }
}

/// A piece of a large JSON Lines, CSV or TSV file, cut at a record end:
/// read on its own, so a huge file never has to be in memory whole.
public struct FileChunk: Sendable, Equatable {
    public var part: Int
    /// Byte range of the chunk in the file.
    public var offset: Int
    public var length: Int
    /// Lines before the chunk, and records before it (JSON Lines: non-blank
    /// lines; CSV/TSV: rows after the header).
    public var firstLine: Int
    public var firstRecord: Int
    /// CSV/TSV: the file's bytes up to the end of its header row, which every
    /// chunk after the first needs. Empty otherwise.
    public var header: [UInt8]

    public init(part: Int, offset: Int, length: Int, firstLine: Int, firstRecord: Int, header: [UInt8] = []) {
        self.part = part
        self.offset = offset
        self.length = length
        self.firstLine = firstLine
        self.firstRecord = firstRecord
        self.header = header
    }
}

/// Finds where a large JSON Lines, CSV or TSV file may be cut into chunks
/// of about `targetBytes`, as its bytes stream past once: at line ends for
/// JSON Lines, at record ends (outside quoted fields) for CSV and TSV.
public struct ChunkPlanner {
    let targetBytes: Int
    var scanner: DelimitedReader.Scanner?
    var none: [Result<DelimitedReader.Record, DelimitedReader.Malformed>] = []
    var chunks: [FileChunk] = []
    var header: [UInt8] = []
    var headerDone = false
    var position = 0, chunkStart = 0, chunkLine = 0, chunkRecord = 0
    var lines = 0, records = 0
    var line: [UInt8] = []
    var refused = false

    /// Nil for formats that are not cut.
    public init?(format: DocumentFormat, targetBytes: Int) {
        self.targetBytes = max(1, targetBytes)
        switch format {
        case .jsonl: scanner = nil
        case .csv: scanner = DelimitedReader.Scanner(delimiter: ",", collect: false)
        case .tsv: scanner = DelimitedReader.Scanner(delimiter: "\t", collect: false)
        default: return nil
        }
    }

    static let maxHeader = 1 << 20

    /// The next bytes of the file, in order.
    public mutating func feed(_ block: UnsafeBufferPointer<UInt8>) {
        if refused || block.isEmpty { return }
        if position == 0 && (block.starts(with: [0xFF, 0xFE]) || block.starts(with: [0xFE, 0xFF]) || block.prefix(8192).contains(0)) {
            refused = true
            return
        }
        if scanner != nil { feedDelimited(block) } else { feedLines(block) }
    }

    mutating func feedLines(_ block: UnsafeBufferPointer<UInt8>) {
        for byte in block {
            position += 1
            if byte == 0x0A {
                lines += 1
                if !line.withUnsafeBufferPointer(CorpusReader.isBlankLine) { records += 1 }
                line.removeAll(keepingCapacity: true)
                if position - chunkStart >= targetBytes { cut(line: lines, record: records) }
            } else if line.count < 80 {
                line.append(byte)
            } else if line.count == 80 {
                line.append(0x41)
            }
        }
    }

    mutating func feedDelimited(_ block: UnsafeBufferPointer<UInt8>) {
        for byte in block {
            position += 1
            if !headerDone {
                header.append(byte)
                if header.count > Self.maxHeader {
                    refused = true
                    return
                }
            }
            let boundary = scanner!.feed(byte, into: &none)
            if !headerDone && scanner!.records > 0 { headerDone = true }
            if boundary && headerDone && position - chunkStart >= targetBytes {
                cut(line: scanner!.line - 1, record: scanner!.records - 1)
            }
        }
    }

    mutating func cut(line: Int, record: Int) {
        chunks.append(FileChunk(part: chunks.count, offset: chunkStart, length: position - chunkStart,
                                firstLine: chunkLine, firstRecord: chunkRecord, header: chunks.isEmpty || scanner == nil ? [] : header))
        chunkStart = position
        chunkLine = line
        chunkRecord = record
    }

    /// The chunks, in file order; nil when the file is better read whole
    /// (UTF-16, binary, a header row over a megabyte).
    public mutating func finish() -> [FileChunk]? {
        if refused { return nil }
        if position > chunkStart || chunks.isEmpty { cut(line: 0, record: 0) }
        return chunks
    }
}

/// Turns a corpus folder (or a single file) into documents, one file at a
/// time so callers can stream and parallelise. Formats are chosen by
/// extension, by the folder's `policytrace.yaml`, or by an override.
public struct CorpusReader: @unchecked Sendable {
    /// The corpus folder (for a single file: its folder).
    public let root: String
    public let config: CorpusConfig
    public var formatOverride: DocumentFormat?
    public var encodingOverride: String?
    /// Paths relative to the root (folders or files) the walk leaves out:
    /// the run's own output folder when it lies inside the corpus.
    public var excluded: Set<String> = []
    /// Follow symbolic links to files outside the corpus folder (links
    /// inside it are always followed; links to folders never are).
    public var followsLinksOutside = false
    let singleFile: String?
    /// Corpus files and folders whose names are not UTF-8, as the walk found them.
    let oddNames = OddNames()
    let issuers: IssuerTable
    let strip: [StripPattern]

    /// Files that are never documents: the configuration, READMEs, licences, hidden files.
    static let alwaysIgnored = [CorpusConfig.fileName, "README*", "LICENSE*", "NOTICE*", "issuers.tsv", ".*"]

    public init(path: String, format: DocumentFormat? = nil, encoding: String? = nil) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw IngestError(file: path, line: nil, reason: "no such file or folder")
        }
        if isDir.boolValue {
            root = path
            singleFile = nil
        } else {
            root = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
            singleFile = (path as NSString).lastPathComponent
        }
        let configPath = (root as NSString).appendingPathComponent(CorpusConfig.fileName)
        config = FileManager.default.fileExists(atPath: configPath) ? try CorpusConfig.load(path: configPath) : CorpusConfig()
        formatOverride = format
        encodingOverride = encoding
        if let encoding, let problem = TextDecoding.unknownNameProblem(encoding) {
            throw IngestError(file: "--encoding", line: nil, reason: problem)
        }
        for name in [config.encoding].compactMap({ $0 }) + config.files.compactMap(\.encoding) {
            if let problem = TextDecoding.unknownNameProblem(name) { throw IngestError(file: configPath, line: nil, reason: problem) }
        }
        var table = IssuerTable.builtIn
        if let extra = config.issuers {
            let p = (root as NSString).appendingPathComponent(extra)
            guard let s = try? String(contentsOfFile: p, encoding: .utf8) else {
                throw IngestError(file: p, line: nil, reason: "cannot read the issuer table named in \(CorpusConfig.fileName)")
            }
            table = table.merging(IssuerTable.load(tsv: s))
        }
        issuers = table
        strip = config.strip.map { rule in
            switch rule {
            case .from(let p): return StripPattern(p, cutToEnd: true)
            case .pattern(let p): return StripPattern(p, cutToEnd: false)
            }
        }
    }

    /// Corpus files, relative to the root, sorted so every run sees the same
    /// order (see `walk()`, which also says what it passed over).
    public func files() throws -> [String] {
        try walk().files
    }

    /// Whether `files()` would list `path` (relative to the root): not in a
    /// hidden folder, not ignored by name or by the configuration. For files
    /// listed by someone else (the Spark job).
    public func includes(_ path: String) -> Bool {
        if path.split(separator: "/").dropLast().contains(where: { $0.hasPrefix(".") }) { return false }
        return !Self.matches(Self.alwaysIgnored + config.ignore, path)
    }

    static func matches(_ globs: [String], _ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return globs.contains { glob in
            fnmatch(glob, path, 0) == 0 || (!glob.utf8.contains(0x2F) && fnmatch(glob, name, 0) == 0)
        }
    }

    func rule(for path: String) -> CorpusConfig.FileRule? {
        config.files.first { Self.matches([$0.match], path) }
    }

    /// The format `path` will be read as.
    public func format(of path: String) -> DocumentFormat {
        formatOverride ?? rule(for: path)?.format ?? DocumentFormat(extension: (path as NSString).pathExtension) ?? .text
    }

    /// The full path of a corpus file. For a file whose name (or a folder's
    /// name on the way) is not UTF-8, found by `walk()`, a `/proc/self/fd/N`
    /// path that opens it.
    public func fullPath(_ path: String) -> String {
        oddNames.path(path) ?? (root as NSString).appendingPathComponent(path)
    }

    /// Reads one file. Never throws: problems become skipped items or warnings.
    public func read(_ path: String) -> FileResult {
        read(path, contents: FileManager.default.contents(atPath: fullPath(path)))
    }

    /// Reads one file whose bytes the caller already has (nil: unreadable).
    public func read(_ path: String, contents: Data?) -> FileResult {
        let format = self.format(of: path)
        var result = FileResult(path: path, format: format, bytes: 0)
        guard let data = contents else {
            result.skipped.append(SkippedItem(source: path, reason: CorpusPaths.unreadable(fullPath(path))))
            return result
        }
        result.bytes = data.count
        if data.isEmpty {
            result.skipped.append(SkippedItem(source: path, reason: "empty file"))
            return result
        }
        let encoding = encodingOverride ?? rule(for: path)?.encoding ?? config.encoding
        do {
            // The file's bytes are read in place; only the HTML and XML readers take an array.
            try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                switch format {
                case .jsonl: try readJSONLines(bytes, encoding: encoding, into: &result)
                case .csv: try readDelimited(bytes, delimiter: ",", encoding: encoding, into: &result)
                case .tsv: try readDelimited(bytes, delimiter: "\t", encoding: encoding, into: &result)
                case .html: try readHTML([UInt8](bytes), encoding: encoding, into: &result)
                case .xml: try readXML([UInt8](bytes), into: &result)
                case .text: try readText(bytes, encoding: encoding, into: &result)
                case .chronology: try readChronology(bytes, encoding: encoding, into: &result)
                case .pdf: try readPDF(bytes, into: &result)
                case .docx, .odt, .ofd: try readPackage(bytes, format: format, into: &result)
                case .zip: readArchive(bytes, into: &result)
                case .tarGz: readTarArchive(bytes, into: &result)
                }
            }
        } catch let error as DecodingError {
            result.skipped.append(SkippedItem(source: path, reason: error.description))
        } catch {
            result.skipped.append(SkippedItem(source: path, reason: "\(error)"))
        }
        return result
    }

    // MARK: Formats

    func decode(_ bytes: UnsafeBufferPointer<UInt8>, encoding: String?, into result: inout FileResult) throws -> DecodedText {
        let decoded = try TextDecoding.decode(bytes, encoding: encoding)
        if let guess = decoded.guess { result.warnings.append(SkippedItem(source: result.path, reason: guess)) }
        if decoded.replacements > 0 {
            result.warnings.append(SkippedItem(source: result.path, reason: "\(decoded.replacements) invalid byte sequence(s) in \(decoded.encoding) replaced by U+FFFD"))
        }
        return decoded
    }

    func readText(_ bytes: UnsafeBufferPointer<UInt8>, encoding: String?, into result: inout FileResult) throws {
        let decoded = try decode(bytes, encoding: encoding, into: &result)
        let text = try stripBoilerplate(decoded.text)
        var doc = Document(id: result.path, source: result.path, text: text, title: Self.firstLineTitle(text), encoding: decoded.encoding)
        resolveYear(&doc, metadataYear: nil)
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
            var line = t.string(a, b)
            if line.hasPrefix("#") { line = String(line.drop { $0 == "#" || $0 == " " }) }
            return line.index(line.startIndex, offsetBy: 121, limitedBy: line.endIndex) == nil ? line : nil
        }
    }

    /// The encoding a file is declared to be in (command line, file rule or
    /// configuration); nil: detected.
    public func declaredEncoding(_ path: String) -> String? {
        encodingOverride ?? rule(for: path)?.encoding ?? config.encoding
    }

    /// True when a large file may be read chunk by chunk: JSON Lines, CSV or
    /// TSV in an encoding where a line feed byte is always a line feed (UTF-8,
    /// GB18030, Big5, …; not UTF-16 or UTF-32), so each chunk decodes as
    /// that part of the whole file would.
    public func streamsRecords(_ path: String) -> Bool {
        guard [.jsonl, .csv, .tsv].contains(format(of: path)) else { return false }
        guard let declared = declaredEncoding(path)?.uppercased() else { return true }
        return !["UTF-16", "UTF16", "UTF-32", "UTF32", "UCS-2", "UCS2", "UCS-4", "UCS4"].contains { declared.hasPrefix($0) }
    }

    /// Reads one chunk of a JSON Lines, CSV or TSV file: `data` holds the
    /// chunk's bytes. Line and record numbers continue from the chunks
    /// before it, so the documents are those the whole-file read gives.
    public func read(_ path: String, chunk: FileChunk, data: Data) -> FileResult {
        let format = self.format(of: path)
        var result = FileResult(path: path, format: format, bytes: data.count)
        result.part = chunk.part
        let encoding = declaredEncoding(path)
        do {
            try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                switch format {
                case .csv, .tsv:
                    try readDelimited(bytes, delimiter: format == .csv ? "," : "\t", encoding: encoding, into: &result,
                                      header: chunk.part == 0 ? nil : chunk.header, firstLine: chunk.firstLine, firstRecord: chunk.firstRecord)
                default:
                    try readJSONLines(bytes, encoding: encoding, into: &result, firstLine: chunk.firstLine, firstRecord: chunk.firstRecord)
                }
            }
        } catch let error as DecodingError {
            result.skipped.append(SkippedItem(source: path, line: chunk.firstLine + 1, reason: error.description))
        } catch {
            result.skipped.append(SkippedItem(source: path, line: chunk.firstLine + 1, reason: "\(error)"))
        }
        return result
    }

    /// Whether a JSON Lines line (its bytes, without the newline) holds no
    /// record: the rule `readJSONLines` numbers records by.
    public static func isBlankLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.allSatisfy({ $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) { return true }
        guard bytes.count <= 64, bytes.allSatisfy({ $0 >= 0x80 || $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) else { return false }
        return String(decoding: bytes, as: UTF8.self).allSatisfy(\.isWhitespace)
    }

    func readJSONLines(_ bytes: UnsafeBufferPointer<UInt8>, encoding: String?, into result: inout FileResult, firstLine: Int = 0, firstRecord: Int = 0) throws {
        var decoded = try decode(bytes, encoding: encoding, into: &result)
        var lineNumber = firstLine
        var record = firstRecord
        decoded.text.withUTF8 { utf8 in
            var start = 0
            while start <= utf8.count {
                let end = utf8[start...].firstIndex(of: 0x0A) ?? utf8.count
                defer { start = end + 1 }
                let line = UnsafeBufferPointer(rebasing: utf8[start..<end])
                lineNumber += 1
                if Self.isBlankLine(line) { continue }
                record += 1
                let object: Any
                do {
                    object = try JSONSerialization.jsonObject(with: Data(buffer: line))
                } catch {
                    result.skipped.append(SkippedItem(source: result.path, line: lineNumber, reason: "malformed JSON: \(Self.jsonProblem(error))"))
                    continue
                }
                guard let dict = object as? [String: Any] else {
                    result.skipped.append(SkippedItem(source: result.path, line: lineNumber, reason: "a JSON Lines record must be an object"))
                    continue
                }
                let fields = dict.compactMapValues(Self.stringValue)
                addRecord(fields, record: record, line: lineNumber, encoding: decoded.encoding, into: &result)
            }
        }
    }

    func readDelimited(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: Character, encoding: String?, into result: inout FileResult,
                       header: [UInt8]? = nil, firstLine: Int = 0, firstRecord: Int = 0) throws {
        let decoded = try decode(bytes, encoding: encoding, into: &result)
        var rows = DelimitedReader.records(decoded.text, delimiter: delimiter, firstLine: firstLine)
        let names: [String]
        if let header {
            var ignored = FileResult(path: result.path, format: result.format, bytes: 0)
            let text = try header.withUnsafeBufferPointer { try decode($0, encoding: encoding, into: &ignored) }.text
            guard case .success(let h)? = DelimitedReader.records(text, delimiter: delimiter).first else { return }
            names = h.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        } else {
            guard case .success(let h)? = rows.first else {
                result.skipped.append(SkippedItem(source: result.path, line: 1, reason: "no header row"))
                return
            }
            names = h.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            rows.removeFirst()
        }
        for (i, row) in rows.enumerated() {
            switch row {
            case .failure(let bad):
                result.skipped.append(SkippedItem(source: result.path, line: bad.line, reason: "malformed row: \(bad.reason)"))
            case .success(let rec):
                guard rec.fields.count == names.count else {
                    result.skipped.append(SkippedItem(source: result.path, line: rec.line, reason: "row has \(rec.fields.count) fields, the header has \(names.count)"))
                    continue
                }
                addRecord(Dictionary(zip(names, rec.fields), uniquingKeysWith: { a, _ in a }), record: firstRecord + i + 1, line: rec.line,
                          encoding: decoded.encoding, into: &result)
            }
        }
    }

    func addRecord(_ fields: [String: String], record: Int, line: Int, encoding: String, into result: inout FileResult) {
        let f = config.fields
        func first(_ keys: [String]) -> String? {
            keys.lazy.compactMap { fields[$0] }.first { !$0.isEmpty }
        }
        guard let rawText = first(f.text) else {
            result.skipped.append(SkippedItem(source: result.path, line: line, reason: "no text field (looked for \(f.text.joined(separator: ", ")))"))
            return
        }
        let id = first(f.id) ?? "\(result.path)#\(record)"
        let text: String
        do {
            text = try stripBoilerplate(rawText)
        } catch {
            result.skipped.append(SkippedItem(source: result.path, line: line, reason: "\(error)"))
            return
        }
        let roles = Set(f.text + f.id + f.title + f.year + f.date + f.issuer + f.docNumber)
        var doc = Document(id: id, source: result.path, record: record, text: text, title: first(f.title),
                           issuer: first(f.issuer), docNumber: first(f.docNumber), date: first(f.date), encoding: encoding,
                           metadata: fields.filter { !roles.contains($0.key) })
        resolveYear(&doc, metadataYear: first(f.year))
        result.documents.append(doc)
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
        var doc = Document(id: result.path, source: result.path, text: try stripBoilerplate(page.text),
                           title: page.metadata["title"] ?? page.title, issuer: page.metadata["issuer"],
                           docNumber: page.metadata["doc_number"], date: page.metadata["date"], encoding: page.encoding,
                           metadata: page.metadata.filter { !["title", "issuer", "doc_number", "date"].contains($0.key) })
        resolveYear(&doc, metadataYear: page.metadata["year"])
        result.documents.append(doc)
    }

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
            result.documents.append(Document(id: "\(result.path)#\(i + 1)", source: result.path, record: i + 1, text: e.text,
                                             year: e.year, yearSource: e.year == nil ? nil : .metadata, title: e.title,
                                             issuer: e.issuer, encoding: enc))
        }
    }

    // MARK: Shared steps

    /// The text without the configuration's boilerplate; a pattern that
    /// exceeds its work limit fails the document (a named, skipped item).
    func stripBoilerplate(_ text: String) throws -> String {
        var s = text
        for pattern in strip { s = try pattern.apply(s) }
        return s
    }

    func resolveYear(_ doc: inout Document, metadataYear: String?, creationDate: String? = nil) {
        if let found = YearResolver.resolve(metadataYear: metadataYear, metadataDate: doc.date, title: doc.title,
                                            docNumber: doc.docNumber, text: doc.text, creationDate: creationDate, filename: doc.source) {
            doc.year = found.year
            doc.yearSource = found.source
        } else if let year = rule(for: doc.source)?.year {
            doc.year = year
            doc.yearSource = .config
        }
    }

    static func stringValue(_ v: Any) -> String? {
        switch v {
        case let s as String: return s
        case is NSNull: return nil
        case let n as NSNumber:
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : n.stringValue
        default: return nil
        }
    }

    static func jsonProblem(_ error: Error) -> String {
        let ns = error as NSError
        return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    }
}

extension CorpusReader {
    /// The document `id` names: looked up in the corpus at `corpus` (its own
    /// file first, then every file), or, when the corpus has no document with
    /// that ID (or there is no corpus there) and `id` before any `#N` is a
    /// file on disk, read from that file as a corpus of one. Nil when neither
    /// finds it.
    public static func document(_ id: String, corpus: String, format: DocumentFormat? = nil, encoding: String? = nil) throws -> Document? {
        let file = String(id.split(separator: "#", maxSplits: 1).first ?? Substring(id))
        var isDir: ObjCBool = false
        let onDisk = FileManager.default.fileExists(atPath: file, isDirectory: &isDir) && !isDir.boolValue
        if FileManager.default.fileExists(atPath: corpus) {
            let reader = try CorpusReader(path: corpus, format: format, encoding: encoding)
            // An archive member's archive is before `!`.
            var file = file
            if let bang = file.firstIndex(of: Character(CorpusReader.archiveSeparator)), !FileManager.default.fileExists(atPath: reader.fullPath(file)) {
                file = String(file[..<bang])
            }
            let files = try reader.files()
            for f in files.filter({ $0 == file }) + files.filter({ $0 != file }) {
                if let d = reader.read(f).documents.first(where: { $0.id == id }) { return d }
            }
        } else if !onDisk {
            throw IngestError(file: corpus, line: nil, reason: "no such file or folder (the corpus to look \(id) up in); give --corpus, or a file path")
        }
        guard onDisk else { return nil }
        let single = try CorpusReader(path: file, format: format, encoding: encoding)
        let name = (file as NSString).lastPathComponent
        let wanted = name + id.dropFirst(file.count)
        let documents = single.read(name).documents
        return documents.first { $0.id == wanted } ?? (documents.count == 1 && wanted == name ? documents.first : nil)
    }
}
