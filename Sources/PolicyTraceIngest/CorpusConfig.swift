import Foundation
import Yams

/// The optional `policytrace.yaml` of a corpus folder: how to read what is
/// in it. Every key is optional.
///
/// ```yaml
/// records: {text: content, id: id, title: title, year: year, date: date}
/// encoding: GB18030            # for text files whose encoding is not detected right
/// files:                       # per-file settings, first matching glob wins
///   - {match: "table1_*.txt", format: chronology}
///   - {match: "archive/*.txt", encoding: Big5, year: 1998}
/// strip:                       # boilerplate removed from every document
///   - {from: "\n本作品(是|来自)中华人民共和国"}   # regex: cut from the first match to the end
///   - {pattern: "\\[编辑\\]"}                    # regex: remove every match
/// xml: {text: "//body", title: "//head/title", year: "//meta/@year", namespaces: {t: "urn:x"}}
/// issuers: issuers.tsv         # issuer abbreviations, added to the built-in table
/// ignore: ["notes/*"]          # files that are not documents
/// ```
package struct CorpusConfig: Sendable, Equatable {
    /// Which record field (JSON Lines key or CSV column) holds what.
    struct Fields: Sendable, Equatable {
        var text = ["content", "text", "body", "full_text"]
        var id = ["id", "doc_id"]
        var title = ["title", "headline"]
        var year = ["year"]
        var date = ["date", "published", "pub_date"]
        var issuer = ["issuer", "agency", "author"]
        var docNumber = ["doc_number", "document_number"]
        init() {}
    }

    struct FileRule: Sendable, Equatable {
        var match: String
        var format: DocumentFormat?
        var encoding: String?
        var year: Int?
    }

    enum StripRule: Sendable, Equatable {
        /// Cut from the first match of the regex to the end of the text.
        case from(String)
        /// Remove every match of the regex.
        case pattern(String)
    }

    var fields = Fields()
    var encoding: String?
    var files: [FileRule] = []
    var strip: [StripRule] = []
    var xml = XMLOptions()
    package var issuers: String?
    var ignore: [String] = []

    init() {}

    /// The configuration file's name inside a corpus folder.
    package static let fileName = "policytrace.yaml"

    /// Reads `policytrace.yaml`; errors name the file and line.
    static func load(path: String) throws -> CorpusConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw IngestError(file: path, line: nil, reason: "cannot read the corpus configuration as UTF-8")
        }
        return try parse(text, file: path)
    }

    static func parse(_ yaml: String, file: String) throws -> CorpusConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            var line: Int?
            switch error {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): line = mark.line
            default: break
            }
            throw IngestError(file: file, line: line, reason: "YAML syntax: \(error)")
        }
        var config = CorpusConfig()
        guard let root else { return config }
        guard root.mapping != nil else { throw IngestError(file: file, line: root.mark?.line, reason: "expected a mapping of settings") }
        func strings(_ node: Node?) -> [String]? {
            guard let node else { return nil }
            if let s = node.string { return [s] }
            return node.sequence?.compactMap(\.string)
        }
        func fail(_ node: Node?, _ reason: String) -> IngestError { IngestError(file: file, line: node?.mark?.line, reason: reason) }
        let known: Set<String> = ["records", "encoding", "files", "strip", "xml", "issuers", "ignore"]
        for (key, _) in root.mapping! where !known.contains(key.string ?? "") {
            throw fail(key, "unknown setting `\(key.string ?? "?")` (known: \(known.sorted().joined(separator: ", ")))")
        }
        if let r = root["records"] {
            guard r.mapping != nil else { throw fail(r, "`records` must map field roles to names") }
            if let v = strings(r["text"]) { config.fields.text = v }
            if let v = strings(r["id"]) { config.fields.id = v }
            if let v = strings(r["title"]) { config.fields.title = v }
            if let v = strings(r["year"]) { config.fields.year = v }
            if let v = strings(r["date"]) { config.fields.date = v }
            if let v = strings(r["issuer"]) { config.fields.issuer = v }
            if let v = strings(r["doc_number"]) { config.fields.docNumber = v }
        }
        config.encoding = root["encoding"]?.string
        for item in root["files"]?.sequence ?? [] {
            guard let match = item["match"]?.string else { throw fail(item, "a `files` entry needs `match: GLOB`") }
            var format: DocumentFormat?
            if let f = item["format"]?.string {
                guard let parsed = DocumentFormat(rawValue: f) else {
                    throw fail(item["format"], "unknown format `\(f)` (use \(DocumentFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                format = parsed
            }
            config.files.append(FileRule(match: match, format: format, encoding: item["encoding"]?.string, year: item["year"]?.int))
        }
        for item in root["strip"]?.sequence ?? [] {
            if let from = item["from"]?.string {
                config.strip.append(.from(from))
            } else if let pattern = item["pattern"]?.string {
                config.strip.append(.pattern(pattern))
            } else {
                throw fail(item, "a `strip` entry needs `from: REGEX` or `pattern: REGEX`")
            }
            let regex = item["from"]?.string ?? item["pattern"]?.string ?? ""
            if (try? NSRegularExpression(pattern: regex)) == nil { throw fail(item, "invalid regular expression `\(regex)`") }
        }
        if let x = root["xml"] {
            config.xml.textXPath = x["text"]?.string
            config.xml.titleXPath = x["title"]?.string
            config.xml.yearXPath = x["year"]?.string
            config.xml.dateXPath = x["date"]?.string
            for (k, v) in x["namespaces"]?.mapping ?? [:] { config.xml.namespaces[k.string ?? ""] = v.string }
        }
        config.issuers = root["issuers"]?.string
        config.ignore = strings(root["ignore"]) ?? []
        return config
    }
}

/// The formats PolicyTrace reads, chosen by file extension unless overridden.
public enum DocumentFormat: String, Sendable, CaseIterable, Codable {
    case text, html, xml, jsonl, csv, tsv, chronology, pdf, docx, odt, ofd, zip
    case tarGz = "tar.gz"

    /// `.txt`/`.md` → text, `.html`/`.htm` → html, `.xml`/`.tei` → xml,
    /// `.jsonl`/`.ndjson` → jsonl, `.csv` → csv, `.tsv` → tsv, `.pdf`,
    /// `.docx`, `.odt`, `.ofd`, `.zip`, `.tar.gz`/`.tgz` (archives of
    /// documents); nil otherwise.
    init?(extension ext: String) {
        switch ext.lowercased() {
        case "txt", "text", "md", "markdown": self = .text
        case "html", "htm", "xhtml", "shtml": self = .html
        case "xml", "tei": self = .xml
        case "jsonl", "ndjson": self = .jsonl
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        case "pdf": self = .pdf
        case "docx": self = .docx
        case "odt": self = .odt
        case "ofd": self = .ofd
        case "zip": self = .zip
        case "gz", "tgz": self = .tarGz
        default: return nil
        }
    }
}

/// A problem with an input, named by file and (where there is one) line.
public struct IngestError: Error, Equatable, CustomStringConvertible {
    var file: String
    var line: Int?
    var reason: String

    init(file: String, line: Int?, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)" }
}
