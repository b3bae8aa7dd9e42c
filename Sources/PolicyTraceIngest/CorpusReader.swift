import Foundation
import PolicyTraceText

/// Everything one corpus file gave: its documents, any chronology events,
/// and what had to be skipped or repaired (with file and line).
public struct FileResult: Sendable {
    /// Path relative to the corpus root.
    public var path: String
    /// Which piece of the file this is: 0 for a whole file, or the index of
    /// a chunk of a large JSON Lines, CSV or TSV file (see `FileChunk`).
    package var part = 0
    public var format: DocumentFormat
    package var bytes: Int
    public var documents: [Document] = []
    public var events: [ChronologyEvent] = []
    public var skipped: [SkippedItem] = []
    /// Recovered problems (malformed markup, replaced bytes): reported, not fatal.
    public var warnings: [SkippedItem] = []

    package init(path: String, format: DocumentFormat, bytes: Int) {
        self.path = path
        self.format = format
        self.bytes = bytes
    }
}

/// Turns a corpus folder (or a single file) into documents, one file at a
/// time so callers can stream and parallelise. Formats are chosen by
/// extension, by the folder's `policytrace.yaml`, or by an override.
public struct CorpusReader: @unchecked Sendable {
    /// The corpus folder (for a single file: its folder).
    public let root: String
    package let config: CorpusConfig
    var formatOverride: DocumentFormat?
    var encodingOverride: String?
    /// Paths relative to the root (folders or files) the walk leaves out:
    /// the run's own output folder when it lies inside the corpus.
    package var excluded: Set<String> = []
    /// Follow symbolic links to files outside the corpus folder (links
    /// inside it are always followed; links to folders never are).
    package var followsLinksOutside = false
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
    package func includes(_ path: String) -> Bool {
        if path.split(separator: "/").dropLast().contains(where: { $0.hasPrefix(".") }) { return false }
        return !Self.matches(Self.alwaysIgnored + config.ignore, path)
    }

    static func matches(_ globs: [String], _ path: String) -> Bool {
        matches(globs.map(Glob.init), path)
    }

    /// Whether a glob matches the path or, for a glob without `/`, its last
    /// name. The walk compiles its globs once for all the files it lists.
    static func matches(_ globs: [Glob], _ path: String) -> Bool {
        let bytes = path.utf8
        let name = bytes.lastIndex(of: 0x2F).map { bytes[bytes.index(after: $0)...] } ?? bytes[...]
        return globs.contains { $0.matches(path, bytes[...]) || (!$0.hasSlash && $0.matches(nil, name)) }
    }

    /// `fnmatch(glob, s, 0)`; a glob that is a literal name, or one with a
    /// single `*` at its end (`README*`, `.*`), compared on the bytes (for a
    /// walk of many thousand files).
    struct Glob {
        enum Kind { case literal, prefix, pattern }
        let text: String
        let bytes: [UInt8]
        let kind: Kind
        let hasSlash: Bool

        init(_ glob: String) {
            text = glob
            let g = Array(glob.utf8)
            hasSlash = g.contains(0x2F)
            let special = g.firstIndex { $0 == 0x2A || $0 == 0x3F || $0 == 0x5B || $0 == 0x5C }
            if let k = special {
                (bytes, kind) = k == g.count - 1 && g[k] == 0x2A ? (Array(g[..<k]), .prefix) : (g, .pattern)
            } else {
                (bytes, kind) = (g, .literal)
            }
        }

        /// `whole` is the string of `s` when at hand (for `fnmatch`).
        func matches(_ whole: String?, _ s: Substring.UTF8View) -> Bool {
            switch kind {
            case .literal: return s.elementsEqual(bytes)
            case .prefix: return s.starts(with: bytes)
            case .pattern: return fnmatch(text, whole ?? String(Substring(s)), 0) == 0
            }
        }
    }

    func rule(for path: String) -> CorpusConfig.FileRule? {
        config.files.first { Self.matches([$0.match], path) }
    }

    /// The format `path` will be read as.
    package func format(of path: String) -> DocumentFormat {
        formatOverride ?? rule(for: path)?.format ?? DocumentFormat(extension: String(CorpusPaths.pathExtension(path))) ?? .text
    }

    /// The full path of a corpus file. For a file whose name (or a folder's
    /// name on the way) is not UTF-8, found by `walk()`, a `/proc/self/fd/N`
    /// path that opens it.
    package func fullPath(_ path: String) -> String {
        oddNames.path(path) ?? CorpusPaths.join(root, path)
    }

    /// Reads one file. Never throws: problems become skipped items or warnings.
    public func read(_ path: String) -> FileResult {
        read(path, contents: CorpusPaths.contents(fullPath(path)))
    }

    /// Reads one file whose bytes the caller already has (nil: unreadable).
    /// A plain text's bytes are let go once decoded, before its year is
    /// looked for, so a caller that hands them over (`consume`) never holds
    /// a large file's text three times (bytes, text, normalized text).
    /// With `textYearLater`, a plain text's document comes without its year,
    /// for the caller to find with `resolveYear(ofText:)` while it does
    /// other work with the text (a large text's year takes a pass over it).
    public func read(_ path: String, contents: consuming Data?, textYearLater: Bool = false) -> FileResult {
        let format = self.format(of: path)
        var result = FileResult(path: path, format: format, bytes: 0)
        guard var data = contents.take() else {
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
            if format == .text {
                let decoded = try data.withUnsafeBytes { try decode($0.bindMemory(to: UInt8.self), encoding: encoding, into: &result) }
                data = Data()
                try addText(decoded, findingYear: !textYearLater, into: &result)
                return result
            }
            // The file's bytes are read in place; only the HTML and XML readers take an array.
            try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                switch format {
                case .jsonl: try readJSONLines(bytes, encoding: encoding, into: &result)
                case .csv: try readDelimited(bytes, delimiter: ",", encoding: encoding, into: &result)
                case .tsv: try readDelimited(bytes, delimiter: "\t", encoding: encoding, into: &result)
                case .html: try readHTML([UInt8](bytes), encoding: encoding, into: &result)
                case .xml: try readXML([UInt8](bytes), into: &result)
                case .text: break  // read above, without this closure's hold on the bytes
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

    // MARK: Decoding (each format's reader is in Readers/ and Chronology/)

    func decode(_ bytes: UnsafeBufferPointer<UInt8>, encoding: String?, into result: inout FileResult) throws -> DecodedText {
        let decoded = try TextDecoding.decode(bytes, encoding: encoding)
        if let guess = decoded.guess { result.warnings.append(SkippedItem(source: result.path, reason: guess)) }
        if decoded.replacements > 0 {
            result.warnings.append(
                SkippedItem(source: result.path, reason: "\(decoded.replacements) invalid byte sequence(s) in \(decoded.encoding) replaced by U+FFFD")
            )
        }
        return decoded
    }

    /// The encoding a file is declared to be in (command line, file rule or
    /// configuration); nil: detected.
    package func declaredEncoding(_ path: String) -> String? {
        encodingOverride ?? rule(for: path)?.encoding ?? config.encoding
    }

    // MARK: Shared steps

    /// The text without the configuration's boilerplate; a pattern that
    /// exceeds its work limit fails the document (a named, skipped item).
    func stripBoilerplate(_ text: String) throws -> String {
        var s = text
        for pattern in strip { s = try pattern.apply(s) }
        return s
    }

    /// The year of a plain text's document read with `textYearLater`: what
    /// `read` would have found.
    public func resolveYear(ofText doc: inout Document) { resolveYear(&doc, metadataYear: nil) }

    func resolveYear(_ doc: inout Document, metadataYear: String?, creationDate: String? = nil) {
        if let found = YearResolver.resolve(
            metadataYear: metadataYear, metadataDate: doc.date, title: doc.title,
            docNumber: doc.docNumber, text: doc.text, creationDate: creationDate, filename: doc.source)
        {
            doc.year = found.year
            doc.yearSource = found.source
        } else if let year = rule(for: doc.source)?.year {
            doc.year = year
            doc.yearSource = .config
        }
    }

}

extension CorpusReader {
    /// The document `id` names: looked up in the corpus at `corpus` (its own
    /// file first, then every file), or, when the corpus has no document with
    /// that ID (or there is no corpus there) and `id` before any `#N` is a
    /// file on disk, read from that file as a corpus of one. Nil when neither
    /// finds it.
    package static func document(_ id: String, corpus: String, format: DocumentFormat? = nil, encoding: String? = nil) throws -> Document? {
        let file = String(id.split(separator: "#", maxSplits: 1).first ?? Substring(id))
        var isDir: ObjCBool = false
        let onDisk = FileManager.default.fileExists(atPath: file, isDirectory: &isDir) && !isDir.boolValue
        if FileManager.default.fileExists(atPath: corpus) {
            let reader = try CorpusReader(path: corpus, format: format, encoding: encoding)
            // An archive member's archive is before `!`.
            var file = file
            if let bang = file.firstIndex(of: Character(CorpusReader.archiveSeparator)),
                !FileManager.default.fileExists(atPath: reader.fullPath(file))
            {
                file = String(file[..<bang])
            }
            let files = try reader.files()
            for f in files.filter({ $0 == file }) + files.filter({ $0 != file }) {
                if let d = reader.read(f).documents.first(where: { $0.id == id }) { return d }
            }
        } else if !onDisk {
            throw IngestError(
                file: corpus, line: nil, reason: "no such file or folder (the corpus to look \(id) up in); give --corpus, or a file path")
        }
        guard onDisk else { return nil }
        let single = try CorpusReader(path: file, format: format, encoding: encoding)
        let name = (file as NSString).lastPathComponent
        let wanted = name + id.dropFirst(file.count)
        let documents = single.read(name).documents
        return documents.first { $0.id == wanted } ?? (documents.count == 1 && wanted == name ? documents.first : nil)
    }
}
