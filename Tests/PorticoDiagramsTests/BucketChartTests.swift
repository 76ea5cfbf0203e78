@testable import PorticoDiagrams
import Testing
import TestSupport

@Suite("Bucket charts")
struct BucketChartTests {
    static let chart = BucketChart(
        title: "Token buckets during 5 × GET /a & <b>",
        requestCount: 5, spacing: "one every 250 ms",
        series: [
            BucketChart.Series(label: "stage 'prod' methodSettings '*/*'", figures: "2 requests/s, burst 3", burst: 3, points: [
                .init(request: 0, tokens: 2, refused: false), .init(request: 1, tokens: 1.5, refused: false),
                .init(request: 2, tokens: 1, refused: false), .init(request: 3, tokens: 0.5, refused: true),
                .init(request: 4, tokens: 0.25, refused: true),
            ]),
            BucketChart.Series(label: "account default", figures: "10000 requests/s, burst 5000", burst: 5_000, points: [
                .init(request: 0, tokens: 4999, refused: false), .init(request: 1, tokens: 4999, refused: false),
                .init(request: 2, tokens: 4999, refused: false),
            ]),
            BucketChart.Series(label: "usage plan 'x'", figures: "0.5 requests/s, burst 0", burst: 0, points: [.init(request: 0, tokens: 0, refused: true)]),
        ])

    @Test("one panel per bucket with its burst marked, the line of tokens left, crosses on refusals, escaped text")
    func golden() {
        assertGolden(BucketChartRenderer.svg(for: Self.chart, idPrefix: "example3-buckets-"), named: "bucket-chart.svg")
    }

    @Test("titles and labels are escaped; the chart has a title it is labelled by")
    func escaping() {
        let svg = BucketChartRenderer.svg(for: Self.chart, idPrefix: "x\"y")
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("<title id=\"x_ytitle\">Token buckets during 5 × GET /a &amp; &lt;b&gt;</title>"))
        #expect(svg.contains("role=\"img\" aria-labelledby=\"x_ytitle\""))
        #expect(svg.contains("stage &#39;prod&#39; methodSettings &#39;*/*&#39;: 2 requests/s, burst 3; refused 2"))
        #expect(svg.contains("account default: 10000 requests/s, burst 5000; lowest level 4999"))
    }

    @Test("the request axis labels the first and last request and round numbers between", arguments: [
        (1, [1]), (2, [1, 2]), (5, [1, 2, 3, 4, 5]), (10, [1, 2, 4, 6, 8, 10]), (30, [1, 5, 10, 15, 20, 25, 30]),
        (31, [1, 5, 10, 15, 20, 25, 31]), (100, [1, 20, 40, 60, 80, 100]), (1000, [1, 200, 400, 600, 800, 1000]),
    ])
    func ticks(count: Int, labels: [Int]) {
        #expect(BucketChartRenderer.ticks(count: count).map { $0 + 1 } == labels)
    }

    @Test("numbers are written the same on every machine")
    func numbers() {
        #expect(BucketChartRenderer.coordinate(12.25) == "12.3")
        #expect(BucketChartRenderer.coordinate(40) == "40")
        #expect(BucketChartRenderer.tokens(0.999) == "0.99")
        #expect(BucketChartRenderer.tokens(2.5) == "2.50")
        #expect(BucketChartRenderer.tokens(4999) == "4999")
    }
}
