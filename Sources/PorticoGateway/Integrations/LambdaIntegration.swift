import Foundation
import PorticoModel
import Velocity

/// Calls a Lambda function for AWS_PROXY and AWS (Lambda) integrations and turns what Lambda
/// reports into the integration's result, as API Gateway does.
struct LambdaIntegration {
    let services: GatewayServices

    func invoke(_ exchange: Exchange, integration: Integration, payload: [UInt8]) async -> StageOutcome {
        guard var function = integration.functionName else {
            return .fail(.internalServerError, "the integration URI names no Lambda function: \(integration.uri ?? "none")")
        }
        // A function named by stage variables is the one this stage's variables name, a
        // canary's overrides included (DG: aws-api-gateway-stage-variables-reference).
        var fromStageVariables = false
        if LambdaARN.usesStageVariables(function), let uri = integration.uri {
            let written = function, variables = exchange.stage.variables
            let unset = stageVariableNames(in: written).filter { variables[$0] == nil }
            guard unset.isEmpty, let resolved = LambdaARN.functionName(in: uri, stageVariables: variables) else {
                let tried = LambdaARN.substitutingStageVariables(in: written, variables)
                exchange.logs.append(Self.cannotInvokeLog)
                let why = unset.isEmpty ? "" : " (stage variable\(unset.count == 1 ? "" : "s") \(unset.map { "'\($0)'" }.joined(separator: ", ")) not set on this stage)"
                return .fail(.internalServerError, "Lambda function '\(written)' resolves to '\(tried)'\(why): no function to invoke")
            }
            function = resolved
            fromStageVariables = true
        }
        guard let functions = services.functions else {
            return .fail(.internalServerError, "Lambda function '\(function)' cannot run: no Lambda runtime is attached to this gateway")
        }
        let proxy = integration.type == .awsProxy
        let invocation = await functions.invoke(function: function, payload: payload,
                                                timeout: .milliseconds(integration.timeoutInMillis))
        exchange.logs += invocation.logs
        switch invocation.outcome {
        case .success(let bytes):
            let output = String(decoding: bytes, as: UTF8.self)
            guard proxy else {
                exchange.integrationResult = IntegrationResult(status: 200, body: output, errorMessage: nil, selectionSubject: "")
                return .proceed("Lambda '\(function)' returned \(bytes.count) bytes")
            }
            // A base64 body is sent as binary only when the first Accept type is binary (recorded AWS
            // response: LocalStack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
            // test_aws_proxy_response_payload_format_validation › invoke-api-b64-encoded-true).
            let parsed: GatewayResponse
            switch LambdaProxyResponse.parse(output) {
            case .success(let response): parsed = response
            case .failure(let malformed):
                exchange.logs.append("Execution failed due to configuration error: Malformed Lambda proxy response")
                return .fail(.badGateway, "malformed Lambda proxy response: \(malformed.reason)")
            }
            // A body flagged isBase64Encoded that is not base64, for a binary Accept, is a failed
            // conversion, 500 rather than a malformed response's 502 (recorded against AWS:
            // LocalStack tests/aws/services/apigateway/test_apigateway_lambda.py,
            // test_aws_proxy_binary_response, "bad base64"; DG: api-gateway-payload-encodings-workflow:
            // "If the conversion fails, it returns a 500 response indicating an API configuration error").
            guard case .success(let response) = ContentConversion.proxyResponse(parsed, for: exchange) else {
                exchange.logs.append(ContentConversion.responseFailureLog)
                return .fail(.internalServerError, "Lambda '\(function)' flagged its body isBase64Encoded, but it is not base64, so it cannot be sent as binary")
            }
            // What Lambda answered, for the execution log's "Endpoint response" lines and
            // `$context.integrationStatus` (200: Lambda's own status, not the function's).
            exchange.integrationResult = IntegrationResult(status: 200, body: output, selectionSubject: "")
            exchange.response = response
            return .answer("Lambda '\(function)' answered \(response.status) (proxy: the function's response is the method response)")
        case .functionError(let type, let bytes):
            let output = String(decoding: bytes, as: UTF8.self)
            let message = LambdaError.message(in: output)
            guard proxy else {
                // The error message is what selection patterns match; with no match the error
                // JSON goes back with the default response (DG: handle-errors-in-lambda-integration).
                exchange.integrationResult = IntegrationResult(status: 200, body: output, errorMessage: message, selectionSubject: message ?? "",
                                                              isLambdaFunctionError: true)
                return .proceed("Lambda '\(function)' raised \(type ?? "an error"): \(message ?? "")")
            }
            exchange.logs.append("Lambda execution failed with status 200 due to customer function error: \(message ?? ""). Lambda request id: \(exchange.context.requestId)")
            // A function error in proxy mode is a 502 (DG: set-up-lambda-proxy-integrations).
            return .fail(.badGateway, "Lambda '\(function)' raised \(type ?? "an error"): \(message ?? "")")
        case .timeout:
            // 504 "Endpoint request timed out" (AWS Knowledge Center: api-gateway-504-errors).
            exchange.logs.append("Execution failed due to a timeout error")
            return .fail(.endpointTimeout, "Lambda '\(function)' did not answer within \(integration.timeoutInMillis) ms")
        case .crashed(let reason):
            return .fail(.badGateway, "Lambda '\(function)' failed: \(reason)")
        case .unknownFunction:
            exchange.logs.append(Self.cannotInvokeLog)
            guard fromStageVariables else {
                return .fail(.internalServerError, "Lambda function '\(function)' has no local code: it is not declared under 'functions' in portico.yml")
            }
            return .fail(.internalServerError, "Lambda function '\(integration.functionName ?? "")' resolves to '\(function)' on this stage, which is not declared in portico.yml")
        }
    }
}

extension LambdaIntegration {
    /// What API Gateway logs when it cannot invoke the function an integration names: a 500
    /// (AWS Knowledge Center: api-gateway-internal-server-error, "Invalid permissions on Lambda function").
    static let cannotInvokeLog = "Execution failed due to configuration error: Invalid permissions on Lambda function"
}

enum LambdaError {
    /// `errorMessage` of Lambda's error JSON.
    static func message(in output: String) -> String? {
        guard case .map(let object)? = try? JSONValueParser.parse(output), case .string(let message)? = object["errorMessage"] else { return nil }
        return message
    }
}
