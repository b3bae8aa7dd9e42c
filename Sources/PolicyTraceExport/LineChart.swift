import Foundation

/// One line of a chart: a label and its (year, value) points.
public struct ChartSeries: Sendable, Equatable {
    public var label: String
    public var points: [ChartPoint]

    public init(label: String, points: [ChartPoint]) {
        self.label = label
        self.points = points
    }
}

public struct ChartPoint: Sendable, Equatable {
    public var x: Int
    public var y: Double
    /// Shown after the value when the point is hovered (e.g. the year's documents and tokens).
    public var note: String?

    public init(x: Int, y: Double, note: String? = nil) {
        self.x = x
        self.y = y
        self.note = note
    }
}

/// A line chart as inline SVG (no scripts, no fonts to fetch), with an HTML
/// legend. Coordinates are rounded to 0.1 so the same data give the same bytes.
public enum LineChart {
    public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]
    static let width = 1000.0, height = 300.0
    static let left = 64.0, right = 16.0, top = 14.0, bottom = 36.0

    /// The `<svg>` and its legend; `yTitle` names the measure on the y axis.
    public static func html(series: [ChartSeries], xRange: ClosedRange<Int>, yTitle: String, ariaLabel: String) -> String {
        let maxY = series.flatMap(\.points).map(\.y).max() ?? 0
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
            svg += "<text class=\"tick\" x=\"\(num(left - 6))\" y=\"\(py(y))\" text-anchor=\"end\" dominant-baseline=\"middle\">\(label(y, step: step))</text>\n"
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
        svg += "<text class=\"ytitle\" transform=\"translate(14 \(num(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yTitle))</text>\n"
        for (i, s) in series.enumerated() {
            let color = palette[i % palette.count]
            let coords = s.points.map { "\(px($0.x)),\(py($0.y))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(i == 0 ? "2.5" : "1.6")\" points=\"\(coords)\"/>\n"
            for p in s.points where p.y > 0 {
                svg += "<circle cx=\"\(px(p.x))\" cy=\"\(py(p.y))\" r=\"2.4\" fill=\"\(color)\"><title>\(HTML.escape(s.label)) \(p.x): \(CSVWriter.formatNumber(p.y))\(HTML.escape(p.note.map { " (\($0))" } ?? ""))</title></circle>"
            }
            svg += "\n"
        }
        svg += "</svg>\n<ul class=\"legend\">"
        for (i, s) in series.enumerated() {
            svg += "<li><span class=\"swatch\" style=\"background:\(palette[i % palette.count])\"></span>\(HTML.escape(s.label))</li>"
        }
        return svg + "</ul>\n"
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
