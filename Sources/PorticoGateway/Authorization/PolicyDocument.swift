import PorticoModel

/// An IAM policy document as API Gateway reads one: a Lambda authorizer's `policyDocument`, an
/// IAM user's identity policy, or a resource policy (`x-amazon-apigateway-policy`). Parsed
/// once into statements whose patterns are ready to match; ``evaluate(_:)`` decides.
///
/// The grammar is IAM's (IAM User Guide: reference_policies_grammar,
/// reference_policies_elements_statement): `Statement` is one object or a list; `Action` /
/// `NotAction` and `Resource` / `NotResource` are one string or a list; `Effect` is exactly
/// `Allow` or `Deny`; `Principal` / `NotPrincipal` appear in resource policies only.
public struct PolicyDocument: Sendable, Equatable {
    public var statements: [Statement]

    public struct Statement: Sendable, Equatable {
        public var sid: String?
        public var effect: Effect
        /// nil when the statement has no `Principal` (identity policies, authorizer policies).
        public var principal: PrincipalSet?
        /// `NotPrincipal`: everyone except these.
        public var notPrincipal: PrincipalSet?
        public var actions: PatternList
        public var resources: PatternList
        public var conditions: [PolicyCondition]
    }

    public enum Effect: String, Sendable, Equatable {
        case allow = "Allow"
        case deny = "Deny"
    }

    /// `Action` or `NotAction` (`Resource` or `NotResource`): patterns with `*` and `?`.
    public struct PatternList: Sendable, Equatable {
        public var patterns: [String]
        /// Written as `NotAction` / `NotResource`: the statement covers what matches none.
        public var negated: Bool
    }

    /// The principals a `Principal` element names. `*` and `{"AWS": "*"}` are everyone,
    /// anonymous callers included (IAM User Guide: reference_policies_elements_principal,
    /// "Anonymous principals").
    public struct PrincipalSet: Sendable, Equatable {
        public var everyone: Bool
        /// `{"AWS": …}` entries: account ids, `arn:aws:iam::ACCOUNT:root`, user and role ARNs.
        public var aws: [String]
        /// `{"Service": …}`, `{"Federated": …}` and other kinds: kept for the trace, never
        /// matched by a caller of the simulated gateway.
        public var others: [String]
    }

    /// Why a document cannot be read: what an invalid authorizer policy or a definition's
    /// diagnostic says.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    public init(statements: [Statement]) {
        self.statements = statements
    }

    /// Reads a document; throws what makes it invalid.
    public init(parsing json: JSONValue) throws(Invalid) {
        guard case .object = json else { throw Invalid("the policy document is not a JSON object") }
        if let version = json["Version"] {
            guard let text = version.stringValue, text == "2012-10-17" || text == "2008-10-17" else {
                throw Invalid("Version must be \"2012-10-17\" or \"2008-10-17\"")
            }
        }
        let nodes: [JSONValue]
        switch json["Statement"] {
        case .array(let items)?: nodes = items
        case .object?: nodes = [json["Statement"]!]
        default: throw Invalid("the policy document has no Statement")
        }
        var statements: [Statement] = []
        for (index, node) in nodes.enumerated() {
            statements.append(try Self.statement(node, index: index))
        }
        self.statements = statements
    }

    private static func statement(_ node: JSONValue, index: Int) throws(Invalid) -> Statement {
        let place = "Statement[\(index)]"
        guard case .object = node else { throw Invalid("\(place) is not an object") }
        guard let effectText = node["Effect"]?.stringValue else { throw Invalid("\(place) has no Effect") }
        guard let effect = Effect(rawValue: effectText) else {
            throw Invalid("\(place): Effect must be \"Allow\" or \"Deny\", not \"\(effectText)\"")
        }
        let actions = try patternList(node, "Action", "NotAction", place: place)
        let resources = try patternList(node, "Resource", "NotResource", place: place)
        var conditions: [PolicyCondition] = []
        if let block = node["Condition"] {
            do { conditions = try PolicyCondition.parse(block) } catch { throw Invalid("\(place): \(error.description)") }
        }
        return Statement(sid: node["Sid"]?.stringValue, effect: effect,
                         principal: try node["Principal"].map { value throws(Invalid) in try principals(value, place: place) },
                         notPrincipal: try node["NotPrincipal"].map { value throws(Invalid) in try principals(value, place: place) },
                         actions: actions, resources: resources, conditions: conditions)
    }

    private static func patternList(_ node: JSONValue, _ positive: String, _ negative: String, place: String) throws(Invalid) -> PatternList {
        switch (node[positive], node[negative]) {
        case (let value?, nil): return PatternList(patterns: try strings(value, positive, place: place), negated: false)
        case (nil, let value?): return PatternList(patterns: try strings(value, negative, place: place), negated: true)
        case (nil, nil): throw Invalid("\(place) has neither \(positive) nor \(negative)")
        case (_?, _?): throw Invalid("\(place) has both \(positive) and \(negative)")
        }
    }

    private static func strings(_ value: JSONValue, _ name: String, place: String) throws(Invalid) -> [String] {
        switch value {
        case .string(let text): return [text]
        case .array(let items):
            var result: [String] = []
            for item in items {
                guard let text = item.stringValue else { throw Invalid("\(place): \(name) must hold strings") }
                result.append(text)
            }
            return result
        default: throw Invalid("\(place): \(name) must be a string or a list of strings")
        }
    }

    private static func principals(_ value: JSONValue, place: String) throws(Invalid) -> PrincipalSet {
        if value.stringValue == "*" { return PrincipalSet(everyone: true, aws: [], others: []) }
        guard case .object(let members) = value else { throw Invalid("\(place): Principal must be \"*\" or an object") }
        var set = PrincipalSet(everyone: false, aws: [], others: [])
        for member in members {
            let names = try strings(member.value, "Principal." + member.key, place: place)
            if member.key == "AWS" {
                if names.contains("*") { set.everyone = true }
                set.aws += names.filter { $0 != "*" }
            } else {
                set.others += names.map { "\(member.key):\($0)" }
            }
        }
        return set
    }
}
