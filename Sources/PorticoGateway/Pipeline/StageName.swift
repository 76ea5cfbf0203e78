/// The names of the pipeline's stages, as traces print them. The names follow API Gateway's
/// own words (Method Request, Integration Request, …) where AWS has one; the order the stages
/// run in is ``Pipeline/restAPI``'s, not this list's.
public enum StageName: String, Sendable, Codable {
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
