import PorticoGateway
import PorticoModel

/// The "Who may call" section of a REST operation page: what the gateway checks before the
/// integration runs, in the order it checks (resource policy, authorization, API key), with the
/// project's own identities named where the check can be worked out from the definition alone
/// (an IAM user's policies, a user pool's users). What depends on the request (a Lambda
/// authorizer's answer, a condition on the caller's address) is said to depend on it, not
/// guessed.
struct WhoMayCall {
    let project: Project
    let api: APIDeployment

    func section(_ operation: Operation) -> String {
        var items: [String] = []
        if api.endpointType == .private { items.append(privateEndpoint()) }
        if let policy = resourcePolicy(operation) { items.append(policy) }
        items.append(authorization(operation))
        if operation.apiKeyRequired { items.append(apiKey()) }
        return ReferenceHTML.heading(2, "who-may-call", "Who may call")
            + "<ul class=\"who-may-call\">\n" + items.map { "<li>\($0)</li>\n" }.joined() + "</ul>\n"
    }

    private var apiId: String { apiIdentifier(for: api.name) }

    /// The ARN of the method on a stage, with the path template standing for the request's path.
    private func arn(_ operation: Operation, stage: String) -> String {
        MethodARN.make(apiId: apiId, stage: stage, verb: operation.method == .any ? "*" : operation.method.rawValue, path: operation.path)
    }

    // MARK: Private endpoint

    /// Checked first: a PRIVATE API answers only what came through a VPC endpoint
    /// (DG: apigateway-private-apis, apigateway-private-api-test-invoke-url), whatever its
    /// methods' authorization.
    private func privateEndpoint() -> String {
        var text = "<strong>Endpoint</strong>: <code>PRIVATE</code>. Only requests that come through a VPC endpoint reach this method"
        let declared = project.vpcEndpoints
        if declared.isEmpty {
            text += ", and the project declares none (<code>vpcEndpoints</code> in portico.yml), so every call is refused"
        } else {
            let hosts = api.vpcEndpointIds.map { ReferenceHTML.code("\(apiId)-\($0).execute-api.\(Gateway.region).amazonaws.com") }
            text += ": " + (hosts.isEmpty ? "" : "at " + hosts.joined(separator: ", ") + ", or ")
                + "at a declared endpoint's own DNS name (" + declared.map { ReferenceHTML.code($0.vpcEndpointId) }.joined(separator: ", ")
                + ") with the header <code>x-apigw-api-id: \(apiId)</code>"
        }
        text += ". A request from anywhere else is answered 403, the resource policy's implicit deny"
        return text + (api.definition.policy == nil ? "; this API has no resource policy, so AWS refuses every call to it, from a VPC endpoint too." : ".")
    }

    // MARK: Resource policy

    private func resourcePolicy(_ operation: Operation) -> String? {
        guard let json = api.definition.policy else { return nil }
        let document: PolicyDocument
        do {
            document = try PolicyDocument(parsing: json)
        } catch {
            return "<strong>Resource policy</strong>: not valid (\(error.description.htmlEscaped)); AWS would refuse to save it."
        }
        let stage = api.stages.first?.stageName ?? "*"
        let resource = arn(operation, stage: stage)
        let prefix = MethodARN.apiPrefix(apiId: apiId)
        let covering = document.statements.enumerated().filter { _, statement in
            statement.actions.covers { PolicyPattern.matches($0, "execute-api:Invoke", caseSensitive: false) }
                && statement.resources.covers { pattern in
                    let expanded = pattern.hasPrefix("execute-api:/") ? prefix + pattern.dropFirst("execute-api:/".count) : pattern
                    return PolicyPattern.matches(expanded, resource, caseSensitive: true)
                }
        }
        guard !covering.isEmpty else {
            return "<strong>Resource policy</strong>: no statement covers this method, so API Gateway denies every call to it (implicit deny)."
        }
        let lines = covering.map { index, statement in
            // Counted from 1, as the resource-policy stage's trace counts them.
            var text = "statement \(index + 1)" + (statement.sid.map { " (" + ReferenceHTML.code($0) + ")" } ?? "") + ": "
            text += statement.effect == .allow ? "allows " : "denies "
            text += principals(statement)
            if !statement.conditions.isEmpty {
                text += " when " + statement.conditions.map { condition in
                    ReferenceHTML.code(condition.key) + " " + conditionName(condition) + " " + condition.values.map(ReferenceHTML.code).joined(separator: " or ")
                }.joined(separator: " and ")
            }
            return text
        }
        let denies = covering.contains { $0.element.effect == .deny }
        return "<strong>Resource policy</strong>: " + lines.joined(separator: "; ") + "." + (denies ? " A Deny that applies wins over any Allow." : "")
    }

    private func principals(_ statement: PolicyDocument.Statement) -> String {
        guard let set = statement.principal else {
            return statement.notPrincipal == nil ? "callers" : "every caller but the principals it names"
        }
        if set.everyone { return "everyone (anonymous callers included)" }
        return (set.aws + set.others).map(ReferenceHTML.code).joined(separator: ", ")
    }

    private func conditionName(_ condition: PolicyCondition) -> String {
        let base = condition.test.rawValue
        return condition.negated ? "not " + base : base
    }

    // MARK: Authorization

    private func authorization(_ operation: Operation) -> String {
        switch operation.authorizationType {
        case .none:
            return "<strong>Authorization</strong>: none (<code>NONE</code>): "
                + (api.definition.policy == nil ? "anyone may call." : "any caller the resource policy admits.")
        case .awsIAM:
            return "<strong>Authorization</strong>: <code>AWS_IAM</code>. The caller signs the request with Signature Version 4 "
                + "(service <code>execute-api</code>, region <code>\(Gateway.region)</code>), and its IAM policies must allow "
                + "<code>execute-api:Invoke</code> on " + ReferenceHTML.code(arn(operation, stage: api.stages.first?.stageName ?? "*")) + "."
                + iamUsers(operation)
        case .custom, .cognitoUserPools, .jwt:
            guard let name = operation.authorizerName, let authorizer = api.definition.authorizer(named: name) else {
                return "<strong>Authorization</strong>: " + ReferencePages.authorization(operation) + "."
            }
            return "<strong>Authorization</strong>: " + describe(authorizer, operation: operation)
        }
    }

    /// Which of the project's IAM users may call, from their identity policies.
    private func iamUsers(_ operation: Operation) -> String {
        let users = project.identities.iamUsers
        guard !users.isEmpty else { return " The project declares no IAM user (<code>identities.iamUsers</code> in portico.yml)." }
        guard operation.method != .any else { return " Which of the project's IAM users may call depends on the request's verb (the method is ANY)." }
        let stage = api.stages.first?.stageName ?? "*"
        let resource = arn(operation, stage: stage)
        let verdicts = users.map { user -> String in
            let decisions = user.policies.compactMap { try? PolicyDocument(parsing: $0) }.map {
                $0.evaluate(PolicyRequest(resource: resource, principal: PolicyPrincipal(accountId: Gateway.accountId, arn: "arn:aws:iam::\(Gateway.accountId):user/\(user.userName)")))
            }
            let verdict: String
            if decisions.contains(where: { if case .explicitDeny = $0 { true } else { false } }) { verdict = "denied (explicit Deny)" }
            else if decisions.contains(where: \.isAllowed) { verdict = "allowed" }
            else { verdict = "not allowed (no statement allows it)" }
            return ReferenceHTML.code(user.userName) + " " + verdict
        }
        return " Of the project's IAM users, on stage " + ReferenceHTML.code(stage) + ": " + verdicts.joined(separator: ", ") + "."
    }

    private func describe(_ authorizer: Authorizer, operation: Operation) -> String {
        let sources = authorizer.identitySources.map { ReferenceHTML.code($0.text) }.joined(separator: ", ")
        switch authorizer.type {
        case .token, .request:
            var text = "Lambda authorizer " + ReferenceHTML.code(authorizer.name) + " (<code>\(authorizer.type.rawValue)</code>)"
            if let function = authorizer.functionName { text += ": function " + ReferenceHTML.code(function) + " decides" }
            text += sources.isEmpty ? "." : ", given " + sources + "; a request without " + (authorizer.identitySources.count == 1 ? "it" : "any of them") + " is answered 401 without calling the function."
            if let expression = authorizer.identityValidationExpression {
                text += " A token that does not match " + ReferenceHTML.code(expression) + " is answered 401 without calling it."
            }
            let ttl = authorizer.authorizerResultTtlInSeconds ?? 300
            text += ttl == 0 ? " Its decisions are not cached." : " Its decision is cached for \(ttl) s" + (authorizer.authorizerResultTtlInSeconds == nil ? " (AWS's default)" : "")
                + (authorizer.type == .token ? " per token" : " per set of identity-source values")
                + "; a cached policy answers for every method that uses this authorizer, so it must cover them all (one that covers only this method answers 403 elsewhere)."
            return text
        case .cognitoUserPools:
            var text = "Cognito user pool authorizer " + ReferenceHTML.code(authorizer.name) + ": a token from "
            text += (sources.isEmpty ? "the <code>Authorization</code> header" : sources)
            if operation.authorizationScopes.isEmpty {
                text += "; an ID token (the method names no OAuth scope)"
            } else {
                text += "; an access token with one of the scopes " + operation.authorizationScopes.map(ReferenceHTML.code).joined(separator: ", ")
            }
            let pools = project.identities.userPools.filter { pool in authorizer.providerARNs.contains { $0.hasSuffix("/" + pool.userPoolId) } }
            if pools.isEmpty { return text + "." }
            let users = pools.map { pool in
                "pool " + ReferenceHTML.code(pool.name) + (pool.users.isEmpty ? " (no users declared)" : ": " + pool.users.map { ReferenceHTML.code($0.username) }.joined(separator: ", "))
            }
            return text + ". Users of the project: " + users.joined(separator: "; ") + "."
        case .jwt:
            return "JWT authorizer " + ReferenceHTML.code(authorizer.name) + (sources.isEmpty ? "" : " reading " + sources) + "."
        case .awsIAM:
            return "<code>AWS_IAM</code> (Signature Version 4)."
        }
    }

    // MARK: API key

    private func apiKey() -> String {
        let source = api.definition.apiKeySource == .header ? "in the <code>X-API-Key</code> header" : "from the Lambda authorizer's <code>usageIdentifierKey</code>"
        let plans = project.usagePlans.filter { plan in plan.apiStages.contains { $0.api == api.name } }
        var text = "<strong>API key</strong>: required, " + source + "; it must be enabled and belong to a usage plan that includes the stage"
        if !plans.isEmpty { text += " (" + plans.map { ReferenceHTML.code($0.name) }.joined(separator: ", ") + ")" }
        return text + ". Otherwise API Gateway answers 403 <code>{\"message\":\"Forbidden\"}</code>."
    }
}
