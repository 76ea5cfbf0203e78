import PorticoGateway
import PorticoMarkdown

/// The values of the project's API keys and the forms pages show instead: AWS's log masking,
/// every character but the last six as `*` (``UsagePlanDirectory/masked(_:)``). Site/ holds
/// key names, never values: every transcript is masked before it is drawn, and the drawn
/// panel once more (the value as written, HTML-escaped and JSON-escaped), so no field a
/// request, an integration or a function fills with the key (`X-API-Key`, a Lambda event's
/// `requestContext.identity.apiKey`, `$context.identity.apiKey` in a template, a log line)
/// reaches a page. The tokens of the project's user pools are masked with them (``TokenMask``).
public struct KeyMask: Sendable {
    struct Replacement: Sendable {
        var value: String
        var masked: String
    }

    /// Longest value first, so a value inside a longer one never leaves the longer one half masked.
    let replacements: [Replacement]
    /// The same, with each value's HTML- and JSON-escaped forms beside it.
    let htmlReplacements: [Replacement]
    /// The user pools' tokens.
    public let tokens: TokenMask

    public init(values: [String], tokens: TokenMask = TokenMask(issuers: [])) {
        self.tokens = tokens
        let unique = Array(Set(values.filter { !$0.isEmpty })).sorted { ($0.count, $0) > ($1.count, $1) }
        replacements = unique.map { Replacement(value: $0, masked: UsagePlanDirectory.masked($0)) }
        var html: [Replacement] = []
        for pair in replacements {
            let json = { (text: String) in String(text.jsonQuoted.dropFirst().dropLast()) }
            for form in [{ (text: String) in text }, { $0.htmlEscaped }, json, { json($0).htmlEscaped }] {
                let replacement = Replacement(value: form(pair.value), masked: form(pair.masked))
                if !html.contains(where: { $0.value == replacement.value }) { html.append(replacement) }
            }
        }
        htmlReplacements = html
    }

    /// Every key value of the gateway's project.
    public init(directory: UsagePlanDirectory) {
        self.init(values: directory.keys.map(\.value))
    }

    /// Every key value and every user pool token of the gateway's project.
    public init(gateway: Gateway) {
        self.init(values: gateway.environment.deployments.usagePlans.keys.map(\.value),
                  tokens: TokenMask(userPools: gateway.environment.userPools))
    }

    /// True when the project has no key values (its tokens may still be masked).
    public var isEmpty: Bool { replacements.isEmpty }

    /// The same mask without its tokens: what tells whether a transcript showed a key value.
    public var keysOnly: KeyMask {
        var copy = self
        copy.tokensMasked = false
        return copy
    }

    /// Whether ``tokens`` apply; false in ``keysOnly``.
    private var tokensMasked = true

    /// The text with every key value and token masked.
    public func mask(_ text: String) -> String {
        let masked = Self.apply(replacements, to: text)
        return tokensMasked ? tokens.mask(masked) : masked
    }

    /// Drawn HTML with every key value masked, in each form the drawing may have written it,
    /// and every token replaced by its escaped label.
    public func maskHTML(_ html: String) -> String {
        let masked = Self.apply(htmlReplacements, to: html)
        return tokensMasked ? tokens.mask(masked, escape: \.htmlEscaped) : masked
    }

    /// Whether the text holds a key value; cheap when it holds none.
    public func occurs(in text: String) -> Bool {
        replacements.contains { text.contains($0.value) }
    }

    /// The first key value in `text`: the value and where it starts.
    func firstOccurrence(in text: String) -> (value: String, at: String.Index)? {
        replacements.compactMap { pair in text.firstRange(of: pair.value).map { (pair.value, $0.lowerBound) } }.min { $0.at < $1.at }
    }

    /// The transcript as a page may show it: key values masked in the request (line, headers,
    /// body), the response, the trace, the Lambda authorizer's event and result, the
    /// integration request and the logs.
    public func mask(_ t: Transcript) -> Transcript {
        guard !isEmpty || (tokensMasked && !tokens.isEmpty) else { return t }
        var t = t
        t.request.path = mask(t.request.path)
        t.request.headers = t.request.headers.map(mask)
        t.request.body = maskBytes(t.request.body)
        t.response.headers = t.response.headers.map(mask)
        t.response.body = mask(t.response.body)
        t.trace = t.trace.map { TraceEntry(stage: $0.stage, outcome: $0.outcome, detail: mask($0.detail)) }
        if var integration = t.integrationRequest {
            integration.uri = integration.uri.map(mask)
            integration.headers = integration.headers.map(mask)
            integration.body = mask(integration.body)
            integration.template = integration.template.map(mask)
            t.integrationRequest = integration
        }
        if var authorizer = t.authorizer {
            // A Lambda authorizer's usageIdentifierKey is a key value (key source AUTHORIZER).
            authorizer.event = authorizer.event.map(mask)
            authorizer.returned = authorizer.returned.map(mask)
            t.authorizer = authorizer
        }
        t.logs = t.logs.map(mask)
        // `$context.identity.apiKey` and the request headers a data trace logs carry the key too.
        t.accessLog = t.accessLog.map(mask)
        t.executionLog = t.executionLog.map(mask)
        return t
    }

    private func mask(_ header: HTTPHeader) -> HTTPHeader {
        HTTPHeader(header.name, mask(header.value))
    }

    /// A body's bytes with each value's UTF-8 bytes masked, text or not.
    private func maskBytes(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        if tokensMasked, !tokens.isEmpty, let text = String(validating: bytes, as: UTF8.self) {
            bytes = Array(tokens.mask(text).utf8)
        }
        for pair in replacements {
            let needle = Array(pair.value.utf8), masked = Array(pair.masked.utf8)
            var out: [UInt8] = []
            var copied = 0
            while let found = Self.find(needle, in: bytes, from: copied) {
                out += bytes[copied..<found] + masked
                copied = found + needle.count
            }
            guard copied > 0 else { continue }
            out += bytes[copied...]
            bytes = out
        }
        return bytes
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        return (start...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    private static func apply(_ replacements: [Replacement], to text: String) -> String {
        var text = text
        for pair in replacements where text.contains(pair.value) {
            text = text.replacing(pair.value, with: pair.masked)
        }
        return text
    }
}
