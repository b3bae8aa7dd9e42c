/// One stretch of a large text, tagged on its own: its mentions are exactly
/// the whole text's mentions that start inside it, with the same offsets,
/// and its tokens and stats are its share of the whole text's. A caller can
/// tag a text's segments on several threads, or one after another, and
/// write each segment's mentions out before tagging the next: memory then
/// holds a segment's mentions, not the text's (issues #13 and #18).
public struct TextSegment: Sendable, Equatable {
    /// UTF-8 byte range in the text.
    public var bytes: Range<Int>
    /// Code-point index of the segment's first character in the text.
    public var firstCodePoint: Int
}

extension Tagger {
    /// Cuts a text into segments of about `size` bytes. Each cut falls
    /// after a character that is not a letter or digit (an ideograph, a
    /// space, punctuation), so no token and no prefix term's extension
    /// crosses it; a text with no such character within 64 KiB of a cut is
    /// cut later.
    public func segments(utf8 buf: UnsafeBufferPointer<UInt8>, size: Int) -> [TextSegment] {
        precondition(size > 0)
        let n = buf.count
        var out: [TextSegment] = []
        var start = 0, codePoints = 0
        var target = size
        while target < n {
            var cut = target
            while cut < n && buf[cut] & 0xC0 == 0x80 { cut += 1 }
            let limit = min(n, cut + 65536)
            // The first scalar boundary at or after `target` that follows a non-word character.
            while cut < limit {
                if let (before, _) = scalarEnding(buf, cut), !isWord(before) { break }
                cut += 1
                while cut < limit && buf[cut] & 0xC0 == 0x80 { cut += 1 }
            }
            if cut >= n { break }
            if cut >= limit {
                target = limit + size / 4
                continue
            }
            out.append(TextSegment(bytes: start..<cut, firstCodePoint: codePoints))
            codePoints += Self.scalarCount(buf, start..<cut)
            start = cut
            target = cut + size
        }
        out.append(TextSegment(bytes: start..<n, firstCodePoint: codePoints))
        return out
    }

    /// Tags one segment of `buf` (from `segments(utf8:size:)` of the same
    /// bytes). The scan starts and ends a margin outside the segment, wider
    /// than any match (the longest pattern, twice, plus 1,024 code points of
    /// slack for runs of spaces inside one), so every candidate that could
    /// contain or suppress a mention of the segment is seen; context rules
    /// and word edges read the whole buffer, as they do for the whole text.
    /// Short names the text defines are the caller's to add, with one
    /// `ShortNames` over the segments in order.
    public func tag(utf8 buf: UnsafeBufferPointer<UInt8>, segment: TextSegment) -> TagResult {
        let margin = 4 * (2 * (ringMask + 1) + 1024)
        let a = segment.bytes.lowerBound, b = segment.bytes.upperBound
        var from = max(0, a - margin)
        while from < a && buf[from] & 0xC0 == 0x80 { from += 1 }
        var to = min(buf.count, b + margin)
        while to < buf.count && buf[to] & 0xC0 == 0x80 { to += 1 }
        let first = segment.firstCodePoint - Self.scalarCount(buf, from..<a)
        let keep = segment.firstCodePoint..<segment.firstCodePoint + Self.scalarCount(buf, a..<b)
        var scan = automaton.withStep { scanText(buf, $0, from: from, to: to, firstCodePoint: first) }
        // The margins' tokens belong to the neighbouring segments; each cut
        // follows a non-word character, so a token never straddles one.
        scan.tokens -= tokenCount(buf, from..<a) + tokenCount(buf, b..<to)
        return resolve(scan, buf, keeping: keep)
    }

    /// Tokens of a stretch that follows a non-word character (or starts the
    /// text), counted as the scan counts them.
    func tokenCount(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var tokens = 0, inWord: UInt32 = 0
        var i = range.lowerBound
        while i < range.upperBound, let (c, len) = Self.scalarAt(buf, i) {
            let e = classes.entry(c)
            let ideograph = (e >> 17) & 1, word = (e >> 16) & 1
            tokens += Int(ideograph | (word & ~inWord))
            inWord = word & ~ideograph
            i += len
        }
        return tokens
    }

    static func scalarCount(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        // Bytes minus continuation bytes (10xxxxxx), eight at a time: a
        // byte's bit 7 set and bit 6 clear.
        guard !range.isEmpty else { return 0 }
        var continuation = 0
        var i = range.lowerBound
        let base = UnsafeRawPointer(buf.baseAddress!)
        while i + 8 <= range.upperBound {
            let x = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            continuation &+= (x & ~(x << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            i += 8
        }
        while i < range.upperBound {
            if buf[i] & 0xC0 == 0x80 { continuation &+= 1 }
            i += 1
        }
        return range.count - continuation
    }
}
