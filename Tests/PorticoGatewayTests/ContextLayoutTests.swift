@testable import PorticoGateway
import Testing
import Velocity

/// `$context` is written out twice: as `RequestContext.fields` (the Lambda proxy event's
/// `requestContext`, `context.*` parameter mappings) and, for speed, straight into Velocity's
/// map for templates. These tests hold the two to the same keys, order and values.
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
        case .map(let pairs): .map(OrderedMap(pairs.map { ($0.0, velocity($0.1)) }))
        }
    }

    @Test("the template map holds the fields, in their order, then the override maps")
    func sameFields() throws {
        let exchange = try exchange()
        let map = RequestContext.templateMap(of: exchange)
        let fields = exchange.context.fields
        #expect(map.keys == fields.map(\.0) + ["requestOverride", "responseOverride"])
        for (key, value) in fields {
            #expect(map[key] == velocity(value), "\(key)")
        }
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
