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
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: mention.utf8Start)
        let end = utf8.index(utf8.startIndex, offsetBy: mention.utf8End)
        let scalars = text.unicodeScalars
        let leftStart = scalars.index(start, offsetBy: -window, limitedBy: scalars.startIndex) ?? scalars.startIndex
        let rightEnd = scalars.index(end, offsetBy: window, limitedBy: scalars.endIndex) ?? scalars.endIndex
        left = String(scalars[leftStart..<start])
        match = String(scalars[start..<end])
        right = String(scalars[end..<rightEnd])
    }

    /// The span `start..<end` in code points (gold offsets), clamped to the text.
    public init(text: String, start: Int, end: Int, window: Int) {
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
        KWICRow.flat(left) + "[" + KWICRow.flat(match) + "]" + KWICRow.flat(right)
    }
}
