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

/// A run's output files as they are staged, each with its SHA-256, so the
/// next run can tell whether they are still what this run wrote.
final class WrittenOutputs {
    /// An output written a piece at a time (mentions, KWIC) and hashed on
    /// the way, on a queue of its own: the main thread goes on rendering
    /// the next window while a piece is hashed and written. A write error
    /// is thrown by the next `write` or by `finish`.
    final class Stream: @unchecked Sendable {
        let name: String
        let handle: FileHandle
        /// Where the file goes when the run succeeds: named in write errors.
        let target: String
        private var hasher = SHA256()
        private(set) var sha256: String?
        private let queue = DispatchQueue(label: "policytrace.output")
        /// At most this many pieces wait to be written.
        private let room = DispatchSemaphore(value: 4)
        private let lock = NSLock()
        private var failure: Error?

        init(name: String, url: URL, target: URL) throws {
            self.name = name
            self.target = target.path
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            handle = try FileHandle(forWritingTo: url)
        }

        func write(_ text: String) throws {
            guard !text.isEmpty else { return }
            try enqueue { Data(text.utf8) }
        }

        func write(_ bytes: [UInt8]) throws {
            guard !bytes.isEmpty else { return }
            try enqueue { Data(bytes) }
        }

        func write(_ data: Data) throws {
            guard !data.isEmpty else { return }
            try enqueue { data }
        }

        private func enqueue(_ bytes: @escaping @Sendable () -> Data) throws {
            try rethrowFailure()
            room.wait()
            queue.async { [self] in
                defer { room.signal() }
                guard lock.withLock({ failure == nil }) else { return }
                let data = bytes()
                hasher.update(data: data)
                do {
                    try handle.write(contentsOf: data)
                } catch let error as NSError where error.userInfo[NSFilePathErrorKey] == nil {
                    // FileHandle's errors (disk full) carry no path: add the output's.
                    var info = error.userInfo
                    info[NSFilePathErrorKey] = target
                    let named = NSError(domain: error.domain, code: error.code, userInfo: info)
                    lock.withLock { failure = named }
                } catch {
                    lock.withLock { failure = error }
                }
            }
        }

        private func rethrowFailure() throws {
            if let failure = lock.withLock({ failure }) { throw failure }
        }

        func finish() throws {
            guard sha256 == nil else { return }
            queue.sync {}
            try rethrowFailure()
            sha256 = Store.hex(hasher.finalize())
            try handle.close()
        }

        func close() {
            queue.sync {}
            try? handle.close()
        }
    }

    let out: OutputDirectory
    private var files: [String: String] = [:]
    private var streams: [Stream] = []

    init(_ out: OutputDirectory) { self.out = out }

    func write(_ name: String, _ text: String) throws {
        let data = Data(text.utf8)
        files[name] = Store.hex(SHA256.hash(data: data))
        try out.write(name, data)
    }

    func stream(_ name: String) throws -> Stream {
        let s = try Stream(name: name, url: out.stagedURL(name), target: out.url.appendingPathComponent(name))
        streams.append(s)
        return s
    }

    /// Every file written so far (streams once finished), by name.
    var hashes: [String: String] {
        var all = files
        for s in streams { if let sha = s.sha256 { all[s.name] = sha } }
        return all
    }
}

/// The check that lets a finished job's rerun cost little more than hashing
/// its inputs: the last run recorded in the store finished; its lexicon
/// (and corpus configuration) hash, shard and output-affecting options are
/// this run's; the corpus holds exactly the files stored, each with the
/// SHA-256 stored for it; and every output that run wrote is still in the
/// output folder as it was. Inputs are hashed in parallel, largest first,
/// stopping at the first difference. An output whose size, modification
/// time and inode are those recorded is taken as untouched; any other is
/// hashed and compared with the SHA-256 recorded for it.
enum UpToDate {
    static func check(
        options: RunOptions, batch: BatchOptions, reader: CorpusReader, files: [String],
        configurationHash: String
    ) throws -> RunSummary? {
        if batch.noStore || batch.force || batch.stopAfter != nil { return nil }
        let path = batch.storePath(out: options.out)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let store = try Store(path: path)
        let shard = batch.shard?.description ?? ""
        let record = options.record
        guard let last = try store.lastRun(), last.finished, last.configurationHash == configurationHash, last.shard == shard,
            last.options == record, let recorded = last.summary
        else { return nil }
        let outputs = try store.outputs()
        guard !outputs.isEmpty else { return nil }

        var stored: [String: String] = [:]
        for (key, state) in try store.states() {
            guard state.configurationHash == configurationHash, state.shard == shard else { return nil }
            if let other = stored[key.path], other != state.sha256 { return nil }
            stored[key.path] = state.sha256
        }
        var expected: [String] = []
        for f in files {
            if let s = batch.shard, !ShardSpec.splitsRecords(reader.format(of: f)), !s.owns(f) { continue }
            guard stored[f] != nil else { return nil }
            expected.append(f)
        }
        guard expected.count == stored.count else { return nil }

        var paths = expected.map(reader.fullPath)
        var wanted = expected.map { stored[$0]! }
        var sizes: [Int] = []
        let storedSizes = try store.fileSizes()
        for f in expected { sizes.append(storedSizes[f] ?? 0) }
        for (name, file) in outputs.sorted(by: { $0.key < $1.key }) {
            let full = (options.out as NSString).appendingPathComponent(name)
            guard let identity = FileHashing.identity(full) else { return nil }
            if identity == file.identity { continue }
            paths.append(full)
            wanted.append(file.sha256)
            sizes.append(identity.size)
        }
        let same = FileHashing.hashAll(paths, sizes: sizes, jobs: options.jobs) { i, sha in
            // An unreadable input is stored with an empty hash (it was skipped).
            (sha ?? "") == wanted[i]
        }
        guard same else { return nil }

        let run = try store.beginRun(configurationHash: configurationHash, shard: shard, options: record)
        try store.finishRun(run, outputs: nil, summary: recorded)
        var summary = RunSummary()
        summary.upToDate = true
        summary.recorded = recorded
        summary.recordedAt = last.finishedAt
        summary.overlaps = options.overlaps
        return summary
    }
}
