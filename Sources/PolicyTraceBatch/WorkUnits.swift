import Crypto
import Foundation
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceTag

/// How a run is carried out, beyond what it computes: the store, the shard,
/// progress. None of these change the outputs.
public struct BatchOptions: Sendable {
    /// The resumable store; nil: `<out>/policytrace.sqlite`.
    public var store: String?
    /// Keep no store: every file is read and tagged.
    public var noStore = false
    public var shard: ShardSpec?
    public var progress = ProgressMeter.Mode.off
    /// JSON Lines files larger than this are read in chunks of `chunkBytes`.
    public var streamAbove = 16 << 20
    public var chunkBytes = 4 << 20
    /// Stop (throwing `BatchInterrupted`) after storing this many files: a
    /// simulated crash, for tests.
    public var stopAfter: Int?

    public init() {}

    public func storePath(out: String) -> String {
        store ?? (out as NSString).appendingPathComponent(Store.fileName)
    }
}

/// Thrown when `BatchOptions.stopAfter` is reached.
public struct BatchInterrupted: Error, CustomStringConvertible {
    public var description: String { "stopped on request after storing some files; run again to resume" }
}

/// The pipeline's source of tagged files: units (files, or chunks of large
/// JSON Lines files) in corpus order, a window at a time. A unit already in
/// the store with the same content hash, lexicon hash and shard is loaded
/// from it; any other is read, tagged and stored (one transaction per unit).
public final class WorkSource {
    struct Unit {
        var key: Store.UnitKey
        var chunk: JSONLChunk?
        var sha256: String?
    }

    enum Prepared {
        case stored(FileResult, [TagResult], sha256: String)
        case fresh(FileResult, ordinals: [Int], sha256: String)
    }

    let reader: CorpusReader
    let files: [String]
    let tagger: Tagger
    let jobs: Int
    let options: BatchOptions
    let lexiconHash: String
    let store: Store?
    let states: [Store.UnitKey: Store.UnitState]
    let run: Int64
    let progress: ProgressMeter
    var nextFile = 0
    var pending: [Unit] = []
    var seen = Set<Store.UnitKey>()
    var saved = 0
    /// Units read and tagged by this run (the rest came from the store).
    public private(set) var processed = 0
    public private(set) var reused = 0
    /// SHA-256 of every file seen, for the manifest.
    public private(set) var hashes: [String: String] = [:]

    public init(reader: CorpusReader, files: [String], tagger: Tagger, jobs: Int, lexiconHash: String,
                optionsRecord: String, out: String, options: BatchOptions) throws {
        self.reader = reader
        self.files = files
        self.tagger = tagger
        self.jobs = max(1, jobs)
        self.options = options
        self.lexiconHash = lexiconHash
        let store = options.noStore ? nil : try Store(path: options.storePath(out: out))
        self.store = store
        states = try store?.states() ?? [:]
        run = try store?.beginRun(lexiconHash: lexiconHash, shard: options.shard?.description ?? "", options: optionsRecord) ?? 0
        let total = files.reduce(0) { sum, f in
            sum + ((try? FileManager.default.attributesOfItem(atPath: reader.fullPath(f))[.size] as? Int) ?? 0)
        }
        progress = ProgressMeter(mode: options.progress, totalBytes: total)
    }

    /// The hash of what tagging depends on: the lexicon files' contents and
    /// the options that change what is read or matched.
    public static func lexiconHash(lexicon: Lexicon, options: RunOptions) -> String {
        var h = SHA256()
        for file in lexicon.files.sorted() {
            h.update(data: Data("\((file as NSString).lastPathComponent)\t\(Manifest.sha256(ofFile: file) ?? "")\n".utf8))
        }
        h.update(data: Data("\(Manifest.version)\t\(options.overlaps.rawValue)\t\(options.format?.rawValue ?? "")\t\(options.encoding ?? "")".utf8))
        return Store.hex(h.finalize())
    }

    var shardName: String { options.shard?.description ?? "" }

    /// The next window: files (or chunks) in corpus order, each with its
    /// documents' tags in document order. Nil when the corpus is done.
    public func next(_ stages: inout StageTimings) throws -> (results: [FileResult], tagged: [TagResult])? {
        let window = max(jobs * 8, 8)
        while pending.count < window && nextFile < files.count {
            try plan(files[nextFile])
            nextFile += 1
        }
        if pending.isEmpty { return nil }
        let units = Array(pending.prefix(window))
        pending.removeFirst(units.count)

        let prepared = StageTimings.time(&stages.read) { Pipeline.parallelMap(units, jobs: jobs) { prepare($0) } }
        var toTag: [Document] = []
        for p in prepared { if case .fresh(let r, _, _) = p { toTag += r.documents } }
        let fresh = StageTimings.time(&stages.tag) { Pipeline.parallelMap(toTag, jobs: jobs) { tagger.tag($0.text) } }

        var results: [FileResult] = []
        var tagged: [TagResult] = []
        var offset = 0
        var documents = 0, bytes = 0, skipped = 0
        for p in prepared {
            switch p {
            case .stored(let r, let t, let sha):
                hashes[r.path] = sha
                results.append(r)
                tagged += t
                reused += 1
            case .fresh(let r, let ordinals, let sha):
                hashes[r.path] = sha
                let t = Array(fresh[offset..<offset + r.documents.count])
                offset += r.documents.count
                try StageTimings.time(&stages.write) {
                    try store?.save(r, ordinals: ordinals, tagged: t,
                                    state: Store.UnitState(sha256: sha, lexiconHash: lexiconHash, shard: shardName), run: run)
                }
                results.append(r)
                tagged += t
                processed += 1
                saved += 1
                if let stop = options.stopAfter, saved >= stop { throw BatchInterrupted() }
            }
            documents += results.last!.documents.count
            bytes += results.last!.bytes
            skipped += results.last!.skipped.count
        }
        progress.add(documents: documents, bytes: bytes, skipped: skipped)
        return (results, tagged)
    }

    /// Marks the run finished and drops units no longer in the corpus.
    public func finish() throws {
        progress.finish()
        try store?.prune(keeping: seen)
        if let store { try store.finishRun(run) }
    }

    func plan(_ path: String) throws {
        let format = reader.format(of: path)
        if let shard = options.shard, !ShardSpec.splitsRecords(format), !shard.owns(path) { return }
        let full = reader.fullPath(path)
        let size = (try? FileManager.default.attributesOfItem(atPath: full)[.size] as? Int) ?? 0
        guard size > options.streamAbove, reader.streamsJSONLines(path), let (chunks, sha) = chunk(full) else {
            let key = Store.UnitKey(path: path, part: 0)
            seen.insert(key)
            pending.append(Unit(key: key))
            return
        }
        hashes[path] = sha
        for c in chunks {
            let key = Store.UnitKey(path: path, part: c.part)
            if let shard = options.shard, !shard.owns("\(path)#\(c.part)") { continue }
            seen.insert(key)
            pending.append(Unit(key: key, chunk: c, sha256: sha))
        }
    }

    /// Cuts a JSON Lines file into chunks at line ends, hashing it on the way.
    func chunk(_ full: String) -> ([JSONLChunk], String)? {
        guard let handle = FileHandle(forReadingAtPath: full) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        var chunks: [JSONLChunk] = []
        var chunkStart = 0, chunkLine = 0, chunkRecord = 0
        var position = 0, lines = 0, records = 0
        var line: [UInt8] = []
        func endLine() {
            lines += 1
            if !line.withUnsafeBufferPointer(CorpusReader.isBlankLine) { records += 1 }
            line.removeAll(keepingCapacity: true)
        }
        while let block = try? handle.read(upToCount: 1 << 20), !block.isEmpty {
            hasher.update(data: block)
            for byte in block {
                position += 1
                if byte == 0x0A {
                    endLine()
                    if position - chunkStart >= options.chunkBytes {
                        chunks.append(JSONLChunk(part: chunks.count, offset: chunkStart, length: position - chunkStart,
                                                 firstLine: chunkLine, firstRecord: chunkRecord))
                        chunkStart = position
                        chunkLine = lines
                        chunkRecord = records
                    }
                } else if line.count < 80 {
                    line.append(byte)
                } else if line.count == 80 {
                    line.append(0x41)
                }
            }
        }
        if position > chunkStart {
            chunks.append(JSONLChunk(part: chunks.count, offset: chunkStart, length: position - chunkStart,
                                     firstLine: chunkLine, firstRecord: chunkRecord))
        }
        return (chunks, Store.hex(hasher.finalize()))
    }

    func prepare(_ unit: Unit) -> Prepared {
        let path = unit.key.path
        if let chunk = unit.chunk, let sha = unit.sha256 {
            if let (r, t) = reuse(unit.key, sha: sha) { return .stored(r, t, sha256: sha) }
            var data = Data()
            if let handle = FileHandle(forReadingAtPath: reader.fullPath(path)) {
                try? handle.seek(toOffset: UInt64(chunk.offset))
                data = (try? handle.read(upToCount: chunk.length)) ?? Data()
                try? handle.close()
            }
            let r = reader.read(path, chunk: chunk, data: data)
            return .fresh(r, ordinals: Array(r.documents.indices), sha256: sha)
        }
        let data = FileManager.default.contents(atPath: reader.fullPath(path))
        let sha = data.map { Store.hex(SHA256.hash(data: $0)) } ?? ""
        if let (r, t) = reuse(unit.key, sha: sha) { return .stored(r, t, sha256: sha) }
        var r = reader.read(path, contents: data)
        var ordinals = Array(r.documents.indices)
        if let shard = options.shard, ShardSpec.splitsRecords(r.format) {
            ordinals = ordinals.filter { shard.owns("\(path)#\($0)") }
            r.documents = ordinals.map { r.documents[$0] }
        }
        return .fresh(r, ordinals: ordinals, sha256: sha)
    }

    func reuse(_ key: Store.UnitKey, sha: String) -> (FileResult, [TagResult])? {
        guard let store, states[key] == Store.UnitState(sha256: sha, lexiconHash: lexiconHash, shard: shardName) else { return nil }
        return (try? store.load(key)) ?? nil
    }
}
