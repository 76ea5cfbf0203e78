import Diagnostics
import Foundation
@testable import PorticoGateway
import PorticoModel
import Testing

/// Resource policies and private endpoints through the real pipeline, on the `policy` fixture:
/// `pets` (everyone but 192.0.2.0/24 and 198.51.100.7), `shorthand` (`execute-api:/*/GET/pets`,
/// `execute-api:/test/POST/*`), `partners` (another account's principals; everyone on
/// GET /public), `internal` (PRIVATE, through vpce-0123456789abcdef0 only), `sealed` (PRIVATE
/// without a policy), `guarded` (one method per authorization type, 203.0.113.0/24 denied) and
/// `open` (no policy).
@Suite("Resource policies and private endpoints")
struct ResourcePolicyTests {
    static let ourVpce = "vpce-0123456789abcdef0"
    static let otherVpce = "vpce-0fedcba9876543210"
    let harness: GatewayHarness

    init() throws {
        harness = try GatewayHarness(fixture: "policy")
    }

    var gateway: Gateway { harness.gateway }

    /// Sends a request to `api`'s `stage`, from `sourceIp` (stated with `X-Portico-Source-Ip`).
    func send(_ method: String, _ path: String, api: String, stage: String = "prod", from sourceIp: String? = nil,
              headers: [HTTPHeader] = [], sourceVpce: String? = nil) async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 7)
        let stated = sourceIp.map { [HTTPHeader("X-Portico-Source-Ip", $0)] } ?? []
        return try await gateway.invoke(GatewayRequest(method: method, path: path, headers: stated + headers),
                                        at: Endpoint(api: api, stage: stage, sourceVpce: sourceVpce), ids: &ids)
    }

    /// A request addressed as a client addresses it: by host, with the path the host's.
    func send(host: String, _ target: String, headers: [HTTPHeader] = []) async throws -> Transcript {
        guard case .endpoint(let endpoint, let path) = gateway.endpoints.resolve(host: host, target: target,
                                                                                  apiIdHeader: headers.value(for: "x-apigw-api-id")) else {
            throw ResolutionFailed(host: host)
        }
        var ids = IdentifierGenerator(seed: 7)
        return try await gateway.invoke(GatewayRequest(method: "GET", path: path, headers: headers), at: endpoint, ids: &ids)
    }

    struct ResolutionFailed: Error { let host: String }

    static func id(_ api: String) -> String { APIFacts(apiName: api).apiId }

    /// AWS's 403 for a resource policy's denial (recorded from AWS: `{"Message":"User: anonymous is
    /// not authorized to perform: execute-api:Invoke on resource:
    /// arn:aws:execute-api:us-west-2:********7089:u1hp5d8r0b/api/GET/prod"}`, Content-Length 158,
    /// `x-amzn-errortype: AccessDeniedException`; the current IAM wording of the reason: see
    /// GatewayError.resourcePolicyDenial).
    static func denial(_ api: String, _ stageVerbPath: String, explicit: Bool) -> String {
        let reason = explicit ? "with an explicit deny in a resource-based policy" : "because no resource-based policy allows the execute-api:Invoke action"
        return #"{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:"#
            + id(api) + "/" + stageVerbPath + " " + reason + #""}"#
    }

    func expectDenied(_ t: Transcript, _ api: String, _ stageVerbPath: String, explicit: Bool,
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(t.response.status == 403, sourceLocation: sourceLocation)
        #expect(t.response.body == Self.denial(api, stageVerbPath, explicit: explicit), sourceLocation: sourceLocation)
        // The ids are the seeded generator's (seed 7); the date the fixed site-build clock's.
        #expect(t.response.headers == [
            HTTPHeader("Date", "Thu, 01 Jan 2026 12:00:00 GMT"),
            HTTPHeader("Content-Type", "application/json"),
            HTTPHeader("Content-Length", String(t.response.body.utf8.count)),
            HTTPHeader("x-amzn-RequestId", "d70d3259-e4e1-4b63-9c66-3cf4d73c4c04"),
            HTTPHeader("x-amzn-ErrorType", "AccessDeniedException"),
            HTTPHeader("x-amz-apigw-id", "AiqxuoBAmObLKT4="),
        ], sourceLocation: sourceLocation)
        #expect(t.trace.contains { $0.stage == .integration && $0.outcome == .bypassed }, sourceLocation: sourceLocation)
    }

    // MARK: - Allow and deny (DG: apigateway-resource-policies-examples, "Deny API traffic based on source IP address or range")

    @Test("an Allow for everyone lets an anonymous caller in; the trace names the statement and the ARN")
    func allowAll() async throws {
        let t = try await send("GET", "/pets", api: "pets")
        #expect(t.response.status == 200)
        #expect(t.response.body == #"{"sourceIp": "127.0.0.1"}"#)
        #expect(t.outcome(of: .resourcePolicy)?.outcome == .proceed)
        #expect(t.outcome(of: .resourcePolicy)?.detail
                == "statement 1 allows execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:\(Self.id("pets"))/prod/GET/pets to an anonymous caller from 127.0.0.1")
    }

    @Test("IpAddress on aws:SourceIp: an address inside a CIDR block or equal to a /32 is denied explicitly, over the Allow",
          arguments: ["192.0.2.0", "192.0.2.44", "192.0.2.255", "198.51.100.7"])
    func deniedAddress(address: String) async throws {
        let t = try await send("GET", "/pets", api: "pets", from: address)
        expectDenied(t, "pets", "prod/GET/pets", explicit: true)
        #expect(t.outcome(of: .resourcePolicy)?.detail
                == "statement 2 (BlockRanges) denies execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:\(Self.id("pets"))/prod/GET/pets to an anonymous caller from \(address): explicit deny")
    }

    @Test("an address outside every block is allowed, and is the $context.identity.sourceIp the integration sees",
          arguments: ["192.0.3.0", "192.0.1.255", "198.51.100.8", "2001:db8::1"])
    func allowedAddress(address: String) async throws {
        let t = try await send("GET", "/pets", api: "pets", from: address)
        #expect(t.response.status == 200)
        #expect(t.response.body == "{\"sourceIp\": \"\(address)\"}")
    }

    @Test("the method ARN names the request's own path and verb, the stage's root with a trailing slash")
    func methodARN() async throws {
        let post = try await send("POST", "/pets", api: "pets", from: "192.0.2.1")
        expectDenied(post, "pets", "prod/POST/pets", explicit: true)
        let item = try await send("GET", "/pets/42?full=1", api: "pets", from: "192.0.2.1")
        expectDenied(item, "pets", "prod/GET/pets/42", explicit: true)
        // Recorded from AWS: `…:dfkf3ef8vf/prod/GET/ because no resource-based policy allows …` for the root.
        #expect(ExecuteAPIARN(apiId: "dfkf3ef8vf", stage: "prod").method("GET", routedPath: "/") == "arn:aws:execute-api:us-east-1:123456789012:dfkf3ef8vf/prod/GET/")
        #expect(ExecuteAPIARN(apiId: "u1hp5d8r0b", stage: "api", region: "us-west-2", account: "210987657089")
            .masked("arn:aws:execute-api:us-west-2:210987657089:u1hp5d8r0b/api/GET/prod") == "arn:aws:execute-api:us-west-2:********7089:u1hp5d8r0b/api/GET/prod")
    }

    @Test("X-Portico-Source-Ip never reaches the method request; a value that is no address is ignored")
    func simulatorHeaderStaysOut() async throws {
        let t = try await send("GET", "/pets", api: "pets", headers: [HTTPHeader("X-Portico-Source-Ip", "not an address")])
        #expect(t.response.status == 200)
        #expect(t.response.body == #"{"sourceIp": "127.0.0.1"}"#)
        // The transcript keeps what the client sent.
        #expect(t.request.headers == [HTTPHeader("X-Portico-Source-Ip", "not an address")])
        #expect(IntegrationHeaderRules.methodRequest([HTTPHeader("x-portico-source-ip", "1.2.3.4"), HTTPHeader("X-Portico-Source-Vpce", Self.ourVpce),
                                                      HTTPHeader("Accept", "*/*")]) == [HTTPHeader("Accept", "*/*")])
    }

    // MARK: - Resources and principals

    @Test("execute-api:/ stands for the API's ARN: */GET/pets covers every stage's GET /pets, test/POST/* only the test stage's POSTs")
    func shorthand() async throws {
        #expect(try await send("GET", "/pets", api: "shorthand").response.status == 200)
        #expect(try await send("GET", "/pets", api: "shorthand", stage: "test").response.status == 200)
        #expect(try await send("POST", "/pets", api: "shorthand", stage: "test").response.status == 200)
        let post = try await send("POST", "/pets", api: "shorthand")
        expectDenied(post, "shorthand", "prod/POST/pets", explicit: false)
        #expect(post.outcome(of: .resourcePolicy)?.detail
                == "no statement allows execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:\(Self.id("shorthand"))/prod/POST/pets to an anonymous caller from 127.0.0.1: implicit deny (a method without authorization needs the policy's explicit allow)")
        expectDenied(try await send("GET", "/owners", api: "shorthand"), "shorthand", "prod/GET/owners", explicit: false)
    }

    @Test("a Principal naming an account or a user does not name an anonymous caller; {\"AWS\": \"*\"} does")
    func principals() async throws {
        expectDenied(try await send("GET", "/reports", api: "partners"), "partners", "prod/GET/reports", explicit: false)
        let open = try await send("GET", "/public", api: "partners")
        #expect(open.response.status == 200)
        #expect(open.outcome(of: .resourcePolicy)?.detail
                == "statement 2 (Public) allows execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:\(Self.id("partners"))/prod/GET/public to an anonymous caller from 127.0.0.1")
    }

    @Test("an API without a resource policy skips the stage")
    func noPolicy() async throws {
        let t = try await send("GET", "/status", api: "open", from: "203.0.113.9")
        #expect(t.response.status == 200)
        #expect(t.outcome(of: .resourcePolicy) == TraceEntry(stage: .resourcePolicy, outcome: .skip, detail: "no resource policy"))
    }

    @Test("a customised ACCESS_DENIED answers a denial with its own template; $context.error.messageString is AWS's message")
    func customisedAccessDenied() async throws {
        var project = gateway.project
        project.apis[0].definition.gatewayResponses = [GatewayResponseDefinition(
            type: .accessDenied, statusCode: "401",
            responseTemplates: [MappingTemplate(contentType: "application/json", source: #"{"denied": $context.error.messageString}"#,
                                                location: Diagnostics.SourceLocation(file: "pets.yaml", line: 1, column: 1))],
            location: Diagnostics.SourceLocation(file: "pets.yaml", line: 1, column: 1))]
        var ids = IdentifierGenerator(seed: 7)
        let t = try await Gateway(project: project, clock: FixedClock.siteBuild)
            .invoke(GatewayRequest(method: "GET", path: "/pets", headers: [HTTPHeader("X-Portico-Source-Ip", "192.0.2.9")]), api: "pets", stage: "prod", ids: &ids)
        #expect(t.response.status == 401)
        #expect(t.response.body == #"{"denied": "User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:"#
                + Self.id("pets") + #"/prod/GET/pets with an explicit deny in a resource-based policy"}"#)
    }

    // MARK: - Private endpoints (DG: apigateway-private-apis, apigateway-private-api-test-invoke-url)

    @Test("a PRIVATE API answers through its associated VPC endpoint's host name, {apiId}-{vpceId}, on AWS's domain and on localhost")
    func privateThroughAlias() async throws {
        for host in ["\(Self.id("internal"))-\(Self.ourVpce).execute-api.us-east-1.amazonaws.com",
                     "\(Self.id("internal"))-\(Self.ourVpce).execute-api.localhost:8080"] {
            let t = try await send(host: host, "/prod/status", headers: [HTTPHeader("X-Portico-Source-Ip", "10.0.1.17")])
            #expect(t.response.status == 200)
            #expect(t.response.body == #"{"sourceIp": "10.0.1.17"}"#)
            #expect(t.outcome(of: .endpoint)?.detail
                    == "stage 'prod' of API 'internal' (PRIVATE endpoint \(Self.id("internal")).execute-api.us-east-1.amazonaws.com), through VPC endpoint \(Self.ourVpce) of vpc-0a1b2c3d")
            #expect(t.outcome(of: .resourcePolicy)?.detail
                    == "statement 1 allows execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:\(Self.id("internal"))/prod/GET/status to an anonymous caller from 10.0.1.17 through \(Self.ourVpce) of vpc-0a1b2c3d")
        }
    }

    @Test("a PRIVATE API called on its public host is refused with the implicit deny, whatever its policy says")
    func privateFromTheInternet() async throws {
        let t = try await send(host: "\(Self.id("internal")).execute-api.us-east-1.amazonaws.com", "/prod/status")
        expectDenied(t, "internal", "prod/GET/status", explicit: false)
        #expect(t.outcome(of: .resourcePolicy)?.detail
                == "API 'internal' is PRIVATE and the request came from the internet, not through a VPC endpoint: refused as AWS refuses it, with the resource policy's implicit deny")
    }

    @Test("a VPC endpoint's own DNS name reaches the API the x-apigw-api-id header names")
    func privateThroughEndpointName() async throws {
        for host in ["\(Self.ourVpce)-abc123de.execute-api.us-east-1.vpce.amazonaws.com", "\(Self.ourVpce).execute-api.vpce.localhost:8080"] {
            let t = try await send(host: host, "/prod/status", headers: [HTTPHeader("x-apigw-api-id", Self.id("internal"))])
            #expect(t.response.status == 200)
            #expect(t.response.body == #"{"sourceIp": "127.0.0.1"}"#)
        }
    }

    @Test("X-Portico-Source-Vpce states the endpoint for the path form; another declared endpoint meets the policy's StringNotEquals deny")
    func privateThroughHeader() async throws {
        let ours = try await send("GET", "/status", api: "internal", headers: [HTTPHeader("X-Portico-Source-Vpce", Self.ourVpce)])
        #expect(ours.response.status == 200)
        let other = try await send("GET", "/status", api: "internal", headers: [HTTPHeader("X-Portico-Source-Vpce", Self.otherVpce)])
        expectDenied(other, "internal", "prod/GET/status", explicit: true)
        #expect(other.outcome(of: .resourcePolicy)?.detail
                == "statement 2 (OnlyOurEndpoint) denies execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:\(Self.id("internal"))/prod/GET/status to an anonymous caller from 127.0.0.1 through \(Self.otherVpce): explicit deny")
    }

    @Test("through a VPC endpoint the client's address is aws:VpcSourceIp, and aws:SourceIp is absent")
    func vpcSourceIp() async throws {
        let lab = try await send("GET", "/status", api: "internal", from: "10.0.99.12", sourceVpce: Self.ourVpce)
        expectDenied(lab, "internal", "prod/GET/status", explicit: true)
        #expect(try await send("GET", "/status", api: "internal", from: "10.0.98.12", sourceVpce: Self.ourVpce).response.status == 200)
    }

    @Test("an endpoint portico.yml does not declare, or a public API through an endpoint, is API Gateway's front end 403 Forbidden")
    func frontEndRefusals() async throws {
        let unknown = try await send("GET", "/status", api: "internal", headers: [HTTPHeader("X-Portico-Source-Vpce", "vpce-99999999")])
        #expect(unknown.response == .forbidden)
        #expect(unknown.trace == [TraceEntry(stage: .endpoint, outcome: .fail, detail: "no VPC endpoint 'vpce-99999999' is declared (vpcEndpoints in portico.yml)")])
        // AWS Knowledge Center: api-gateway-vpc-connections.
        let regional = try await send("GET", "/status", api: "open", sourceVpce: Self.ourVpce)
        #expect(regional.response == .forbidden)
        #expect(regional.response.body == #"{"message":"Forbidden"}"#)
        #expect(regional.trace.map(\.detail) == ["API 'open' is REGIONAL: a VPC endpoint for execute-api reaches PRIVATE APIs only, and answers 403 Forbidden for the others"])
    }

    @Test("a PRIVATE API without a resource policy refuses every call, through its endpoint too")
    func sealed() async throws {
        let t = try await send("GET", "/status", api: "sealed", sourceVpce: Self.ourVpce)
        expectDenied(t, "sealed", "prod/GET/status", explicit: false)
        #expect(t.outcome(of: .resourcePolicy)?.detail == "API 'sealed' is PRIVATE and has no resource policy: every call is refused (AWS does not deploy such an API)")
    }

    // MARK: - With the method's authorization (DG: apigateway-authorization-flow)

    @Test("NONE: the policy alone decides; an explicit deny refuses a method the policy would otherwise not cover")
    func none() async throws {
        #expect(try await send("GET", "/open", api: "guarded").response.status == 200)
        expectDenied(try await send("GET", "/open", api: "guarded", from: "203.0.113.9"), "guarded", "prod/GET/open", explicit: true)
    }

    @Test("Lambda authorizer: an explicit deny refuses before the authorizer runs; otherwise the decision waits for the authorizer's policy")
    func lambda() async throws {
        let denied = try await send("GET", "/lambda", api: "guarded", from: "203.0.113.9")
        expectDenied(denied, "guarded", "prod/GET/lambda", explicit: true)
        #expect(denied.outcome(of: .resourcePolicy)?.detail
                == "statement 2 (NoTestNet) denies execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:\(Self.id("guarded"))/prod/GET/lambda to an anonymous caller from 203.0.113.9: explicit deny, found before the Lambda authorizer runs")
        #expect(denied.outcome(of: .authorization)?.outcome == .bypassed)
        let waiting = try await send("GET", "/lambda", api: "guarded")
        #expect(waiting.outcome(of: .resourcePolicy) == TraceEntry(stage: .resourcePolicy, outcome: .proceed, detail:
            "no statement allows execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:\(Self.id("guarded"))/prod/GET/lambda to an anonymous caller from 127.0.0.1; combined with the Lambda authorizer's policy once it runs (either may allow, neither may deny)"))
    }

    @Test("Cognito and IAM: the resource policy's part comes after the caller is authenticated")
    func cognitoAndIAM() async throws {
        let cognito = try await send("GET", "/cognito", api: "guarded", from: "203.0.113.9")
        #expect(cognito.outcome(of: .resourcePolicy) == TraceEntry(stage: .resourcePolicy, outcome: .proceed, detail:
            "statement 2 (NoTestNet) denies execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:\(Self.id("guarded"))/prod/GET/cognito to an anonymous caller from 203.0.113.9; the user pool verifies the caller's token first, then the call is refused (403): such a caller needs the policy's explicit allow"))
        let iam = try await send("GET", "/iam", api: "guarded", from: "203.0.113.9")
        #expect(iam.outcome(of: .resourcePolicy) == TraceEntry(stage: .resourcePolicy, outcome: .proceed, detail:
            "AWS_IAM method: the resource policy is evaluated with the caller once Signature Version 4 names them"))
    }
}
