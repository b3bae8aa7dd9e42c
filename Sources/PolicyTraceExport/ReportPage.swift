import PolicyTraceIngest

/// Everything `report.html` shows, as plain values gathered by the run.
package struct ReportContent: Sendable {
    /// A family of concepts: one chart per measure, one line per concept.
    package struct Family: Sendable {
        var title: String
        var perTenThousand: [ChartSeries]
        var shareDocuments: [ChartSeries]

        package init(title: String, perTenThousand: [ChartSeries], shareDocuments: [ChartSeries]) {
            self.title = title
            self.perTenThousand = perTenThousand
            self.shareDocuments = shareDocuments
        }
    }

    package var summary: [String] = []
    package var tokenDefinition = ""
    /// `--min-tokens`: years with fewer tokens are flagged low-base and never a peak year.
    package var minTokens = 1000
    package var years: ClosedRange<Int>?
    /// Documents per dated year, for the bars above the charts.
    package var documentsPerYear: [(x: Int, n: Int)] = []
    package var families: [Family] = []
    package var concepts: [ConceptRow] = []
    /// Per concept ID, its most frequent terms.
    package var topTerms: [String: [(term: String, mentions: Int)]] = [:]
    package var kwic: [KWICRow] = []
    package var events: [ChronologyEvent] = []
    /// Undated documents: ID and title, the first `undatedListed` in corpus
    /// order; `undatedCount` is how many there are in all.
    package var undated: [(doc: String, title: String?)] = []
    package var undatedCount = 0
    package var skipped: [SkippedItem] = []

    package init() {}
}

/// `report.html`: one self-contained page (inline CSS, SVG and a few lines
/// of optional script; no network) that a reader who has never seen the
/// tool can follow. Every corpus or lexicon string goes through `HTML.escape`.
package enum ReportPage {
    package static func html(_ r: ReportContent) -> String {
        var page = head
        page += "<h1>PolicyTrace report</h1>\n"
        page +=
            "<p class=\"lead\">How often the concepts of a bilingual policy lexicon are mentioned in a corpus of documents, year by year. Every figure here is also in the CSV files next to this page.</p>\n"
        page += section(
            "Run summary", "What was read, counted and set aside.",
            "<ul class=\"summary\">" + r.summary.map { "<li>\(e($0))</li>" }.joined() + "</ul>")
        page += section(
            "How to read the measures", nil,
            """
            <dl>
            <dt>Mentions</dt><dd>Occurrences of a concept's terms, counting each concept's sub-concepts too (a mention of <i>hukou reform</i> also counts for <i>hukou</i>).</dd>
            <dt>Per 10,000 tokens</dt><dd>Mentions × 10,000 ÷ tokens of that year's documents: how densely a year's texts speak of the concept, comparable across years of different length. Tokens: \(e(r.tokenDefinition)) (for Chinese, per 10,000 characters).</dd>
            <dt>Share of documents</dt><dd>Documents of the year with at least one mention ÷ all documents of the year: how widely the concept is present.</dd>
            <dt>First, last, peak year</dt><dd>The first and last year with a mention, and the year with the most mentions per 10,000 tokens among the years that are not low-base (earliest on ties).</dd>
            <dt>Low-base years</dt><dd>A year whose documents have fewer than \(r.minTokens) tokens (--min-tokens) has too little text for its rate to mean much: it is flagged (low_base = 1 in timeline.csv), drawn as an open point off the lines, and never ranked as a peak year.</dd>
            </dl>
            """)
        page += trends(r)
        page += conceptTable(r)
        page += topTerms(r)
        page += kwic(r)
        page += chronology(r)
        page += section(
            "Undated documents", "Documents whose year could not be determined; they are counted in the timeline's row with an empty year.",
            r.undated.isEmpty ? "<p>None.</p>" : undatedList(r))
        page += section(
            "Skipped files and records", "Input that could not be read, with the reason (also in skipped.csv).",
            r.skipped.isEmpty
                ? "<p>None.</p>"
                : table(["Source", "Line", "Reason"], r.skipped.map { [e($0.source), $0.line.map(String.init) ?? "", e($0.reason)] }))
        return page + "</main>\n</body>\n</html>\n"
    }

    static func e(_ s: String) -> String { HTML.escape(s) }

    static func section(_ title: String, _ note: String?, _ body: String) -> String {
        "<section>\n<h2>\(e(title))</h2>\n" + (note.map { "<p class=\"note\">\(e($0))</p>\n" } ?? "") + body + "\n</section>\n"
    }

    /// How many undated documents the page lists: a corpus of many thousand
    /// undated files would make a page no one reads (documents.csv has them all).
    package static let undatedListed = 100

    static func undatedList(_ r: ReportContent) -> String {
        let note =
            r.undatedCount > r.undated.count
            ? "<p class=\"note\">The first \(r.undated.count) of \(r.undatedCount) undated documents, in corpus order; documents.csv lists them all (year_source none).</p>\n"
            : ""
        return note + table(["Document", "Title"], r.undated.map { [e($0.doc), e($0.title ?? "")] })
    }

    static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], className: String? = nil) -> String {
        var t =
            "<table\(className.map { " class=\"\($0)\"" } ?? "")><thead><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows {
            t +=
                "<tr>"
                + row.enumerated().map { numeric.contains($0.offset) ? "<td class=\"num\">\($0.element)</td>" : "<td>\($0.element)</td>" }.joined()
                + "</tr>\n"
        }
        return t + "</tbody></table>"
    }

    static func trends(_ r: ReportContent) -> String {
        guard let years = r.years, !r.families.isEmpty else {
            return section("Trends by family", nil, "<p>No dated documents: nothing to chart.</p>")
        }
        var body = """
            <div class="toggle" role="group" aria-label="Measure">Show: <button type="button" data-show="per10k" aria-pressed="true">per 10,000 tokens</button> <button type="button" data-show="share" aria-pressed="false">share of documents</button></div>

            """
        if !r.documentsPerYear.isEmpty {
            body += "<figure class=\"family\">\n<figcaption>Documents per year</figcaption>\n"
            body += LineChart.bars(r.documentsPerYear, xRange: years, ariaLabel: "Documents per year") + "</figure>\n"
        }
        for f in r.families {
            body += "<figure class=\"family\">\n<figcaption>\(e(f.title))</figcaption>\n"
            body += "<div class=\"m-per10k\"><p class=\"measure\">Mentions per 10,000 tokens</p>\n"
            body +=
                LineChart.html(
                    series: f.perTenThousand, xRange: years, yTitle: "per 10,000 tokens", ariaLabel: f.title + ": mentions per 10,000 tokens by year")
                + "</div>\n"
            body += "<div class=\"m-share\"><p class=\"measure\">Share of documents with a mention</p>\n"
            body +=
                LineChart.html(
                    series: f.shareDocuments, xRange: years, yTitle: "share of documents", ariaLabel: f.title + ": share of documents by year")
                + "</div>\n"
            body += "</figure>\n"
        }
        return section(
            "Trends by family",
            "One chart per family of concepts; each line is a concept (the family itself, bold, includes all its sub-concepts). Lines join consecutive years only: they break at years without documents. A year with too few tokens to read as a rate is an open point off the line (see low_base in timeline.csv). Chronology events are not documents and are not counted here (see chronology.csv). Hover a point for its mentions, documents and tokens.",
            body)
    }

    static func label(_ c: ConceptRow) -> String {
        [c.labelEN, c.labelZH].compactMap { $0 }.map(e).joined(separator: " · ")
    }

    static func conceptTable(_ r: ReportContent) -> String {
        func year(_ y: Int?) -> String { y.map(String.init) ?? "–" }
        let rows = r.concepts.map { (c: ConceptRow) -> [String] in
            ["<code>\(e(c.concept))</code>", label(c), String(c.mentions), String(c.documents), year(c.first), year(c.last), year(c.peak)]
        }
        return section(
            "When each concept appears", "Totals over all documents (dated or not); years from dated documents only.",
            table(["Concept", "Label", "Mentions", "Documents", "First year", "Last year", "Peak year"], rows, numeric: [2, 3, 4, 5, 6]))
    }

    static func topTerms(_ r: ReportContent) -> String {
        let rows = r.concepts.compactMap { c -> [String]? in
            guard let terms = r.topTerms[c.concept], !terms.isEmpty else { return nil }
            return ["<code>\(e(c.concept))</code>", terms.map { "\(e($0.term)) <span class=\"n\">\($0.mentions)</span>" }.joined(separator: ", ")]
        }
        return section(
            "Top terms per concept", "The lexicon terms that matched most often, over all years (counts in grey; all years in top_terms.csv).",
            rows.isEmpty ? "<p>No mentions.</p>" : table(["Concept", "Terms (mentions)"], rows))
    }

    static func kwic(_ r: ReportContent) -> String {
        let rows = r.kwic.map { (k: KWICRow) -> [String] in
            let context = "<span class=\"ctx\">\(e(k.left))<mark>\(e(k.match))</mark>\(e(k.right))</span>"
            let source = "<code>\(e(k.concept))</code><br><span class=\"src\">\(e(k.doc)), \(k.year.map(String.init) ?? "undated")</span>"
            return [source, context]
        }
        return section(
            "Mentions in context", "A few mentions per concept, the first in corpus order, with the text around them (all mentions in kwic.csv).",
            rows.isEmpty ? "<p>No mentions.</p>" : table(["Concept, document, year", "Context"], rows, className: "kwic"))
    }

    static func chronology(_ r: ReportContent) -> String {
        guard !r.events.isEmpty else { return section("Chronology", nil, "<p>No chronology tables in the corpus.</p>") }
        func item(_ ev: ChronologyEvent) -> String {
            var s = "<li>"
            if let issuer = ev.issuer { s += "<span class=\"issuer\">\(e(issuer))</span>: " }
            s += ev.title.map { "<q>\(e($0))</q>" } ?? e(ev.description)
            return s + " <span class=\"src\">\(e(ev.source)) row \(ev.row)</span></li>"
        }
        var body = "<ol class=\"timeline\">\n"
        let dated = r.events.filter { $0.year != nil }.sorted { ($0.year!, $0.source, $0.row) < ($1.year!, $1.source, $1.row) }
        var i = 0
        while i < dated.count {
            let year = dated[i].year!
            body += "<li><span class=\"year\">\(year)</span><ul>"
            while i < dated.count && dated[i].year == year { body += item(dated[i]); i += 1 }
            body += "</ul></li>\n"
        }
        body += "</ol>\n"
        let undated = r.events.filter { $0.year == nil }
        if !undated.isEmpty {
            body +=
                "<h3>Undated events</h3>\n<p class=\"note\">The source gives no year; none is guessed.</p>\n<ul class=\"undated\">"
                + undated.map(item).joined() + "</ul>"
        }
        return section("Chronology", "Policy events parsed from chronology tables, by year.", body)
    }

    static let head = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>PolicyTrace report</title>
        <style>
        :root { --ink: #1d232a; --muted: #5b6570; --rule: #d8dde3; --accent: #1f5f99; }
        body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; }
        main { max-width: 1060px; margin: 0 auto; padding: 24px 28px 48px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 32px 0 6px; padding-bottom: 4px; border-bottom: 2px solid var(--rule); }
        h3 { font-size: 16px; margin: 18px 0 4px; }
        .lead, .note { color: var(--muted); margin: 4px 0 12px; }
        ul.summary { margin: 0; padding-left: 20px; font-size: 14px; }
        dl { margin: 0; } dt { font-weight: 600; margin-top: 8px; } dd { margin: 0 0 0 18px; color: var(--muted); }
        table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
        th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--rule); }
        th { background: #f3f5f7; font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        code { font-size: 12.5px; color: #38424c; }
        .n { color: var(--muted); font-size: 12px; }
        mark { background: #ffe58f; padding: 0 1px; }
        .ctx { white-space: pre-wrap; }
        table.kwic td:first-child { width: 30%; word-break: break-all; }
        figure.family { margin: 14px 0 22px; }
        figcaption { font-weight: 600; font-size: 16px; }
        p.measure { margin: 2px 0; color: var(--muted); font-size: 13px; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg .grid { stroke: #e9ecef; } svg .axis { stroke: #8a939c; }
        svg text { font-size: 12px; fill: #4a545e; font-family: inherit; } svg .ytitle { font-size: 12px; }
        ul.legend { list-style: none; padding: 0; margin: 4px 0 0 64px; display: flex; flex-wrap: wrap; gap: 2px 16px; font-size: 13px; }
        .swatch { display: inline-block; width: 14px; height: 4px; margin-right: 6px; vertical-align: middle; border-radius: 2px; }
        .toggle { display: none; margin: 6px 0 4px; }
        .js .toggle { display: block; }
        .toggle button { font: inherit; font-size: 13px; padding: 3px 10px; border: 1px solid var(--rule); background: #fff; border-radius: 4px; cursor: pointer; }
        .toggle button[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
        .js body:not(.share) .m-share, .js body.share .m-per10k { display: none; }
        ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--rule); }
        ol.timeline > li { position: relative; padding: 4px 0 8px 18px; }
        ol.timeline > li::before { content: ""; position: absolute; left: -8px; top: 10px; width: 13px; height: 13px; border-radius: 50%; background: var(--accent); }
        .year { font-weight: 700; font-size: 15px; }
        ol.timeline ul, ul.undated { margin: 2px 0 0; padding-left: 18px; font-size: 14px; }
        .issuer { font-weight: 600; } .src { color: var(--muted); font-size: 12px; }
        </style>
        <script>
        document.documentElement.classList.add("js");
        document.addEventListener("click", function (ev) {
          var b = ev.target.closest("button[data-show]");
          if (!b) return;
          document.body.classList.toggle("share", b.dataset.show === "share");
          document.querySelectorAll("button[data-show]").forEach(function (x) { x.setAttribute("aria-pressed", String(x.dataset.show === b.dataset.show)); });
        });
        </script>
        </head>
        <body>
        <main>

        """
}
