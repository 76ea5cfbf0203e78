import Velocity

// A stand-in for the lead's Authorization/PolicyDocument.swift, so the Lambda authorizer can be
// built and tested before that file is on main. It is deleted when main is merged; nothing but
// LambdaAuthorizerOutput and LambdaAuthorization may use it.

struct PolicyDocument: Sendable {
    struct Statement: Sendable {
        var allows: Bool
        var actions: [String]
        var resources: [String]
    }

    var statements: [Statement]

    static func parse(_ value: VelocityValue) -> Result<PolicyDocument, PolicyDocumentError> {
        guard case .map(let document) = value else { return .failure(PolicyDocumentError(reason: "policyDocument is not an object")) }
        var list: [VelocityValue] = []
        switch document["Statement"] {
        case .map?: list = [document["Statement"]!]
        case .jsonList(let items)?, .list(let items)?: list = items
        default: return .failure(PolicyDocumentError(reason: "policyDocument has no Statement"))
        }
        var statements: [Statement] = []
        for item in list {
            guard case .map(let statement) = item, case .string(let effect)? = statement["Effect"], effect == "Allow" || effect == "Deny"
            else { return .failure(PolicyDocumentError(reason: "a statement has no Effect Allow or Deny")) }
            func strings(_ key: String) -> [String] {
                switch statement[key] {
                case .string(let text)?: [text]
                case .jsonList(let items)?, .list(let items)?: items.compactMap { if case .string(let t) = $0 { t } else { nil } }
                default: []
                }
            }
            statements.append(Statement(allows: effect == "Allow", actions: strings("Action"), resources: strings("Resource")))
        }
        return .success(PolicyDocument(statements: statements))
    }

    func evaluate(action: String, resource: String) -> PolicyDecision {
        var allowed: Int?
        for (index, statement) in statements.enumerated()
        where statement.actions.contains(where: { Self.matches($0, action) }) && statement.resources.contains(where: { Self.matches($0, resource) }) {
            if !statement.allows { return .explicitDeny(statement: index) }
            if allowed == nil { allowed = index }
        }
        return allowed.map { .allow(statement: $0) } ?? .implicitDeny
    }

    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == t[ti] { pi += 1; ti += 1 }
            else if pi < p.count, p[pi] == UInt8(ascii: "*") { star = pi; mark = ti; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; ti = mark }
            else { return false }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}

struct PolicyDocumentError: Error, Sendable {
    var reason: String
}

enum PolicyDecision: Sendable, Equatable {
    case allow(statement: Int)
    case explicitDeny(statement: Int)
    case implicitDeny
}
