import Diagnostics
import Foundation
import PorticoModel
import Testing
import TestSupport

/// What loading reports about REST Lambda authorizers API Gateway would not run as written
/// (API reference: Authorizer; DG: configure-api-gateway-lambda-authorization-with-console).
@Suite("Lambda authorizer definitions")
struct LambdaAuthorizerDiagnosticTests {
    static let uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:check/invocations"

    func diagnostics(of schemes: String, type: String = "REST") throws -> [String] {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write([
            "Content/portico.yml": """
                apis: [{name: shop, definition: apis/shop.yaml, type: \(type), stages: [{stageName: prod}]}]
                functions: [{name: check, runtime: python3, handler: app.handler, code: functions/check}]

                """,
            "Content/functions/check/app.py": "def handler(event, context):\n    return None\n",
            "Content/apis/shop.yaml": """
                openapi: 3.0.1
                info: {title: Shop, version: "1"}
                paths: {}
                components:
                  securitySchemes:
                \(schemes)
                """,
        ])
        var engine = DiagnosticEngine()
        _ = ProjectLoader(root: root.path).load(diagnostics: &engine)
        return engine.sorted.map { DiagnosticFormatter.format($0).replacingOccurrences(of: root.path + "/", with: "") }
    }

    @Test("a well-formed TOKEN and REQUEST authorizer load without a word")
    func clean() throws {
        #expect(try diagnostics(of: """
                tokens:
                  type: apiKey
                  name: Authorization
                  in: header
                  x-amazon-apigateway-authorizer: {type: token, authorizerUri: "\(Self.uri)", identityValidationExpression: "Bearer .+"}
                requests:
                  type: apiKey
                  name: x
                  in: header
                  x-amazon-apigateway-authorizer: {type: request, authorizerUri: "\(Self.uri)", identitySource: "method.request.querystring.user, context.stage"}
                uncached:
                  type: apiKey
                  name: x
                  in: header
                  x-amazon-apigateway-authorizer: {type: request, authorizerUri: "\(Self.uri)", authorizerResultTtlInSeconds: 0}
            """) == [])
    }

    @Test("TOKEN needs one header; a caching REQUEST needs an identity source; the TTL is 0 to 3600; the URI names a function")
    func broken() throws {
        let found = try diagnostics(of: """
                query:
                  type: apiKey
                  name: token
                  in: query
                  x-amazon-apigateway-authorizer: {type: token, authorizerUri: "\(Self.uri)", identitySource: method.request.querystring.token}
                two:
                  type: apiKey
                  name: a
                  in: header
                  x-amazon-apigateway-authorizer: {type: token, authorizerUri: "\(Self.uri)", identitySource: "method.request.header.A, method.request.header.B"}
                cached:
                  type: apiKey
                  name: x
                  in: header
                  x-amazon-apigateway-authorizer: {type: request, authorizerUri: "\(Self.uri)", identityValidationExpression: ".+"}
                long:
                  type: apiKey
                  name: x
                  in: header
                  x-amazon-apigateway-authorizer: {type: token, authorizerUri: "\(Self.uri)", authorizerResultTtlInSeconds: 7200}
                nouri:
                  type: apiKey
                  name: x
                  in: header
                  x-amazon-apigateway-authorizer: {type: token}
                s3:
                  type: apiKey
                  name: x
                  in: header
                  x-amazon-apigateway-authorizer: {type: token, authorizerUri: "arn:aws:apigateway:us-east-1:s3:path/bucket"}
                path:
                  type: apiKey
                  name: x
                  in: header
                  x-amazon-apigateway-authorizer: {type: request, authorizerUri: "\(Self.uri)", identitySource: method.request.path.id}
            """)
        #expect(found == [
            "Content/apis/shop.yaml:10:214: error: TOKEN authorizer 'query' needs exactly one identity source, a header (method.request.header.NAME, or the security scheme's 'name' with 'in: header'); found method.request.querystring.token [openapi.identity-source]",
            "Content/apis/shop.yaml:15:214: error: TOKEN authorizer 'two' needs exactly one identity source, a header (method.request.header.NAME, or the security scheme's 'name' with 'in: header'); found method.request.header.A, method.request.header.B [openapi.identity-source]",
            "Content/apis/shop.yaml:20:39: error: REQUEST authorizer 'cached' caches its results for 300 s and so needs at least one identity source; add identitySource, or set authorizerResultTtlInSeconds to 0 [openapi.identity-source]",
            "Content/apis/shop.yaml:20:230: warning: identityValidationExpression is read for TOKEN authorizers only; REQUEST authorizer 'cached' ignores it [openapi.identity-validation-expression]",
            // DG: configure-api-gateway-lambda-authorization-with-console: the TTL is at most 3600 s.
            "Content/apis/shop.yaml:25:228: error: authorizerResultTtlInSeconds must be between 0 and 3600, found 7200 [openapi.authorizer-ttl]",
            "Content/apis/shop.yaml:30:39: error: TOKEN authorizer 'nouri' needs an authorizerUri naming its Lambda function [openapi.authorizer-uri]",
            "Content/apis/shop.yaml:35:68: error: authorizerUri 'arn:aws:apigateway:us-east-1:s3:path/bucket' of authorizer 's3' names no Lambda function; expected arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/arn:aws:lambda:REGION:ACCOUNT:function:NAME/invocations [openapi.authorizer-uri]",
            // DG: api-gateway-lambda-authorizer-input: path parameters cannot be identity sources.
            "Content/apis/shop.yaml:40:216: error: unknown identity source 'method.request.path.id'; expected method.request.header.NAME, method.request.querystring.NAME, stageVariables.NAME or context.NAME [openapi.identity-source]",
        ])
    }

    @Test("an authorizerUri naming a function the project does not declare is a warning that says what its requests get")
    func undeclaredFunction() throws {
        let other = Self.uri.replacingOccurrences(of: "function:check", with: "function:chek")
        let found = try diagnostics(of: """
                tokens:
                  type: apiKey
                  name: Authorization
                  in: header
                  x-amazon-apigateway-authorizer: {type: token, authorizerUri: "\(other)"}
            """)
        #expect(found == [
            "Content/apis/shop.yaml:10:39: warning: function 'chek' (authorizer 'tokens') is not declared under 'functions', so it has no local code: requests to the methods it guards answer 500 (AUTHORIZER_CONFIGURATION_ERROR); did you mean 'check'? [project.unknown-function]",
        ])
    }

    /// DG: api-gateway-swagger-extensions-authorizer: HTTP APIs take `request` Lambda
    /// authorizers, payload format 1.0 or 2.0, simple responses with 2.0 only.
    @Test("an HTTP API's Lambda authorizer: request only, payload format 1.0 or 2.0, simple responses with 2.0, a URI naming a function")
    func httpAPI() throws {
        let found = try diagnostics(of: """
                fine:
                  type: apiKey
                  name: Authorization
                  in: header
                  x-amazon-apigateway-authorizer: {type: request, authorizerUri: "\(Self.uri)", identitySource: "$request.header.Authorization", authorizerPayloadFormatVersion: "2.0", enableSimpleResponses: true}
                tokens:
                  type: apiKey
                  name: Authorization
                  in: header
                  x-amazon-apigateway-authorizer: {type: token, authorizerUri: "\(Self.uri)", authorizerPayloadFormatVersion: "1.0"}
                three:
                  type: apiKey
                  name: Authorization
                  in: header
                  x-amazon-apigateway-authorizer: {type: request, authorizerUri: "\(Self.uri)", authorizerPayloadFormatVersion: "3.0"}
                simple:
                  type: apiKey
                  name: Authorization
                  in: header
                  x-amazon-apigateway-authorizer: {type: request, authorizerPayloadFormatVersion: "1.0", enableSimpleResponses: true}
            """, type: "HTTP")
        #expect(found == [
            "Content/apis/shop.yaml:15:46: error: HTTP APIs take Lambda authorizers of type request only; authorizer 'tokens' is token [openapi.authorizer-payload-format]",
            "Content/apis/shop.yaml:20:232: error: authorizerPayloadFormatVersion of authorizer 'three' must be 1.0 or 2.0, found 3.0 [openapi.authorizer-payload-format]",
            "Content/apis/shop.yaml:25:39: error: REQUEST authorizer 'simple' needs an authorizerUri naming its Lambda function [openapi.authorizer-uri]",
            "Content/apis/shop.yaml:25:117: error: enableSimpleResponses needs authorizerPayloadFormatVersion 2.0; authorizer 'simple' uses 1.0, whose function returns a policy [openapi.authorizer-payload-format]",
        ])
    }
}
