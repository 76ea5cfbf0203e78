import Diagnostics
import PorticoGateway

/// A fenced ```` ```http example ```` block: one or more requests in the `.http` syntax of the
/// JetBrains HTTP Client and VS Code REST Client, aimed at an API and stage.
///
/// Info string: `http example api=orders stage=prod expect=200`. `api` and `stage` may be
/// left out when the project has exactly one; `expect` lists one status per request
/// (`expect=200,429`) or one status for all.
///
/// A `# @wait 2s` line before a request moves the page's virtual clock forward by that much
/// before the request runs (`ms`, `s`, `min`, `h`; at most 31 days): how a page shows a token
/// bucket refilling or a cache entry expiring, the same on every build.
///
/// `key=NAME` sends every request with `X-API-Key` set to the value of the project's API key
/// of that name (the value is never shown: pages mask it as AWS's logs do).
///
/// `as=NAME` sends every request as an identity of the project (`identities` in portico.yml):
/// signed with Signature Version 4 as an IAM user, or with a token the user pool issued to
/// one of its users (`as=staff/dana`, or `as=dana` when one pool has a dana). Secrets and
/// tokens are never shown.
///
/// `domain=NAME` sends every request to a custom domain of the project (`domains` in
/// portico.yml), as a client calling `https://NAME/path` would: the path includes the base
/// path, and the domain's base path mappings pick the API and stage (no `api=` or `stage=`).
///
/// `canary=true` sends every request to the canary release of a stage with `canarySettings`,
/// `canary=false` to its production release; left out, each request goes where AWS would send
/// it, drawn at random with the canary's percentTraffic (seeded, so every build draws alike).
///
/// `repeat=N rate=R/s` sends the block's one request N times (at most 1,000), R per second on
/// the page's virtual clock (`rate` left out: all at the same instant): a burst, drawn as a
/// table of outcomes and a chart of the token buckets. On a burst, `expect` either counts
/// statuses, `expect=200:12,429:18` (exactly 12 answered 200 and 18 answered 429, the counts
/// adding up to N), or lists them, `expect=200,429` (each listed status answered at least once
/// and no other status at all; `expect=200` means every request answered 200).
public struct ExampleBlock: Sendable, Equatable {
    public var api: String?
    public var stage: String?
    public var expectedStatuses: [Int]
    public var requests: [GatewayRequest]
    /// How long the page's clock moves before each request (zero: not at all), by request.
    public var waits: [Duration] = []
    /// Where the block's fence opens, in the note.
    public var location: SourceLocation
    /// The name of the project's API key every request is sent with (`key=`).
    public var key: String?
    /// The identity every request is sent as (`as=`).
    public var caller: String?
    /// `canary=`: the release every request goes to; nil: drawn per request.
    public var channel: ReleaseChannel?
    /// `repeat=` and `rate=`: the block's request sent many times.
    public var burst: Burst?
    /// `expect=200:12,429:18` on a burst: how many requests answer each status.
    public var expectedCounts: [StatusCount] = []
    /// The custom domain every request is sent to (`domain=`).
    public var domain: String?

    /// A request sent `count` times, `rate` per second (nil: all at one instant).
    public struct Burst: Sendable, Equatable {
        public static let largestCount = 1000
        public var count: Int
        public var rate: Double?

        public init(count: Int, rate: Double?) {
            self.count = count
            self.rate = rate
        }

        /// When request `index` (from 0) is sent, after the first: index / rate.
        public func offset(of index: Int) -> Duration {
            guard let rate else { return .zero }
            return .nanoseconds(Int64((Double(index) * 1e9 / rate).rounded()))
        }
    }

    /// One entry of a burst's `expect=STATUS:COUNT,…`.
    public struct StatusCount: Sendable, Equatable {
        public var status: Int
        public var count: Int

        public init(status: Int, count: Int) {
            self.status = status
            self.count = count
        }
    }

    static let attributes = ["api", "stage", "expect", "key", "as", "canary", "repeat", "rate", "domain"]

    /// Whether an info string marks an executed example (`http example …`).
    public static func isExample(info: String) -> Bool {
        let words = info.split(separator: " ", omittingEmptySubsequences: true)
        return words.first == "http" && words.dropFirst().contains("example")
    }

    /// Parses the info string and the block's text; `contentStart` is where the block's first
    /// content line sits in the file.
    public static func parse(info: String, text: String, location: SourceLocation, contentStart: SourceLocation,
                             diagnostics: inout DiagnosticEngine) -> ExampleBlock? {
        var block = ExampleBlock(api: nil, stage: nil, expectedStatuses: [], requests: [], location: location)
        for word in info.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2) {
            let parts = word.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else {
                diagnostics.warning(.exampleAttribute, "ignoring '\(word)'; example attributes are name=value (\(attributes.joined(separator: ", ")))", at: location)
                continue
            }
            let value = String(parts[1])
            switch parts[0] {
            case "api": block.api = value
            case "stage": block.stage = value
            case "key": block.key = value
            case "as": block.caller = value
            case "domain": block.domain = value
            case "canary":
                guard let pinned = ["true": ReleaseChannel.canary, "false": .main][value] else {
                    diagnostics.error(.exampleAttribute, "canary=\(value) must be canary=true (the canary release) or canary=false (the production release)", at: location)
                    return nil
                }
                block.channel = pinned
            case "expect":
                guard let expectation = parseExpect(value) else {
                    diagnostics.error(.exampleExpect, "expect=\(value) is not a list of HTTP status codes (or, on a burst, of STATUS:COUNT)", at: location)
                    return nil
                }
                block.expectedStatuses = expectation.statuses
                block.expectedCounts = expectation.counts
            case "repeat":
                guard let count = Int(value), (1...Burst.largestCount).contains(count) else {
                    diagnostics.error(.exampleRepeat, "repeat=\(value) is not a number of requests from 1 to \(Burst.largestCount)", at: location)
                    return nil
                }
                block.burst = Burst(count: count, rate: block.burst?.rate)
            case "rate":
                guard value.hasSuffix("/s"), let rate = Double(value.dropLast(2)), rate.isFinite, rate > 0 else {
                    diagnostics.error(.exampleRepeat, "rate=\(value) is not a rate such as rate=50/s (requests per second, more than 0)", at: location)
                    return nil
                }
                block.burst = Burst(count: block.burst?.count ?? 0, rate: rate)
            default:
                var message = "unknown example attribute '\(parts[0])'"
                if let close = closestAttribute(String(parts[0])) { message += "; did you mean '\(close)'?" }
                diagnostics.warning(.exampleAttribute, message, at: location)
            }
        }
        var local = DiagnosticEngine()
        let parsed = HTTPRequestFile.parseWithWaits(text, diagnostics: &local)
        block.requests = parsed.map(\.request)
        block.waits = parsed.map(\.wait)
        diagnostics.emit(contentsOf: local.diagnostics.map { $0.shifted(into: contentStart) })
        if block.requests.isEmpty {
            if !local.hasErrors { diagnostics.error(.exampleEmpty, "the example holds no request", at: location) }
            return nil
        }
        guard let burst = block.burst else {
            if !block.expectedCounts.isEmpty {
                diagnostics.error(.exampleExpect, "expect=STATUS:COUNT counts the answers of a burst; this example has no repeat=", at: location)
                return nil
            }
            if block.expectedStatuses.count > 1 && block.expectedStatuses.count != block.requests.count {
                diagnostics.error(.exampleExpect, "expect lists \(block.expectedStatuses.count) statuses for \(block.requests.count) requests", at: location)
                return nil
            }
            return block
        }
        if burst.count == 0 {
            diagnostics.error(.exampleRepeat, "rate= paces a burst; add repeat=N (how many requests to send)", at: location)
            return nil
        }
        if block.requests.count > 1 {
            diagnostics.error(.exampleRepeat, "repeat= sends one request \(burst.count) times; this example holds \(block.requests.count) requests", at: location)
            return nil
        }
        let counted = block.expectedCounts.reduce(0) { $0 + $1.count }
        if !block.expectedCounts.isEmpty && counted != burst.count {
            diagnostics.error(.exampleExpect, "expect counts \(counted) answers for a burst of \(burst.count) requests", at: location)
            return nil
        }
        return block
    }

    /// `200,429` → statuses; `200:12,429:18` → counts; nil when neither, or when they mix.
    static func parseExpect(_ value: String) -> (statuses: [Int], counts: [StatusCount])? {
        var statuses: [Int] = [], counts: [StatusCount] = []
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let status = Int(parts[0]), (100...599).contains(status) else { return nil }
            if parts.count == 2 {
                guard let count = Int(parts[1]), count >= 0 else { return nil }
                counts.append(StatusCount(status: status, count: count))
            } else {
                statuses.append(status)
            }
        }
        guard statuses.isEmpty || counts.isEmpty else { return nil }
        return (statuses, counts)
    }

    /// Whether a burst's statuses are what `expect` says: the counts exactly, or every listed
    /// status at least once and no other; nil when they are, else what differs.
    public func burstMismatch(_ statuses: [Int]) -> String? {
        var tally: [(status: Int, count: Int)] = []
        for status in statuses {
            if let index = tally.firstIndex(where: { $0.status == status }) { tally[index].count += 1 } else { tally.append((status, 1)) }
        }
        tally.sort { $0.status < $1.status }
        let answered = tally.map { "\($0.status):\($0.count)" }.joined(separator: ",")
        if !expectedCounts.isEmpty {
            let expected = expectedCounts.filter { $0.count > 0 }.sorted { $0.status < $1.status }
            guard expected.map(\.status) != tally.map(\.status) || expected.map(\.count) != tally.map(\.count) else { return nil }
            return "expected \(expectedCounts.map { "\($0.status):\($0.count)" }.joined(separator: ",")) but the burst answered \(answered)"
        }
        guard !expectedStatuses.isEmpty else { return nil }
        let seen = Set(statuses), listed = Set(expectedStatuses)
        guard seen != listed else { return nil }
        return "expected the statuses \(expectedStatuses.map(String.init).joined(separator: ",")) but the burst answered \(answered)"
    }

    /// The status expected of request `index`, if any (not of a burst's: see ``burstMismatch(_:)``).
    public func expectedStatus(at index: Int) -> Int? {
        expectedStatuses.count == 1 ? expectedStatuses[0] : (index < expectedStatuses.count ? expectedStatuses[index] : nil)
    }

    private static func closestAttribute(_ name: String) -> String? {
        attributes.first { a in a.hasPrefix(name.prefix(2)) }
    }
}

/// The `.http` request syntax: `METHOD path [HTTP/1.1]`, header lines, a blank line, the body;
/// `###` between requests; `#` and `//` comment lines before a request line.
public enum HTTPRequestFile {
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]

    /// Diagnostics are relative to the text (line 1 is its first line).
    public static func parse(_ text: String, diagnostics: inout DiagnosticEngine) -> [GatewayRequest] {
        parseWithWaits(text, diagnostics: &diagnostics).map(\.request)
    }

    /// The longest `# @wait`: a month of virtual time covers a daily, weekly or monthly quota.
    static let longestWait: Duration = .seconds(31 * 24 * 3600)

    /// `# @wait 1.5s` → 1.5 seconds; nil when the line is not a wait directive at all.
    static func waitDirective(_ line: Substring) -> Result<Duration, WaitProblem>? {
        var rest = line.drop { $0 == "#" || $0 == "/" || $0 == " " || $0 == "\t" }
        guard rest.hasPrefix("@wait") else { return nil }
        rest = rest.dropFirst("@wait".count)
        let text = rest.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 0.001), ("min", 60), ("s", 1), ("h", 3600)]
        guard let (unit, scale) = units.first(where: { text.hasSuffix($0.0) }),
              let number = Double(text.dropLast(unit.count)), number.isFinite, number >= 0 else {
            return .failure(.notADuration(text))
        }
        let seconds = number * scale
        guard seconds <= longestWait.seconds else { return .failure(.tooLong(text)) }
        return .success(.nanoseconds(Int64((seconds * 1e9).rounded())))
    }

    enum WaitProblem: Error {
        case notADuration(String)
        case tooLong(String)
    }

    /// The requests, each with the virtual time to wait before it (`# @wait` lines).
    public static func parseWithWaits(_ text: String, diagnostics: inout DiagnosticEngine) -> [(wait: Duration, request: GatewayRequest)] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        var requests: [(wait: Duration, request: GatewayRequest)] = []
        var wait = Duration.zero
        var index = 0
        while index < lines.count {
            // Skip separators, comments and blank lines before a request line.
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("//") {
                switch waitDirective(trimmed[...]) {
                case .success(let duration)?: wait += duration
                case .failure(let problem)?:
                    let message = switch problem {
                    case .notADuration(let text): "'@wait \(text)' is not a duration; write for example '# @wait 2s' (ms, s, min, h)"
                    case .tooLong(let text): "'@wait \(text)' is longer than 31 days"
                    }
                    diagnostics.error(.exampleWait, message, at: SourceLocation(file: "", line: index + 1, column: 1))
                case nil: break
                }
                index += 1
                continue
            }
            let requestLine = index + 1
            let words = trimmed.split(separator: " ", omittingEmptySubsequences: true)
            var method = "GET"
            var target: Substring
            if words.count >= 2, methods.contains(String(words[0])) {
                method = String(words[0])
                target = words[1]
                if words.count > 3 || (words.count == 3 && !words[2].hasPrefix("HTTP/")) {
                    diagnostics.error(.exampleRequestLine, "expected 'METHOD path [HTTP/1.1]'", at: SourceLocation(file: "", line: requestLine, column: 1))
                }
            } else if words.count == 1, words[0].hasPrefix("/") {
                target = words[0]
            } else {
                diagnostics.error(.exampleRequestLine, "expected a request line such as 'GET /items/42', found '\(trimmed.prefix(60))'",
                                  at: SourceLocation(file: "", line: requestLine, column: 1))
                // Skip to the next separator.
                while index < lines.count, !lines[index].hasPrefix("###") { index += 1 }
                continue
            }
            if !target.hasPrefix("/") {
                diagnostics.error(.exampleRequestLine, "the path '\(target)' must start with '/': it is relative to the stage's base URL",
                                  at: SourceLocation(file: "", line: requestLine, column: line.distance(from: line.startIndex, to: line.firstIndex(of: target.first!) ?? line.startIndex) + 1))
                target = "/" + target
            }
            index += 1
            var headers: [HTTPHeader] = []
            while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).isEmpty, !lines[index].hasPrefix("###") {
                let headerLine = lines[index]
                if let colon = headerLine.firstIndex(of: ":"), colon != headerLine.startIndex {
                    let name = headerLine[..<colon].trimmingCharacters(in: .whitespaces)
                    let value = headerLine[headerLine.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    headers.append(HTTPHeader(name, value))
                } else {
                    diagnostics.error(.exampleHeader, "expected a header line 'Name: value', found '\(headerLine.prefix(60))'",
                                      at: SourceLocation(file: "", line: index + 1, column: 1))
                }
                index += 1
            }
            var bodyLines: [Substring] = []
            if index < lines.count, !lines[index].hasPrefix("###") {
                index += 1   // the blank line
                while index < lines.count, !lines[index].hasPrefix("###") {
                    bodyLines.append(lines[index])
                    index += 1
                }
            }
            while let last = bodyLines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { bodyLines.removeLast() }
            requests.append((wait, GatewayRequest(method: method, path: String(target), headers: headers, body: bodyLines.joined(separator: "\n"))))
            wait = .zero
        }
        return requests
    }
}
