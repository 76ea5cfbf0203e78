extension GatewayError {
    /// A missing identity source, a token the validation expression refuses, or a function
    /// that answers "Unauthorized": 401 `{"message":"Unauthorized"}` (DG:
    /// configure-api-gateway-lambda-authorization-with-console, apigateway-use-lambda-authorizer;
    /// AWS Knowledge Center: api-gateway-401-error-lambda-authorizer). The error type is the one
    /// LocalStack's gateway_response.py gives UNAUTHORIZED.
    static let authorizerUnauthorized = GatewayError(.unauthorized, message: "Unauthorized", errorType: "UnauthorizedException")

    /// A policy whose statement denies the method ARN: 403 (AWS Knowledge Center:
    /// api-gateway-403-error-lambda-authorizer, "an IAM policy document with an explicit deny").
    /// ACCESS_DENIED with AccessDeniedException, as LocalStack's gateway_response.py names it.
    static let authorizerExplicitDeny = GatewayError(
        .accessDenied, message: "User is not authorized to access this resource with an explicit deny", errorType: "AccessDeniedException")

    /// A policy that no statement of which allows the method ARN: 403 (AWS Knowledge Center:
    /// api-gateway-403-error-lambda-authorizer, "an implicit deny"; the same answer when a cached
    /// policy does not cover the next method, api-gateway-lambda-authorization-errors).
    static let authorizerImplicitDeny = GatewayError(
        .accessDenied, message: "User is not authorized to access this resource", errorType: "AccessDeniedException")

    /// Every other failure of a Lambda authorizer (the function raises something other than
    /// "Unauthorized", times out, cannot be invoked, or returns what API Gateway cannot read):
    /// 500 with a null message and `x-amzn-ErrorType: AuthorizerConfigurationException`, as
    /// observed on AWS (`{"message":null}`: loige.co "Debugging custom ApiGateway authorizers",
    /// 2023; the header: gist rpip's starred "AWS Lambda authentication … will throw a 500 error
    /// with x-amzn-ErrorType: AuthorizerConfigurationException"; LocalStack's gateway_response.py
    /// sets the message to None "by default in AWS"). AWS answers these through
    /// AUTHORIZER_CONFIGURATION_ERROR; no Lambda-authorizer failure is reported to answer through
    /// AUTHORIZER_FAILURE.
    static let authorizerConfigurationError = GatewayError(
        .authorizerConfigurationError, message: nil, errorType: "AuthorizerConfigurationException")
}
