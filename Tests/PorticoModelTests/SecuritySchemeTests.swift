import Diagnostics
import PorticoModel
import Testing

@Suite("Security scheme types")
struct SecuritySchemeTypeTests {
    private func scheme(_ lines: String) -> (SecurityScheme?, [String]) {
        let text = """
        openapi: 3.0.1
        paths: {}
        components:
          securitySchemes:
            s:
        \(lines)

        """
        var diagnostics = DiagnosticEngine()
        let api = OpenAPILoader().load(YAMLSource(path: "api.yaml", text: text), diagnostics: &diagnostics)
        return (api?.securitySchemes.first, diagnostics.sorted.map(DiagnosticFormatter.format))
    }

    @Test("OpenAPI's types, spelt as OpenAPI spells them", arguments: SecuritySchemeType.allCases)
    func types(type: SecuritySchemeType) {
        let (loaded, problems) = scheme("      type: \(type.rawValue)")
        #expect(loaded?.type == type)
        #expect(problems == [])
    }

    @Test("an unknown type is an error at its value, with the closest spelling")
    func unknownType() {
        let (loaded, problems) = scheme("      type: OAuth2")
        #expect(loaded?.type == nil)
        #expect(problems == ["api.yaml:6:13: error: unknown security scheme type 'OAuth2'; expected apiKey, http, mutualTLS, oauth2, openIdConnect; did you mean 'oauth2'? [openapi.security-scheme-type]"])
    }

    // DG: api-gateway-swagger-extensions-authtype: the value's case differs between AWS's own examples.
    @Test("authtypes AWS writes, in any case", arguments: [
        ("awsSigv4", SecuritySchemeAuthType.awsSigv4), ("AWSSIGV4", .awsSigv4), ("cognito_user_pools", .cognitoUserPools), ("custom", .custom), ("Custom", .custom),
    ])
    func authTypes(text: String, expected: SecuritySchemeAuthType) {
        #expect(SecuritySchemeAuthType(text: text) == expected)
    }

    @Test("awsSigv4 without an authorizer makes an IAM authorizer; a reserved 'aws…' value is an error, a label a warning")
    func iamAndUnknownAuthTypes() throws {
        var diagnostics = DiagnosticEngine()
        let text = """
        openapi: 3.0.1
        paths: {}
        components:
          securitySchemes:
            sigv4: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
            reserved: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: aws_iam}
            labelled: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: team-tokens}

        """
        let api = try #require(OpenAPILoader().load(YAMLSource(path: "api.yaml", text: text), diagnostics: &diagnostics))
        #expect(api.authorizers.map(\.name) == ["sigv4"])
        #expect(api.authorizers.first?.type == .awsIAM)
        #expect(api.authorizers.first?.authType == .awsSigv4)
        #expect(api.securitySchemes.map(\.isAPIKey) == [false, false, false])
        #expect(diagnostics.sorted.map(DiagnosticFormatter.format) == [
            "api.yaml:6:93: error: x-amazon-apigateway-authtype 'aws_iam' is reserved: AWS reserves awsSigv4 and every value starting with 'aws' [openapi.security-scheme-authtype]",
            "api.yaml:7:93: warning: unknown x-amazon-apigateway-authtype 'team-tokens'; expected custom, cognito_user_pools or awsSigv4 (API Gateway keeps other values as a label, which Portico ignores) [openapi.security-scheme-authtype]",
        ])
    }
}
