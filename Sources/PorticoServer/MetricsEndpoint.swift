import Prometheus

/// `GET /_portico/metrics`: the served gateway's CloudWatch metrics (``CloudWatchMetrics``) in
/// Prometheus's text format, as swift-prometheus writes its registry, families in name order.
///
/// The path is under `/_portico/`, not at the root: the root belongs to the site (a note
/// named `metrics.md` is served at `/metrics/`) and, by Host, to the simulated gateway; serve's
/// own routes live under `/_portico/` behind ``LocalRequestGuard``, which lets a GET from a
/// loopback name through, as a local Prometheus scrape is (`metrics_path: /_portico/metrics`).
public struct MetricsEndpoint: Sendable {
    public let registry: PrometheusCollectorRegistry

    /// The content type of Prometheus's text format 0.0.4.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    public func text() -> String {
        PrometheusText.ordered(registry.emitToString())
    }
}

/// Puts a registry's exposition in a stable order. swift-prometheus writes its families in
/// its dictionary's order, which changes from run to run; a person comparing two scrapes, or a
/// test, wants the same metric on the same line. Families go by name; a family's series by
/// their labels (a histogram's `le` aside, so each series' buckets, sum and count stay
/// together in the order the registry wrote them).
public enum PrometheusText {
    public static func ordered(_ text: String) -> String {
        var families: [(name: String, lines: [Substring])] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                let name = line.dropFirst(7).prefix { $0 != " " }
                if families.last?.name != String(name) { families.append((String(name), [])) }
                families[families.count - 1].lines.append(line)
            } else if families.isEmpty {
                families.append(("", [line]))
            } else {
                families[families.count - 1].lines.append(line)
            }
        }
        var out = ""
        for family in families.sorted(by: { $0.name < $1.name }) {
            let comments = family.lines.prefix { $0.hasPrefix("#") }
            let samples = family.lines.dropFirst(comments.count).enumerated()
                .sorted { a, b in
                    let (ka, kb) = (seriesKey(a.element), seriesKey(b.element))
                    return ka != kb ? ka < kb : a.offset < b.offset
                }
            for line in comments { out += line + "\n" }
            for sample in samples { out += sample.element + "\n" }
        }
        return out
    }

    /// A sample's labels without `le`: what the lines of one series share.
    static func seriesKey(_ line: Substring) -> String {
        guard let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}") else { return "" }
        return line[line.index(after: open)..<close].split(separator: ",").filter { !$0.hasPrefix("le=") }.joined(separator: ",")
    }
}
