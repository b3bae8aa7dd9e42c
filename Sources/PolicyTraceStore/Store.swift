import Foundation
import GRDB
import GRDBSQLite
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceTag

/// The resumable store: an SQLite database (WAL mode) holding every file
/// read (with its SHA-256), its documents with their text and metadata, their
/// mentions (a JSON array per document in `mention_lists`, read as rows
/// through the `mentions` view), and the runs that wrote them. A file's rows are committed in one
/// transaction, so a run killed at any point leaves only complete files, and
/// the next run skips them. Shards' stores are what `policytrace merge`
/// combines.
package final class Store: @unchecked Sendable {
    /// A file, or one chunk of a large JSON Lines file.
    package struct UnitKey: Hashable, Sendable {
        package var path: String
        var part: Int

        package init(path: String, part: Int) {
            self.path = path
            self.part = part
        }
    }

    /// What a unit was stored from: when all three match, it is not redone.
    package struct UnitState: Hashable, Sendable {
        package var sha256: String
        package var configurationHash: String
        /// `i/N` for a shard's subset, empty for the whole unit.
        package var shard: String

        package init(sha256: String, configurationHash: String, shard: String) {
            (self.sha256, self.configurationHash, self.shard) = (sha256, configurationHash, shard)
        }
    }

    package static let fileName = "policytrace.sqlite"
    let path: String
    let pool: DatabasePool

    package init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        var config = Configuration()
        // Another process on the same store (a run starting beside one that
        // is writing, which `RunLock` then stops) waits for SQLite's locks
        // instead of failing with "database is locked".
        config.busyMode = .timeout(60)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 64 KiB pages for a new store (an existing one keeps its own): a
            // document's text is a chain of overflow pages, and a 64 MB text
            // written as 1,000 pages rather than 16,000 goes through the
            // write-ahead log and into the file in about half the time.
            try db.execute(sql: "PRAGMA page_size = 65536")
            // A checkpoint each 32 MiB of log, whatever the page size.
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \((32 << 20) / pageSize)")
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        pool = try Self.open(path, config)
        try pool.write { db in
            try db.execute(sql: Store.schema)
            if try !db.columns(in: "runs").contains(where: { $0.name == "summary" }) {
                try db.execute(sql: "ALTER TABLE runs ADD COLUMN summary TEXT")
            }
            // Pages (PDF, OFD): where each page starts in the text, and each mention's page.
            if try !db.columns(in: "documents").contains(where: { $0.name == "page_starts" }) {
                try db.execute(sql: "ALTER TABLE documents ADD COLUMN page_starts TEXT")
            }
            try Store.migrateMentionRows(db)
            try db.execute(sql: Store.mentionsView)
        }
    }

    /// A store made before mention lists holds a row per mention in a
    /// `mentions` table: its rows become lists, and the table gives way to
    /// the view of the same name and columns.
    static func migrateMentionRows(_ db: Database) throws {
        guard try String.fetchOne(db, sql: "SELECT type FROM sqlite_master WHERE name = 'mentions'") == "table" else { return }
        if try !db.columns(in: "mentions").contains(where: { $0.name == "page" }) {
            try db.execute(sql: "ALTER TABLE mentions ADD COLUMN page INTEGER")
        }
        try db.execute(
            sql: """
                INSERT INTO mention_lists (path, part, ordinal, first, doc, mentions)
                SELECT path, part, ordinal, 0, doc,
                       json_group_array(json_array(json(concepts), term, lang, text, start, "end", utf8_start, utf8_end, page))
                FROM (SELECT * FROM mentions ORDER BY path, part, ordinal, n) GROUP BY path, part, ordinal;
                DROP TABLE mentions;
                """)
    }

    /// Mentions written per document, `listLength` at most to a row.
    static let listLength = 1024

    /// The tables holding a unit's rows, keyed by its `path` and `part`.
    static let unitTables = ["files", "documents", "mention_lists"]

    static let schema = """
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            lexicon_hash TEXT NOT NULL,
            shard TEXT NOT NULL,
            options TEXT NOT NULL,
            summary TEXT
        );
        CREATE TABLE IF NOT EXISTS outputs (
            name TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            inode INTEGER NOT NULL
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
            page_starts TEXT,
            PRIMARY KEY (path, part, ordinal)
        );
        CREATE INDEX IF NOT EXISTS documents_id ON documents (id);
        -- A document's mentions from the `first`-th on, as a JSON array of
        -- [concepts, term, lang, text, start, end, utf8_start, utf8_end, page]:
        -- one row per document rather than per mention (a row per mention was
        -- most of what the store cost a run over many files).
        CREATE TABLE IF NOT EXISTS mention_lists (
            path TEXT NOT NULL,
            part INTEGER NOT NULL,
            ordinal INTEGER NOT NULL,
            first INTEGER NOT NULL,
            doc TEXT NOT NULL,
            mentions TEXT NOT NULL,
            PRIMARY KEY (path, part, ordinal, first)
        );
        """

    /// A row per mention, as queries (and stores before mention lists) have them.
    static let mentionsView = """
        CREATE VIEW IF NOT EXISTS mentions AS
        SELECT l.path, l.part, l.ordinal, l.first + m.key AS n, l.doc,
               json_extract(m.value, '$[0]') AS concepts, json_extract(m.value, '$[1]') AS term,
               json_extract(m.value, '$[2]') AS lang, json_extract(m.value, '$[3]') AS text,
               json_extract(m.value, '$[4]') AS start, json_extract(m.value, '$[5]') AS "end",
               json_extract(m.value, '$[6]') AS utf8_start, json_extract(m.value, '$[7]') AS utf8_end,
               json_extract(m.value, '$[8]') AS page
        FROM mention_lists l, json_each(l.mentions) m
        """

    /// The state of every stored unit.
    package func states() throws -> [UnitKey: UnitState] {
        try pool.read { db in
            var out: [UnitKey: UnitState] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT path, part, sha256, lexicon_hash, shard FROM files")
            while let r = try rows.next() {
                out[UnitKey(path: r[0], part: r[1])] = UnitState(sha256: r[2], configurationHash: r[3], shard: r[4])
            }
            return out
        }
    }

    /// Held from `beginRun` on: one writing run per store (see `RunLock`).
    private var runLock: RunLock?

    /// Opens the pool. Switching a new database to WAL takes a lock that
    /// SQLite's busy timeout does not wait for: two processes opening one
    /// new store retry for a while instead of failing "database is locked".
    static func open(_ path: String, _ config: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: config)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 100 {
                attempt += 1
                usleep(100_000)
            }
        }
    }

    package func beginRun(configurationHash: String, shard: String, options: String) throws -> Int64 {
        if runLock == nil { runLock = try RunLock(store: path) }
        return try pool.write { db in
            try db.execute(
                sql: "INSERT INTO runs (started, lexicon_hash, shard, options) VALUES (?, ?, ?, ?)",
                arguments: [Store.timestamp(), configurationHash, shard, options])
            return db.lastInsertedRowID
        }
    }

    /// An output file as a run left it: its SHA-256, and the size,
    /// modification time and inode that tell, without reading it, that it
    /// has not been touched since.
    package struct OutputFile: Equatable, Sendable {
        package var sha256: String
        package var identity: FileHashing.Identity

        package init(sha256: String, identity: FileHashing.Identity) {
            (self.sha256, self.identity) = (sha256, identity)
        }
    }

    /// Marks a run finished. `outputs` (every file it wrote, by name)
    /// replaces the recorded outputs; nil keeps them (a run that found
    /// everything up to date). `summary` is its summary's lines.
    package func finishRun(_ id: Int64, outputs: [String: OutputFile]? = nil, summary: [String]? = nil) throws {
        try pool.write { db in
            if let outputs {
                try db.execute(sql: "DELETE FROM outputs")
                let insert = try db.cachedStatement(sql: "INSERT INTO outputs (name, sha256, size, mtime_ns, inode) VALUES (?, ?, ?, ?, ?)")
                for (name, f) in outputs.sorted(by: { $0.key < $1.key }) {
                    try insert.execute(arguments: [name, f.sha256, f.identity.size, f.identity.mtimeNanoseconds, Int64(bitPattern: f.identity.inode)])
                }
            }
            try db.execute(
                sql: "UPDATE runs SET finished = ?, summary = ? WHERE id = ?",
                arguments: [Store.timestamp(), summary.map { Store.json($0) }, id])
        }
    }

    /// The output files of the last run that wrote any, by name.
    package func outputs() throws -> [String: OutputFile] {
        try pool.read { db in
            var out: [String: OutputFile] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, sha256, size, mtime_ns, inode FROM outputs") {
                out[row[0]] = OutputFile(
                    sha256: row[1],
                    identity: FileHashing.Identity(
                        size: row[2], mtimeNanoseconds: row[3],
                        inode: UInt64(bitPattern: row[4])))
            }
            return out
        }
    }

    /// The size of every stored file (its chunks together), by path.
    package func fileSizes() throws -> [String: Int] {
        try pool.read { db in
            var out: [String: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT path, SUM(bytes) FROM files GROUP BY path")
            while let r = try rows.next() { out[r[0]] = r[1] }
            return out
        }
    }

    /// The latest run: its lexicon hash, shard, options (JSON), whether and
    /// when it finished, and its summary lines.
    package func lastRun() throws -> (
        configurationHash: String, shard: String, options: String, finished: Bool, finishedAt: String?, summary: [String]?
    )? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT lexicon_hash, shard, options, finished, summary FROM runs ORDER BY id DESC LIMIT 1").map {
                (
                    configurationHash: $0[0], shard: $0[1], options: $0[2], finished: ($0[3] as String?) != nil, finishedAt: $0[3],
                    summary: try Store.decode([String].self, $0[4] as String?)
                )
            }
        }
    }

    /// Lower-case hexadecimal of a digest.
    package static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let bytes = Array(bytes)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (i, b) in bytes.enumerated() {
                out[2 * i] = hexDigits[Int(b >> 4)]
                out[2 * i + 1] = hexDigits[Int(b & 15)]
            }
            return bytes.count * 2
        }
    }
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    package static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    package static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T? {
        guard let text else { return nil }
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// A document's tagging figures as JSON, written without an encoder when
    /// no term needs escaping (terms in code-point order): JSONEncoder was 3%
    /// of a stored run's samples over many small files.
    static func statsJSON(_ stats: TagStats) -> String {
        let fields = [
            ("excluded", stats.excluded), ("nestedOtherFamily", stats.nestedOtherFamily),
            ("rejectedWordEdge", stats.rejectedWordEdge), ("ruledOut", stats.ruledOut), ("suppressedNested", stats.suppressedNested),
        ]
        guard fields.allSatisfy({ $0.1.keys.allSatisfy(isPlain) }) else { return json(stats) }
        var out = "{"
        for (k, (name, counts)) in fields.enumerated() {
            out += (k == 0 ? "\"" : ",\"") + name + "\":{"
            for (i, (term, count)) in counts.sorted(by: { $0.key < $1.key }).enumerated() {
                out += (i == 0 ? "\"" : ",\"") + term + "\":" + String(count)
            }
            out += "}"
        }
        return out + "}"
    }

    /// Needs no escaping in a JSON string.
    private static func isPlain(_ s: String) -> Bool {
        !s.utf8.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F }
            && !s.unicodeScalars.contains { $0.value == 0x2028 || $0.value == 0x2029 }
    }

    /// `[0,812,1650]` → the numbers; nil for NULL (a document without pages).
    static func decodeIntArray(_ text: String?) -> [Int]? {
        guard let text else { return nil }
        return text.dropFirst().dropLast().split(separator: ",").compactMap { Int($0) }
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

    /// One unit to store: `result` and its documents' tags. `ordinals[i]`
    /// is the position of `result.documents[i]` in the unit (a shard keeps
    /// only some of a file's records). `replacing`: the store may hold an
    /// older version of the unit, deleted first.
    package struct Saved {
        var result: FileResult
        var ordinals: [Int]
        var tagged: [TagResult]
        var state: UnitState
        var replacing: Bool

        package init(result: FileResult, ordinals: [Int], tagged: [TagResult], state: UnitState, replacing: Bool = true) {
            self.result = result
            self.ordinals = ordinals
            self.tagged = tagged
            self.state = state
            self.replacing = replacing
        }
    }

    /// Replaces a unit's rows with `result` and its documents' tags, in one
    /// transaction.
    func save(_ result: FileResult, ordinals: [Int], tagged: [TagResult], state: UnitState, run: Int64) throws {
        try save([Saved(result: result, ordinals: ordinals, tagged: tagged, state: state)], run: run)
    }

    /// Stores several units in one transaction: after any crash each is
    /// there whole or not at all.
    package func save(_ units: [Saved], run: Int64) throws {
        guard !units.isEmpty else { return }
        try pool.write { db in
            for unit in units {
                try insert(
                    unit, db, run: run, streamed: [],
                    produce: { i, _ in (TagResult(mentions: [], stats: TagStats(), tokens: 0), unit.result.documents[i]) })
            }
        }
    }

    /// Stores one unit whose documents at `streamed` (indices into
    /// `unit.result.documents`) are too large to hold their mentions whole:
    /// `produce(i, append)` tags document `i`, hands its mentions to `append`
    /// a group at a time, in order, and returns its counts (mentions
    /// empty) and the document as tagging left it (a year found on the
    /// way). The unit is stored in one transaction, as `save` stores it;
    /// its other documents' tags come from `unit.tagged` (issue #18).
    package func save(
        _ unit: Saved, run: Int64, streamed: Set<Int>,
        produce: (_ document: Int, _ append: ([Mention]) throws -> Void) throws -> (counts: TagResult, document: Document)
    ) throws {
        try pool.write { db in try insert(unit, db, run: run, streamed: streamed, produce: produce) }
    }

    private func insert(
        _ unit: Saved, _ db: Database, run: Int64, streamed: Set<Int>,
        produce: (_ document: Int, _ append: ([Mention]) throws -> Void) throws -> (counts: TagResult, document: Document)
    ) throws {
        let result = unit.result, state = unit.state
        if unit.replacing {
            for table in Store.unitTables {
                try db.cachedStatement(sql: "DELETE FROM \(table) WHERE path = ? AND part = ?").execute(arguments: [result.path, result.part])
            }
        }
        let fileInsert = try RawInsert(
            db,
            db.cachedStatement(
                sql: """
                    INSERT INTO files (path, part, sha256, lexicon_hash, shard, format, bytes, events, skipped, warnings, run)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """))
        fileInsert.bind(
            result.path, result.part, state.sha256, state.configurationHash, state.shard, result.format.rawValue, result.bytes,
            Store.jsonList(result.events), Store.jsonList(result.skipped), Store.jsonList(result.warnings), Int(run))
        try fileInsert.step()
        let docInsert = try RawInsert(
            db,
            db.cachedStatement(
                sql: """
                    INSERT INTO documents (path, part, ordinal, id, record, year, year_source, title, issuer, doc_number, date,
                                           lang, encoding, metadata, tokens, stats, text, page_starts)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """))
        let listInsert = try RawInsert(
            db,
            db.cachedStatement(
                sql: "INSERT INTO mention_lists (path, part, ordinal, first, doc, mentions) VALUES (?, ?, ?, ?, ?, ?)"))
        var list = MentionLists.Writer()
        for (index, (doc, ordinal)) in zip(result.documents, unit.ordinals).enumerated() {
            var first = 0
            func flush() throws {
                guard list.count > 0 else { return }
                let count = list.count
                try list.take { bytes in
                    listInsert.bind(result.path, result.part, ordinal, first, doc.id)
                    try listInsert.step(text: bytes, at: 6)
                }
                first += count
            }
            func append(_ mentions: some Collection<Mention>) throws {
                for m in mentions {
                    list.append(m, page: doc.page(at: m.start))
                    if list.count == Store.listLength { try flush() }
                }
            }
            let tag: TagResult
            var doc = doc
            if streamed.contains(index) {
                (tag, doc) = try produce(index) { try append($0) }
            } else {
                tag = unit.tagged[index]
                try append(tag.mentions)
            }
            try flush()
            let stats: String? = tag.stats == TagStats() ? nil : Store.statsJSON(tag.stats)
            docInsert.bind(
                result.path, result.part, ordinal, doc.id, doc.record, doc.year, doc.yearSource?.rawValue, doc.title,
                doc.issuer, doc.docNumber, doc.date, doc.language, doc.encoding, doc.metadata.isEmpty ? "{}" : Store.json(doc.metadata),
                tag.tokens, stats, String?.none /* text: bound in place by step */,
                doc.pageStarts.map { "[" + $0.map(String.init).joined(separator: ",") + "]" })
            try docInsert.step(text: doc.text, at: 17)
        }
    }

    /// A stored unit as the pipeline first saw it: the file result with its
    /// documents in order, and each document's tags. A document of more than
    /// `untaggedAbove` UTF-8 bytes comes without its tags (nil), for the
    /// caller to tag again a segment at a time rather than hold its stored
    /// mentions whole (issue #18).
    package func load(_ key: UnitKey, untaggedAbove limit: Int? = nil) throws -> (FileResult, [TagResult?])? {
        try pool.read { db in
            guard
                let f = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT format, bytes, events, skipped, warnings FROM files WHERE path = ? AND part = ?"),
                    arguments: [key.path, key.part])
            else { return nil }
            var result = FileResult(path: key.path, format: DocumentFormat(rawValue: f[0]) ?? .text, bytes: f[1])
            result.part = key.part
            result.events = try Store.decodeList(ChronologyEvent.self, f[2])
            result.skipped = try Store.decodeList(SkippedItem.self, f[3])
            result.warnings = try Store.decodeList(SkippedItem.self, f[4])

            var ordinals: [Int] = [], counts: [(stats: TagStats, tokens: Int)?] = []
            let drows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT ordinal, id, record, year, year_source, title, issuer, doc_number, date, lang, encoding, metadata,
                               tokens, stats, text, page_starts FROM documents WHERE path = ? AND part = ? ORDER BY ordinal
                        """), arguments: [key.path, key.part])
            while let r = try drows.next() {
                let id: String = r[1]
                // A member of an archive has its own path (`a.zip!x.pdf`), the archive's plus `!`.
                let source = id.hasPrefix(key.path + CorpusReader.archiveSeparator) ? String(id.prefix { $0 != "#" }) : key.path
                let doc = Document(
                    id: id, source: source, record: r[2], text: r[14], year: r[3],
                    yearSource: (r[4] as String?).flatMap(YearSource.init(rawValue:)), title: r[5], issuer: r[6],
                    docNumber: r[7], date: r[8], language: r[9], encoding: r[10],
                    metadata: try Store.decodeMetadata(r[11]), pageStarts: Store.decodeIntArray(r[15]))
                result.documents.append(doc)
                ordinals.append(r[0])
                let large = limit.map { doc.text.utf8.count > $0 } ?? false
                counts.append(large ? nil : (try Store.decode(TagStats.self, r[13]) ?? TagStats(), r[12]))
            }
            var mentions: [Int: [Mention]] = [:]
            // The few large documents' mentions are left out in SQL, not read and dropped.
            let left = zip(ordinals, counts).compactMap { $1 == nil ? String($0) : nil }
            let except = left.isEmpty ? "" : " AND ordinal NOT IN (\(left.joined(separator: ",")))"
            let select = """
                SELECT ordinal, mentions FROM mention_lists WHERE path = ? AND part = ?\(except) ORDER BY ordinal, first
                """
            let mrows = try Row.fetchCursor(
                left.isEmpty ? db.cachedStatement(sql: select) : db.makeStatement(sql: select), arguments: [key.path, key.part])
            while let r = try mrows.next() {
                mentions[r[0], default: []].append(contentsOf: try MentionLists.mentions(r[1]))
            }
            let tagged = zip(ordinals, counts).map { ordinal, c in
                c.map { TagResult(mentions: mentions[ordinal] ?? [], stats: $0.stats, tokens: $0.tokens) }
            }
            return (result, tagged)
        }
    }

    /// Deletes every unit not in `keep` (files gone from the corpus, chunks
    /// past a shrunken file's end).
    package func prune(keeping keep: Set<UnitKey>) throws {
        let stale = try states().keys.filter { !keep.contains($0) }
        guard !stale.isEmpty else { return }
        try pool.write { db in
            for key in stale {
                for table in Store.unitTables {
                    try db.execute(sql: "DELETE FROM \(table) WHERE path = ? AND part = ?", arguments: [key.path, key.part])
                }
            }
        }
    }

    /// Copies the units of another store (a shard's) into this one, keeping
    /// the rows already here; then marks every unit as whole (shard empty).
    /// Folds the write-ahead log into the database file and closes it, so
    /// the file alone holds everything (and may be moved).
    package func close() throws {
        _ = try pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try pool.close()
    }

    package func absorb(_ other: String) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS shard", arguments: [other])
            defer { try? db.execute(sql: "DETACH DATABASE shard") }
            try db.inTransaction {
                try db.execute(sql: "INSERT OR IGNORE INTO main.files SELECT * FROM shard.files")
                try db.execute(sql: "INSERT OR IGNORE INTO main.documents SELECT * FROM shard.documents")
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO main.mention_lists (path, part, ordinal, first, doc, mentions)
                        SELECT path, part, ordinal, first, doc, mentions FROM shard.mention_lists
                        """)
                try db.execute(sql: "UPDATE main.files SET shard = ''")
                return .commit
            }
        }
    }
}

extension Store {
    /// The integer an SQL query returns (first column of the first row); 0 for none.
    func integer(_ sql: String) throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}

/// An INSERT bound and stepped through SQLite's C API, for the statements
/// run once per file, document and mention: GRDB's boxed arguments cost ten
/// times the insert itself there (perf: 16% of a stored run's samples in
/// `Store.save`, 1.7% in SQLite). Runs inside GRDB's transaction, on its
/// connection; the statement is reset after every step, as GRDB expects a
/// cached one.
struct RawInsert {
    let db: Database
    let statement: OpaquePointer

    init(_ db: Database, _ statement: Statement) {
        self.db = db
        self.statement = statement.sqliteStatement
        sqlite3_reset(self.statement)
        sqlite3_clear_bindings(self.statement)
    }

    /// Binds the statement's parameters in order, without boxing them.
    func bind<each V: SQLParameter>(_ values: repeat each V) {
        var index: Int32 = 0
        for value in repeat each values {
            index += 1
            value.bind(to: statement, at: index)
        }
    }

    /// Steps with `text` bound at `index` in place, not copied: a
    /// document's text may be the size of the input.
    func step(text: String, at index: Int32) throws {
        try text.withSQLText { bytes, count in try step(bytes, count, at: index) }
    }

    /// Steps with the UTF-8 `text` bound at `index` in place.
    func step(text: [UInt8], at index: Int32) throws {
        try text.withUnsafeBufferPointer { b in
            try b.withMemoryRebound(to: CChar.self) { try step($0.baseAddress!, Int32($0.count), at: index) }
        }
    }

    private func step(_ bytes: UnsafePointer<CChar>, _ count: Int32, at index: Int32) throws {
        sqlite3_bind_text(statement, index, bytes, count, nil)  // SQLITE_STATIC
        defer { sqlite3_bind_null(statement, index) }
        try step()
    }

    func step() throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                sql: sqlite3_sql(statement).map { String(cString: $0) })
        }
    }
}

/// A value `RawInsert` binds: an integer, a text or NULL.
protocol SQLParameter {
    func bind(to statement: OpaquePointer, at index: Int32)
}

extension Int: SQLParameter {
    func bind(to statement: OpaquePointer, at index: Int32) { sqlite3_bind_int64(statement, index, Int64(self)) }
}

extension String: SQLParameter {
    /// SQLite copies the bytes (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(to statement: OpaquePointer, at index: Int32) {
        withSQLText { bytes, count in _ = sqlite3_bind_text(statement, index, bytes, count, Self.transient) }
    }

    /// The UTF-8 bytes and their count, as `sqlite3_bind_text` takes them.
    /// An empty string has no address of its own, and SQLite would store a
    /// nil one as NULL: it gets the address of an empty C string.
    func withSQLText<R>(_ body: (UnsafePointer<CChar>, Int32) throws -> R) rethrows -> R {
        var value = self
        return try value.withUTF8 { bytes in
            try bytes.withMemoryRebound(to: CChar.self) { c in
                guard let address = c.baseAddress else { return try "".withCString { try body($0, 0) } }
                return try body(address, Int32(c.count))
            }
        }
    }
}

extension Optional: SQLParameter where Wrapped: SQLParameter {
    func bind(to statement: OpaquePointer, at index: Int32) {
        if let self { self.bind(to: statement, at: index) } else { sqlite3_bind_null(statement, index) }
    }
}
