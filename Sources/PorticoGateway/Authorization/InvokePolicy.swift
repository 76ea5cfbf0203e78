/// A Lambda authorizer's policy made ready for the one question API Gateway asks it: may the
/// caller `execute-api:Invoke` this method ARN? Which statements' actions cover
/// `execute-api:Invoke` does not depend on the request, so it is decided once, when the
/// function's output is read; a cached result then matches only resources per request.
///
/// The decision is ``PolicyDocument/evaluate(_:)``'s, statement indices included (an applicable
/// Deny wins, else the first applicable Allow, else an implicit deny): a statement with a
/// principal or conditions (which authorizer policies do not need, but may write) sends the
/// request to the full evaluation instead.
struct InvokePolicy: Sendable {
    let document: PolicyDocument
    /// The statements whose actions cover `execute-api:Invoke`, in document order.
    private let invoking: [(index: Int, allows: Bool, resources: PolicyDocument.PatternList)]
    private let needsFullEvaluation: Bool

    static let action = "execute-api:Invoke"

    init(_ document: PolicyDocument) {
        self.document = document
        needsFullEvaluation = document.statements.contains { $0.principal != nil || $0.notPrincipal != nil || !$0.conditions.isEmpty }
        invoking = document.statements.enumerated().compactMap { index, statement in
            guard statement.actions.covers({ PolicyPattern.matches($0, Self.action, caseSensitive: false) }) else { return nil }
            return (index, statement.effect == .allow, statement.resources)
        }
    }

    func decide(_ methodArn: String) -> PolicyDecision {
        if needsFullEvaluation { return document.evaluate(PolicyRequest(action: Self.action, resource: methodArn)) }
        var allowing: Int?
        for statement in invoking where statement.resources.covers({ PolicyPattern.matches($0, methodArn, caseSensitive: true) }) {
            guard statement.allows else { return .explicitDeny(statement: statement.index) }
            if allowing == nil { allowing = statement.index }
        }
        return allowing.map { .allow(statement: $0) } ?? .implicitDeny
    }
}
