import PolicyTraceTag

/// A mention with its left and right context, `window` code points each side.
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
}
