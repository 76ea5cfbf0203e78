/// The token buckets a burst of requests drained: one panel per bucket (a level of
/// throttling: a usage plan, a stage's method settings, the account), its tokens left after
/// each request that reached it as a line on a scale from 0 to the bucket's size, the burst
/// (the size) marked, and the requests it refused crossed. Drawn by ``BucketChartRenderer``.
///
/// Each panel has its own scale, so an account bucket of 5,000 that barely moves sits beside
/// a stage bucket of 5 that empties.
public struct BucketChart: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        /// Which request (from 0) left the bucket so.
        public var request: Int
        public var tokens: Double
        public var refused: Bool

        public init(request: Int, tokens: Double, refused: Bool) {
            self.request = request
            self.tokens = tokens
            self.refused = refused
        }
    }

    public struct Series: Sendable, Equatable {
        /// The bucket's level as the trace names it: `stage 'prod' methodSettings '*/*'`.
        public var label: String
        /// Its rate and size as the trace writes them: `10 requests/s, burst 5`.
        public var figures: String
        /// The bucket's size.
        public var burst: Int
        public var points: [Point]

        public init(label: String, figures: String, burst: Int, points: [Point]) {
            self.label = label
            self.figures = figures
            self.burst = burst
            self.points = points
        }
    }

    /// What the chart shows, for its `<title>` and `aria-label`.
    public var title: String
    public var requestCount: Int
    /// Under the axis: how the requests were spaced (`one every 20 ms`).
    public var spacing: String
    public var series: [Series]

    public init(title: String, requestCount: Int, spacing: String, series: [Series]) {
        self.title = title
        self.requestCount = requestCount
        self.spacing = spacing
        self.series = series
    }
}

/// Draws a ``BucketChart`` as an inline `<svg>` in Swift: colours come from CSS classes
/// (`bucket-*`) with `currentColor` as the fallback, so a page's light and dark themes both
/// apply; numbers are written with fixed precision, so the same chart gives the same bytes.
public enum BucketChartRenderer {
    static let width = 640
    static let left = 84
    static let right = 16
    static let panelTitle = 22
    static let panelHeight = 64
    static let panelGap = 18
    static let axisHeight = 40

    public static func svg(for chart: BucketChart, idPrefix: String) -> String {
        let prefix = SVGPostProcessor.sanitisedPrefix(idPrefix)
        let plotWidth = Double(width - left - right)
        let last = max(1, chart.requestCount - 1)
        func x(_ request: Int) -> Double { Double(left) + Double(request) / Double(last) * plotWidth }

        let height = chart.series.count * (panelTitle + panelHeight + panelGap) + axisHeight
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bucket-chart\" role=\"img\" aria-labelledby=\"\(prefix)title\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        out += "<title id=\"\(prefix)title\">\(escape(chart.title))</title>\n"
        var top = 0
        for series in chart.series {
            let scale = Double(max(series.burst, 1))
            let plotTop = top + panelTitle
            let bottom = plotTop + panelHeight
            func y(_ tokens: Double) -> Double { Double(bottom) - min(max(tokens, 0), scale) / scale * Double(panelHeight) }
            let refused = series.points.filter(\.refused).count
            let lowest = series.points.map(\.tokens).min() ?? scale
            var title = "\(series.label): \(series.figures)"
            title += refused > 0 ? "; refused \(refused)" : "; lowest level \(tokens(lowest))"
            out += "<g class=\"bucket-panel\">\n"
            out += "<text class=\"bucket-title\" x=\"\(left)\" y=\"\(top + 15)\" fill=\"currentColor\" font-weight=\"bold\">\(escape(title))</text>\n"
            // The burst (the bucket's size) and the empty bucket.
            out += "<line class=\"bucket-burst\" x1=\"\(left)\" y1=\"\(plotTop)\" x2=\"\(width - right)\" y2=\"\(plotTop)\" stroke=\"currentColor\" stroke-opacity=\"0.6\" stroke-dasharray=\"4 3\"/>\n"
            out += "<line class=\"bucket-axis\" x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(width - right)\" y2=\"\(bottom)\" stroke=\"currentColor\" stroke-opacity=\"0.6\"/>\n"
            out += "<text class=\"bucket-label\" x=\"\(left - 6)\" y=\"\(plotTop + 4)\" text-anchor=\"end\" fill=\"currentColor\">burst \(series.burst)</text>\n"
            out += "<text class=\"bucket-label\" x=\"\(left - 6)\" y=\"\(bottom + 4)\" text-anchor=\"end\" fill=\"currentColor\">0</text>\n"
            if series.points.count == 1, let point = series.points.first {
                out += "<circle class=\"bucket-line\" cx=\"\(coordinate(x(point.request)))\" cy=\"\(coordinate(y(point.tokens)))\" r=\"2.5\" fill=\"currentColor\"/>\n"
            } else if !series.points.isEmpty {
                let coordinates = series.points.map { "\(coordinate(x($0.request))),\(coordinate(y($0.tokens)))" }.joined(separator: " ")
                out += "<polyline class=\"bucket-line\" points=\"\(coordinates)\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linejoin=\"round\"/>\n"
            }
            if refused > 0 {
                // A cross on each refusal, as one path.
                var d = ""
                for point in series.points where point.refused {
                    let cx = x(point.request), cy = y(point.tokens)
                    d += "M\(coordinate(cx - 3)),\(coordinate(cy - 3))l6,6m0,-6l-6,6"
                }
                out += "<path class=\"bucket-refused\" d=\"\(d)\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"/>\n"
            }
            out += "</g>\n"
            top = bottom + panelGap
        }
        // The request axis: the first and last request and a few between.
        out += "<g class=\"bucket-ticks\">\n"
        for request in ticks(count: chart.requestCount) {
            let at = coordinate(x(request))
            out += "<line x1=\"\(at)\" y1=\"\(top - panelGap)\" x2=\"\(at)\" y2=\"\(top - panelGap + 4)\" stroke=\"currentColor\"/>"
            out += "<text class=\"bucket-label\" x=\"\(at)\" y=\"\(top - panelGap + 16)\" text-anchor=\"middle\" fill=\"currentColor\">\(request + 1)</text>\n"
        }
        out += "<text class=\"bucket-label\" x=\"\(left + Int(plotWidth / 2))\" y=\"\(top - panelGap + 32)\" text-anchor=\"middle\" fill=\"currentColor\">\(escape("request (\(chart.spacing))"))</text>\n"
        out += "</g>\n</svg>"
        return out
    }

    /// Request indices (from 0) to label: the first, the last, and round numbers between.
    static func ticks(count: Int) -> [Int] {
        guard count > 1 else { return [0] }
        let steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500]
        let step = steps.first { count / $0 <= 8 } ?? 1000
        var numbers = [1]
        var next = step
        while next < count {
            if next - numbers.last! >= max(1, step / 2) { numbers.append(next) }
            next += step
        }
        if count - numbers.last! < max(1, step / 2), numbers.count > 1 { numbers.removeLast() }
        numbers.append(count)
        return numbers.map { $0 - 1 }
    }

    /// One decimal, trailing `.0` dropped.
    static func coordinate(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// Tokens as the trace writes them: floored to hundredths.
    static func tokens(_ value: Double) -> String {
        let floored = (value * 100).rounded(.down) / 100
        if floored == floored.rounded() { return String(Int(floored)) }
        let hundredths = Int((floored * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func escape(_ text: String) -> String {
        SVGPostProcessor.escape(text).replacing("'", with: "&#39;")
    }
}
