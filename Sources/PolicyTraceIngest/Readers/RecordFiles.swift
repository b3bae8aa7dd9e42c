import Foundation
import PolicyTraceText

/// JSON Lines, CSV and TSV files: one document per record, read whole or
/// chunk by chunk (`ChunkPlanner`), with the record's own fields as metadata.
extension CorpusReader {
    /// True when a large file may be read chunk by chunk: JSON Lines, CSV or
    /// TSV in an encoding where a line feed byte is always a line feed (UTF-8,
    /// GB18030, Big5, …; not UTF-16 or UTF-32), so each chunk decodes as
    /// that part of the whole file would.
    package func streamsRecords(_ path: String) -> Bool {
        guard [.jsonl, .csv, .tsv].contains(format(of: path)) else { return false }
        guard let declared = declaredEncoding(path)?.uppercased() else { return true }
        return !["UTF-16", "UTF16", "UTF-32", "UTF32", "UCS-2", "UCS2", "UCS-4", "UCS4"].contains { declared.hasPrefix($0) }
    }

    /// Reads one chunk of a JSON Lines, CSV or TSV file: `data` holds the
    /// chunk's bytes. Line and record numbers continue from the chunks
    /// before it, so the documents are those the whole-file read gives.
    package func read(_ path: String, chunk: FileChunk, data: Data) -> FileResult {
        let format = self.format(of: path)
        var result = FileResult(path: path, format: format, bytes: data.count)
        result.part = chunk.part
        let encoding = declaredEncoding(path)
        do {
            try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                switch format {
                case .csv, .tsv:
                    try readDelimited(
                        bytes, delimiter: format == .csv ? "," : "\t", encoding: encoding, into: &result,
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
    package static func isBlankLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.allSatisfy({ $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) { return true }
        guard bytes.count <= 64, bytes.allSatisfy({ $0 >= 0x80 || $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) else { return false }
        return String(decoding: bytes, as: UTF8.self).allSatisfy(\.isWhitespace)
    }

    func readJSONLines(
        _ bytes: UnsafeBufferPointer<UInt8>, encoding: String?, into result: inout FileResult, firstLine: Int = 0, firstRecord: Int = 0
    ) throws {
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

    func readDelimited(
        _ bytes: UnsafeBufferPointer<UInt8>, delimiter: Character, encoding: String?, into result: inout FileResult,
        header: [UInt8]? = nil, firstLine: Int = 0, firstRecord: Int = 0
    ) throws {
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
                    result.skipped.append(
                        SkippedItem(source: result.path, line: rec.line, reason: "row has \(rec.fields.count) fields, the header has \(names.count)"))
                    continue
                }
                addRecord(
                    Dictionary(zip(names, rec.fields), uniquingKeysWith: { a, _ in a }), record: firstRecord + i + 1, line: rec.line,
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
            result.skipped.append(
                SkippedItem(source: result.path, line: line, reason: "no text field (looked for \(f.text.joined(separator: ", ")))"))
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
        var doc = Document(
            id: id, source: result.path, record: record, text: text, title: first(f.title),
            issuer: first(f.issuer), docNumber: first(f.docNumber), date: first(f.date), encoding: encoding,
            metadata: fields.filter { !roles.contains($0.key) })
        resolveYear(&doc, metadataYear: first(f.year))
        result.documents.append(doc)
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
