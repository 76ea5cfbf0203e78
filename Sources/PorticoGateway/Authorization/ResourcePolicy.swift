import Foundation
import PorticoModel

/// An API's resource policy (`x-amazon-apigateway-policy`) as the gateway prepares it once,
/// when it is made: read into a ``PolicyDocument``, with the condition keys its statements
/// test, so that a request builds only those (DG: apigateway-resource-policies).
struct ResourcePolicy: Sendable {
    enum Document: Sendable {
        /// The API has none.
        case absent
        /// Written, but not a policy IAM accepts (reported when the gateway is made): AWS
        /// would not have imported the API. Every call is refused.
        case invalid(String)
        case parsed(PolicyDocument)
    }

    let document: Document
    /// The condition keys the statements test, lower-cased.
    private let testedKeys: Set<String>

    init(_ json: JSONValue?) {
        guard let json else {
            document = .absent
            testedKeys = []
            return
        }
        do {
            let parsed = try PolicyDocument(parsing: json)
            document = .parsed(parsed)
            testedKeys = Set(parsed.statements.flatMap { $0.conditions.map { $0.key.lowercased() } })
        } catch {
            document = .invalid(error.description)
            testedKeys = []
        }
    }

    /// What the policy sees of a request: `execute-api:Invoke` on its method ARN, by `principal`
    /// (nil: anonymous), with the global condition keys its statements test (IAM User Guide:
    /// reference_policies_condition-keys). Through a VPC endpoint a request has
    /// `aws:SourceVpce`, `aws:SourceVpc` and `aws:VpcSourceIp` and no `aws:SourceIp`, which the
    /// endpoint rewrites (DG: apigateway-resource-policies-examples: "the VPC endpoint for
    /// execute-api re-writes the original source IP address"; IAM: "If the request comes from a
    /// host that uses an Amazon VPC endpoint, then the aws:SourceIp key is not available");
    /// from the internet it has `aws:SourceIp` alone. `aws:SecureTransport` is true: API Gateway
    /// answers HTTPS only.
    func request(for exchange: Exchange, vpcId: String?, principal: PolicyPrincipal?) -> PolicyRequest {
        var keys: [String: String] = [:]
        func add(_ key: String, _ value: @autoclosure () -> String?) {
            if testedKeys.contains(key.lowercased()), let value = value() { keys[key] = value }
        }
        let sourceIp = exchange.context.sourceIp
        if let vpce = exchange.endpoint.sourceVpce {
            add("aws:SourceVpce", vpce)
            add("aws:SourceVpc", vpcId)
            add("aws:VpcSourceIp", sourceIp)
        } else {
            add("aws:SourceIp", sourceIp)
        }
        let milliseconds = exchange.context.requestTimeEpoch
        add("aws:EpochTime", String(milliseconds / 1000))
        add("aws:CurrentTime", Date(timeIntervalSince1970: Double(milliseconds / 1000)).ISO8601Format())
        add("aws:SecureTransport", "true")
        add("aws:UserAgent", exchange.request.headers.value(for: "User-Agent"))
        add("aws:Referer", exchange.request.headers.value(for: "Referer"))
        add("aws:PrincipalType", principal == nil ? "Anonymous" : "User")
        add("aws:PrincipalAccount", principal?.accountId)
        add("aws:PrincipalArn", principal?.arn)
        return PolicyRequest(resource: exchange.methodARN, principal: principal, conditionKeys: keys,
                             shorthandPrefix: exchange.deployed.arn.apiPrefix)
    }
}

/// What the resource policy stage decided, kept in ``Exchange/resourcePolicy`` for the
/// authorization check that finishes the decision (``AuthorizationFlow``).
enum ResourcePolicyDecision: Sendable, Equatable {
    /// Evaluated for an anonymous caller: NONE, Lambda authorizer and Cognito methods.
    case decided(PolicyDecision)
    /// AWS_IAM: evaluated once Signature Version 4 names the caller, whom a `Principal` may name.
    case awaitingCaller
}

extension PolicyDocument {
    /// How a trace names the statement a decision came from: `statement 2 (BlockRanges)`.
    func describe(_ decision: PolicyDecision) -> String {
        switch decision {
        case .allow(let index): "statement \(index + 1)\(sid(index)) allows"
        case .explicitDeny(let index): "statement \(index + 1)\(sid(index)) denies"
        case .implicitDeny: "no statement allows"
        }
    }

    private func sid(_ index: Int) -> String {
        statements[index].sid.map { " (\($0))" } ?? ""
    }
}
