import CICU
import Foundation

/// ICU's dictionary-based word segmentation, asked about one position at a
/// time. Segmenting whole Chinese documents runs at about 9 MB/s, so the
/// tagger only asks about the edges of candidate matches, with a short
/// window of context on each side.
public final class WordBreaker {
    private let handle: OpaquePointer?

    /// One breaker per thread: ICU's iterator keeps state between calls.
    public init(locale: String = "zh") {
        handle = pt_icu_word_breaker_open(locale)
    }

    deinit { pt_icu_word_breaker_close(handle) }

    /// Whether `offset` (a code-point index into `window`, at most 256 code
    /// points long) is a word boundary. Window edges always are.
    public func isBoundary(_ window: [UInt32], at offset: Int) -> Bool {
        guard let handle else { return true }
        return window.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: Int32.self) {
                pt_icu_word_breaker_is_boundary(handle, $0.baseAddress, Int32($0.count), Int32(offset)) != 0
            }
        }
    }
}

/// Which ideograph pairs can sit inside one word of ICU's CJK dictionary.
/// ICU's dictionary segmentation only produces dictionary words and single
/// characters, so a position between two ideographs that form no such pair
/// is a word boundary without asking the (slow) break iterator.
public struct DictionaryPairs: Sendable {
    /// Each pair as `first << 32 | second`, sorted, without repeats (so
    /// that the list is stored and read back as it is).
    public let pairs: [UInt64]
    /// False when ICU's dictionary could not be read: then every pair counts
    /// as possible and the break iterator is always asked.
    public let isAvailable: Bool

    /// Pairs whose second code point is one of `seconds` (the first
    /// characters of the lexicon's Chinese terms).
    public init(seconds: Set<UInt32>) {
        let list = seconds.sorted().map { Int32(bitPattern: $0) }
        var out: UnsafeMutablePointer<UInt64>?
        let n = pt_icu_cjk_dictionary_pairs(list, Int32(list.count), &out)
        if n >= 0, let out {
            pairs = Set(UnsafeBufferPointer(start: out, count: Int(n))).sorted()
            isAvailable = true
        } else {
            pairs = []
            isAvailable = false
        }
        free(out)
    }

    /// Pairs found before (by a process that read ICU's dictionary), as
    /// `pairs` lists them.
    public init(pairs: [UInt64], isAvailable: Bool) {
        self.pairs = pairs
        self.isAvailable = isAvailable
    }

    /// Whether some dictionary word contains `first` immediately followed by `second`.
    @inline(__always)
    public func mayJoin(_ first: UInt32, _ second: UInt32) -> Bool {
        guard isAvailable else { return true }
        let key = UInt64(first) << 32 | UInt64(second)
        var lo = 0, hi = pairs.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if pairs[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < pairs.count && pairs[lo] == key
    }
}
