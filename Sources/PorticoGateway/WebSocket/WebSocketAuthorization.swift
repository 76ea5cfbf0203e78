import PorticoModel

/// The Lambda REQUEST authorizer of a `$connect` route (DG: apigateway-websocket-api-lambda-auth),
/// in API Gateway's order, sharing the REST authorizer's parts: ``PreparedLambdaAuthorizer``
/// (function, identity sources, TTL), ``LambdaAuthorizerOutput`` (reading what it returns),
/// ``InvokePolicy`` (the policy's decision) and the stage's result cache
/// (``LambdaAuthorizerResults``, keyed by the identity sources' values).
///
/// 1. Every identity source (`route.request.header.NAME`, `route.request.querystring.NAME`,
///    stage variables, `$context`) must be present and non-empty, else the upgrade is refused
///    401 without calling the function (DG: the wscat example, "If you attempt to connect
///    without a valid identity value, you'll receive a 401 response").
/// 2. A cached result for the same values is reused within the TTL.
/// 3. The function gets the WebSocket REQUEST event (``WebSocketLambdaEvents/authorizer``); its
///    method ARN ends in `/$connect`, without an HTTP verb.
/// 4. Allow admits the connection; an explicit or implicit deny refuses it 403; a function
///    error "Unauthorized" refuses it 401; anything else 500 (DG:
///    apigateway-websocket-api-route-keys-connect-disconnect: "the client will receive a 401 or
///    403 response"; the REST rules for the rest, which the DG says WebSocket authorizers share).
enum WebSocketAuthorization {
    enum Decision: Sendable {
        case allow(WebSocketAuthorizerResult, latency: Int)
        case refuse(status: Int)
    }

    static func decide(_ prepared: PreparedLambdaAuthorizer, event: WebSocketEvent, upgrade: WebSocketUpgrade,
                       methodArn: String, environment: GatewayEnvironment, state: StageState, run: inout WebSocketRun) async -> Decision {
        let label = prepared.label
        var values: [String] = []
        for source in prepared.identitySources {
            guard let value = identityValue(source.source, upgrade: upgrade, event: event), !value.isEmpty else {
                run.note(.authorization, "\(label): identity source \(source.text) is missing or empty, so the upgrade is refused 401 without calling the function")
                return .refuse(status: 401)
            }
            values.append(value)
        }
        let identity = AuthorizerIdentity(values: values)
        let instant = environment.clock.monotonic()
        if prepared.ttlSeconds > 0, !values.isEmpty {
            let entry = state.slots.update(LambdaAuthorizerResults.self) { $0[prepared.slot]?.entry(for: identity, at: instant) }
            if let entry {
                run.note(.authorization, "\(label): cache hit for the same identity source values (TTL \(prepared.ttlSeconds) s), the function not called")
                return judge(entry.value.output, methodArn: methodArn, latency: 0, label: label, run: &run)
            }
        }
        guard case .function(let function) = prepared.target else {
            if case .none(let why) = prepared.target { run.note(.authorization, "\(label) cannot run: \(why); the upgrade is refused 500") }
            return .refuse(status: 500)
        }
        guard let functions = environment.services.functions else {
            run.note(.authorization, "\(label) cannot run: no Lambda runtime is attached to this gateway; the upgrade is refused 500")
            return .refuse(status: 500)
        }
        let payload = WebSocketLambdaEvents.authorizer(event: event, upgrade: upgrade, methodArn: methodArn).compact
        run.functionEvents.append((function, payload))
        let started = environment.clock.monotonic()
        let invocation = await functions.invoke(function: function, payload: Array(payload.utf8), timeout: PreparedLambdaAuthorizer.responseTimeout)
        let latency = Int(environment.clock.monotonic().duration(since: started).nanoseconds / 1_000_000)
        run.logs += invocation.logs
        switch invocation.outcome {
        case .success(let bytes):
            switch LambdaAuthorizerOutput.parse(String(decoding: bytes, as: UTF8.self)) {
            case .success(let output):
                if prepared.ttlSeconds > 0, !values.isEmpty {
                    let stored = CachedAuthorization(output: output, returned: String(decoding: bytes, as: UTF8.self))
                    let ttl = prepared.ttl
                    state.slots.update(LambdaAuthorizerResults.self) { caches in
                        if caches[prepared.slot] == nil { caches[prepared.slot] = ExpiringCache(capacity: LambdaAuthorizerResults.capacity) }
                        caches[prepared.slot]?.store(stored, for: identity, ttl: ttl, at: instant)
                    }
                }
                return judge(output, methodArn: methodArn, latency: latency, label: "\(label): called the function", run: &run)
            case .failure(let malformed):
                run.logs.append("Execution failed due to configuration error: Invalid JSON in response: \(malformed.reason)")
                run.note(.authorization, "\(label): the function returned what API Gateway cannot use (\(malformed.reason)); the upgrade is refused 500")
                return .refuse(status: 500)
            }
        case .functionError(let type, let bytes):
            let message = LambdaError.message(in: String(decoding: bytes, as: UTF8.self))
            if message == "Unauthorized" {
                run.note(.authorization, "\(label): the function raised \(type ?? "an error"): Unauthorized, so the upgrade is refused 401")
                return .refuse(status: 401)
            }
            run.logs.append(LambdaAuthorization.authorizerErrorLog)
            run.note(.authorization, "\(label): the function raised \(type ?? "an error"): \(message ?? "") (only \"Unauthorized\" answers 401); the upgrade is refused 500")
            return .refuse(status: 500)
        case .timeout:
            run.logs.append(LambdaAuthorization.authorizerErrorLog)
            run.note(.authorization, "\(label): the function did not answer within \(Int(PreparedLambdaAuthorizer.responseTimeout.seconds)) s; the upgrade is refused 500")
            return .refuse(status: 500)
        case .crashed(let reason):
            run.logs.append(LambdaAuthorization.authorizerErrorLog)
            run.note(.authorization, "\(label): the function failed: \(reason); the upgrade is refused 500")
            return .refuse(status: 500)
        case .unknownFunction:
            run.note(.authorization, "\(label) cannot run: function '\(function)' is not declared under 'functions' in portico.yml; the upgrade is refused 500")
            return .refuse(status: 500)
        }
    }

    private static func judge(_ output: LambdaAuthorizerOutput, methodArn: String, latency: Int, label: String,
                              run: inout WebSocketRun) -> Decision {
        let principal = output.principalId
        // A WebSocket authorizer's output is read as REST's: it always has a policy.
        switch output.policy?.decide(methodArn) ?? .implicitDeny {
        case .allow(let statement):
            run.note(.authorization, "\(label); principal '\(principal)': statement \(statement + 1) allows execute-api:Invoke on \(methodArn)")
            let context = output.context.map { (key: $0.key, value: Self.text($0.value)) }
            return .allow(WebSocketAuthorizerResult(principalId: principal, context: context), latency: latency)
        case .explicitDeny(let statement):
            run.note(.authorization, "\(label); principal '\(principal)': statement \(statement + 1) denies execute-api:Invoke on \(methodArn) (explicit deny); the upgrade is refused 403")
            return .refuse(status: 403)
        case .implicitDeny:
            run.note(.authorization, "\(label); principal '\(principal)': no statement allows execute-api:Invoke on \(methodArn) (implicit deny); the upgrade is refused 403")
            return .refuse(status: 403)
        }
    }

    private static func text(_ value: ContextValue) -> String {
        if case .string(let text) = value { return text }
        if case .int(let number) = value { return String(number) }
        return ""
    }

    /// The value of one identity source in the upgrade request.
    private static func identityValue(_ source: MappingSource, upgrade: WebSocketUpgrade, event: WebSocketEvent) -> String? {
        switch source {
        case .methodRequestHeader(let name): upgrade.headers.value(for: name)
        case .methodRequestQuery(let name): upgrade.query.last { $0.name == name }?.value
        case .stageVariable(let name): event.stageVariables.first { $0.name == name }?.value
        case .context(let path): event.contextValue(path.joined(separator: "."))
        default: nil
        }
    }
}
