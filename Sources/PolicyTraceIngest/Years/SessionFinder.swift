import Foundation

/// Finds NPC and CPPCC plenary sessions named in normalized text, in Chinese
/// (`第十二届全国人民代表大会第二次会议`, `十二届全国人大二次会议`,
/// `全国政协十二届二次会议`) or English (`Second Session of the 12th National
/// People's Congress`), and judges whether a mention names the document's own
/// session or only refers to another one in passing.
enum SessionFinder {
    struct Mention {
        var congress: Congress
        var term: Int
        /// nil when only the congress is named (`向第四届全国人民代表大会作…`).
        var session: Int?
        var range: NSRange
        var english = false

        var year: Int? { NPCSessions.year(congress, term: term, session: session ?? 1) }
    }

    private static let n = "([0-9一二三四五六七八九十两〇零]{1,4})"
    private static let ord = "(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|[0-9]{1,2}(?:st|nd|rd|th))"
    private static let npcName = "(?:national\\s+people['’]?s\\s+congress|npc)"
    private static let cppccName = "(?:(?:national\\s+committee\\s+of\\s+the\\s+)?(?:cppcc|chinese\\s+people['’]?s\\s+political\\s+consultative\\s+conference)(?:\\s+national\\s+committee)?)"

    /// (pattern, congress, capture group of the term, capture group of the session)
    private static let chinese: [(Rx, Congress, Int, Int)] = [
        (Rx("第?\(n)届全国人民代表大会(?:第\(n)次(?:全体)?会议)?"), .npc, 1, 2),
        (Rx("第?\(n)届全国人大第?\(n)次(?:全体)?会议"), .npc, 1, 2),
        (Rx("全国人大第?\(n)届第?\(n)次会议"), .npc, 1, 2),
        (Rx("中国人民政治协商会议第?\(n)届全国委员会(?:第\(n)次(?:全体)?会议)?"), .cppcc, 1, 2),
        (Rx("全国政协第?\(n)届第?\(n)次(?:全体)?会议"), .cppcc, 1, 2),
        (Rx("第?\(n)届全国政协第?\(n)次(?:全体)?会议"), .cppcc, 1, 2),
    ]
    private static let englishSession = Rx("\\b\(ord)\\s+(?:plenary\\s+)?session\\s+of\\s+the\\s+\(ord)\\s+(?:(\(npcName))|\(cppccName))\\b", caseInsensitive: true)
    private static let englishBare = Rx("\\b(?:to|at|before)\\s+the\\s+\(ord)\\s+\(npcName)\\b(?!['’]?s?\\s+standing)", caseInsensitive: true)
    private static let englishLeadIn = Rx("\\b(?:at|to|before)\\s+the\\s*$", caseInsensitive: true)

    private static let ordinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
        "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
        "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    ]

    private static func ordinal(_ s: String?) -> Int? {
        guard let s = s?.lowercased() else { return nil }
        if let v = ordinals[s] { return v }
        return Int(s.filter(\.isNumber))
    }

    /// Every session mention in `s` (normalized), in text order.
    static func mentions(in s: UText) -> [Mention] {
        var out: [Mention] = []
        let text = s.string
        let englishNames = YearText.containsASCII(text, anyOf: ["session", "congress", "npc"])
        for window in windowsAroundJie(text) {
            for (rx, congress, tg, sg) in chinese {
                for m in rx.matches(s, in: window) {
                    guard let term = s.group(m, tg).flatMap(YearText.number) else { continue }
                    let session = s.group(m, sg).flatMap(YearText.number)
                    if session == nil, followed(s, m.range, by: ["常务委员会", "常委会", "代表"]) { continue }
                    out.append(Mention(congress: congress, term: term, session: session, range: m.range))
                }
            }
        }
        for m in englishNames ? englishSession.matches(s) : [] {
            guard let session = ordinal(s.group(m, 1)), let term = ordinal(s.group(m, 2)) else { continue }
            let congress: Congress = m.range(at: 3).location != NSNotFound ? .npc : .cppcc
            out.append(Mention(congress: congress, term: term, session: session, range: m.range, english: true))
        }
        for m in englishNames ? englishBare.matches(s) : [] {
            guard let term = ordinal(s.group(m, 1)) else { continue }
            if out.contains(where: { NSIntersectionRange($0.range, m.range).length > 0 }) { continue }
            out.append(Mention(congress: .npc, term: term, session: nil, range: m.range, english: true))
        }
        // Overlapping matches (a CPPCC name contains 会议) keep the longest.
        out.sort { $0.range.location != $1.range.location ? $0.range.location < $1.range.location : $0.range.length > $1.range.length }
        var kept: [Mention] = []
        for m in out where !kept.contains(where: { NSIntersectionRange($0.range, m.range).length > 0 }) { kept.append(m) }
        return kept
    }

    /// Every Chinese session name contains 届: only the text around each one is searched.
    private static func windowsAroundJie(_ text: String) -> [NSRange] {
        var windows: [NSRange] = []
        var offset = 0
        let length = text.utf16.count
        for unit in text.utf16 {
            if unit == 0x5C4A {
                let start = max(0, offset - 20), end = min(length, offset + 40)
                if let last = windows.last, last.location + last.length >= start {
                    windows[windows.count - 1].length = end - last.location
                } else {
                    windows.append(NSRange(location: start, length: end - start))
                }
            }
            offset += 1
        }
        return windows
    }

    /// True when the mention names the document's own session: `在…会议上`,
    /// `向…会议作/提出…`, `向第四届全国人民代表大会作…`, `（…会议通过）` (an adoption
    /// note), a resolution opening with `第…次会议听取/审议/关于…`, or `at/to the …
    /// Session of …`. Passing references (`…会议以来`, `从…会议到现在`,
    /// `按照…会议批准的方案`, `在…会议上通过的…`) are not.
    static func namesOwnSession(_ s: UText, _ m: Mention) -> Bool {
        if followed(s, m.range, by: ["以来", "闭幕", "期间", "之后", "以后", "之前", "以前", "前夕", "精神", "的决议"]) { return false }
        if m.english {
            if m.session == nil { return true }
            let start = max(0, m.range.location - 24)
            let before = UText(s.substring(NSRange(location: start, length: m.range.location - start)))
            if englishLeadIn.first(before) != nil { return true }
            return lineStart(s, m.range.location) || precededByAdopted(s, m.range.location)
        }
        let prev = previousNonSpace(s, m.range.location)
        if m.session == nil {
            return prev == 0x5411 && followed(s, m.range, by: ["作", "提出", "报告"]) // 向
        }
        if prev == 0x5411 { return true }
        if prev == 0x5728 { // 在
            return !followed(s, m.range, by: ["上通过", "上批准", "上确定", "上提出", "上作出", "上审议", "上的决议"])
        }
        if followed(s, m.range, by: ["通过）", "通过)", "批准）", "批准)"]) || endsLine(s, m.range, after: ["通过", "批准"]) {
            return true
        }
        return lineStart(s, m.range.location) && followed(s, m.range, by: ["听取", "审议", "关于", "审查", "批准", "决定"])
    }

    private static func precededByAdopted(_ s: UText, _ at: Int) -> Bool {
        let start = max(0, at - 30)
        let before = s.substring(NSRange(location: start, length: at - start)).lowercased()
        return before.contains("adopted") || before.contains("approved")
    }

    static func followed(_ s: UText, _ r: NSRange, by words: [String]) -> Bool {
        var i = r.location + r.length
        while let u = s.unit(i), YearText.isSpace(u) { i += 1 }
        let rest = s.substring(NSRange(location: i, length: min(8, s.length - i)))
        return words.contains { rest.hasPrefix($0) }
    }

    /// The mention is followed by one of `words` and then a line break or the end (`…会议通过` alone on its line).
    private static func endsLine(_ s: UText, _ r: NSRange, after words: [String]) -> Bool {
        let end = r.location + r.length
        for w in words where s.substring(NSRange(location: end, length: min(w.utf16.count, s.length - end))) == w {
            var i = end + w.utf16.count
            while let u = s.unit(i), u == 0x20 || u == 0x09 || u == 0x3000 { i += 1 }
            guard let u = s.unit(i) else { return true }
            return u == 0x0A || u == 0x0D || u == 0x3002 // 。
        }
        return false
    }

    static func previousNonSpace(_ s: UText, _ at: Int) -> unichar? {
        var i = at - 1
        while let u = s.unit(i), YearText.isSpace(u) { i -= 1 }
        return s.unit(i)
    }

    /// True when only whitespace lies between the previous line break (or the text's start) and `at`.
    static func lineStart(_ s: UText, _ at: Int) -> Bool {
        var i = at - 1
        while let u = s.unit(i) {
            if u == 0x0A || u == 0x0D { return true }
            if !YearText.isSpace(u) { return false }
            i -= 1
        }
        return true
    }
}
