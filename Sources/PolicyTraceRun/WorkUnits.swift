import Crypto
import Dispatch
import Foundation
import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceStore
import PolicyTraceTag
import PolicyTraceText

/// How a run is carried out, beyond what it computes: the store, the shard,
/// progress. None of these change the outputs.
public struct BatchOptions: Sendable {
    /// The resumable store; nil: `<out>/policytrace.sqlite`.
    public var store: String?
    /// Keep no store: every file is read and tagged.
    public var noStore = false
    package var shard: ShardSpec?
    package var progress = ProgressMeter.Mode.off
    /// JSON Lines, CSV and TSV files larger than this are read in chunks of
    /// about `chunkBytes`.
    package var streamAbove = 16 << 20
    package var chunkBytes = 4 << 20
    /// Stop (throwing `BatchInterrupted`) after storing this many files: a
    /// simulated crash, for tests.
    package var stopAfter: Int?
    /// Redo the output stage even when the store shows nothing changed.
    public var force = false

    public init() {}

    func storePath(out: String) -> String {
        store ?? (out as NSString).appendingPathComponent(Store.fileName)
    }
}

/// Thrown when `BatchOptions.stopAfter` is reached.
package struct BatchInterrupted: Error, CustomStringConvertible {
    package var description: String { "stopped on request after storing some files; run again to resume" }
}

/// The pipeline's source of tagged files: units (files, or chunks of large
/// JSON Lines, CSV and TSV files) in corpus order, a window at a time. A
/// unit already in the store with the same content hash, lexicon hash and
/// shard is loaded from it; any other is read, tagged and stored, a window's
/// units in one transaction written while the next window is processed.
final class WorkSource {
    struct Unit {
        var key: Store.UnitKey
        var bytes: Int
        var chunk: FileChunk?
        var sha256: String?
    }

    enum Prepared {
        case stored(FileResult, [TagResult?], sha256: String)
        /// `yearLater`: a large plain text read without its year (`findsTextYearsLater`).
        case fresh(FileResult, ordinals: [Int], sha256: String, yearLater: Bool = false)
    }

    let reader: CorpusReader
    let files: [String]
    let sizes: [Int]
    let tagger: Tagger
    let jobs: Int
    let options: BatchOptions
    let configurationHash: String
    let store: Store?
    let states: [Store.UnitKey: Store.UnitState]
    let run: Int64
    let progress: ProgressMeter
    var nextFile = 0
    var pending: [Unit] = []
    var seen = Set<Store.UnitKey>()
    var saved = 0
    /// Units read and tagged by this run (the rest came from the store).
    private(set) var processed = 0
    private(set) var reused = 0
    /// SHA-256 of every file seen, for the manifest.
    private(set) var hashes: [String: String] = [:]
    /// Leave documents over `Pipeline.largeDocumentBytes` untagged (nil) for the
    /// caller to tag a segment at a time and write as it goes, so their
    /// mentions are never held whole (issue #18). With a store, the units
    /// holding them are in `deferred`: the caller stores each with `save(_:produce:)`
    /// as it tags it.
    var defersLarge = false
    /// With `defersLarge`: a large plain text's year is left for the caller
    /// to find while it tags the text (`Window.yearsLater`), rather than
    /// before, with one thread idle; with a store, the document is stored
    /// with the year so found (`save(_:produce:)`).
    var findsTextYearsLater = false
    /// The caller reads the next window while it writes this one (`ReadAhead`).
    var readsAhead = false

    /// A unit of a window with documents left untagged: its documents are
    /// `base..<base + count` of the window's, `streamed` those untagged
    /// (indices into the unit).
    struct Deferred {
        var base: Int
        var count: Int
        var saved: Store.Saved
        var streamed: Set<Int>
    }

    /// What `next` gives: files (or chunks) in corpus order, each with its
    /// documents' tags in document order (nil: left for the caller, see
    /// `defersLarge`).
    struct Window {
        var results: [FileResult] = []
        var tagged: [TagResult?] = []
        /// The units holding untagged documents, when there is a store.
        var deferred: [Deferred] = []
        /// The documents left without their year, by index.
        var yearsLater: Set<Int> = []

        /// The deferred unit holding document `index`.
        func deferredUnit(containing index: Int) -> Deferred? {
            deferred.first { $0.base <= index && index < $0.base + $0.count }
        }
    }

    /// Stores a deferred unit in one transaction while `produce` tags its
    /// untagged documents (see `Store.save(_:run:streamed:produce:)`).
    func save(
        _ unit: Deferred, produce: (_ document: Int, _ append: ([Mention]) throws -> Void) throws -> (counts: TagResult, document: Document)
    ) throws {
        try waitForStore()
        try store?.save(unit.saved, run: run, streamed: unit.streamed, produce: produce)
        saved += 1
        if let stop = options.stopAfter, saved >= stop { throw BatchInterrupted() }
    }

    init(
        reader: CorpusReader, files: [String], tagger: Tagger, jobs: Int, configurationHash: String,
        optionsRecord: String, out: String, options: BatchOptions
    ) throws {
        self.reader = reader
        self.files = files
        self.tagger = tagger
        self.jobs = max(1, jobs)
        self.options = options
        self.configurationHash = configurationHash
        let store = options.noStore ? nil : try Store(path: options.storePath(out: out))
        self.store = store
        states = try store?.states() ?? [:]
        run = try store?.beginRun(configurationHash: configurationHash, shard: options.shard?.description ?? "", options: optionsRecord) ?? 0
        // Every file's size, found a stripe of the list per thread.
        let paths = files.map(reader.fullPath), threads = max(1, jobs)
        let stripes = Pipeline.parallelMap(Array(0..<threads), jobs: threads) { k in
            stride(from: k, to: paths.count, by: threads).map { FileHashing.size(paths[$0]) ?? 0 }
        }
        sizes = (0..<files.count).map { stripes[$0 % stripes.count][$0 / stripes.count] }
        progress = ProgressMeter(mode: options.progress, totalBytes: sizes.reduce(0, +))
    }

    /// The hash of what reading and tagging depend on besides a file's own
    /// bytes: the lexicon files' contents, the corpus configuration
    /// (`policytrace.yaml` and the issuer table it names), and the options
    /// that change what is read or matched. The store keeps it in the
    /// `lexicon_hash` columns, named when it covered the lexicon alone.
    static func configurationHash(lexicon: Lexicon, options: RunOptions, reader: CorpusReader) -> String {
        var h = SHA256()
        for file in lexicon.files.sorted() {
            h.update(data: Data("\((file as NSString).lastPathComponent)\t\(Manifest.sha256(ofFile: file) ?? "")\n".utf8))
        }
        for file in [CorpusConfig.fileName] + (reader.config.issuers.map { [$0] } ?? []) {
            let path = (reader.root as NSString).appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            h.update(data: Data("corpus:\(file)\t\(Manifest.sha256(ofFile: path) ?? "")\n".utf8))
        }
        h.update(data: Data("\(Manifest.version)\t\(options.overlaps.rawValue)\t\(options.format?.rawValue ?? "")\t\(options.encoding ?? "")".utf8))
        // What the readers make of a file changes with them: a store written
        // before PDF, DOCX, ODT, OFD and zip were read holds those files as
        // skipped, so they are read again.
        h.update(data: Data("\treaders:\(CorpusReader.readersVersion)".utf8))
        // A store written before short names were counted (ShortNames) tags its files again.
        h.update(data: Data("\tshort-names".utf8))
        return Store.hex(h.finalize())
    }

    var shardName: String { options.shard?.description ?? "" }

    let writer = DispatchQueue(label: "policytrace.store")
    let writing = DispatchGroup()
    var writeError: Error?

    /// Waits for the window being stored; rethrows its error.
    func waitForStore() throws {
        writing.wait()
        if let writeError { throw writeError }
    }

    /// The next window; nil when the corpus is done.
    func next(_ stages: inout StageTimings) throws -> Window? {
        // A window holds about `chunkBytes` per thread, and at least two
        // units per thread: enough to keep every thread busy, little enough
        // to bound memory (small files come a few thousand at a time).
        // Read ahead, two windows are alive at once: each holds half as much.
        let minimum = max(jobs * 2, 2), wantedBytes = options.chunkBytes * jobs / (readsAhead ? 2 : 1), maximum = 8192
        var count = 0, windowBytes = 0
        while count < maximum {
            if count == pending.count {
                guard nextFile < files.count else { break }
                try plan(files[nextFile], size: sizes[nextFile])
                nextFile += 1
                continue
            }
            windowBytes += pending[count].bytes
            count += 1
            if count >= minimum && windowBytes >= wantedBytes { break }
        }
        if count == 0 { return nil }
        let units = Array(pending.prefix(count))
        pending.removeFirst(count)

        // Each unit is read and its documents tagged by one thread; the
        // phase's wall time is split between the two stages by their share
        // of the threads' time.
        let clock = DispatchTime.now().uptimeNanoseconds
        // Large documents wait: they are tagged a segment per thread below,
        // or by the caller (`defersLarge`).
        let done = Pipeline.parallelMap(units, jobs: jobs) { unit -> (Prepared, [TagResult?], UInt64, UInt64) in
            let t0 = DispatchTime.now().uptimeNanoseconds
            let p = prepare(unit)
            let t1 = DispatchTime.now().uptimeNanoseconds
            guard case .fresh(let r, _, _, _) = p else { return (p, [], t1 - t0, 0) }
            let tags = r.documents.map { $0.text.utf8.count > Pipeline.largeDocumentBytes ? nil : tagger.tag($0.text) }
            return (p, tags, t1 - t0, DispatchTime.now().uptimeNanoseconds - t1)
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9
        let readTime = Double(done.reduce(0) { $0 + $1.2 }), tagTime = Double(done.reduce(0) { $0 + $1.3 })
        let readShare = readTime + tagTime > 0 ? readTime / (readTime + tagTime) : 1
        stages.read += wall * readShare
        stages.tag += wall * (1 - readShare)
        let prepared = done.map(\.0)
        var fresh = done.flatMap(\.1)
        var window = Window()
        if !defersLarge {
            let documents = prepared.flatMap { p -> [Document] in
                if case .fresh(let r, _, _, _) = p { return r.documents }
                return []
            }
            StageTimings.time(&stages.tag) {
                for (i, d) in documents.enumerated() where fresh[i] == nil {
                    fresh[i] = Pipeline.tagInSegments(d.text, tagger: tagger, jobs: jobs)
                }
            }
        }

        var toSave: [Store.Saved] = []
        var offset = 0
        var documents = 0, bytes = 0, skipped = 0
        for p in prepared {
            switch p {
            case .stored(let r, let t, let sha):
                hashes[r.path] = sha
                window.results.append(r)
                window.tagged += t
                reused += 1
            case .fresh(let r, let ordinals, let sha, let later):
                hashes[r.path] = sha
                let t = Array(fresh[offset..<offset + r.documents.count])
                offset += r.documents.count
                if later { window.yearsLater.formUnion(t.indices.filter { t[$0] == nil }.map { window.tagged.count + $0 }) }
                if store != nil {
                    let unit = Store.Saved(
                        result: r, ordinals: ordinals, tagged: t.map { $0 ?? TagResult(mentions: [], stats: TagStats(), tokens: 0) },
                        state: Store.UnitState(sha256: sha, configurationHash: configurationHash, shard: shardName),
                        replacing: states[Store.UnitKey(path: r.path, part: r.part)] != nil)
                    let untagged = Set(t.indices.filter { t[$0] == nil })
                    if untagged.isEmpty {
                        toSave.append(unit)
                    } else {
                        window.deferred.append(Deferred(base: window.tagged.count, count: t.count, saved: unit, streamed: untagged))
                    }
                }
                window.results.append(r)
                window.tagged += t
                processed += 1
            }
            // Chronology events are counted apart from documents, as in the summary.
            if window.results.last!.format != .chronology { documents += window.results.last!.documents.count }
            bytes += window.results.last!.bytes
            skipped += window.results.last!.skipped.count
        }
        try StageTimings.time(&stages.write) {
            try waitForStore()
            if let stop = options.stopAfter {
                for unit in toSave {
                    try store?.save([unit], run: run)
                    saved += 1
                    if saved >= stop { throw BatchInterrupted() }
                }
            } else if let store, !toSave.isEmpty {
                // The window is stored while the next one is read and tagged.
                writing.enter()
                writer.async { [run, toSave] in
                    do { try store.save(toSave, run: run) } catch { self.writeError = error }
                    self.writing.leave()
                }
            }
        }
        progress.add(documents: documents, bytes: bytes, skipped: skipped)
        return window
    }

    /// The next window, read and tagged on another thread while the caller
    /// writes the current one: with two or more threads the window barrier
    /// then leaves no thread idle. The caller must not use the source until
    /// `wait()` returns (so not while it stores a deferred unit).
    final class ReadAhead {
        private let done = DispatchSemaphore(value: 0)
        private var window: Result<Window?, Error> = .success(nil)
        private var stages = StageTimings()
        private var waited = false

        init(_ source: WorkSource) {
            DispatchQueue.global().async { [self] in
                window = Result { try source.next(&stages) }
                done.signal()
            }
        }

        /// The window, with the stage timings its reading and tagging took.
        func wait() throws -> (Window?, StageTimings) {
            if !waited {
                done.wait()
                waited = true
            }
            return (try window.get(), stages)
        }
    }

    /// Drops units no longer in the corpus and marks the run finished, with
    /// the outputs it wrote and its summary.
    func finish(outputs: [String: Store.OutputFile], summary: [String]) throws {
        try waitForStore()
        progress.finish()
        try store?.prune(keeping: seen)
        if let store { try store.finishRun(run, outputs: outputs, summary: summary) }
    }

    func plan(_ path: String, size: Int) throws {
        let format = reader.format(of: path)
        if let shard = options.shard, !ShardSpec.splitsRecords(format), !shard.owns(path) { return }
        guard size > options.streamAbove, reader.streamsRecords(path), let (chunks, sha) = chunk(reader.fullPath(path), format: format) else {
            let key = Store.UnitKey(path: path, part: 0)
            seen.insert(key)
            pending.append(Unit(key: key, bytes: size))
            return
        }
        hashes[path] = sha
        for c in chunks {
            let key = Store.UnitKey(path: path, part: c.part)
            if let shard = options.shard, !shard.owns("\(path)#\(c.part)") { continue }
            seen.insert(key)
            pending.append(Unit(key: key, bytes: c.length, chunk: c, sha256: sha))
        }
    }

    /// Cuts a large file into chunks at record ends, hashing it on the way
    /// (the two side by side, a block at a time). Nil: read it whole.
    func chunk(_ full: String, format: DocumentFormat) -> ([FileChunk], String)? {
        guard var planner = ChunkPlanner(format: format, targetBytes: options.chunkBytes) else { return nil }
        let fd = open(full, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hasher = SHA256()
        let size = 4 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = FileHashing.readFully(fd, buffer)
            if n < 0 { return nil }
            if n == 0 { break }
            let block = UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
            if jobs > 1 {
                DispatchQueue.concurrentPerform(iterations: 2) { i in
                    if i == 0 { hasher.update(bufferPointer: UnsafeRawBufferPointer(block)) } else { planner.feed(block) }
                }
            } else {
                hasher.update(bufferPointer: UnsafeRawBufferPointer(block))
                planner.feed(block)
            }
        }
        guard let chunks = planner.finish() else { return nil }
        return (chunks, Store.hex(hasher.finalize()))
    }

    func prepare(_ unit: Unit) -> Prepared {
        let path = unit.key.path
        if let chunk = unit.chunk, let sha = unit.sha256 {
            if let (r, t) = reuse(unit.key, sha: sha) { return .stored(r, t, sha256: sha) }
            let data = FileHashing.read(reader.fullPath(path), offset: chunk.offset, length: chunk.length) ?? Data()
            let r = reader.read(path, chunk: chunk, data: data)
            return .fresh(r, ordinals: Array(r.documents.indices), sha256: sha)
        }
        var data = CorpusPaths.contents(reader.fullPath(path))
        var r: FileResult
        let sha: String
        var yearLater = false
        if let count = data?.count, jobs > 1, count >= Pipeline.largeDocumentBytes, store == nil || states[unit.key] == nil {
            // Nothing stored to reuse: a large file is hashed on a second
            // thread while it is decoded (and its year found) on this one.
            // Each thread lets the bytes go when done with them, so they are
            // not held while the year is looked for.
            var forHash = data, hash = "", read: FileResult?
            let later = findsTextYearsLater && reader.format(of: path) == .text
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                if i == 0 {
                    hash = Store.hex(SHA256.hash(data: forHash!))
                    forHash = nil
                } else {
                    read = reader.read(path, contents: data.take(), textYearLater: later)
                }
            }
            r = read!
            sha = hash
            // A text that turned out small (UTF-16 halves in UTF-8) is tagged
            // with the small ones: its year is found now.
            if later {
                for k in r.documents.indices where r.documents[k].text.utf8.count <= Pipeline.largeDocumentBytes {
                    reader.resolveYear(ofText: &r.documents[k])
                }
            }
            yearLater = later
        } else {
            sha = data.map { Store.hex(SHA256.hash(data: $0)) } ?? ""
            if let (r, t) = reuse(unit.key, sha: sha) { return .stored(r, t, sha256: sha) }
            // The reader lets a text's bytes go once decoded: handed over, not shared.
            r = reader.read(path, contents: data.take())
        }
        var ordinals = Array(r.documents.indices)
        if let shard = options.shard, ShardSpec.splitsRecords(r.format) {
            ordinals = ordinals.filter { shard.owns("\(path)#\($0)") }
            r.documents = ordinals.map { r.documents[$0] }
        }
        return .fresh(r, ordinals: ordinals, sha256: sha, yearLater: yearLater)
    }

    /// The stored unit, when its file, lexicon and options are unchanged;
    /// with `defersLarge`, large documents come untagged, as fresh ones do.
    func reuse(_ key: Store.UnitKey, sha: String) -> (FileResult, [TagResult?])? {
        guard let store, states[key] == Store.UnitState(sha256: sha, configurationHash: configurationHash, shard: shardName) else { return nil }
        return (try? store.load(key, untaggedAbove: defersLarge ? Pipeline.largeDocumentBytes : nil)) ?? nil
    }
}
