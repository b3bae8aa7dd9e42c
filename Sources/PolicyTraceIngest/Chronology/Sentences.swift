import Foundation

/// Splits running text into sentences for prose event extraction: at `。！？`,
/// at `.!?` followed by a space and a capital, digit, quote or ideograph (not
/// after initials or abbreviations such as `No.`, `e.g.`, `et al.`), at blank
/// lines, and before headings and list items. Line breaks inside a paragraph
/// are joined (without a space between ideographs or after a hyphen).
enum Sentences {
    private static let closers: Set<Unicode.Scalar> = ["\"", "'", "”", "’", "」", "』", "》", ")", "）", "]", "】"]
    private static let openers: Set<Unicode.Scalar> = ["\"", "'", "“", "‘", "(", "（", "[", "《", "「"]
    private static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "no", "nos", "vol", "vols", "fig", "figs", "al", "etc", "vs", "cf", "pp",
        "ed", "eds", "st", "jr", "sr", "inc", "ltd", "co", "art", "sec", "ch", "op", "ibid", "approx", "dept",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    struct Sentence {
        /// The sentence with its whitespace collapsed.
        var text: String
        /// The cells when the sentence is a table row: a line containing a tab.
        var cells: [String]?
    }

    /// Sentences in text order; a line containing a tab (a table row) is one sentence by itself.
    static func split(_ text: String) -> [Sentence] {
        var out: [Sentence] = []
        var chunk: [Substring] = []
        func flushChunk() {
            if !chunk.isEmpty { out += splitProse(chunk.joined(separator: "\n")).map { Sentence(text: $0, cells: nil) } }
            chunk = []
        }
        for line in lines(text) {
            if line.utf8.contains(0x09), line.contains(where: { !$0.isWhitespace }) {
                flushChunk()
                let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                out.append(Sentence(text: line.split(whereSeparator: \.isWhitespace).joined(separator: " "), cells: cells))
            } else {
                chunk.append(line)
            }
        }
        flushChunk()
        return out
    }

    /// Lines split at LF (a preceding CR stays and counts as whitespace), without grapheme breaking.
    private static func lines(_ text: String) -> [Substring] {
        var out: [Substring] = []
        var start = text.utf8.startIndex
        for i in text.utf8.indices where text.utf8[i] == 0x0A {
            out.append(text[start..<i])
            start = text.utf8.index(after: i)
        }
        out.append(text[start...])
        return out
    }

    private static func splitProse(_ text: String) -> [String] {
        let chars = Array(text.unicodeScalars)
        var out: [String] = []
        var current = String.UnicodeScalarView()
        func emit() {
            let t = String(current).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !t.isEmpty { out.append(t) }
            current = String.UnicodeScalarView()
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if isNewline(c) {
                var j = i, breaks = 0
                while j < chars.count, chars[j].properties.isWhitespace {
                    if chars[j] == "\n" || (chars[j] == "\r" && (j + 1 == chars.count || chars[j + 1] != "\n")) { breaks += 1 }
                    j += 1
                }
                if breaks >= 2 || j == chars.count || startsBlock(chars, j) {
                    emit()
                } else if let last = current.last, !(YearText.isHan(last) && YearText.isHan(chars[j])), last != "-" {
                    current.append(" ")
                }
                i = j
                continue
            }
            current.append(c)
            i += 1
            guard terminators.contains(c) else { continue }
            while i < chars.count, closers.contains(chars[i]) {
                current.append(chars[i])
                i += 1
            }
            if c == "。" || c == "！" || c == "？" {
                emit()
            } else if i == chars.count || (chars[i].properties.isWhitespace && startsSentence(chars, i) && !(c == "." && isAbbreviation(current))) {
                emit()
            }
        }
        emit()
        return out
    }

    private static let terminators: Set<Unicode.Scalar> = ["。", "！", "？", ".", "!", "?"]

    private static func isNewline(_ c: Unicode.Scalar) -> Bool {
        c == "\n" || c == "\r" || c == "\u{2028}" || c == "\u{2029}" || c == "\u{85}"
    }

    /// After whitespace at `i`: a capital, digit, opening quote or bracket, or ideograph.
    private static func startsSentence(_ chars: [Unicode.Scalar], _ i: Int) -> Bool {
        var j = i
        while j < chars.count, chars[j].properties.isWhitespace { j += 1 }
        guard j < chars.count else { return true }
        let c = chars[j]
        return c.properties.isUppercase || c.properties.numericType != nil || openers.contains(c) || YearText.isHan(c) || c == "*" || c == "-"
    }

    /// A heading, list item or table row starts at `j`.
    private static func startsBlock(_ chars: [Unicode.Scalar], _ j: Int) -> Bool {
        guard j < chars.count else { return true }
        let c = chars[j]
        if c == "#" || c == "|" || c == "•" { return true }
        return (c == "-" || c == "*") && j + 1 < chars.count && chars[j + 1] == " "
    }

    /// The word before the final `.` is an initial or a known abbreviation.
    private static func isAbbreviation(_ s: String.UnicodeScalarView) -> Bool {
        var end = s.endIndex
        while end > s.startIndex, s[s.index(before: end)] == "." || closers.contains(s[s.index(before: end)]) {
            end = s.index(before: end)
        }
        var start = end
        while start > s.startIndex, s[s.index(before: start)].properties.isAlphabetic { start = s.index(before: start) }
        let word = String(s[start..<end])
        if word.unicodeScalars.count == 1 { return true }
        return abbreviations.contains(word.lowercased())
    }
}
