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
        switch exchange.deployed.apiKeySource {
        case .authorizer:
            // The key would be the Lambda authorizer's usageIdentifierKey (DG: api-gateway-api-key-source).
            return .skip("API key required from the authorizer (key source AUTHORIZER): Lambda authorizers are not simulated yet, so no usageIdentifierKey exists; not checked, the request was let through and is metered by no usage plan")
        case .header:
            break
        }
        // The key travels in X-API-Key (DG: api-gateway-api-key-source: "HEADER … reads the
        // API key from the X-API-Key header").
        guard let value = exchange.request.headers.value(for: "x-api-key"), !value.isEmpty else {
            return .fail(.invalidAPIKey, "API key required: the request has no X-API-Key header")
        }
        let directory = environment.deployments.usagePlans
        guard let key = directory.key(value: value) else {
            return .fail(.invalidAPIKey, "API key required: the X-API-Key header is no API key of the project")
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
        return .proceed(TraceDetail { "API key '\(key.name)' (id \(key.id)) accepted, metered by usage plan '\(planName)'" })
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
