import CICU

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
