import Foundation
import PorticoModel

/// One Lambda authorizer (TOKEN or REQUEST) as one deployed stage runs it, prepared when the
/// gateway is made: the function its `authorizerUri` names on this stage, its identity sources,
/// its validation expression compiled, its cache TTL and the stage's part of the method ARN.
/// Every method of the stage that names the authorizer shares this one object, and with it
/// one result cache (``LambdaAuthorizerResults``).
///
/// Unchecked Sendable: NSRegularExpression is immutable once made and safe to share across
/// threads (as ``SelectionPatterns`` relies on too); everything else is a constant value.
final class PreparedLambdaAuthorizer: @unchecked Sendable {
    /// The function to invoke, or why none can be (a URI naming no Lambda function, a stage
    /// variable this stage does not set).
    enum Target: Sendable {
        case function(String)
        case none(String)
    }

    let name: String
    let type: AuthorizerType
    /// Its place among the stage's Lambda authorizers: which result cache is its own.
    let slot: Int
    let target: Target
    /// TOKEN: the one header holding the token; REQUEST: every source, all of which must be
    /// present (DG: configure-api-gateway-lambda-authorization-with-console).
    let identitySources: [SourceExpression]
    /// TOKEN only: the token must match it, whole, or the request is refused before the
    /// function runs (API reference: Authorizer, `identityValidationExpression`; DG:
    /// configure-api-gateway-lambda-authorization-with-console: "API Gateway returns a 401
    /// Unauthorized response … if the token fails the validation").
    let validation: NSRegularExpression?
    let validationPattern: String?
    /// How long a result is reused: `authorizerResultTtlInSeconds`, 300 s when not written,
    /// 0 for no cache (DG: configure-api-gateway-lambda-authorization-with-console).
    let ttlSeconds: Int
    let ttl: Duration
    /// An HTTP API authorizer's payload format; nil for REST and WebSocket authorizers.
    let http: HTTPAuthorizerPayload?
    /// How the trace names it: `TOKEN authorizer 'tokens' (function 'check')`.
    let label: String
    /// What a transcript says of a run of it, before the run fills in how.
    private let runTemplate: AuthorizerRun

    /// How long API Gateway waits for an authorizer function. AWS documents 10 seconds for HTTP
    /// APIs' Lambda authorizers (DG: http-api-quotas, "Timeout for Lambda authorizer response:
    /// 10000 ms"); the REST quotas page gives none, so REST authorizers get the same here (our
    /// reading). A function's own shorter timeout still applies.
    static let responseTimeout: Duration = .seconds(10)

    /// The default result TTL when `authorizerResultTtlInSeconds` is not written.
    static let defaultTTL = 300

    /// - Parameter isHTTPAPI: whether the authorizer guards routes of an HTTP API, which reads
    ///   `authorizerPayloadFormatVersion` and `enableSimpleResponses`.
    init(_ authorizer: Authorizer, slot: Int, stage: Stage, apiId: String, isHTTPAPI: Bool = false) {
        name = authorizer.name
        http = isHTTPAPI ? HTTPAuthorizerPayload(authorizer) : nil
        type = authorizer.type
        self.slot = slot
        identitySources = authorizer.identitySources
        if authorizer.type == .token, let pattern = authorizer.identityValidationExpression {
            validationPattern = pattern
            validation = try? NSRegularExpression(pattern: "^(?:\(pattern))$", options: [.dotMatchesLineSeparators])
        } else {
            validationPattern = nil
            validation = nil
        }
        // HTTP APIs: "To enable caching, your authorizer must have at least one identity
        // source" (DG: http-api-lambda-authorizer, "Caching authorizer responses"). The guide
        // names no default TTL for HTTP APIs; REST's 300 s is kept (our reading).
        ttlSeconds = isHTTPAPI && authorizer.identitySources.isEmpty ? 0 : authorizer.authorizerResultTtlInSeconds ?? Self.defaultTTL
        ttl = .seconds(ttlSeconds)
        let uri = authorizer.authorizerUri
        if let written = authorizer.functionName {
            if LambdaARN.usesStageVariables(written) {
                if let uri, let resolved = LambdaARN.functionName(in: uri, stageVariables: stage.variables),
                   stageVariableNames(in: written).allSatisfy({ stage.variables[$0] != nil }) {
                    target = .function(resolved)
                } else {
                    target = .none("its function \(LambdaARN.describe(written, uri: uri, onStageWith: stage.variables)) names no function")
                }
            } else {
                target = .function(written)
            }
        } else {
            target = .none(uri.map { "its authorizerUri names no Lambda function: \($0)" } ?? "it has no authorizerUri")
        }
        let kind = http.map { "Lambda authorizer '\(authorizer.name)' (payload format \($0.version)\($0.simpleResponses ? ", simple responses" : "")" }
        switch target {
        case .function(let function):
            label = kind.map { "\($0), function '\(function)')" } ?? "\(authorizer.type.rawValue) authorizer '\(authorizer.name)' (function '\(function)')"
            runTemplate = AuthorizerRun(authorizer: name, type: type.rawValue, function: function, cache: .miss, event: nil, returned: nil)
        case .none:
            label = kind.map { $0 + ")" } ?? "\(authorizer.type.rawValue) authorizer '\(authorizer.name)'"
            runTemplate = AuthorizerRun(authorizer: name, type: type.rawValue, function: "", cache: .miss, event: nil, returned: nil)
        }
    }

    /// A run of this authorizer, as the transcript shows it.
    func run(cache: AuthorizerRun.Cache, event: String?, returned: String?) -> AuthorizerRun {
        var run = runTemplate
        run.cache = cache
        run.event = event
        run.returned = returned
        return run
    }

    /// Whether `token` passes the validation expression (always, without one). The token is
    /// the caller's, so the match is bounded in time; one that runs out does not pass.
    func accepts(token: String) -> Bool {
        guard let validation else { return true }
        return BoundedRegexMatch.first(validation, in: token) == .matched
    }

    /// The stage's Lambda authorizers by method (``RoutedMethod/number``): nil for a method that
    /// names none. Methods naming the same authorizer share one prepared value.
    /// An HTTP API's routes (`isHTTPAPI`) name REQUEST authorizers only; they share one result
    /// cache across routes, as AWS does unless `$context.routeKey` is an identity source (DG:
    /// http-api-lambda-authorizer, "Caching authorizer responses").
    static func byMethod(_ methods: [RoutedMethod], api: RestAPI, stage: Stage, apiId: String, isHTTPAPI: Bool = false) -> [PreparedLambdaAuthorizer?] {
        var prepared: [String: PreparedLambdaAuthorizer] = [:]
        return methods.map { method in
            let operation = method.operation
            guard operation.authorizationType == .custom, let name = operation.authorizerName else { return nil }
            if let existing = prepared[name] { return existing }
            guard let authorizer = api.authorizer(named: name), authorizer.type == .token || authorizer.type == .request else { return nil }
            let made = PreparedLambdaAuthorizer(authorizer, slot: prepared.count, stage: stage, apiId: apiId, isHTTPAPI: isHTTPAPI)
            prepared[name] = made
            return made
        }
    }
}

/// What an HTTP API's Lambda authorizer sends and reads (DG: http-api-lambda-authorizer,
/// "Payload format version"): format `1.0` sends the REST-like REQUEST event and reads a
/// policy; `2.0` sends the 2.0 event and reads a policy, or `{"isAuthorized": …}` with
/// `enableSimpleResponses` ("Supported only for authorizers with an
/// authorizerPayloadFormatVersion of 2.0", DG: api-gateway-swagger-extensions-authorizer).
/// The CLI and SDKs require the version; the console uses the latest, so an unwritten one is
/// 2.0 here.
struct HTTPAuthorizerPayload: Sendable, Equatable {
    let version: String
    let simpleResponses: Bool

    init(_ authorizer: Authorizer) {
        version = authorizer.authorizerPayloadFormatVersion == "1.0" ? "1.0" : "2.0"
        simpleResponses = version == "2.0" && authorizer.enableSimpleResponses == true
    }

    var outputFormat: LambdaAuthorizerOutput.Format {
        simpleResponses ? .httpSimple : .httpPolicy
    }
}
