import Foundation
import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceStore
import PolicyTraceTag
import PolicyTraceText

/// A problem with the shard folders given to `policytrace merge`.
public struct MergeError: Error, CustomStringConvertible {
    public var description: String
}

/// `policytrace merge`: combines the stores of the shards of one job (each a
/// `run --shard I/N` output folder) into one store, then writes the outputs
/// from it exactly as a single run over the whole corpus would.
public enum Merge {
    public static func run(shards: [String], out: String, corpus: String? = nil, jobs: Int,
                           commandLine: [String] = CommandLine.arguments, progress: ProgressMeter.Mode = .off) throws -> (summary: RunSummary, options: RunOptions) {
        guard !shards.isEmpty else { throw MergeError(description: "no shard folders given") }
        for dir in shards where CorpusPaths.relative(out, inside: dir) != nil || CorpusPaths.relative(dir, inside: out) != nil {
            throw MergeError(description: "--out \(out) is, or holds, or is inside the shard folder \(dir); merging into it would destroy that shard. Merge into a new folder (e.g. --out Output)")
        }
        var record: RunRecord?
        var configurationHash: String?
        var seen: [Int: String] = [:]
        var count: Int?
        var stores: [String] = []
        for dir in shards {
            let path = (dir as NSString).appendingPathComponent(Store.fileName)
            guard FileManager.default.fileExists(atPath: path) else { throw MergeError(description: "\(dir): no \(Store.fileName) (not a run output folder)") }
            guard let last = try Store(path: path).lastRun() else { throw MergeError(description: "\(dir): the store records no run") }
            guard last.finished else { throw MergeError(description: "\(dir): its run did not finish; run that shard again") }
            guard let shard = ShardSpec(last.shard) else { throw MergeError(description: "\(dir): not a shard (run with --shard I/N)") }
            if let count, count != shard.count { throw MergeError(description: "\(dir): shard \(shard) of a job split \(count) ways") }
            if let other = seen[shard.index] { throw MergeError(description: "\(dir) and \(other) are both shard \(shard)") }
            if let configurationHash, configurationHash != last.configurationHash {
                throw MergeError(description: "\(dir): tagged with a different lexicon or options than \(shards[0])")
            }
            count = shard.count
            seen[shard.index] = dir
            configurationHash = last.configurationHash
            if record == nil { record = try RunRecord.decode(last.options) }
            stores.append(path)
        }
        if let count, seen.count != count {
            let missing = (0..<count).filter { seen[$0] == nil }.map { "\($0)/\(count)" }
            throw MergeError(description: "missing shard(s): \(missing.joined(separator: ", "))")
        }
        try absorb(stores, into: (out as NSString).appendingPathComponent(Store.fileName))

        var options = record!.options
        options.out = out
        options.jobs = jobs
        options.commandLine = commandLine
        if let corpus { options.corpus = corpus }
        var batch = BatchOptions()
        batch.progress = progress
        return (try Pipeline.run(options, batch: batch), options)
    }
}

extension Merge {
    /// Builds the merged store beside `target` and moves it into place only
    /// when every shard is in it, so a failed merge leaves no half-written store.
    static func absorb(_ stores: [String], into target: String) throws {
        let building = target + ".merging-\(ProcessInfo.processInfo.processIdentifier)"
        let fm = FileManager.default
        func remove(_ path: String) { for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) } }
        remove(building)
        do {
            let merged = try Store(path: building)
            for s in stores { try merged.absorb(s) }
            try merged.close()
        } catch {
            remove(building)
            throw error
        }
        remove(target)
        if rename(building, target) != 0 {
            let reason = String(cString: strerror(errno))
            remove(building)
            throw MergeError(description: "cannot move the merged store to \(target): \(reason)")
        }
        remove(building)
    }
}

/// The options of a run that decide its outputs, kept in the store's `runs`
/// table so that `merge` writes what the shards' job would have.
public struct RunRecord: Codable {
    var corpus: String
    var lexicons: [String]
    var overlaps: String
    var format: String?
    var encoding: String?
    var groupBy: [String]
    var period: Int?
    var excel: Bool
    var measure: String
    var kwicWindow: Int
    var brat: Bool
    /// Absent in stores written before the option existed.
    var minTokens: Int?
    /// Only when set, so that records of runs without it stay as they were.
    var stata: Bool?
    /// Absent (not false) unless set, so records of runs without it stay as they were.
    var followLinks: Bool?

    public init(_ o: RunOptions) {
        corpus = o.corpus
        lexicons = o.lexicons
        overlaps = o.overlaps.rawValue
        format = o.format?.rawValue
        encoding = o.encoding
        groupBy = o.groupBy
        period = o.period
        excel = o.excel
        measure = o.measure.rawValue
        kwicWindow = o.kwicWindow
        brat = o.brat
        minTokens = o.minTokens
        stata = o.stata ? true : nil
        followLinks = o.followLinks ? true : nil
    }

    public var options: RunOptions {
        var o = RunOptions()
        o.corpus = corpus
        o.lexicons = lexicons
        o.overlaps = OverlapPolicy(rawValue: overlaps) ?? .longest
        o.format = format.flatMap(DocumentFormat.init(rawValue:))
        o.encoding = encoding
        o.groupBy = groupBy
        o.period = period
        o.excel = excel
        o.measure = Measure(rawValue: measure) ?? .per10kTokens
        o.kwicWindow = kwicWindow
        o.brat = brat
        if let minTokens { o.minTokens = minTokens }
        o.stata = stata ?? false
        o.followLinks = followLinks ?? false
        return o
    }

    public var json: String { Store.json(self) }

    public static func decode(_ text: String) throws -> RunRecord {
        guard let r = try Store.decode(RunRecord.self, text) else { throw MergeError(description: "unreadable run options in the store") }
        return r
    }
}
