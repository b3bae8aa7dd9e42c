import PolicyTraceIngest
import PolicyTraceTag

/// `--shard I/N`: which part of the corpus one machine processes. Records of
/// multi-record files (JSON Lines, CSV/TSV, chronology tables) are dealt out
/// one by one; other files, and chunks of large JSON Lines files, whole. The
/// split depends only on paths and record positions, so every machine agrees
/// on it, and the N shards together hold every document exactly once.
package struct ShardSpec: Sendable, Equatable, CustomStringConvertible {
    /// 0-based: 0 ..< count.
    package var index: Int
    package var count: Int

    init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `I/N` with 0 ≤ I < N.
    package init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (0..<n).contains(i) else { return nil }
        self.init(index: i, count: n)
    }

    package var description: String { "\(index)/\(count)" }

    /// Whether the item named `key` (a path, `path#part` or `path#ordinal`) is this shard's.
    package func owns(_ key: String) -> Bool {
        count <= 1 || Int(ShardSpec.stableHash(key) % UInt64(count)) == index
    }

    /// FNV-1a over the UTF-8 bytes: the same on every machine and run.
    static func stableHash(_ key: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    /// Formats whose files hold many documents, dealt out record by record.
    package static func splitsRecords(_ format: DocumentFormat) -> Bool {
        [.jsonl, .csv, .tsv, .chronology].contains(format)
    }
}
