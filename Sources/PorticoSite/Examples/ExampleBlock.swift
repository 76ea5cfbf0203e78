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
public struct ExampleBlock: Sendable, Equatable {
    public var api: String?
    public var stage: String?
    public var expectedStatuses: [Int]
    public var requests: [GatewayRequest]
    /// How long the page's clock moves before each request (zero: not at all), by request.
    public var waits: [Duration] = []
    /// Where the block's fence opens, in the note.
    public var location: SourceLocation

    static let attributes = ["api", "stage", "expect"]

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
            case "expect":
                let statuses = value.split(separator: ",").map { Int($0) }
                guard statuses.allSatisfy({ $0.map { (100...599).contains($0) } ?? false }) else {
                    diagnostics.error(.exampleExpect, "expect=\(value) is not a list of HTTP status codes", at: location)
                    return nil
                }
                block.expectedStatuses = statuses.compactMap { $0 }
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
        if block.expectedStatuses.count > 1 && block.expectedStatuses.count != block.requests.count {
            diagnostics.error(.exampleExpect, "expect lists \(block.expectedStatuses.count) statuses for \(block.requests.count) requests", at: location)
            return nil
        }
        return block
    }

    /// The status expected of request `index`, if any.
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
