/// The phases of a REST API request, in the order API Gateway applies them. The names follow
/// API Gateway's own words (Method Request, Integration Request, …) where AWS has one.
public enum StageName: String, Sendable, CaseIterable, Codable {
    case endpoint
    case limits
    case routing
    case cors
    case resourcePolicy = "resource-policy"
    case authorization
    case apiKey = "api-key"
    case throttling
    case validation
    case cache
    case integrationRequest = "integration-request"
    case integration
    case integrationResponse = "integration-response"
    case gatewayResponse = "gateway-response"
    case observability
}
