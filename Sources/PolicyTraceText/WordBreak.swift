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

/// Word tokens as quanteda's `tokens()` makes them: ICU word segments
/// (dictionary-based for Chinese, the library quanteda's tokenizer calls
/// through stringi), white-space segments dropped, and a word, hyphen, word
/// run with no space in it kept as one token (quanteda's default
/// `split_hyphens = FALSE`). For exports and measurements, not the tagger's
/// hot path: it segments the whole text.
public enum WordTokens {
    /// ICU's word boundaries of `scalars` as code-point offsets, 0 and
    /// `scalars.count` included.
    static func boundaries(_ scalars: [UInt32], locale: String = "zh") -> [Int] {
        guard !scalars.isEmpty else { return [0] }
        var bounds = [Int32](repeating: 0, count: scalars.count + 1)
        let n = scalars.withUnsafeBufferPointer { text in
            text.withMemoryRebound(to: Int32.self) { t in
                bounds.withUnsafeMutableBufferPointer {
                    pt_icu_word_boundaries(t.baseAddress, Int32(t.count), locale, $0.baseAddress, Int32($0.count))
                }
            }
        }
        guard n > 0 else { return [0, scalars.count] }
        return bounds.prefix(Int(n)).map(Int.init)
    }

    /// The tokens of `text`, in order.
    public static func tokens(_ text: String, locale: String = "zh") -> [String] {
        let scalars = text.unicodeScalars.map(\.value)
        let bounds = boundaries(scalars, locale: locale)
        var out: [String] = []
        // Whether the previous token ended right where a hyphen run began.
        var glue = false
        for i in 0..<(bounds.count - 1) {
            let piece = scalars[bounds[i]..<bounds[i + 1]]
            if piece.allSatisfy({ pt_icu_is_whitespace(Int32(bitPattern: $0)) != 0 }) {
                glue = false
                continue
            }
            let string = String(String.UnicodeScalarView(piece.compactMap(Unicode.Scalar.init)))
            let isHyphen = piece.count == 1 && piece.first == 0x2D
            let isWord = piece.contains { pt_icu_is_alphanumeric(Int32(bitPattern: $0)) != 0 }
            if glue, let last = out.last, isWord || isHyphen, isHyphen || last.hasSuffix("-"),
                last.unicodeScalars.contains(where: { pt_icu_is_alphanumeric(Int32(bitPattern: $0.value)) != 0 })
            {
                out[out.count - 1] = last + string
            } else {
                out.append(string)
            }
            glue = isWord || isHyphen
        }
        // A hyphen left dangling at a token's end was not between two words.
        return out.flatMap { t -> [String] in
            guard t.count > 1, t.hasSuffix("-") else { return [t] }
            return [String(t.dropLast()), "-"]
        }
    }
}
