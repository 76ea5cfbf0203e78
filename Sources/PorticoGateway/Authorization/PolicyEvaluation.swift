/// What a request looks like to a policy: the action, the resource ARN, who calls and the
/// condition keys the gateway knows (`aws:SourceIp`, `aws:SourceVpce`, …).
public struct PolicyRequest: Sendable {
    public var action: String
    public var resource: String
    /// The caller; nil for an anonymous one (no IAM identity).
    public var principal: PolicyPrincipal?
    /// Condition keys by lower-cased name, each with its values.
    public var conditionKeys: [String: [String]]
    /// What `execute-api:/` at the start of a resource pattern stands for:
    /// `arn:aws:execute-api:{region}:{account}:{apiId}/` (DG: apigateway-resource-policies-examples
    /// write resources as `execute-api:/stage/VERB/path`, which API Gateway expands).
    public var shorthandPrefix: String?

    public init(action: String = "execute-api:Invoke", resource: String, principal: PolicyPrincipal? = nil,
                conditionKeys: [String: String] = [:], shorthandPrefix: String? = nil) {
        self.action = action
        self.resource = resource
        self.principal = principal
        self.conditionKeys = Dictionary(uniqueKeysWithValues: conditionKeys.map { ($0.key.lowercased(), [$0.value]) })
        self.shorthandPrefix = shorthandPrefix
    }
}

/// An IAM principal as a `Principal` element names it.
public struct PolicyPrincipal: Sendable, Equatable {
    public var accountId: String
    /// `arn:aws:iam::123456789012:user/alice`.
    public var arn: String

    public init(accountId: String, arn: String) {
        self.accountId = accountId
        self.arn = arn
    }
}

/// What a document decided, with the statement that decided it (its index), for the trace.
public enum PolicyDecision: Sendable, Equatable {
    case allow(statement: Int)
    case explicitDeny(statement: Int)
    /// No statement covers the request.
    case implicitDeny

    public var isAllowed: Bool {
        if case .allow = self { return true }
        return false
    }
}

extension PolicyDocument {
    /// IAM's evaluation within one document: an applicable Deny wins, else an applicable Allow
    /// allows, else the request is implicitly denied (IAM User Guide:
    /// reference_policies_evaluation-logic, "Determining whether a request is allowed or denied
    /// within an account").
    public func evaluate(_ request: PolicyRequest) -> PolicyDecision {
        var allowing: Int?
        for (index, statement) in statements.enumerated() where statement.applies(to: request) {
            if statement.effect == .deny { return .explicitDeny(statement: index) }
            if allowing == nil { allowing = index }
        }
        return allowing.map { .allow(statement: $0) } ?? .implicitDeny
    }
}

extension PolicyDocument.Statement {
    /// Whether the statement covers the request: action, resource, principal and every condition.
    func applies(to request: PolicyRequest) -> Bool {
        // Action names ignore case (IAM User Guide: reference_policies_elements_action); resource
        // ARNs do not (reference_policies_elements_resource).
        guard actions.covers({ PolicyPattern.matches($0, request.action, caseSensitive: false) }),
              resources.covers({ PolicyPattern.matches(expand($0, request.shorthandPrefix), request.resource, caseSensitive: true) })
        else { return false }
        if let principal, !principal.contains(request.principal) { return false }
        if let notPrincipal, notPrincipal.contains(request.principal) { return false }
        return conditions.allSatisfy { $0.holds(for: request.conditionKeys[$0.key.lowercased()]) }
    }

    private func expand(_ pattern: String, _ prefix: String?) -> String {
        guard let prefix, pattern.hasPrefix("execute-api:/") else { return pattern }
        return prefix + pattern.dropFirst("execute-api:/".count)
    }
}

extension PolicyDocument.PatternList {
    /// Whether the list covers a value `matches` tests against each pattern.
    public func covers(_ matches: (String) -> Bool) -> Bool {
        patterns.contains(where: matches) != negated
    }
}

extension PolicyDocument.PrincipalSet {
    /// Whether the set names the caller: everyone names anyone, anonymous callers included; an
    /// account id or `arn:aws:iam::ACCOUNT:root` names every principal of that account; any
    /// other ARN names itself (IAM User Guide: reference_policies_elements_principal).
    func contains(_ caller: PolicyPrincipal?) -> Bool {
        if everyone { return true }
        guard let caller else { return false }
        return aws.contains { entry in
            entry == caller.accountId || entry == "arn:aws:iam::\(caller.accountId):root" || entry == caller.arn
        }
    }
}
