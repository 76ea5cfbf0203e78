import PorticoModel

/// API keys: a method that requires one (`x-amazon-apigateway-api-key-source`, the `api_key`
/// security requirement) admits a request only with the value of a key that is enabled and
/// attached to a usage plan that includes this API's stage; anything else is answered 403
/// `{"message":"Forbidden"}` (INVALID_API_KEY). DG: api-gateway-api-usage-plans,
/// api-gateway-api-key-source; the 403 as recorded against AWS for a missing and a disabled
/// key: LocalStack tests/aws/services/apigateway/test_apigateway_common.py,
/// test_api_key_required_for_methods.
final class APIKeyStage: PipelineStage {
    let name = StageName.apiKey

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let method = exchange.route?.method else { return .skip("no method matched") }
        guard method.operation.apiKeyRequired else { return .skip("API key not required") }
        // `from` says where the key came from when it was not the usual header.
        let value: String, from: String
        switch exchange.deployed.apiKeySource {
        case .authorizer:
            // The key is the Lambda authorizer's usageIdentifierKey (DG: api-gateway-api-key-source:
            // "AUTHORIZER … reads the API key from the UsageIdentifierKey from a Lambda
            // authorizer"), then checked as a header key is.
            guard let key = exchange.caller?.usageIdentifierKey, !key.isEmpty else {
                return .fail(.invalidAPIKey, exchange.caller == nil
                    ? "API key required from a Lambda authorizer (key source AUTHORIZER), and no Lambda authorizer admitted this request"
                    : "API key required from the Lambda authorizer (key source AUTHORIZER), and it returned no usageIdentifierKey")
            }
            (value, from) = (key, " from the authorizer's usageIdentifierKey")
        case .header:
            // The key travels in X-API-Key (DG: api-gateway-api-key-source: "HEADER … reads the
            // API key from the X-API-Key header").
            guard let key = exchange.request.headers.value(for: "x-api-key"), !key.isEmpty else {
                return .fail(.invalidAPIKey, "API key required: the request has no X-API-Key header")
            }
            (value, from) = (key, "")
        }
        let directory = environment.deployments.usagePlans
        guard let key = directory.key(value: value) else {
            let carrier = from.isEmpty ? "the X-API-Key header" : "the authorizer's usageIdentifierKey"
            return .fail(.invalidAPIKey, TraceDetail(text: "API key required: \(carrier) is no API key of the project"))
        }
        guard key.enabled else {
            return .fail(.invalidAPIKey, TraceDetail(text: "API key '\(key.name)' is disabled"))
        }
        let stage = exchange.deployed
        guard let plan = key.plans.first(where: stage.usagePlans.contains) else {
            let plans = key.plans.isEmpty ? "no usage plan" : "usage plan " + key.plans.map { "'\(directory.plans[$0].name)'" }.joined(separator: ", ")
            return .fail(.invalidAPIKey, TraceDetail(text: "API key '\(key.name)' is attached to \(plans), and none includes stage '\(stage.stage.stageName)' of API '\(stage.api.name)'"))
        }
        exchange.client = APIClient(key: key, plan: plan)
        let planName = directory.plans[plan].name
        return .proceed(TraceDetail { "API key '\(key.name)' (id \(key.id))\(from) accepted, metered by usage plan '\(planName)'" })
    }
}

/// The key a request was accepted with and the usage plan that meters it.
struct APIClient: Sendable {
    let key: UsagePlanDirectory.Key
    /// ``UsagePlanDirectory/Plan/index``.
    let plan: Int
}

extension GatewayError {
    /// A missing, unknown or disabled API key, or one in no plan of the stage: 403 Forbidden
    /// with ForbiddenException (the error type as LocalStack's gateway_response.py names it for
    /// INVALID_API_KEY; DG: supported-gateway-response-types gives the status).
    static let invalidAPIKey = GatewayError(.invalidAPIKey, message: "Forbidden", errorType: "ForbiddenException")

    /// A bucket without a token: 429 `{"message":"Too Many Requests"}` (AWS Knowledge Center:
    /// api-gateway-429-limit; DG: api-gateway-request-throttling).
    static let throttled = GatewayError(.throttled, message: "Too Many Requests", errorType: "TooManyRequestsException")

    /// A usage plan's quota spent: 429 `{"message":"Limit Exceeded"}` (AWS Knowledge Center:
    /// api-gateway-429-limit).
    static let quotaExceeded = GatewayError(.quotaExceeded, message: "Limit Exceeded", errorType: "LimitExceededException")
}
