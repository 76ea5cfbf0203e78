import Foundation
import PorticoModel

/// What one request did: the request as sent, the response, the stage-by-stage trace, the
/// integration request actually built, and the log lines. Pages, `invoke` and the try-it
/// endpoint all show this value.
public struct Transcript: Sendable, Equatable {
    public var api: String
    public var stage: String
    public var request: GatewayRequest
    public var response: GatewayResponse
    public var trace: [TraceEntry]
    public var integrationRequest: IntegrationRequest?
    public var logs: [String]
    /// The token buckets the throttling stage read, in the order it checked them, each as the
    /// request left it; a refusing bucket is last and says so. Empty when the request never
    /// reached throttling. What a page's burst chart draws.
    public var buckets: [BucketReading]
    /// What a Lambda authorizer was sent and returned, or reused from its cache; nil when none was asked.
    public var authorizer: AuthorizerRun?
    /// The method the request matched, as the definition declares it; nil when routing found
    /// none. What a page needs to tell which of the definition's methods an example called.
    public var method: MatchedMethod?
    /// Which release of a stage with a canary answered; nil for a stage without one.
    public var release: ReleaseChannel?
    /// The request's line in its stage's access log (`accessLogSettings.format`); nil when the
    /// stage keeps none.
    public var accessLog: String?
    /// The request's lines in its stage's execution log (``ExecutionLog``); empty when its
    /// method's settings ask for none.
    public var executionLog: [String] = []

    public init(api: String, stage: String, request: GatewayRequest, response: GatewayResponse,
                trace: [TraceEntry], integrationRequest: IntegrationRequest?, logs: [String], buckets: [BucketReading] = [],
                authorizer: AuthorizerRun? = nil, method: MatchedMethod? = nil) {
        self.api = api
        self.stage = stage
        self.request = request
        self.response = response
        self.trace = trace
        self.integrationRequest = integrationRequest
        self.logs = logs
        self.buckets = buckets
        self.authorizer = authorizer
        self.method = method
    }
}

/// A method of the definition by its resource path and verb (`ANY` for an any-method).
public struct MatchedMethod: Sendable, Equatable {
    public var path: String
    public var method: HTTPMethod

    public init(path: String, method: HTTPMethod) {
        self.path = path
        self.method = method
    }
}

extension Transcript {
    /// The JSON object `portico invoke --format json` prints and `POST /_portico/invoke` answers
    /// (scripts rely on it): `request`, `response`, `trace`, plus `integrationRequest`, `logs`,
    /// `api`, `stage` and, when a Lambda authorizer was asked, `authorizer`. A binary body is base64
    /// with `isBase64Encoded: true` beside it (request, response and integration request). Keys sorted, so the
    /// same transcript always prints the same bytes.
    ///
    /// - Parameter metrics: what `invoke --metrics` adds as `metrics`: the Prometheus text of
    ///   the metrics the request was counted in.
    public func jsonData(pretty: Bool = true, metrics: String? = nil) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        var shape = TranscriptJSON(self)
        shape.metrics = metrics
        return (try? encoder.encode(shape)) ?? Data("{}".utf8)
    }
}

/// The wire shape of a transcript: headers as JSON objects, name to value (a repeated header's
/// values joined with ", ").
private struct TranscriptJSON: Encodable {
    struct Request: Encodable {
        let method: String, path: String, headers: [String: String], body: String, isBase64Encoded: Bool
    }
    struct Response: Encodable {
        let status: Int, headers: [String: String], body: String, isBase64Encoded: Bool
    }
    struct Integration: Encodable {
        let type: String, method: String?, uri: String?, headers: [String: String], body: String, template: String?, isBase64Encoded: Bool
    }
    let api: String
    let stage: String
    let request: Request
    let response: Response
    let trace: [TraceEntry]
    let integrationRequest: Integration?
    let logs: [String]
    /// Omitted when empty.
    let buckets: [BucketReading]?
    /// Omitted when no Lambda authorizer was asked.
    let authorizer: AuthorizerRun?
    /// `main` or `canary`; omitted for a stage without a canary.
    let release: String?
    /// Omitted unless asked for (`invoke --metrics`).
    var metrics: String?
    /// Omitted when the stage keeps no access log.
    let accessLog: String?
    /// Omitted when empty.
    let executionLog: [String]?

    init(_ t: Transcript) {
        api = t.api
        stage = t.stage
        release = t.release?.rawValue
        let shown = t.request.bodyAsSent
        request = Request(method: t.request.method, path: t.request.path, headers: headerObject(t.request.headers), body: shown.body,
                          isBase64Encoded: shown.isBase64Encoded)
        response = Response(status: t.response.status, headers: headerObject(t.response.headers), body: t.response.body,
                            isBase64Encoded: t.response.isBase64Encoded)
        trace = t.trace
        integrationRequest = t.integrationRequest.map {
            Integration(type: $0.type.rawValue, method: $0.method, uri: $0.uri, headers: headerObject($0.headers), body: $0.body, template: $0.template,
                        isBase64Encoded: $0.isBase64Encoded)
        }
        logs = t.logs
        buckets = t.buckets.isEmpty ? nil : t.buckets
        authorizer = t.authorizer
        accessLog = t.accessLog
        executionLog = t.executionLog.isEmpty ? nil : t.executionLog
    }
}

/// Headers as a JSON object; repeated names are joined with ", " as HTTP allows.
func headerObject(_ headers: [HTTPHeader]) -> [String: String] {
    var object: [String: String] = [:]
    for header in headers {
        if let existing = object[header.name] {
            object[header.name] = existing + ", " + header.value
        } else {
            object[header.name] = header.value
        }
    }
    return object
}
