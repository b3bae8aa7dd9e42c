import Foundation
import GRDB
import PolicyTraceIngest
import PolicyTraceTag

/// The resumable store: an SQLite database (WAL mode) holding every file
/// read (with its SHA-256), its documents with their text and metadata, their
/// mentions, and the runs that wrote them. A file's rows are committed in one
/// transaction, so a run killed at any point leaves only complete files, and
/// the next run skips them. Shards' stores are what `policytrace merge`
/// combines.
public final class Store: @unchecked Sendable {
    /// A file, or one chunk of a large JSON Lines file.
    public struct UnitKey: Hashable, Sendable {
        public var path: String
        public var part: Int

        public init(path: String, part: Int) {
            self.path = path
            self.part = part
        }
    }

    /// What a unit was stored from: when all three match, it is not redone.
    public struct UnitState: Hashable, Sendable {
        public var sha256: String
        public var lexiconHash: String
        /// `i/N` for a shard's subset, empty for the whole unit.
        public var shard: String
    }

    public static let fileName = "policytrace.sqlite"
    public let path: String
    let pool: DatabasePool

    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: config)
        try pool.write { db in try db.execute(sql: Store.schema) }
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            lexicon_hash TEXT NOT NULL,
            shard TEXT NOT NULL,
            options TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS files (
            path TEXT NOT NULL,
            part INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            lexicon_hash TEXT NOT NULL,
            shard TEXT NOT NULL,
            format TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            events TEXT NOT NULL,
            skipped TEXT NOT NULL,
            warnings TEXT NOT NULL,
            run INTEGER NOT NULL,
            PRIMARY KEY (path, part)
        );
        CREATE TABLE IF NOT EXISTS documents (
            path TEXT NOT NULL,
            part INTEGER NOT NULL,
            ordinal INTEGER NOT NULL,
            id TEXT NOT NULL,
            record INTEGER,
            year INTEGER,
            year_source TEXT,
            title TEXT,
            issuer TEXT,
            doc_number TEXT,
            date TEXT,
            lang TEXT NOT NULL,
            encoding TEXT NOT NULL,
            metadata TEXT NOT NULL,
            tokens INTEGER NOT NULL,
            stats TEXT,
            text TEXT NOT NULL,
            PRIMARY KEY (path, part, ordinal)
        );
        CREATE INDEX IF NOT EXISTS documents_id ON documents (id);
        CREATE TABLE IF NOT EXISTS mentions (
            path TEXT NOT NULL,
            part INTEGER NOT NULL,
            ordinal INTEGER NOT NULL,
            n INTEGER NOT NULL,
            doc TEXT NOT NULL,
            concepts TEXT NOT NULL,
            term TEXT NOT NULL,
            lang TEXT NOT NULL,
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            utf8_start INTEGER NOT NULL,
            utf8_end INTEGER NOT NULL,
            PRIMARY KEY (path, part, ordinal, n)
        );
        """

    /// The state of every stored unit.
    public func states() throws -> [UnitKey: UnitState] {
        try pool.read { db in
            var out: [UnitKey: UnitState] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT path, part, sha256, lexicon_hash, shard FROM files")
            while let r = try rows.next() {
                out[UnitKey(path: r[0], part: r[1])] = UnitState(sha256: r[2], lexiconHash: r[3], shard: r[4])
            }
            return out
        }
    }

    public func beginRun(lexiconHash: String, shard: String, options: String) throws -> Int64 {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO runs (started, lexicon_hash, shard, options) VALUES (?, ?, ?, ?)",
                           arguments: [Store.timestamp(), lexiconHash, shard, options])
            return db.lastInsertedRowID
        }
    }

    public func finishRun(_ id: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE runs SET finished = ? WHERE id = ?", arguments: [Store.timestamp(), id])
        }
    }

    /// The latest run: its lexicon hash, shard, options (JSON) and whether it finished.
    public func lastRun() throws -> (lexiconHash: String, shard: String, options: String, finished: Bool)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT lexicon_hash, shard, options, finished FROM runs ORDER BY id DESC LIMIT 1").map {
                (lexiconHash: $0[0], shard: $0[1], options: $0[2], finished: ($0[3] as String?) != nil)
            }
        }
    }

    /// Lower-case hexadecimal of a digest.
    public static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T? {
        guard let text else { return nil }
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// A JSON array of plain strings (concept IDs), written without an encoder.
    static func stringArray(_ items: [String]) -> String {
        guard items.allSatisfy({ !$0.utf8.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 } }) else { return json(items) }
        return "[" + items.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }

    static func decodeStringArray(_ text: String) throws -> [String] {
        guard !text.contains("\\") else { return try decode([String].self, text) ?? [] }
        if text == "[]" { return [] }
        return text.dropFirst(2).dropLast(2).components(separatedBy: "\",\"")
    }

    static func jsonList<T: Encodable>(_ items: [T]) -> String {
        items.isEmpty ? "[]" : json(items)
    }

    static func decodeList<T: Decodable>(_ type: T.Type, _ text: String) throws -> [T] {
        text == "[]" ? [] : try decode([T].self, text) ?? []
    }

    static func decodeMetadata(_ text: String) throws -> [String: String] {
        text == "{}" ? [:] : try decode([String: String].self, text) ?? [:]
    }

    /// Replaces a unit's rows with `result` and its documents' tags, in one
    /// transaction. `ordinals[i]` is the position of `result.documents[i]`
    /// in the unit (a shard keeps only some of a file's records).
    public func save(_ result: FileResult, ordinals: [Int], tagged: [TagResult], state: UnitState, run: Int64) throws {
        try pool.write { db in
            for table in ["files", "documents", "mentions"] {
                try db.cachedStatement(sql: "DELETE FROM \(table) WHERE path = ? AND part = ?").execute(arguments: [result.path, result.part])
            }
            try db.cachedStatement(sql: """
                INSERT INTO files (path, part, sha256, lexicon_hash, shard, format, bytes, events, skipped, warnings, run)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [result.path, result.part, state.sha256, state.lexiconHash, state.shard, result.format.rawValue,
                                 result.bytes, Store.jsonList(result.events), Store.jsonList(result.skipped), Store.jsonList(result.warnings), run])
            let docInsert = try db.cachedStatement(sql: """
                INSERT INTO documents (path, part, ordinal, id, record, year, year_source, title, issuer, doc_number, date,
                                       lang, encoding, metadata, tokens, stats, text)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let mentionInsert = try db.cachedStatement(sql: """
                INSERT INTO mentions (path, part, ordinal, n, doc, concepts, term, lang, text, start, "end", utf8_start, utf8_end)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for ((doc, ordinal), tag) in zip(zip(result.documents, ordinals), tagged) {
                let stats: String? = tag.stats == TagStats() ? nil : Store.json(tag.stats)
                try docInsert.execute(arguments: [
                    result.path, result.part, ordinal, doc.id, doc.record, doc.year, doc.yearSource?.rawValue, doc.title,
                    doc.issuer, doc.docNumber, doc.date, doc.language, doc.encoding, doc.metadata.isEmpty ? "{}" : Store.json(doc.metadata), tag.tokens,
                    stats, doc.text,
                ])
                for (n, m) in tag.mentions.enumerated() {
                    try mentionInsert.execute(arguments: [
                        result.path, result.part, ordinal, n, doc.id, Store.stringArray(m.concepts), m.term, m.language.rawValue,
                        m.text, m.start, m.end, m.utf8Start, m.utf8End,
                    ])
                }
            }
        }
    }

    /// A stored unit as the pipeline first saw it: the file result with its
    /// documents in order, and each document's tags.
    public func load(_ key: UnitKey) throws -> (FileResult, [TagResult])? {
        try pool.read { db in
            guard let f = try Row.fetchOne(db.cachedStatement(sql: "SELECT format, bytes, events, skipped, warnings FROM files WHERE path = ? AND part = ?"),
                                           arguments: [key.path, key.part]) else { return nil }
            var result = FileResult(path: key.path, format: DocumentFormat(rawValue: f[0]) ?? .text, bytes: f[1])
            result.part = key.part
            result.events = try Store.decodeList(ChronologyEvent.self, f[2])
            result.skipped = try Store.decodeList(SkippedItem.self, f[3])
            result.warnings = try Store.decodeList(SkippedItem.self, f[4])

            var mentions: [Int: [Mention]] = [:]
            let mrows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT ordinal, concepts, term, lang, text, start, "end", utf8_start, utf8_end FROM mentions
                WHERE path = ? AND part = ? ORDER BY ordinal, n
                """), arguments: [key.path, key.part])
            while let r = try mrows.next() {
                let m = Mention(concepts: try Store.decodeStringArray(r[1]), term: r[2], language: Language(rawValue: r[3]) ?? .en,
                                text: r[4], start: r[5], end: r[6], utf8Start: r[7], utf8End: r[8])
                mentions[r[0], default: []].append(m)
            }
            var tagged: [TagResult] = []
            let drows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT ordinal, id, record, year, year_source, title, issuer, doc_number, date, lang, encoding, metadata,
                       tokens, stats, text FROM documents WHERE path = ? AND part = ? ORDER BY ordinal
                """), arguments: [key.path, key.part])
            while let r = try drows.next() {
                let ordinal: Int = r[0]
                let doc = Document(id: r[1], source: key.path, record: r[2], text: r[14], year: r[3],
                                   yearSource: (r[4] as String?).flatMap(YearSource.init(rawValue:)), title: r[5], issuer: r[6],
                                   docNumber: r[7], date: r[8], language: r[9], encoding: r[10],
                                   metadata: try Store.decodeMetadata(r[11]))
                result.documents.append(doc)
                tagged.append(TagResult(mentions: mentions[ordinal] ?? [], stats: try Store.decode(TagStats.self, r[13]) ?? TagStats(), tokens: r[12]))
            }
            return (result, tagged)
        }
    }

    /// Deletes every unit not in `keep` (files gone from the corpus, chunks
    /// past a shrunken file's end).
    public func prune(keeping keep: Set<UnitKey>) throws {
        let stale = try states().keys.filter { !keep.contains($0) }
        guard !stale.isEmpty else { return }
        try pool.write { db in
            for key in stale {
                for table in ["files", "documents", "mentions"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE path = ? AND part = ?", arguments: [key.path, key.part])
                }
            }
        }
    }

    /// Copies the units of another store (a shard's) into this one, keeping
    /// the rows already here; then marks every unit as whole (shard empty).
    public func absorb(_ other: String) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [other])
            defer { try? db.execute(sql: "DETACH DATABASE shard") }
            try db.inTransaction {
                try db.execute(sql: "INSERT OR IGNORE INTO main.files SELECT * FROM shard.files")
                try db.execute(sql: "INSERT OR IGNORE INTO main.documents SELECT * FROM shard.documents")
                try db.execute(sql: "INSERT OR IGNORE INTO main.mentions SELECT * FROM shard.mentions")
                try db.execute(sql: "UPDATE main.files SET shard = ''")
                return .commit
            }
        }
    }
}

extension Store {
    /// The integer an SQL query returns (first column of the first row); 0 for none.
    public func integer(_ sql: String) throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}
