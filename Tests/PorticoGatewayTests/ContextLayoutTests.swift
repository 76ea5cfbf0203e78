@testable import PorticoGateway
import Testing
import Velocity

/// `$context` is declared once (`ContextTable`) and read by templates, the Lambda proxy event's
/// `requestContext`, parameter mappings and access logs: each surface sees its entries in the
/// table's order, with the same values.
@Suite("The $context layouts")
struct ContextLayoutTests {
    func exchange() throws -> Exchange {
        let gateway = try GatewayHarness().gateway
        let deployed = try #require(gateway.environment.deployments[api: "shop", stage: "prod"])
        var context = RequestContext(
            accountId: "123456789012", apiId: "abc123defg", domainName: "abc123defg.execute-api.us-east-1.amazonaws.com",
            domainPrefix: "abc123defg", extendedRequestId: "wD4t0wMYOAKMCC4=", httpMethod: "GET", path: "/prod/items/42",
            protocol: "HTTP/1.1", requestId: "41408e55-8290-47f5-ac1c-80f394c63007", requestTime: "01/Jan/2026:12:00:00 +0000",
            requestTimeEpoch: 1_767_268_800_000, resourceId: "a1b2c3", resourcePath: "/items/{id}", stage: "prod",
            sourceIp: "127.0.0.1", userAgent: "curl/8")
        context.deploymentId = "dep123"
        return Exchange(request: GatewayRequest(method: "GET", path: "/items/42"), deployed: deployed, context: context,
                        arrival: .seconds(0), state: gateway.environment.state[deployed])
    }

    func velocity(_ value: ContextValue) -> VelocityValue {
        switch value {
        case .null: .null
        case .string(let text): .string(text)
        case .int(let number): .int(Int(number))
        case .bool(let flag): .bool(flag)
        case .map(let pairs): .map(OrderedMap(pairs.map { ($0.0, velocity($0.1)) }))
        }
    }

    @Test("templates and the Lambda event see the same entries in the same order; deploymentId is the event's, the override maps the templates'")
    func sameFields() throws {
        let exchange = try exchange()
        let map = RequestContext.templateMap(of: exchange)
        let event = ContextTable.fields(for: .lambdaEvent, exchange: exchange)
        // The recorded AWS event (LocalStack test_apigateway_lambda.snapshot.json, test_lambda_aws_proxy_integration)
        // lists these keys in this order.
        #expect(event.map(\.0) == ["accountId", "apiId", "domainName", "domainPrefix", "extendedRequestId", "httpMethod", "identity",
                                    "path", "protocol", "requestId", "requestTime", "requestTimeEpoch", "resourceId", "resourcePath",
                                    "stage", "deploymentId"])
        #expect(map.keys == event.map(\.0).dropLast() + ["requestOverride", "responseOverride"])
        for (key, value) in event where key != "deploymentId" {
            #expect(map[key] == velocity(value), "\(key)")
        }
    }

    @Test("parameter mappings read context.* by dotted path; access-log entries are not in templates")
    func mappingsAndAccessLogs() throws {
        let exchange = try exchange()
        #expect(ContextTable.text(at: "identity.sourceIp", surface: .mapping, exchange: exchange) == "127.0.0.1")
        #expect(ContextTable.text(at: "requestTimeEpoch", surface: .mapping, exchange: exchange) == "1767268800000")
        #expect(ContextTable.text(at: "identity.user", surface: .mapping, exchange: exchange) == nil) // null has no text
        #expect(ContextTable.text(at: "identity", surface: .mapping, exchange: exchange) == nil)     // nor has a map
        #expect(ContextTable.text(at: "nosuch.thing", surface: .mapping, exchange: exchange) == nil)
        exchange.response = GatewayResponse(status: 201, body: "abc")
        #expect(ContextTable.text(at: "status", surface: .accessLog, exchange: exchange) == "201")
        #expect(ContextTable.text(at: "responseLength", surface: .accessLog, exchange: exchange) == "3")
        #expect(ContextTable.text(at: "status", surface: .mapping, exchange: exchange) == nil)
        #expect(RequestContext.templateMap(of: exchange)["status"] == nil)
    }

    @Test("a gateway response's map adds error before the override maps")
    func errorFields() throws {
        let map = RequestContext.templateMap(of: try exchange(), error: .missingAuthenticationToken)
        #expect(map.keys.suffix(3) == ["error", "requestOverride", "responseOverride"])
        guard case .map(let error)? = map["error"] else {
            Issue.record("no error map")
            return
        }
        #expect(error.keys == ["message", "messageString", "responseType", "validationErrorString"])
        #expect(error["messageString"] == .string(#""Missing Authentication Token""#))
        #expect(error["responseType"] == .string("MISSING_AUTHENTICATION_TOKEN"))
    }
}
