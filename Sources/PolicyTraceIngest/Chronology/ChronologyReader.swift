import Foundation

/// One policy event from a chronology table row or a prose sentence: a row of
/// `chronology.csv`. `year` stays nil where the source gives none; it is never guessed.
public struct ChronologyEvent: Sendable, Equatable, Codable {
    public var year: Int?
    public var issuer: String?
    /// The document title without its quotes or title marks.
    public var title: String?
    public var description: String
    /// The file the event came from.
    public var source: String
    /// 1-based line where the table row starts, or sentence number in prose.
    public var row: Int
    /// The whole row or sentence.
    public var text: String

    package init(year: Int?, issuer: String?, title: String?, description: String, source: String, row: Int, text: String) {
        self.year = year
        self.issuer = issuer
        self.title = title
        self.description = description
        self.source = source
        self.row = row
        self.text = text
    }
}

/// Turns chronology tables (tab-separated text, TSV, Markdown, or cells from an
/// HTML table) and policy-history prose into `ChronologyEvent`s.
package enum ChronologyReader {
    struct Row {
        var cells: [String]
        var line: Int
    }

    // MARK: Tables

    /// One event per table row. Heading lines (`#### Table 1`, `Table 1.`) and
    /// header rows (`Policies and regulations`, `Year | Title | …`) are skipped;
    /// a line without a tab is part of a neighbouring row (see `readRows`); a
    /// year cell must be exactly a year from 1900 to 2100, and a blank one leaves
    /// the year nil.
    static func readTable(_ text: String, source: String, issuers: IssuerTable = .builtIn) -> [ChronologyEvent] {
        events(readRows(text), source: source, issuers: issuers)
    }

    /// Rows of a text table with their starting lines. A line without a tab
    /// continues the row above it while that row's text is its last cell
    /// (`1995<TAB>text…`); after a row whose text is closed by a tab
    /// (`text…<TAB>1995`) it starts the next row instead, as rows wrapped before
    /// their year cell do, unless a blank line or the end follows, in which case
    /// it still continues the row above. A line indented by a single tab always continues.
    static func readRows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var current: Row?
        var pending: [(text: String, line: Int)] = []
        func append(_ more: String, to row: inout Row) {
            let k = textCell(row.cells, last: true)
            row.cells[k] = join(row.cells[k].trimmingCharacters(in: .whitespaces), more)
        }
        func endBlock() {
            if var row = current {
                for p in pending { append(p.text, to: &row) }
                rows.append(row)
            }
            current = nil
            pending = []
        }
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                endBlock()
                continue
            }
            if isMarkdownRule(trimmed) { continue }
            let markdown = trimmed.hasPrefix("|") && !line.contains("\t")
            let indented = line.hasPrefix("\t") && !trimmed.contains("\t")
            if var row = current, indented && pending.isEmpty {
                append(trimmed, to: &row)
                current = row
            } else if line.contains("\t") || markdown {
                if let row = current { rows.append(row) }
                var cells = markdown ? markdownCells(trimmed) : line.components(separatedBy: "\t")
                var start = index + 1
                if !pending.isEmpty {
                    let k = textCell(cells, last: false)
                    cells[k] = join(pending.map(\.text).reduce("", join), cells[k].trimmingCharacters(in: .whitespaces))
                    start = pending[0].line
                    pending = []
                }
                current = Row(cells: cells, line: start)
            } else if isHeading(trimmed) {
                endBlock()
            } else if var row = current, pending.isEmpty, !isClosed(row) {
                append(trimmed, to: &row)
                current = row
            } else {
                pending.append((trimmed, index + 1))
            }
        }
        endBlock()
        return rows
    }

    /// The row's text cell is followed by another cell, so wrapped text cannot follow it.
    private static func isClosed(_ row: Row) -> Bool {
        textCell(row.cells, last: true) < row.cells.count - 1
    }

    /// One event per row of cells (for example from an HTML table); `row` is the 1-based row index.
    static func events(fromRows rows: [[String]], source: String, issuers: IssuerTable = .builtIn) -> [ChronologyEvent] {
        events(rows.enumerated().map { Row(cells: $1, line: $0 + 1) }, source: source, issuers: issuers)
    }

    private static let headingRx = Rx(#"^(?:#+\s|#+$|(?:table|tab\.)\s*[0-9ivx]+\b|表\s*[0-9一二三四五六七八九十]+)"#, caseInsensitive: true)

    private static func isHeading(_ line: String) -> Bool { headingRx.first(UText(line)) != nil }

    private static func isMarkdownRule(_ line: String) -> Bool {
        line.contains("-") && line.allSatisfy { "|-: \t".contains($0) }
    }

    private static func markdownCells(_ line: String) -> [String] {
        var s = Substring(line)
        if s.hasPrefix("|") { s.removeFirst() }
        if s.hasSuffix("|") { s.removeLast() }
        return s.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    }

    /// The cell wrapped text belongs to: the first (or last) non-empty cell that is not a year.
    private static func textCell(_ cells: [String], last: Bool) -> Int {
        let candidates = cells.indices.filter { !clean(cells[$0]).isEmpty && yearCell(cells[$0]) == nil }
        return (last ? candidates.last : candidates.first) ?? 0
    }

    private static func join(_ a: String, _ b: String) -> String {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        let ideographs = a.unicodeScalars.last.map(YearText.isHan) == true && b.unicodeScalars.first.map(YearText.isHan) == true
        return ideographs || a.hasSuffix("-") ? a + b : a + " " + b
    }

    private static func clean(_ cell: String) -> String {
        var t = cell.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.count > 4, t.hasPrefix("**"), t.hasSuffix("**") { t = String(t.dropFirst(2).dropLast(2)) }
        return t
    }

    private static let yearCellRx = Rx(#"^([0-9]{4})\s*年?$"#)

    /// The year of a cell that is exactly a year from 1900 to 2100 (`2006`, `2006年`).
    static func yearCell(_ cell: String) -> Int? {
        let s = UText(YearText.normalize(clean(cell)))
        guard let m = yearCellRx.first(s), let y = s.group(m, 1).flatMap({ Int($0) }), (1900...2100).contains(y) else { return nil }
        return y
    }

    /// In a column headed Year or Date: a year cell, a full date, or a cell starting with a year (`2006-03`).
    private static func yearColumnCell(_ cell: String) -> Int? {
        if let y = yearCell(cell) { return y }
        let normalized = YearText.normalize(clean(cell))
        if let d = ScanText.with(normalized, { DateFinder.firstDate(in: $0) }), d.range.lowerBound == 0 { return d.year }
        let s = UText(normalized)
        guard let m = leadingYearRx.first(s), let y = s.group(m, 1).flatMap({ Int($0) }), (1900...2100).contains(y) else { return nil }
        return y
    }

    private static let leadingYearRx = Rx(#"^([0-9]{4})(?:[-/.年]|$)"#)

    /// Column roles named by a header row such as `Year | Issuer | Title | Description`.
    struct Columns {
        var year: Int?
        var issuer: Int?
        var title: Int?
        var description: [Int] = []

        private static let words: [(role: Int, names: Set<String>)] = [
            (0, ["year", "date", "time", "年份", "年度", "年", "时间", "日期", "发布时间", "发布日期", "成文日期"]),
            (
                1,
                [
                    "issuer", "issued by", "issuing body", "issuing agency", "issuing authority", "agency", "authority",
                    "department", "ministry", "body", "发布机构", "发文机关", "发文单位", "发布单位", "部门", "机构", "制定机关", "发布部门",
                ]
            ),
            (
                2,
                [
                    "title", "policy", "policies", "document", "documents", "name", "policy title", "document title",
                    "policy document", "政策", "文件", "名称", "标题", "政策名称", "文件名称", "文件标题",
                ]
            ),
            (
                3,
                [
                    "description", "content", "contents", "notes", "note", "remarks", "summary", "significance",
                    "main content", "key content", "event", "events", "内容", "说明", "备注", "主要内容", "要点", "意义", "事件",
                ]
            ),
        ]

        /// Nil unless every non-empty cell names a role and at least two roles are named.
        init?(header cells: [String]) {
            var roles = 0
            for (i, cell) in cells.enumerated() {
                let name = ChronologyReader.clean(cell).lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ":："))
                if name.isEmpty { continue }
                guard let role = Self.words.first(where: { $0.names.contains(name) })?.role else { return nil }
                switch role {
                case 0 where year == nil: year = i
                case 1 where issuer == nil: issuer = i
                case 2 where title == nil: title = i
                case 3: description.append(i)
                default: return nil
                }
                roles += 1
            }
            if roles < 2 || (title == nil && description.isEmpty) { return nil }
        }
    }

    static func events(_ rows: [Row], source: String, issuers: IssuerTable) -> [ChronologyEvent] {
        var columns: Columns?
        var out: [ChronologyEvent] = []
        for row in rows {
            let cells = row.cells.map(clean)
            let filled = cells.filter { !$0.isEmpty }
            if filled.isEmpty { continue }
            if let header = Columns(header: cells) {
                columns = header
                continue
            }
            let text = filled.joined(separator: "\t")
            if let columns {
                out.append(mappedEvent(cells, columns, text: text, row: row.line, source: source, issuers: issuers))
                continue
            }
            let yearIndex = cells.firstIndex { yearCell($0) != nil }
            let body = cells.indices.filter { $0 != yearIndex && !cells[$0].isEmpty }.map { cells[$0] }.reduce("", join)
            if yearIndex == nil && firstTitle(UText(body)) == nil && isHeaderLike(filled) { continue }
            let event = describe(body, issuers: issuers)
            out.append(
                ChronologyEvent(
                    year: yearIndex.flatMap { yearCell(cells[$0]) }, issuer: event.issuer, title: event.title,
                    description: event.description, source: source, row: row.line, text: text))
        }
        return out
    }

    private static func mappedEvent(
        _ cells: [String], _ columns: Columns, text: String, row: Int, source: String,
        issuers: IssuerTable
    ) -> ChronologyEvent {
        func cell(_ i: Int?) -> String { i.map { $0 < cells.count ? cells[$0] : "" } ?? "" }
        let descriptionText = columns.description.map(cell).filter { !$0.isEmpty }.joined(separator: " ")
        var event: Parsed
        if columns.title != nil {
            let titleCell = cell(columns.title)
            let u = UText(titleCell)
            if let span = firstTitle(u) {
                event = describe(titleCell, issuers: issuers)
                event.title = cleanTitle(u.substring(span.inner))
            } else {
                let bare = titleCell.trimmingCharacters(in: CharacterSet(charactersIn: "\"'“”‘’《》「」").union(.whitespaces))
                event = Parsed(issuer: nil, title: bare.isEmpty ? nil : bare, description: "")
            }
            if !descriptionText.isEmpty { event.description = descriptionText }
        } else {
            event = describe(descriptionText, issuers: issuers)
        }
        let issuerCell = cell(columns.issuer)
        if !issuerCell.isEmpty { event.issuer = issuers.exact(issuerCell) ?? issuerCell }
        return ChronologyEvent(
            year: columns.year.flatMap { yearColumnCell(cell($0)) }, issuer: event.issuer, title: event.title,
            description: event.description, source: source, row: row, text: text)
    }

    /// A section or column header: short cells without sentence punctuation.
    private static func isHeaderLike(_ cells: [String]) -> Bool {
        cells.allSatisfy { cell in
            cell.count <= 60 && cell.split(separator: " ").count <= 8 && !cell.contains { ",.;，。；".contains($0) }
        }
    }

    struct Parsed {
        var issuer: String?
        var title: String?
        var description: String
    }

    /// Title = the first quoted span; issuer = named before it; description = what follows it.
    /// Without a quoted title the whole text is the description and the issuer is looked for in its opening phrase.
    private static func describe(_ text: String, issuers: IssuerTable) -> Parsed {
        let u = UText(text)
        guard let span = firstTitle(u) else {
            let head = text.split(separator: ",", maxSplits: 1).first.map(String.init) ?? text
            return Parsed(issuer: issuers.firstIssuer(in: String(head.prefix(80))), title: nil, description: text)
        }
        let before = u.substring(NSRange(location: 0, length: span.outer.location))
        let end = span.outer.location + span.outer.length
        let after = u.substring(NSRange(location: end, length: u.length - end))
        return Parsed(issuer: issuers.expand(before), title: cleanTitle(u.substring(span.inner)), description: cleanDescription(after))
    }

    private static func firstTitle(_ u: UText) -> TitleSpan? {
        TitleSpans.find(in: u).first { isTitleCandidate(u, $0) }
    }

    /// `“…”` around Chinese text is emphasis, not a title (Chinese titles take `《》`).
    private static func isTitleCandidate(_ u: UText, _ span: TitleSpan) -> Bool {
        let inner = u.substring(span.inner).trimmingCharacters(in: .whitespaces)
        guard inner.count >= 2 else { return false }
        if span.titleMarks { return true }
        var han = 0, latin = 0
        for s in inner.unicodeScalars {
            if YearText.isHan(s) { han += 1 } else if s.properties.isAlphabetic { latin += 1 }
        }
        return latin >= han
    }

    private static func cleanTitle(_ raw: String) -> String {
        var t = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let hanDominant = t.unicodeScalars.filter(YearText.isHan).count * 2 > t.unicodeScalars.count
        if hanDominant { t = t.filter { !$0.isWhitespace } }
        while let last = t.last, ",.;:，。；：".contains(last) { t.removeLast() }
        return t.trimmingCharacters(in: .whitespaces)
    }

    private static func cleanDescription(_ raw: String) -> String {
        var t = Substring(raw.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        while let first = t.first, ",，;；:：、-–—".contains(first) || first.isWhitespace { t.removeFirst() }
        return String(t)
    }

    // MARK: Prose

    private static let englishYearRx = Rx(#"(?<![0-9.,:/\-–])(19[0-9]{2}|20[0-9]{2}|2100)(?![0-9]|[.,][0-9])"#)
    private static let chineseYearRx = Rx(#"(?<![0-9])([0-9]{4})\s*年"#)
    private static let numeralYearRx = Rx("([〇零一二三四五六七八九]{4})年")
    private static let docNumberRx = Rx(#"^[^《》"“]{0,30}?[〔［\[【]\s*([0-9]{4})\s*[〕］\]】]"#)
    private static let byRx = Rx(#"^[^"“'‘]{0,60}?\bby\s+(?:the\s+)?"#, caseInsensitive: true)
    private static let conjunctionRx = Rx(#"\band\b|和|及"#, caseInsensitive: true)
    private static let titleWords: Set<String> = [
        "opinion", "opinions", "notice", "notification", "circular", "decision", "decisions", "law", "act", "regulation",
        "regulations", "rules", "provisions", "measure", "measures", "plan", "program", "programme", "outline",
        "guideline", "guidelines", "guidance", "suggestion", "suggestions", "proposal", "proposals", "report",
        "strategy", "scheme", "resolution", "directive", "announcement", "communiqué", "communique", "constitution",
        "code", "standards", "catalogue", "methods", "framework", "policy", "ordinance", "interim", "provisional",
    ]
    private static let titleLinks: Set<String> = ["on", "for", "of", "to", "regarding", "concerning", "about", "governing"]

    /// Policy events in running text: an English quoted title with a year in the
    /// same sentence and an issuing body (or a title that reads like a policy
    /// document: `Opinions on …`, `… Act`), or a Chinese `《》` title with a year
    /// from the document number after it (`〔2014〕`) or from the sentence (`2014年`).
    /// `row` is the sentence number, `text` the sentence; `description` is what
    /// follows the title, or the whole sentence when that is too short or another
    /// title follows. A line with tabs is read as a table row, kept when it has a title.
    static func extractFromProse(_ text: String, source: String, issuers: IssuerTable = .builtIn) -> [ChronologyEvent] {
        var out: [ChronologyEvent] = []
        for (k, item) in Sentences.split(text).enumerated() {
            if let cells = item.cells {
                out += events([Row(cells: cells, line: k + 1)], source: source, issuers: issuers).filter { $0.title != nil }
                continue
            }
            let sentence = item.text
            let u = UText(sentence)
            let spans = TitleSpans.find(in: u).filter { isTitleCandidate(u, $0) }
            if spans.isEmpty { continue }
            let norm = UText(YearText.normalize(sentence))
            let all = TitleSpans.find(in: u)
            func outside(_ r: NSRange) -> Bool { !all.contains { NSIntersectionRange($0.outer, r).length > 0 } }
            var english: [(year: Int, at: Int)] = []
            for m in englishYearRx.matches(norm) where outside(m.range) {
                if let y = norm.group(m, 1).flatMap({ Int($0) }) { english.append((y, m.range.location)) }
            }
            var chinese: [(year: Int, at: Int)] = []
            for rx in [chineseYearRx, numeralYearRx] {
                for m in rx.matches(norm) where outside(m.range) {
                    if let y = norm.group(m, 1).flatMap(YearText.number), (1900...2100).contains(y) { chinese.append((y, m.range.location)) }
                }
            }
            chinese.sort { $0.at < $1.at }
            var previousEnd = 0
            for (i, span) in spans.enumerated() {
                let end = span.outer.location + span.outer.length
                defer { previousEnd = end }
                let nextStart = i + 1 < spans.count ? spans[i + 1].outer.location : u.length
                let clause = previousEnd..<nextStart
                let title = cleanTitle(u.substring(span.inner))
                let before = u.substring(NSRange(location: previousEnd, length: span.outer.location - previousEnd))
                let after = u.substring(NSRange(location: end, length: nextStart - end))
                let afterNorm = UText(norm.substring(NSRange(location: end, length: nextStart - end)))
                var issuer = issuers.expand(before)
                let docYear = docNumberRx.first(afterNorm).flatMap { afterNorm.group($0, 1) }.flatMap { Int($0) }
                    .flatMap { (1900...2100).contains($0) ? $0 : nil }
                let year: Int?
                if span.titleMarks {
                    year = docYear ?? nearest(chinese, to: span.outer, clause: clause, in: u)
                    if issuer == nil, let r = title.range(of: "关于"), r.lowerBound != title.startIndex {
                        let prefix = String(title[..<r.lowerBound])
                        if prefix.count <= 30 { issuer = issuers.exact(prefix) ?? prefix }
                    }
                } else {
                    guard title.split(separator: " ").count >= 2 else { continue }
                    year = docYear ?? nearest(english, to: span.outer, clause: clause, in: u)
                    if issuer == nil, let m = byRx.first(UText(after)) {
                        issuer = issuers.leadingIssuer(in: String(after.utf16.dropFirst(m.range.length)) ?? "")
                    }
                    let capitalized = title.first?.isUppercase ?? false
                    guard readsLikePolicy(title) || (issuer != nil && capitalized && title.split(separator: " ").count <= 30) else { continue }
                }
                guard let year else { continue }
                var description = cleanDescription(after)
                if i + 1 < spans.count || description.filter(\.isLetter).count < 10 { description = sentence }
                out.append(
                    ChronologyEvent(
                        year: year, issuer: issuer, title: title, description: description,
                        source: source, row: k + 1, text: sentence))
            }
        }
        return out
    }

    /// The year nearest before the title within its clause, else the first one
    /// after it in the same phrase (`"…" in 2006`, `'…' was issued by the State
    /// Council in 1999`, `《…》（2014年）`), else the nearest before it in the
    /// sentence. A year after a comma or an "and" belongs to what follows, and a
    /// year inside the title (`Plan … 2003-2010`) is its scope, not its date.
    private static func nearest(_ years: [(year: Int, at: Int)], to span: NSRange, clause: Range<Int>, in u: UText) -> Int? {
        let end = span.location + span.length
        let before = years.filter { $0.at < span.location }
        if let y = before.last(where: { clause.contains($0.at) }) { return y.year }
        if let y = years.first(where: { $0.at >= end && clause.contains($0.at) }), y.at - end <= 80 {
            let gap = u.substring(NSRange(location: end, length: y.at - end))
            if !gap.contains(where: { ",;，；、".contains($0) }), conjunctionRx.first(UText(gap)) == nil {
                return y.year
            }
        }
        return before.last?.year
    }

    /// `Opinions on …`, `Provisional measure for …`, `… Act`: a document word followed
    /// by on/for/of/…, or a title starting or ending with one.
    private static func readsLikePolicy(_ title: String) -> Bool {
        let words = title.lowercased().split { !$0.isLetter }.map(String.init)
        guard let first = words.first, let last = words.last else { return false }
        if titleWords.contains(first) || titleWords.contains(last) { return true }
        for (i, w) in words.enumerated().dropLast() where titleWords.contains(w) && titleLinks.contains(words[i + 1]) { return true }
        return false
    }
}
