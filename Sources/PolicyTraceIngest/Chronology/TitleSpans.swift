import Foundation

/// A quoted or book-marked span: `"…"`, `“…”`, `'…'`, `‘…’`, `《…》`, `「…」`.
struct TitleSpan {
    /// The span with its marks.
    var outer: NSRange
    /// The text between the marks.
    var inner: NSRange
    /// Marked with Chinese title marks (`《》`, `「」`), which only ever enclose titles.
    var titleMarks: Bool
}

/// Finds top-level quoted spans, telling quotes from apostrophes (`MCA's`,
/// `migrants' rights`): a single quote opens only after a space or bracket and
/// before a letter, and closes only before a non-letter.
enum TitleSpans {
    private static let maxLength = 400

    static func find(in s: UText) -> [TitleSpan] {
        var out: [TitleSpan] = []
        var i = 0
        while i < s.length {
            let u = s.unit(i)!
            var close: Int?
            var marks = false
            switch u {
            case 0x300A:
                close = matchBookMark(s, i)
                marks = true
            case 0x300C:
                close = next(s, after: i, 0x300D)
                marks = true
            case 0x201C:
                close = next(s, after: i, 0x201D)
            case 0x22:
                close = next(s, after: i, 0x22)
            case 0x2018, 0x27:
                if opensSingle(s, i) { close = closeSingle(s, after: i, u == 0x27 ? 0x27 : 0x2019) }
            default:
                break
            }
            if let c = close, c > i + 1 {
                out.append(
                    TitleSpan(
                        outer: NSRange(location: i, length: c - i + 1),
                        inner: NSRange(location: i + 1, length: c - i - 1), titleMarks: marks))
                i = c + 1
            } else {
                i += 1
            }
        }
        return out
    }

    private static func next(_ s: UText, after i: Int, _ mark: unichar) -> Int? {
        var j = i + 1
        while j < s.length, j - i <= maxLength {
            if s.unit(j) == mark { return j }
            j += 1
        }
        return nil
    }

    private static func matchBookMark(_ s: UText, _ i: Int) -> Int? {
        var depth = 0
        var j = i
        while j < s.length, j - i <= maxLength {
            let u = s.unit(j)!
            if u == 0x300A { depth += 1 }
            if u == 0x300B {
                depth -= 1
                if depth == 0 { return j }
            }
            j += 1
        }
        return nil
    }

    private static func isWordUnit(_ u: unichar?) -> Bool {
        guard let u, let scalar = Unicode.Scalar(u) else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    private static func opensSingle(_ s: UText, _ i: Int) -> Bool {
        guard isWordUnit(s.unit(i + 1)) else { return false }
        guard let prev = s.unit(i - 1) else { return true }
        return YearText.isSpace(prev) || "([{“\"—–-/:".utf16.contains(prev)
    }

    /// The first closing mark; a plural possessive inside the title (`Urban
    /// Residents' Minimum Living Security'`) is skipped when another closing mark follows.
    private static func closeSingle(_ s: UText, after i: Int, _ mark: unichar) -> Int? {
        var candidates: [Int] = []
        var j = i + 1
        while j < s.length, j - i <= maxLength {
            if s.unit(j) == mark, let prev = s.unit(j - 1), !YearText.isSpace(prev), !isWordUnit(s.unit(j + 1)) {
                candidates.append(j)
                if !looksPossessive(s, j) { break }
            }
            j += 1
        }
        return candidates.first { !looksPossessive(s, $0) || $0 == candidates.last }
    }

    /// `s' ` followed by a capitalised word.
    private static func looksPossessive(_ s: UText, _ j: Int) -> Bool {
        guard s.unit(j - 1) == 0x73, s.unit(j + 1) == 0x20, let next = s.unit(j + 2) else { return false }
        return (0x41...0x5A).contains(next)
    }
}
