import Foundation

/// A regular expression compiled once and shared read-only; matching is thread-safe.
struct Rx: @unchecked Sendable {
    let re: NSRegularExpression

    init(_ pattern: String, caseInsensitive: Bool = false, lines: Bool = false) {
        var options: NSRegularExpression.Options = []
        if caseInsensitive { options.insert(.caseInsensitive) }
        if lines { options.insert(.anchorsMatchLines) }
        do { re = try NSRegularExpression(pattern: pattern, options: options) } catch {
            fatalError("bad pattern \(pattern): \(error)")
        }
    }

    func matches(_ s: UText, in range: NSRange? = nil) -> [NSTextCheckingResult] {
        re.matches(in: s.string, options: [], range: range ?? s.whole)
    }

    func first(_ s: UText, in range: NSRange? = nil) -> NSTextCheckingResult? {
        re.firstMatch(in: s.string, options: [], range: range ?? s.whole)
    }
}

/// A string with its UTF-16 view, so regex ranges can be cut without re-bridging.
/// The chronology reader's table and sentence rules work on these; the year
/// resolver scans UTF-8 bytes instead (`ScanText`).
struct UText {
    let string: String
    let ns: NSString

    init(_ string: String) {
        self.string = string
        ns = string as NSString
    }

    var length: Int { ns.length }
    var whole: NSRange { NSRange(location: 0, length: ns.length) }

    func group(_ m: NSTextCheckingResult, _ i: Int) -> String? {
        let r = m.range(at: i)
        return r.location == NSNotFound ? nil : ns.substring(with: r)
    }

    func substring(_ r: NSRange) -> String { ns.substring(with: r) }

    /// The UTF-16 unit at `i`, or nil outside the string.
    func unit(_ i: Int) -> unichar? { i >= 0 && i < ns.length ? ns.character(at: i) : nil }
}
