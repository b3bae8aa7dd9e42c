import Foundation
import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceStore
import PolicyTraceTag
import PolicyTraceText

/// A problem with the shard folders given to `policytrace merge`.
package struct MergeError: Error, CustomStringConvertible {
    package var description: String
}

/// `policytrace merge`: combines the stores of the shards of one job (each a
/// `run --shard I/N` output folder) into one store, then writes the outputs
/// from it exactly as a single run over the whole corpus would.
package enum Merge {
    package static func run(
        shards: [String], out: String, corpus: String? = nil, jobs: Int,
        commandLine: [String] = CommandLine.arguments, progress: ProgressMeter.Mode = .off
    ) throws -> (summary: RunSummary, options: RunOptions) {
        guard !shards.isEmpty else { throw MergeError(description: "no shard folders given") }
        for dir in shards where CorpusPaths.relative(out, inside: dir) != nil || CorpusPaths.relative(dir, inside: out) != nil {
            throw MergeError(
                description:
                    "--out \(out) is, or holds, or is inside the shard folder \(dir); merging into it would destroy that shard. Merge into a new folder (e.g. --out Output)"
            )
        }
        var record: RunOptions?
        var configurationHash: String?
        var seen: [Int: String] = [:]
        var count: Int?
        var stores: [String] = []
        for dir in shards {
            let path = (dir as NSString).appendingPathComponent(Store.fileName)
            guard FileManager.default.fileExists(atPath: path) else {
                throw MergeError(description: "\(dir): no \(Store.fileName) (not a run output folder)")
            }
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
            if record == nil { record = try RunOptions(record: last.options) }
            stores.append(path)
        }
        if let count, seen.count != count {
            let missing = (0..<count).filter { seen[$0] == nil }.map { "\($0)/\(count)" }
            throw MergeError(description: "missing shard(s): \(missing.joined(separator: ", "))")
        }
        try absorb(stores, into: (out as NSString).appendingPathComponent(Store.fileName))

        var options = record!
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

/// A run's record: the options that decide its outputs, as JSON. It is kept
/// in the store's `runs` table, so that `merge` writes what the shards' job
/// would have, and in the partial aggregates of the streaming mode. Where to
/// write, how many threads and the command line are not part of it. Keys added
/// later read as their defaults when absent (`minTokens`), and `stata` and
/// `followLinks` are written only when set, so the records of runs without
/// them stay as they were.
extension RunOptions: Codable {
    enum CodingKeys: String, CodingKey {
        case corpus, lexicons, overlaps, format, encoding, groupBy, period, excel, measure, kwicWindow, brat, minTokens, stata, followLinks
    }

    public init(from decoder: Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        corpus = try c.decode(String.self, forKey: .corpus)
        lexicons = try c.decode([String].self, forKey: .lexicons)
        overlaps = try c.decode(OverlapPolicy.self, forKey: .overlaps)
        format = try c.decodeIfPresent(DocumentFormat.self, forKey: .format)
        encoding = try c.decodeIfPresent(String.self, forKey: .encoding)
        groupBy = try c.decode([String].self, forKey: .groupBy)
        period = try c.decodeIfPresent(Int.self, forKey: .period)
        excel = try c.decode(Bool.self, forKey: .excel)
        measure = try c.decode(Measure.self, forKey: .measure)
        kwicWindow = try c.decode(Int.self, forKey: .kwicWindow)
        brat = try c.decode(Bool.self, forKey: .brat)
        minTokens = try c.decodeIfPresent(Int.self, forKey: .minTokens) ?? minTokens
        stata = try c.decodeIfPresent(Bool.self, forKey: .stata) ?? false
        followLinks = try c.decodeIfPresent(Bool.self, forKey: .followLinks) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(corpus, forKey: .corpus)
        try c.encode(lexicons, forKey: .lexicons)
        try c.encode(overlaps, forKey: .overlaps)
        try c.encodeIfPresent(format, forKey: .format)
        try c.encodeIfPresent(encoding, forKey: .encoding)
        try c.encode(groupBy, forKey: .groupBy)
        try c.encodeIfPresent(period, forKey: .period)
        try c.encode(excel, forKey: .excel)
        try c.encode(measure, forKey: .measure)
        try c.encode(kwicWindow, forKey: .kwicWindow)
        try c.encode(brat, forKey: .brat)
        try c.encode(minTokens, forKey: .minTokens)
        if stata { try c.encode(true, forKey: .stata) }
        if followLinks { try c.encode(true, forKey: .followLinks) }
    }

    /// The record as the store keeps it (sorted keys).
    var record: String { Store.json(self) }

    /// Options from a record; `out`, `jobs` and the command line are the defaults.
    init(record text: String) throws {
        guard let o = try Store.decode(RunOptions.self, text) else { throw MergeError(description: "unreadable run options in the store") }
        self = o
    }
}
