import Diagnostics
import PorticoModel
import Testing

@Suite("Small model helpers")
struct ModelUnitTests {
    @Test("Lambda function names come out of both ARN forms", arguments: [
        // api-gateway-swagger-extensions-integration: Lambda URIs are apigateway invocation ARNs
        ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations", "orders"),
        // HTTP APIs also take the function ARN itself (api-gateway-extensions-integrations example)
        ("arn:aws:lambda:us-east-1:123456789012:function:pets", "pets"),
        ("arn:aws:lambda:us-east-1:123456789012:function:pets:live", "pets"),
        ("arn:aws:apigateway:us-east-1:kinesis:action/PutRecord", nil),
        ("http://example.com/function:x", nil),
    ] as [(String, String?)])
    func lambdaNames(uri: String, name: String?) {
        #expect(LambdaARN.functionName(in: uri) == name)
    }

    @Test("stage variables used in a URI, in order, each once")
    func stageVariables() {
        #expect(stageVariableNames(in: "http://${stageVariables.host}:${stageVariables.port}/${stageVariables.host}") == ["host", "port"])
        #expect(stageVariableNames(in: "http://example.com/${stageVariables.") == [])
    }

    @Test("YAML scalars become JSON values as YAML 1.2's core schema resolves them")
    func jsonValues() {
        var diagnostics = DiagnosticEngine()
        let source = YAMLSource(path: "f.yaml", text: "{a: 1, b: 1.5, c: true, d: null, e: '7', f: text, g: [~, -2], h: 1e3}")
        let node = source.compose(diagnostics: &diagnostics)!
        let reader = MappingReader(node, source: source, what: "x", diagnostics: &diagnostics)!
        #expect(reader.keys == ["a", "b", "c", "d", "e", "f", "g", "h"])
        #expect(diagnostics.diagnostics.isEmpty)
        let policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", \"Condition\": {\"NotIpAddress\": {\"aws:SourceIp\": [\"10.0.0.0/8\"]}}}]}"
        var api = RestAPI(title: "t", operations: [])
        api.policy = .object([JSONMember(key: "Version", value: .string("2012-10-17"))])
        #expect(api.policy?.jsonText == #"{"Version":"2012-10-17"}"#)
        let policySource = YAMLSource(path: "p.json", text: "{\"openapi\": \"3.0.1\", \"paths\": {}, \"x-amazon-apigateway-policy\": \(policy)}")
        let loaded = OpenAPILoader().load(policySource, diagnostics: &diagnostics)
        // Member order is kept as written, so the policy prints back as the user wrote it.
        #expect(loaded?.policy?.jsonText == #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Condition":{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8"]}}}]}"#)
        let values = YAMLSource(path: "v.yaml", text: "openapi: 3.0.1\npaths: {}\nx-amazon-apigateway-documentation: {a: 1, b: 1.5, c: true, d: null, e: '7', f: text, g: [~, -2]}\n")
        #expect(OpenAPILoader().load(values, diagnostics: &diagnostics)?.documentation
                == .object([JSONMember(key: "a", value: .integer(1)), JSONMember(key: "b", value: .number(1.5)),
                            JSONMember(key: "c", value: .bool(true)), JSONMember(key: "d", value: .null),
                            JSONMember(key: "e", value: .string("7")), JSONMember(key: "f", value: .string("text")),
                            JSONMember(key: "g", value: .array([.null, .integer(-2)]))]))
        #expect(diagnostics.diagnostics.isEmpty)
    }

    @Test("the most specific method setting wins over */*")
    func methodSettings() {
        let here = SourceLocation(file: "p", line: 1, column: 1)
        var all = MethodSetting(key: "*/*", resourcePath: "*", httpMethod: "*", location: here)
        all.throttlingRateLimit = 100
        var one = MethodSetting(key: "/pets/GET", resourcePath: "/pets", httpMethod: "GET", location: here)
        one.cachingEnabled = true
        var stage = Stage(stageName: "prod")
        stage.methodSettings = [all, one]
        #expect(stage.methodSetting(path: "/pets", method: "GET")?.key == "/pets/GET")
        #expect(stage.methodSetting(path: "/pets", method: "POST")?.key == "*/*")
        #expect(Stage(stageName: "dev").methodSetting(path: "/pets", method: "GET") == nil)
    }

    @Test("an HTTP API is told from a REST API by what its export carries")
    func kindDetection() {
        func kind(_ text: String) -> APIKind? {
            var diagnostics = DiagnosticEngine()
            return OpenAPILoader().load(YAMLSource(path: "k.yaml", text: text), diagnostics: &diagnostics)?.kind
        }
        #expect(kind("openapi: 3.0.1\npaths: {}\n") == .rest)
        // api-gateway-extensions-importexport-version: HTTP API exports carry it
        #expect(kind("openapi: 3.0.1\nx-amazon-apigateway-importexport-version: '1.0'\npaths: {}\n") == .http)
        #expect(kind("openapi: 3.0.1\npaths:\n  /a:\n    get:\n      responses: {}\n      x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, uri: 'arn:aws:lambda:us-east-1:1:function:f', payloadFormatVersion: '2.0'}\n") == .http)
        var diagnostics = DiagnosticEngine()
        #expect(OpenAPILoader(declaredKind: .http).load(YAMLSource(path: "k.yaml", text: "openapi: 3.0.1\npaths: {}\n"), diagnostics: &diagnostics)?.kind == .http)
    }
}
