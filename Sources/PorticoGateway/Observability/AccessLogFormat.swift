/// A stage's `accessLogSettings.format`, parsed once when the gateway is made: literal text and
/// `$context` variables, which each request fills in to make its access-log line.
///
/// Only `$context` variables are allowed there (DG: set-up-logging: "Only `$context` variables
/// are supported, not `$input`, etc."); one that has no value for a request is written `-`,
/// as API Gateway writes it. Besides the variables templates see, access logs have their own
/// (DG: api-gateway-mapping-template-reference: `integrationLatency`, `responseLatency`,
/// `responseLength`, `status`, `authorizer.latency`, `xrayTraceId`, …; see ``AccessLogVariables``).
public struct AccessLogFormat: Sendable, Equatable {
    enum Piece: Sendable, Equatable {
        case text(String)
        /// `$context.a.b` as its names, `["a", "b"]`, and what they name.
        case variable([String], AccessLogVariables.Variable)
    }

    let pieces: [Piece]
    /// The format as written (a preset's name expanded).
    public let format: String

    /// The examples the console offers (DG: set-up-logging, "CLF", "JSON", "XML", "CSV"), each
    /// on one line as a format must be: the guide breaks them with `\` for reading only.
    public static let presets: [(name: String, format: String)] = [
        ("CLF", #"$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength $context.requestId"#),
        ("JSON", #"{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "caller":"$context.identity.caller", "user":"$context.identity.user", "requestTime":"$context.requestTime", "httpMethod":"$context.httpMethod", "resourcePath":"$context.resourcePath", "status":"$context.status", "protocol":"$context.protocol", "responseLength":"$context.responseLength" }"#),
        ("XML", #"<request id="$context.requestId"> <ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller> <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod> <resourcePath>$context.resourcePath</resourcePath> <status>$context.status</status> <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>"#),
        ("CSV", #"$context.identity.sourceIp,$context.identity.caller,$context.identity.user,$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,$context.responseLength,$context.requestId"#),
    ]

    /// - Parameter format: the format, or the name of a console preset (`CLF`, `JSON`, `XML`,
    ///   `CSV`): Portico's shorthand, which cannot be mistaken for a format AWS accepts, since
    ///   a format must contain `$context.requestId` or `$context.extendedRequestId`.
    public init(_ format: String) {
        let expanded = Self.presets.first { $0.name == format }?.format ?? format
        self.format = expanded
        var pieces: [Piece] = []
        var text = ""
        var rest = Substring(expanded)
        let marker = "$context."
        while let found = rest.range(of: marker) {
            text += rest[..<found.lowerBound]
            var names: [String] = []
            var cursor = found.upperBound
            while true {
                let name = rest[cursor...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                guard !name.isEmpty else { break }
                names.append(String(name))
                cursor = name.endIndex
                // A dot continues the path only when a name follows it (`$context.status.` ends at the dot).
                guard cursor < rest.endIndex, rest[cursor] == ".",
                      let next = rest[rest.index(after: cursor)...].first, next.isLetter || next.isNumber || next == "_" else { break }
                cursor = rest.index(after: cursor)
            }
            if names.isEmpty {
                text += marker
            } else {
                if !text.isEmpty { pieces.append(.text(text)) }
                text = ""
                pieces.append(.variable(names, AccessLogVariables.Variable(names)))
            }
            rest = rest[cursor...]
        }
        text += rest
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    /// Whether the format names the request's id, as AWS requires (DG: set-up-access-logging:
    /// "The access log format must include at least `$context.requestId` or `$context.extendedRequestId`").
    public var namesRequestId: Bool {
        pieces.contains {
            if case .variable(let names, _) = $0 { return names == ["requestId"] || names == ["extendedRequestId"] }
            return false
        }
    }

    /// The variables the format names, dotted, in order.
    public var variables: [String] {
        pieces.compactMap { if case .variable(let names, _) = $0 { names.joined(separator: ".") } else { nil } }
    }

    /// The line for one answered request.
    func line(for exchange: Exchange) -> String {
        var line = ""
        line.reserveCapacity(format.utf8.count + 64)
        for piece in pieces {
            switch piece {
            case .text(let text): line += text
            case .variable(_, let variable): line += AccessLogVariables.text(variable, exchange: exchange) ?? "-"
            }
        }
        return line
    }
}
