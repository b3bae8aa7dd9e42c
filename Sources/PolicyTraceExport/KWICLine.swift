import PolicyTraceTag

/// A mention with its left and right context, `window` code points each side:
/// the one context renderer behind `kwic.csv`, the report's samples,
/// `policytrace kwic`, `evaluate`'s error lists and `lexicon suggest`'s
/// examples, so a mention reads the same everywhere.
public struct KWICLine: Sendable, Equatable {
    public var left: String
    public var match: String
    public var right: String

    /// Code points of context on each side wherever a mention is shown with
    /// its context (`kwic.csv`, `policytrace kwic`, `evaluate`'s error lists).
    public static let defaultWindow = 30

    public init(text: String, mention: Mention, window: Int) {
        var text = text
        self = text.withUTF8 { KWICLine(utf8: $0, mention: mention, window: window) }
    }

    /// The same, cut from the text's UTF-8 bytes at the mention's UTF-8
    /// offsets, `window` code points each side: the writers' fast path.
    package init(utf8 text: UnsafeBufferPointer<UInt8>, mention: Mention, window: Int) {
        self.init(utf8: text, bounds: Bounds(utf8: text, mention: mention, window: window))
    }

    package init(utf8 text: UnsafeBufferPointer<UInt8>, bounds: Bounds) {
        func string(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: text[r]), as: UTF8.self) }
        (left, match, right) = (string(bounds.left), string(bounds.match), string(bounds.right))
    }

    /// Where a mention's context lies in the text's UTF-8 bytes: writers cut
    /// their cells from there without making strings.
    package struct Bounds {
        package var left: Range<Int>
        package var match: Range<Int>
        package var right: Range<Int>

        package init(utf8 text: UnsafeBufferPointer<UInt8>, mention: Mention, window: Int) {
            var a = mention.utf8Start, k = 0
            while k < window && a > 0 {
                a -= 1
                while a > 0 && text[a] & 0xC0 == 0x80 { a -= 1 }
                k += 1
            }
            var b = mention.utf8End
            k = 0
            while k < window && b < text.count {
                let lead = text[b]
                b += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                k += 1
            }
            left = a..<mention.utf8Start
            match = mention.utf8Start..<mention.utf8End
            right = mention.utf8End..<min(b, text.count)
        }
    }

    /// The span `start..<end` in code points (gold offsets), clamped to the text.
    package init(text: String, start: Int, end: Int, window: Int) {
        let scalars = text.unicodeScalars
        func at(_ n: Int) -> String.Index {
            scalars.index(scalars.startIndex, offsetBy: max(0, n), limitedBy: scalars.endIndex) ?? scalars.endIndex
        }
        let s = at(start), e = max(s, at(end))
        left = String(scalars[at(start - window)..<s])
        match = String(scalars[s..<e])
        right = String(scalars[e..<at(end + window)])
    }

    /// `left[match]right` on one line (line breaks and tabs as spaces), as a terminal shows it.
    public var bracketed: String {
        let line = oneLine
        return line.left + "[" + line.match + "]" + line.right
    }

    /// Line breaks and tabs as spaces, so the context shows on one line (kwic.csv, the report).
    package var oneLine: KWICLine {
        var line = self
        (line.left, line.match, line.right) = (KWICRow.flat(left), KWICRow.flat(match), KWICRow.flat(right))
        return line
    }
}
