import Foundation

/// One line of a chart: a label and its (year, value) points.
package struct ChartSeries: Sendable, Equatable {
    var label: String
    var points: [ChartPoint]

    package init(label: String, points: [ChartPoint]) {
        self.label = label
        self.points = points
    }
}

package struct ChartPoint: Sendable, Equatable {
    var x: Int
    var y: Double
    /// Shown after the value when the point is hovered (e.g. the year's documents and tokens).
    var note: String?
    /// Too few tokens behind the value to read it as a rate: drawn as an open
    /// point, off the line, and not counted for the y scale.
    var lowBase: Bool

    package init(x: Int, y: Double, note: String? = nil, lowBase: Bool = false) {
        self.x = x
        self.y = y
        self.note = note
        self.lowBase = lowBase
    }
}

/// A line chart as inline SVG (no scripts, no fonts to fetch), with an HTML
/// legend. Coordinates are rounded to 0.1 so the same data give the same bytes.
/// A line runs only between consecutive years: it breaks where a year has no
/// documents (no point) or too few tokens (an open point).
enum LineChart {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]
    static let width = 1000.0, height = 300.0
    static let left = 64.0, right = 16.0, top = 14.0, bottom = 36.0

    /// The `<svg>` and its legend; `yTitle` names the measure on the y axis.
    static func html(series: [ChartSeries], xRange: ClosedRange<Int>, yTitle: String, ariaLabel: String) -> String {
        let maxY = series.flatMap(\.points).filter { !$0.lowBase }.map(\.y).max() ?? 0
        let step = niceStep(maxY > 0 ? maxY / 4 : 1)
        let yMax = max(step, (maxY / step).rounded(.up) * step)
        let x0 = Double(xRange.lowerBound), x1 = Double(max(xRange.upperBound, xRange.lowerBound + 1))
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ x: Int) -> String { num(left + (Double(x) - x0) / (x1 - x0) * plotW) }
        func py(_ y: Double) -> String { num(top + plotH - y / yMax * plotH) }

        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(ariaLabel))\">\n"
        var y = 0.0
        while y <= yMax + step / 2 {
            svg += "<line class=\"grid\" x1=\"\(num(left))\" x2=\"\(num(width - right))\" y1=\"\(py(y))\" y2=\"\(py(y))\"/>"
            svg +=
                "<text class=\"tick\" x=\"\(num(left - 6))\" y=\"\(py(y))\" text-anchor=\"end\" dominant-baseline=\"middle\">\(label(y, step: step))</text>\n"
            y += step
        }
        let xStep = [1, 2, 5, 10, 20, 25, 50].first { Double(xRange.count) / Double($0) <= 14 } ?? 100
        var x = (xRange.lowerBound + xStep - 1) / xStep * xStep
        while x <= xRange.upperBound {
            svg += "<line class=\"axis\" x1=\"\(px(x))\" x2=\"\(px(x))\" y1=\"\(num(top + plotH))\" y2=\"\(num(top + plotH + 5))\"/>"
            svg += "<text class=\"tick\" x=\"\(px(x))\" y=\"\(num(top + plotH + 18))\" text-anchor=\"middle\">\(x)</text>\n"
            x += xStep
        }
        svg += "<line class=\"axis\" x1=\"\(num(left))\" x2=\"\(num(width - right))\" y1=\"\(num(top + plotH))\" y2=\"\(num(top + plotH))\"/>\n"
        svg +=
            "<text class=\"ytitle\" transform=\"translate(14 \(num(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yTitle))</text>\n"
        for (i, s) in series.enumerated() {
            let color = palette[i % palette.count]
            for run in runs(s.points) {
                let coords = run.map { "\(px($0.x)),\(py($0.y))" }.joined(separator: " ")
                svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(i == 0 ? "2.5" : "1.6")\" points=\"\(coords)\"/>\n"
            }
            for p in s.points where p.y > 0 || p.lowBase {
                let title =
                    "<title>\(HTML.escape(s.label)) \(p.x): \(CSVWriter.formatNumber(p.y))\(HTML.escape(p.note.map { " (\($0))" } ?? ""))\(p.lowBase ? " (too few tokens to read as a rate)" : "")</title>"
                if p.lowBase {
                    svg +=
                        "<circle class=\"lowbase\" cx=\"\(px(p.x))\" cy=\"\(py(min(p.y, yMax)))\" r=\"3\" fill=\"#fff\" stroke=\"\(color)\">\(title)</circle>"
                } else {
                    svg += "<circle cx=\"\(px(p.x))\" cy=\"\(py(p.y))\" r=\"2.4\" fill=\"\(color)\">\(title)</circle>"
                }
            }
            svg += "\n"
        }
        svg += "</svg>\n<ul class=\"legend\">"
        for (i, s) in series.enumerated() {
            svg += "<li><span class=\"swatch\" style=\"background:\(palette[i % palette.count])\"></span>\(HTML.escape(s.label))</li>"
        }
        return svg + "</ul>\n"
    }

    /// The stretches of consecutive years with enough tokens, each one line.
    static func runs(_ points: [ChartPoint]) -> [[ChartPoint]] {
        var runs: [[ChartPoint]] = []
        var current: [ChartPoint] = []
        for p in points {
            if p.lowBase || (current.last.map { p.x != $0.x + 1 } ?? false) {
                if !current.isEmpty { runs.append(current) }
                current = []
            }
            if !p.lowBase { current.append(p) }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// Documents per year as bars, on the charts' x scale, so a reader sees
    /// how much text stands behind each year's rates.
    static func bars(_ counts: [(x: Int, n: Int)], xRange: ClosedRange<Int>, ariaLabel: String) -> String {
        let h = 90.0, plotH = h - 8 - 22
        let maxN = max(1, counts.map(\.n).max() ?? 1)
        let x0 = Double(xRange.lowerBound), x1 = Double(max(xRange.upperBound, xRange.lowerBound + 1))
        let plotW = width - left - right
        let barW = max(1, plotW / (x1 - x0 + 1) * 0.7)
        func px(_ x: Int) -> Double { left + (Double(x) - x0) / (x1 - x0) * plotW }
        var svg = "<svg class=\"chart bars\" viewBox=\"0 0 \(Int(width)) \(Int(h))\" role=\"img\" aria-label=\"\(HTML.escape(ariaLabel))\">\n"
        svg += "<text class=\"tick\" x=\"\(num(left - 6))\" y=\"12\" text-anchor=\"end\">\(maxN)</text>"
        svg += "<line class=\"axis\" x1=\"\(num(left))\" x2=\"\(num(width - right))\" y1=\"\(num(8 + plotH))\" y2=\"\(num(8 + plotH))\"/>\n"
        for (x, n) in counts {
            let bh = Double(n) / Double(maxN) * plotH
            svg +=
                "<rect x=\"\(num(px(x) - barW / 2))\" y=\"\(num(8 + plotH - bh))\" width=\"\(num(barW))\" height=\"\(num(bh))\" fill=\"#9aa5b1\"><title>\(x): \(n) document\(n == 1 ? "" : "s")</title></rect>"
        }
        let xStep = [1, 2, 5, 10, 20, 25, 50].first { Double(xRange.count) / Double($0) <= 14 } ?? 100
        var x = (xRange.lowerBound + xStep - 1) / xStep * xStep
        while x <= xRange.upperBound {
            svg += "<text class=\"tick\" x=\"\(num(px(x)))\" y=\"\(num(8 + plotH + 16))\" text-anchor=\"middle\">\(x)</text>"
            x += xStep
        }
        return svg + "\n</svg>\n"
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let power = pow(10, floor(log10(raw)))
        for m in [1.0, 2.0, 5.0, 10.0] where m * power >= raw { return m * power }
        return 10 * power
    }

    static func label(_ y: Double, step: Double) -> String {
        step >= 1 ? String(Int(y.rounded())) : CSVWriter.formatNumber((y / step).rounded() * step)
    }

    static func num(_ v: Double) -> String { CSVWriter.formatNumber((v * 10).rounded() / 10) }
}
