import PorticoGateway
import PorticoMarkdown

/// How a burst to a stage with a canary split between its two releases (DG: canary-release:
/// "the total API traffic is separated at random into a production release and a canary
/// release with a pre-configured ratio"): a sentence with the counts and the configured share,
/// and a bar drawn in SVG, one segment per release. Drawn from the transcripts' ``Transcript/release``,
/// whose draws are seeded in a site build, so the bytes repeat on every build.
enum CanarySplit {
    static let width = 480
    static let height = 28

    /// Empty when the burst's stage has no canary.
    static func html(_ run: ExampleRunner.Run) -> String {
        let releases = run.transcripts.compactMap(\.release)
        guard !releases.isEmpty else { return "" }
        let canary = releases.filter { $0 == .canary }.count, total = releases.count, main = total - canary
        var sentence = "\(canary) of \(total) requests (\(percent(canary, of: total))) went to the canary release, \(main) to the production release"
        if let configured = run.block.channel {
            sentence += "; every request was pinned to the \(configured == .canary ? "canary" : "production") release (canary=\(configured == .canary))"
        } else if let share = run.canaryShare {
            sentence += "; the stage sends \(ReleaseChannel.percent(share)) to the canary, drawn at random per request"
        }
        let split = Int((Double(canary) / Double(total) * Double(width)).rounded())
        var svg = "<svg class=\"canary-split\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(sentence.htmlEscaped)\">"
        if split < width {
            svg += "<rect x=\"0\" y=\"0\" width=\"\(width - split)\" height=\"\(height)\" fill=\"#8c959f\"><title>production release: \(main)</title></rect>"
        }
        if split > 0 {
            svg += "<rect x=\"\(width - split)\" y=\"0\" width=\"\(split)\" height=\"\(height)\" fill=\"#bf8700\"><title>canary release: \(canary)</title></rect>"
        }
        svg += "</svg>"
        return "<p class=\"burst-summary\">\(sentence.htmlEscaped).</p>\n<figure class=\"diagram canary-split-diagram\">\(svg)<figcaption>Production release (grey) and canary release (amber), in proportion to the requests each answered.</figcaption></figure>\n"
    }

    /// `12.5 %`, `0 %`.
    static func percent(_ part: Int, of total: Int) -> String {
        let value = (Double(part) / Double(total) * 1000).rounded() / 10
        return ReleaseChannel.percent(value)
    }
}
