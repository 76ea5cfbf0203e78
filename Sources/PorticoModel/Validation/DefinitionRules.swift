import Diagnostics

/// Definitions API Gateway itself would refuse to import, reported as errors so users learn
/// before they deploy (the REST/HTTP API feature split of DG: http-api-vs-rest).
///
/// Not everything AWS answers badly is a load error: an AWS_PROXY integration whose
/// `httpMethod` is not POST imports fine and fails at run time with 500 (recorded AWS response:
/// LocalStack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
/// test_lambda_aws_proxy_integration_non_post_method), so the simulator, not the loader, reports it.
public enum DefinitionRules {
    public static func check(api: RestAPI, diagnostics: inout DiagnosticEngine) {
        switch api.kind {
        case .rest:
            for authorizer in api.authorizers where authorizer.type == .jwt {
                diagnostics.error(.awsJWTOnRest,
                                  "JWT authorizer '\(authorizer.name)' is only supported on HTTP APIs; a REST API uses a Lambda or Cognito authorizer",
                                  at: authorizer.location)
            }
        case .http:
            for operation in api.operations {
                if let integration = operation.integration, integration.type == .mock {
                    diagnostics.error(.awsMockOnHTTP, "MOCK integrations are not supported on HTTP APIs (route '\(operation.routeKey)')",
                                      at: integration.location)
                }
                if let integration = operation.integration, let template = integration.requestTemplates.first {
                    // HTTP APIs transform with parameter mapping, never with templates (DG: http-api-vs-rest).
                    diagnostics.error(.awsRestOnlyOnHTTP, "mapping templates are not supported on HTTP APIs (route '\(operation.routeKey)'); use requestParameters",
                                      at: template.location)
                }
                if let integration = operation.integration, let response = integration.responses.first {
                    diagnostics.error(.awsRestOnlyOnHTTP, "integration responses are not supported on HTTP APIs (route '\(operation.routeKey)'); use responseParameters",
                                      at: response.location)
                }
                if operation.apiKeyRequired {
                    diagnostics.error(.awsAPIKeyOnHTTP, "API keys are not supported on HTTP APIs (route '\(operation.routeKey)' requires one)",
                                      at: operation.location)
                }
            }
            if let first = api.requestValidators.first {
                diagnostics.error(.awsValidatorOnHTTP, "request validators are not supported on HTTP APIs", at: first.location)
            }
            if api.policy != nil {
                diagnostics.error(.awsRestOnlyOnHTTP, "resource policies (x-amazon-apigateway-policy) are not supported on HTTP APIs",
                                  at: api.policyLocation ?? api.operations.first?.location ?? SourceLocation(file: "", line: 1, column: 1))
            }
            for response in api.gatewayResponses {
                diagnostics.error(.awsGatewayResponseOnHTTP,
                                  "custom gateway responses are not supported on HTTP APIs (\(response.type.rawValue))", at: response.location)
            }
        case .webSocket:
            break
        }
    }
}
