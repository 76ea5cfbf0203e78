import PorticoModel

/// API Gateway's gateway response types: the model's enum, whose raw values are AWS's keys as
/// used in `x-amazon-apigateway-gateway-responses`; the gateway adds their default statuses.
public typealias GatewayResponseType = GatewayResponseKind

/// AWS's default statuses (DG: supported-gateway-response-types).
extension GatewayResponseKind {
    /// The status AWS answers with when the response is not customised; nil for the two
    /// DEFAULT_ types, which have none of their own.
    public var defaultStatus: Int? {
        switch self {
        case .accessDenied, .expiredToken, .invalidAPIKey, .invalidSignature, .missingAuthenticationToken, .wafFiltered: 403
        case .apiConfigurationError, .authorizerConfigurationError, .authorizerFailure: 500
        case .badRequestParameters, .badRequestBody: 400
        case .default4XX, .default5XX: nil
        case .integrationFailure, .integrationTimeout: 504
        case .quotaExceeded, .throttled: 429
        case .requestTooLarge: 413
        case .resourceNotFound: 404
        case .unauthorized: 401
        case .unsupportedMediaType: 415
        }
    }
}

/// A failure that a stage hands to the gateway-response stage: the type selects the
/// (possibly customised) response, the message fills `$context.error.message`, and
/// `errorType` is the `x-amzn-ErrorType` header AWS sends with it.
public struct GatewayError: Sendable, Equatable {
    public var type: GatewayResponseType
    /// nil for the failures AWS answers without a message: a Lambda authorizer's configuration
    /// error answers `{"message":null}` (see ``authorizerConfigurationError``).
    public var message: String?
    public var errorType: String
    /// The status when it differs from the type's default (e.g. 500 for a type whose class is 5XX).
    public var status: Int
    /// `$context.error.validationErrorString`: what the request validator found (empty for
    /// failures that are not validation failures).
    public var validationErrorString: String = ""
    /// The member that names the message in AWS's default body: `message`, except for a denial
    /// by IAM's policy evaluation (a resource policy's), which AWS answers `{"Message":…}`
    /// (responses recorded from AWS, e.g. `{"Message":"User: anonymous is not authorized to
    /// perform: execute-api:Invoke on resource: arn:aws:execute-api:us-west-2:********7089:…"}`
    /// with `x-amzn-ErrorType: AccessDeniedException`; see ``resourcePolicyDenial(user:resource:explicit:)``).
    /// A customised gateway response's template is used as written.
    public var messageMember = "message"
    /// The `www-authenticate` header an HTTP API's JWT authorizer answers a refused token
    /// with (DG: http-api-troubleshooting-jwt); nil for every other failure.
    public var wwwAuthenticate: String?

    public init(_ type: GatewayResponseType, message: String?, errorType: String, status: Int? = nil) {
        self.type = type
        self.message = message
        self.errorType = errorType
        self.status = status ?? type.defaultStatus ?? 500
    }

    /// `$context.error.messageString`: the message in double quotes, or `null` when there is
    /// none (DG: api-gateway-mapping-template-reference), so the default body stays JSON.
    public var messageString: String {
        message.map(jsonQuoted) ?? "null"
    }

    /// The message as a trace shows it.
    var messageText: String {
        message ?? "null"
    }

    /// No resource or no method: 403, not 404 or 405 (recorded AWS response: LocalStack
    /// tests/aws/services/apigateway/test_apigateway_common.snapshot.json, test_routing_not_found).
    public static let missingAuthenticationToken = GatewayError(
        .missingAuthenticationToken, message: "Missing Authentication Token", errorType: "MissingAuthenticationTokenException")

    /// Integration and configuration failures surface as lower-case "Internal server error"
    /// on REST APIs (recorded AWS response: LocalStack
    /// tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json,
    /// test_apigateway_header_remapping_aws; the configuration error: DG: supported-gateway-response-types).
    public static let internalServerError = GatewayError(
        .apiConfigurationError, message: "Internal server error", errorType: "InternalServerErrorException")

    /// A function error or a malformed proxy response: 502 with the lower-case message
    /// (DG: set-up-lambda-proxy-integrations; the message as recorded against AWS: LocalStack
    /// tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
    /// test_aws_proxy_response_payload_format_validation).
    public static let badGateway = GatewayError(
        .default5XX, message: "Internal server error", errorType: "InternalServerErrorException", status: 502)

    /// An integration that does not answer within its timeout (AWS Knowledge Center:
    /// api-gateway-504-errors).
    public static let endpointTimeout = GatewayError(
        .integrationTimeout, message: "Endpoint request timed out", errorType: "InternalServerErrorException", status: 504)

    /// A body the passthrough behaviour refuses: 415 `{"message":"Unsupported Media Type"}` with
    /// `BadRequestException` (DG: integration-passthrough-behaviors; message and error type from
    /// LocalStack code, next_gen/execute_api/handlers/integration_request.py and gateway_response.py).
    public static let unsupportedMediaType = GatewayError(
        .unsupportedMediaType, message: "Unsupported Media Type", errorType: "BadRequestException")

    /// REST payload limit, 10 MB (DG: limits).
    public static let requestTooLarge = GatewayError(
        .requestTooLarge, message: "Request Too Long", errorType: "RequestTooLongException")
}
