import Foundation
@testable import PorticoGateway
import PorticoModel
import Testing

/// How a resource policy combines with the method's authorization (DG: apigateway-authorization-flow,
/// "Policy evaluation outcome tables"), and what a policy sees of a request.
@Suite("Authorization flow: resource policy with the method's authorization")
struct AuthorizationFlowTests {
    typealias Effect = AuthorizationFlow.Effect

    // Table A: "Account A calls API owned by account A" (IAM user policy, or Lambda or Amazon
    // Cognito user pools authorizer; API Gateway resource policy; resulting behaviour).
    @Test("Table A, same account: one allows and none denies", arguments: [
        (Effect.allow, Effect.allow, "Allow"), (.allow, .neither, "Allow"), (.allow, .deny, "Explicit Deny"),
        (.neither, .allow, "Allow"), (.neither, .neither, "Implicit Deny"), (.neither, .deny, "Explicit Deny"),
        (.deny, .allow, "Explicit Deny"), (.deny, .neither, "Explicit Deny"), (.deny, .deny, "Explicit Deny"),
    ])
    func tableA(identity: Effect, resource: Effect, result: String) {
        #expect(Self.name(AuthorizationFlow.combine(identity: identity, resource: resource)) == result)
    }

    // Table B: "Account B calls API owned by account A": "cross-account access requires that both
    // the resource policy and the IAM policy … explicitly grant access".
    @Test("Table B, across accounts: both must allow", arguments: [
        (Effect.allow, Effect.allow, "Allow"), (.allow, .neither, "Implicit Deny"), (.allow, .deny, "Explicit Deny"),
        (.neither, .allow, "Implicit Deny"), (.neither, .neither, "Implicit Deny"), (.neither, .deny, "Explicit Deny"),
        (.deny, .allow, "Explicit Deny"), (.deny, .neither, "Explicit Deny"), (.deny, .deny, "Explicit Deny"),
    ])
    func tableB(identity: Effect, resource: Effect, result: String) {
        #expect(Self.name(AuthorizationFlow.combine(identity: identity, resource: resource, crossAccount: true)) == result)
    }

    @Test("who is named: the resource policy's explicit deny first; the caller's own policy when neither allows; no policy leaves the caller's")
    func whoDenies() {
        #expect(AuthorizationFlow.combine(identity: .deny, resource: .deny) == .denied(byResourcePolicy: true, explicit: true))
        #expect(AuthorizationFlow.combine(identity: .deny, resource: .allow) == .denied(byResourcePolicy: false, explicit: true))
        #expect(AuthorizationFlow.combine(identity: .neither, resource: .neither) == .denied(byResourcePolicy: false, explicit: false))
        #expect(AuthorizationFlow.combine(identity: .allow, resource: .neither, crossAccount: true) == .denied(byResourcePolicy: true, explicit: false))
        #expect(AuthorizationFlow.combine(identity: .allow, resource: nil) == .allow)
        #expect(AuthorizationFlow.combine(identity: .neither, resource: nil) == .denied(byResourcePolicy: false, explicit: false))
    }

    static func name(_ outcome: AuthorizationFlow.Outcome) -> String {
        switch outcome {
        case .allow: "Allow"
        case .denied(_, explicit: true): "Explicit Deny"
        case .denied(_, explicit: false): "Implicit Deny"
        }
    }

    // MARK: - On an exchange of the `policy` fixture's `guarded` API (203.0.113.0/24 denied; GET /open allowed)

    func exchange(path: String, from sourceIp: String = "127.0.0.1", sourceVpce: String? = nil,
                  headers: [HTTPHeader] = []) throws -> (Exchange, Gateway) {
        let gateway = try GatewayHarness(fixture: "policy").gateway
        let deployed = try #require(gateway.environment.deployments[api: "guarded", stage: "prod"])
        let context = RequestContext(
            accountId: "123456789012", apiId: deployed.facts.apiId, domainName: deployed.facts.host, domainPrefix: deployed.facts.apiId,
            extendedRequestId: "wD4t0wMYOAKMCC4=", httpMethod: "GET", path: "/prod" + path, protocol: "HTTP/1.1",
            requestId: "41408e55-8290-47f5-ac1c-80f394c63007", requestTime: "01/Jan/2026:12:00:00 +0000",
            requestTimeEpoch: 1_767_268_800_123, resourceId: "", resourcePath: "", stage: "prod", sourceIp: sourceIp, userAgent: nil)
        let exchange = Exchange(request: GatewayRequest(method: "GET", path: path, headers: headers), deployed: deployed, context: context,
                                endpoint: Endpoint(api: "guarded", stage: "prod", sourceVpce: sourceVpce),
                                arrival: .seconds(0), state: gateway.environment.state[deployed])
        return (exchange, gateway)
    }

    @Test("Lambda: an authorizer that allows is enough; one whose policy does not cover the method is named when the resource policy does not allow either")
    func lambda() throws {
        let (denied, _) = try exchange(path: "/lambda")
        denied.resourcePolicy = .decided(.implicitDeny)
        #expect(AuthorizationFlow.lambda(.allow(statement: 0), in: denied) == .allow)
        #expect(AuthorizationFlow.lambda(.implicitDeny, in: denied) == .deniedByIdentity(explicit: false))
        #expect(AuthorizationFlow.lambda(.explicitDeny(statement: 0), in: denied) == .deniedByIdentity(explicit: true))
        let (allowed, _) = try exchange(path: "/open")
        allowed.resourcePolicy = .decided(.allow(statement: 0))
        // Table A: the resource policy's allow lets in a caller the authorizer's policy does not cover.
        #expect(AuthorizationFlow.lambda(.implicitDeny, in: allowed) == .allow)
    }

    @Test("Cognito: a verified caller still needs the resource policy's explicit allow")
    func cognito() throws {
        let (exchange, _) = try exchange(path: "/cognito")
        exchange.resourcePolicy = .decided(.implicitDeny)
        #expect(AuthorizationFlow.cognito(in: exchange) == .deniedByResourcePolicy(.resourcePolicyDenial(
            resource: "arn:aws:execute-api:us-east-1:********9012:\(exchange.deployed.facts.apiId)/prod/GET/cognito", explicit: false)))
        exchange.resourcePolicy = .decided(.explicitDeny(statement: 1))
        #expect(AuthorizationFlow.cognito(in: exchange) == .deniedByResourcePolicy(.resourcePolicyDenial(
            resource: "arn:aws:execute-api:us-east-1:********9012:\(exchange.deployed.facts.apiId)/prod/GET/cognito", explicit: true)))
        exchange.resourcePolicy = .decided(.allow(statement: 0))
        #expect(AuthorizationFlow.cognito(in: exchange) == .allow)
        exchange.resourcePolicy = nil
        #expect(AuthorizationFlow.cognito(in: exchange) == .allow)
    }

    @Test("IAM: the resource policy is evaluated with the caller; its denial names the caller's ARN")
    func iam() throws {
        let alice = PolicyPrincipal(accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice")
        let (blocked, gateway) = try exchange(path: "/iam", from: "203.0.113.9")
        let resource = "arn:aws:execute-api:us-east-1:********9012:\(blocked.deployed.facts.apiId)/prod/GET/iam"
        #expect(AuthorizationFlow.iam(.allow(statement: 0), principal: alice, in: blocked, environment: gateway.environment)
                == .deniedByResourcePolicy(.resourcePolicyDenial(user: alice.arn, resource: resource, explicit: true)))
        #expect(blocked.resourcePolicy == .decided(.explicitDeny(statement: 1)))
        let (silent, _) = try exchange(path: "/iam")
        // Same account: the user's own allow is enough where the resource policy is silent (Table A).
        #expect(AuthorizationFlow.iam(.allow(statement: 0), principal: alice, in: silent, environment: gateway.environment) == .allow)
        #expect(AuthorizationFlow.iam(.implicitDeny, principal: alice, in: silent, environment: gateway.environment) == .deniedByIdentity(explicit: false))
        // Another account: both must allow (Table B), and the silent resource policy is the one that refuses.
        let bob = PolicyPrincipal(accountId: "111122223333", arn: "arn:aws:iam::111122223333:user/bob")
        #expect(AuthorizationFlow.iam(.allow(statement: 0), principal: bob, in: silent, environment: gateway.environment)
                == .deniedByResourcePolicy(.resourcePolicyDenial(user: bob.arn, resource: resource, explicit: false)))
    }

    @Test("what a policy sees: the global keys its statements test; through a VPC endpoint aws:SourceVpce, aws:SourceVpc and aws:VpcSourceIp, never aws:SourceIp")
    func conditionKeys() throws {
        let policy = ResourcePolicy(try JSONValue.parsing(#"""
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*",
             "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0", "aws:VpcSourceIp": "0.0.0.0/0"},
                           "StringEquals": {"aws:SourceVpce": "x", "aws:sourceVpc": "y", "aws:UserAgent": "z", "aws:SecureTransport": "true",
                                            "aws:PrincipalType": "Anonymous", "aws:PrincipalArn": "a", "aws:Referer": "r"},
                           "DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z", "aws:EpochTime": "0"}}}]}
            """#))
        let (internet, _) = try exchange(path: "/open", from: "198.51.100.3", headers: [HTTPHeader("User-Agent", "curl/8.5.0")])
        let fromInternet = policy.request(for: internet, vpcId: nil, principal: nil)
        #expect(fromInternet.conditionKeys == ["aws:sourceip": ["198.51.100.3"], "aws:useragent": ["curl/8.5.0"], "aws:securetransport": ["true"],
                                                "aws:principaltype": ["Anonymous"], "aws:currenttime": ["2026-01-01T12:00:00Z"],
                                                "aws:epochtime": ["1767268800"]])
        #expect(fromInternet.resource == "arn:aws:execute-api:us-east-1:123456789012:\(internet.deployed.facts.apiId)/prod/GET/open")
        #expect(fromInternet.shorthandPrefix == "arn:aws:execute-api:us-east-1:123456789012:\(internet.deployed.facts.apiId)/")
        let (throughVpce, _) = try exchange(path: "/open", from: "10.0.1.17", sourceVpce: ResourcePolicyTests.ourVpce)
        let alice = PolicyPrincipal(accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice")
        #expect(policy.request(for: throughVpce, vpcId: "vpc-0a1b2c3d", principal: alice).conditionKeys
                == ["aws:sourcevpce": [ResourcePolicyTests.ourVpce], "aws:sourcevpc": ["vpc-0a1b2c3d"], "aws:vpcsourceip": ["10.0.1.17"],
                    "aws:securetransport": ["true"], "aws:principaltype": ["User"], "aws:principalarn": [alice.arn],
                    "aws:currenttime": ["2026-01-01T12:00:00Z"], "aws:epochtime": ["1767268800"]])
        // A policy that tests none builds none.
        let plain = ResourcePolicy(try JSONValue.parsing(#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}"#))
        #expect(plain.request(for: internet, vpcId: nil, principal: nil).conditionKeys.isEmpty)
    }
}
