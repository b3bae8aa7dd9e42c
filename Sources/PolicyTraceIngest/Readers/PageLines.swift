/// One line of a fixed-layout page (PDF, OFD) and its box, in points from
/// the page's top-left corner.
struct PageLine: Sendable, Equatable {
    var text: String
    var x0, y0, x1, y1: Double

    init(text: String, x0: Double, y0: Double, x1: Double, y1: Double) {
        (self.text, self.x0, self.y0, self.x1, self.y1) = (text, x0, y0, x1, y1)
    }

    var height: Double { y1 - y0 }
}

/// A fixed-layout document's pages as one text with its page boundaries:
/// `pageStarts[i]` is the code-point offset where page `i + 1` begins.
struct PagedText: Sendable, Equatable {
    var text: String
    var pageStarts: [Int]
    /// Lines left out as running headers, footers or page numbers.
    var runningLines: Int
}

/// Turns the lines of fixed-layout pages into running text.
///
/// - Running headers, footers and page numbers (the first or last two lines
///   of a page that recur, digits aside, at the same edge of at least half
///   of the pages, or that are a bare page number) are left out.
/// - Lines of one paragraph are joined the way the script needs: between
///   two CJK characters a line break is no separator (`落\n户` → `落户`); in
///   alphabetic text it is a space, and a hyphen at the line end before a
///   lower-case letter joins the word. A paragraph ends where a line stops
///   short of the right margin, the next line is indented, or the gap to it
///   is wider than the page's usual line pitch; a paragraph that runs on
///   over a page break is joined the same way.
/// - Paragraphs are separated by one line break.
enum PageLines {
    static func join(_ pages: [[PageLine]]) -> PagedText {
        let (kept, dropped) = withoutRunningLines(pages.map { $0.compactMap(trimmed) })
        let margins = Metrics.documentMargins(kept)
        var text = ""
        var scalars = 0
        var starts: [Int] = []
        var previous: (line: PageLine, metrics: Metrics)?
        for lines in kept {
            let metrics = Metrics(lines, margins: margins)
            var pageStarted = false
            for line in lines {
                if let (prev, prevMetrics) = previous {
                    let sameParagraph: Bool
                    if pageStarted {
                        sameParagraph = metrics.continues(prev, line)
                    } else {
                        sameParagraph = prevMetrics.runsOn(prev, before: line) && !metrics.indented(line)
                    }
                    let sep = sameParagraph ? separator(&text, &scalars, next: line.text) : "\n"
                    text += sep
                    scalars += sep.unicodeScalars.count
                }
                if !pageStarted {
                    starts.append(scalars)
                    pageStarted = true
                }
                text += line.text
                scalars += line.text.unicodeScalars.count
                previous = (line, metrics)
            }
            if !pageStarted { starts.append(scalars) }
        }
        return PagedText(text: text, pageStarts: starts, runningLines: dropped)
    }

    /// The line without surrounding spaces (ASCII, no-break, ideographic); nil when blank.
    static func trimmed(_ line: PageLine) -> PageLine? {
        let s = line.text.unicodeScalars
        func space(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\t" || u == "\u{A0}" || u == "\u{3000}" || u == "\r" || u == "\u{C}" }
        guard let a = s.firstIndex(where: { !space($0) }), let b = s.lastIndex(where: { !space($0) }) else { return nil }
        var out = line
        out.text = String(s[a...b])
        // A soft hyphen inside a line is invisible; at its end it joins the word (see `separator`).
        if out.text.unicodeScalars.dropLast().contains("\u{AD}") {
            let last = out.text.unicodeScalars.last!
            out.text = String(String.UnicodeScalarView(out.text.unicodeScalars.dropLast().filter { $0 != "\u{AD}" })) + String(last)
        }
        return out
    }

    /// The page's body geometry: left and right margins, the width of a CJK
    /// character (an em) and the usual line pitch.
    struct Metrics {
        var left = 0.0, right = 0.0, height = 0.0, pitch = 0.0, charWidth = 0.0

        /// A page of fewer lines than this takes its margins from the document:
        /// a few short lines say little about where the body's edges are.
        static let linesForMargins = 3

        /// The body's left and right edges, as the median over the pages
        /// with enough lines (else over all lines).
        static func documentMargins(_ pages: [[PageLine]]) -> (left: Double, right: Double) {
            let full = pages.filter { $0.count >= linesForMargins }
            if full.isEmpty {
                let all = pages.joined()
                return (all.map(\.x0).min() ?? 0, all.map(\.x1).max() ?? 0)
            }
            return (PageLines.median(full.map { $0.map(\.x0).min()! }), PageLines.median(full.map { $0.map(\.x1).max()! }))
        }

        init(_ lines: [PageLine], margins: (left: Double, right: Double)? = nil) {
            guard !lines.isEmpty else { return }
            if lines.count >= Self.linesForMargins || margins == nil {
                left = lines.map(\.x0).min()!
                right = lines.map(\.x1).max()!
            } else {
                (left, right) = margins!
            }
            height = median(lines.map(\.height).filter { $0 > 0 })
            // Glyph boxes may be as tall as the font's whole ascent and
            // descent: the em comes from the line widths, counting a CJK
            // character as one em and any other as half of one.
            charWidth = median(
                lines.compactMap { l -> Double? in
                    let ems = PageLines.ems(l.text.unicodeScalars[...])
                    return ems >= 4 && l.x1 > l.x0 ? (l.x1 - l.x0) / ems : nil
                })
            var pitches: [Double] = []
            for (a, b) in zip(lines, lines.dropFirst()) where b.y0 > a.y0 { pitches.append(b.y0 - a.y0) }
            pitch = median(pitches)
        }

        /// About one CJK character.
        var em: Double { max(charWidth > 0 ? charWidth : height, 1) }

        /// `a` was wrapped before `b` (rather than ending its paragraph):
        /// the first word of `b` (a CJK character with the punctuation that
        /// may not start a line, or an alphabetic word and a space) would
        /// not have fitted in the room left at the end of `a`.
        func runsOn(_ a: PageLine, before b: PageLine) -> Bool {
            let room = right - a.x1
            let ems = PageLines.ems(a.text.unicodeScalars[...])
            let unit = ems >= 4 && a.x1 > a.x0 ? (a.x1 - a.x0) / ems : em
            let next = b.text.unicodeScalars
            guard let first = next.first else { return false }
            var word: Double
            if PageLines.isCJK(first) {
                word = 1 + PageLines.ems(next.dropFirst().prefix { PageLines.noLineStart($0) })
            } else {
                word = PageLines.ems(next.prefix { $0 != " " && !PageLines.isCJK($0) }) + 0.5
            }
            return room <= 1.15 * word * unit + 0.5
        }

        func indented(_ line: PageLine) -> Bool { line.x0 > left + 0.8 * em }

        /// `b` follows `a` on the page and continues its paragraph.
        func continues(_ a: PageLine, _ b: PageLine) -> Bool {
            guard b.y0 > a.y0 + 0.5 * em else { return false }
            if pitch > 0 && b.y0 - a.y0 > 1.4 * pitch { return false }
            return runsOn(a, before: b) && !indented(b)
        }
    }

    /// Width in ems, roughly: a CJK character is one, any other half of one.
    static func ems(_ s: Substring.UnicodeScalarView) -> Double {
        s.reduce(0.0) { $0 + (isCJK($1) ? 1 : 0.5) }
    }

    /// Closing punctuation that Chinese typesetting never puts at a line's start.
    static func noLineStart(_ u: Unicode.Scalar) -> Bool {
        "，。、；：？！”’）》」』】〕〉…·%,.;:?!)]".unicodeScalars.contains(u)
    }

    static func median(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[(s.count - 1) / 2]
    }

    /// What joins a line to the next one of its paragraph; may drop a
    /// trailing hyphen from `text`.
    static func separator(_ text: inout String, _ scalars: inout Int, next: String) -> String {
        guard let last = text.unicodeScalars.last, let first = next.unicodeScalars.first else { return "" }
        if last == "\u{AD}" {
            text.unicodeScalars.removeLast()
            scalars -= 1
            return ""
        }
        if isCJK(last) || isCJK(first) { return "" }
        if last == "-" && first.properties.isLowercase {
            let before = text.unicodeScalars.dropLast().last
            if let before, before.properties.isAlphabetic {
                text.unicodeScalars.removeLast()
                scalars -= 1
                return ""
            }
        }
        return " "
    }

    /// Ideographs, kana, hangul and CJK/full-width punctuation: scripts
    /// written without spaces between words.
    static func isCJK(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x2E80...0x2FFF, 0x3000...0x303F, 0x3040...0x30FF, 0x3100...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x3FFFF:
            return true
        case 0x2014, 0x2026, 0x201C, 0x201D, 0x2018, 0x2019, 0x00B7:
            return true  // dash, ellipsis, curly quotes and middle dot as set in Chinese text
        default:
            return false
        }
    }

    // MARK: Running headers and footers

    /// Lines at a page's edges that repeat across pages, or are a page number.
    static func withoutRunningLines(_ pages: [[PageLine]]) -> ([[PageLine]], Int) {
        guard pages.count >= 2 else { return (pages, 0) }
        let edge = 2
        var topCounts: [String: Int] = [:], bottomCounts: [String: Int] = [:]
        for lines in pages {
            for key in Set(lines.prefix(edge).map { key($0.text) }) { topCounts[key, default: 0] += 1 }
            for key in Set(lines.suffix(edge).map { key($0.text) }) { bottomCounts[key, default: 0] += 1 }
        }
        let needed = max(2, (pages.count + 1) / 2)
        var dropped = 0
        let kept = pages.map { lines -> [PageLine] in
            var out = lines
            // From the bottom, then the top, while the edge line is running.
            var n = 0
            while n < edge, let l = out.last, bottomCounts[key(l.text), default: 0] >= needed || isPageNumber(l.text) {
                out.removeLast()
                n += 1
            }
            n = 0
            while n < edge, let l = out.first, topCounts[key(l.text), default: 0] >= needed || isPageNumber(l.text) {
                out.removeFirst()
                n += 1
            }
            dropped += lines.count - out.count
            return out
        }
        return (kept, dropped)
    }

    /// The line with digit runs read as `#` and spaces left out, so `- 3 -`
    /// and `- 4 -` (or `2014年3月 第3页`) compare equal.
    static func key(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var inDigits = false
        for u in s.unicodeScalars {
            if u == " " || u == "\u{3000}" || u == "\t" { continue }
            let digit = ("0"..."9").contains(u) || ("\u{FF10}"..."\u{FF19}").contains(u)
            if digit {
                if !inDigits { out.append("#") }
            } else {
                out.append(u)
            }
            inDigits = digit
        }
        return String(out)
    }

    /// `3`, `- 3 -`, `— 3 —`, `3/12`, `第3页`, `第 3 页 共 12 页`, `Page 3`, `Page 3 of 12`.
    static func isPageNumber(_ s: String) -> Bool {
        let k = key(s).lowercased()
        let forms: Set<String> = ["#", "-#-", "–#–", "—#—", "#/#", "第#页", "第#页共#页", "第#页/共#页", "page#", "page#of#", "p.#", "[#]", "(#)", "（#）"]
        guard forms.contains(k) else { return false }
        // A bare number of more than three digits is more likely a year than a page.
        let digits = s.unicodeScalars.filter { ("0"..."9").contains($0) || ("\u{FF10}"..."\u{FF19}").contains($0) }.count
        return k != "#" || digits <= 3
    }
}
