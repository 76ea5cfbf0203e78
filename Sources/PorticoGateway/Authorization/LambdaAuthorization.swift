import PorticoModel

/// Lambda authorizers of type TOKEN and REQUEST (DG: apigateway-use-lambda-authorizer), in
/// API Gateway's order:
///
/// 1. The identity sources are read (TOKEN: its header; REQUEST: every source). One missing
///    or empty answers 401 without calling the function (DG:
///    configure-api-gateway-lambda-authorization-with-console).
/// 2. With a TTL above 0, a result cached for the same identity is reused (``LambdaAuthorizerResults``).
///    A cached token passed the validation expression when it was stored, so a hit does not
///    match it again.
/// 3. TOKEN: a token that does not match `identityValidationExpression` answers 401, the
///    function not called.
/// 4. The function runs as a real local process, through the same ``FunctionInvoker`` as
///    Lambda integrations, with the event of its type (``LambdaAuthorizerEvent``); the stage waits.
/// 5. Its output is read (``LambdaAuthorizerOutput``) and its policy evaluated against the
///    method ARN: an Allow admits the request; an explicit Deny or no statement covering the
///    method answers 403. A function error "Unauthorized" answers 401; any other failure 500
///    (``GatewayError/authorizerConfigurationError``).
///
/// Whatever the policy decides, the caller's principal and context are set
/// (``Exchange/caller``), so a customised ACCESS_DENIED response can read
/// `$context.authorizer.*` as it can on AWS.
enum LambdaAuthorization {
    /// A TOKEN or REQUEST authorizer the stage did not prepare (none is left out: every method
    /// naming one gets one) would not run: the trace says so rather than guess.
    static func decide(_ exchange: Exchange, authorizer: Authorizer, method: RoutedMethod, in environment: GatewayEnvironment) -> StageOutcome {
        guard let prepared = exchange.deployed.lambdaAuthorizer(for: method) else {
            return .skip(exchange.deployed.unsimulated(for: method).authorization)
        }
        return decide(exchange, prepared: prepared, in: environment)
    }

    static func decide(_ exchange: Exchange, prepared: PreparedLambdaAuthorizer, in environment: GatewayEnvironment) -> StageOutcome {
        let label = prepared.label
        var values: [String] = []
        values.reserveCapacity(prepared.identitySources.count)
        for source in prepared.identitySources {
            guard let value = identityValue(source.source, exchange: exchange, isHTTPAPI: prepared.http != nil), !value.isEmpty else {
                let text = source.text
                return .fail(.authorizerUnauthorized, TraceDetail {
                    "\(label): identity source \(text) is missing or empty, so the request is refused 401 without calling the function"
                })
            }
            values.append(value)
        }
        if prepared.type == .token && values.isEmpty {
            return .fail(.authorizerConfigurationError, TraceDetail(text: "\(label) has no identity source: a TOKEN authorizer reads its token from one header (method.request.header.NAME)"))
        }
        // The path as the request was sent, path parameters' values included (DG:
        // api-gateway-lambda-authorizer-output: "path parameter values … determined at run time").
        let methodArn = exchange.methodARN
        let identity = AuthorizerIdentity(values: values)

        if prepared.ttlSeconds > 0 {
            let instant = exchange.arrival, slot = prepared.slot
            let entry = exchange.state.slots.update(LambdaAuthorizerResults.self) { caches in
                caches[slot]?.entry(for: identity, at: instant)
            }
            if let entry {
                let age = instant.duration(since: entry.stored), left = entry.expires.duration(since: instant)
                exchange.authorizerRun = prepared.run(cache: .hit, event: nil, returned: entry.value.returned)
                return judge(entry.value.output, methodArn: methodArn, exchange: exchange, latency: 0, label: label,
                             source: .cache(age: age, left: left, ttl: prepared.ttlSeconds))
            }
        }

        if let pattern = prepared.validationPattern, !prepared.accepts(token: values[0]) {
            return .fail(.authorizerUnauthorized, TraceDetail {
                "\(label): the token does not match identityValidationExpression \(pattern), so the request is refused 401 without calling the function"
            })
        }
        guard case .function(let function) = prepared.target else {
            guard case .none(let why) = prepared.target else { return .skip("unreachable") }
            exchange.logs.append(authorizerErrorLog)
            return .fail(.authorizerConfigurationError, TraceDetail(text: "\(label) cannot run: \(why)"))
        }
        guard let functions = environment.services.functions else {
            exchange.logs.append(authorizerErrorLog)
            return .fail(.authorizerConfigurationError, TraceDetail(text: "\(label) cannot run: no Lambda runtime is attached to this gateway"))
        }
        let event: JSONText
        if let http = prepared.http {
            event = http.version == "1.0" ? LambdaAuthorizerEvent.httpV1(exchange, methodArn: methodArn, identitySource: values)
                : LambdaAuthorizerEvent.httpV2(exchange, routeArn: methodArn, identitySource: values)
        } else {
            event = prepared.type == .token
                ? LambdaAuthorizerEvent.token(values[0], methodArn: methodArn)
                : LambdaAuthorizerEvent.request(exchange, methodArn: methodArn)
        }
        let clock = environment.clock
        return .wait(StageWait {
            await invoke(function, event: event.compact, identity: identity, methodArn: methodArn, prepared: prepared,
                         functions: functions, clock: clock, exchange: exchange)
        })
    }

    /// Runs the function and reads what it gives back.
    private static func invoke(_ function: String, event: String, identity: AuthorizerIdentity, methodArn: String,
                               prepared: PreparedLambdaAuthorizer, functions: any FunctionInvoker, clock: any GatewayClock,
                               exchange: Exchange) async -> StageOutcome {
        let label = prepared.label
        let started = clock.monotonic()
        let invocation = await functions.invoke(function: function, payload: Array(event.utf8), timeout: PreparedLambdaAuthorizer.responseTimeout)
        let latency = Int(clock.monotonic().duration(since: started).nanoseconds / 1_000_000)
        exchange.logs += invocation.logs
        let cache: AuthorizerRun.Cache = prepared.ttlSeconds > 0 ? .miss : .off
        let called = cache == .miss ? "cache miss, called the function" : "no cache (TTL 0), called the function"
        switch invocation.outcome {
        case .success(let bytes):
            let returned = String(decoding: bytes, as: UTF8.self)
            exchange.authorizerRun = prepared.run(cache: cache, event: event, returned: returned)
            let output: LambdaAuthorizerOutput
            switch LambdaAuthorizerOutput.parse(returned, format: prepared.http?.outputFormat ?? .rest) {
            case .success(let parsed): output = parsed
            case .failure(let malformed):
                // The execution log line AWS writes for an output it cannot read (observed:
                // dev.to dborgenvik "The context property of AWS Lambda authorizer").
                exchange.logs.append("Execution failed due to configuration error: Invalid JSON in response: \(malformed.reason)")
                return .fail(.authorizerConfigurationError, TraceDetail(text: "\(label): \(called), which returned what API Gateway cannot use: \(malformed.reason)"))
            }
            if prepared.ttlSeconds > 0 {
                let instant = exchange.arrival, slot = prepared.slot, ttl = prepared.ttl
                let stored = CachedAuthorization(output: output, returned: returned)
                exchange.state.slots.update(LambdaAuthorizerResults.self) { caches in
                    if caches[slot] == nil { caches[slot] = ExpiringCache(capacity: LambdaAuthorizerResults.capacity) }
                    caches[slot]?.store(stored, for: identity, ttl: ttl, at: instant)
                }
            }
            return judge(output, methodArn: methodArn, exchange: exchange, latency: latency, label: label,
                         source: .function(called: called, latency: latency, ttl: prepared.ttlSeconds))
        case .functionError(let type, let bytes):
            let returned = String(decoding: bytes, as: UTF8.self)
            exchange.authorizerRun = prepared.run(cache: cache, event: event, returned: returned)
            let message = LambdaError.message(in: returned)
            // "Unauthorized", exactly, is the function's way to answer 401 (DG:
            // apigateway-use-lambda-authorizer, the example function's `callback("Unauthorized")`).
            if message == "Unauthorized" {
                return .fail(.authorizerUnauthorized, TraceDetail(text: "\(label): \(called), which raised \(type ?? "an error"): Unauthorized, so the request is refused 401"))
            }
            exchange.logs.append(authorizerErrorLog)
            return .fail(.authorizerConfigurationError, TraceDetail(text: "\(label): \(called), which raised \(type ?? "an error"): \(message ?? returned) (only \"Unauthorized\" answers 401; any other error answers 500)"))
        case .timeout:
            exchange.authorizerRun = prepared.run(cache: cache, event: event, returned: nil)
            exchange.logs.append(authorizerErrorLog)
            return .fail(.authorizerConfigurationError, TraceDetail(text: "\(label): \(called), which did not answer within \(Int(PreparedLambdaAuthorizer.responseTimeout.seconds)) s"))
        case .crashed(let reason):
            exchange.authorizerRun = prepared.run(cache: cache, event: event, returned: nil)
            exchange.logs.append(authorizerErrorLog)
            return .fail(.authorizerConfigurationError, TraceDetail(text: "\(label): \(called), which failed: \(reason)"))
        case .unknownFunction:
            exchange.logs.append(authorizerErrorLog)
            return .fail(.authorizerConfigurationError, TraceDetail(text: "\(label) cannot run: function '\(function)' is not declared under 'functions' in portico.yml"))
        }
    }

    /// Where a usable result came from, as the trace says it.
    private enum ResultSource: Sendable {
        case cache(age: Duration, left: Duration, ttl: Int)
        case function(called: String, latency: Int, ttl: Int)

        var text: String {
            switch self {
            case .cache(let age, let left, let ttl):
                "cache hit (stored \(CacheStage.seconds(age)) ago, \(CacheStage.seconds(left)) left of \(ttl) s), the function not called"
            case .function(let called, let latency, let ttl):
                "\(called) in \(latency) ms" + (ttl > 0 ? ", result cached \(ttl) s" : "")
            }
        }
    }

    /// Sets the caller the output describes and lets the policy decide, saying which statement did.
    private static func judge(_ output: LambdaAuthorizerOutput, methodArn: String, exchange: Exchange, latency: Int, label: String,
                              source: ResultSource) -> StageOutcome {
        var caller = AuthorizedCaller(principalId: output.principalId.isEmpty && output.policy == nil ? nil : output.principalId)
        caller.context = output.context
        caller.lambdaContext = output.lambdaContext
        caller.usageIdentifierKey = output.usageIdentifierKey
        caller.integrationLatency = latency
        exchange.caller = caller
        let principal = output.principalId
        let decision: PolicyDecision
        switch output.grant {
        case .policy(let policy):
            decision = policy.decide(methodArn)
        case .simple(let isAuthorized):
            // A simple response allows or denies every route the authorizer guards, cached ones
            // included (DG: http-api-lambda-authorizer, "Caching authorizer responses");
            // false is answered 403 {"message":"Forbidden"}, as a policy's denial is.
            let detail = TraceDetail { "\(label): \(source.text); the function answered isAuthorized \(isAuthorized)" }
            return isAuthorized ? .proceed(detail) : .fail(.authorizerImplicitDeny, detail)
        }
        // With a resource policy, the two decide together (DG: apigateway-authorization-flow,
        // Table A): either may allow, an explicit deny in either refuses.
        switch AuthorizationFlow.lambda(decision, in: exchange) {
        case .deniedByResourcePolicy(let error):
            return .fail(error, TraceDetail { "\(label): \(source.text); principal '\(principal)': the API's resource policy denies the request" })
        case .allow:
            if case .allow = decision { break }
            return .proceed(TraceDetail {
                "\(label): \(source.text); principal '\(principal)': no statement of the authorizer's policy allows execute-api:Invoke on \(methodArn), the API's resource policy does"
            })
        case .deniedByIdentity:
            break
        }
        let detail = TraceDetail {
            // The cached-policy trap: a result stored for one method reused for another.
            var trap = ""
            if case .cache = source, decision == .implicitDeny {
                trap = "; the policy came from the cache, returned for an earlier request, and a cached policy is reused for every method its authorizer guards"
            }
            return "\(label): \(source.text); principal '\(principal)': \(verdict(decision, methodArn))\(trap)"
        }
        switch decision {
        case .allow: return .proceed(detail)
        case .explicitDeny: return .fail(.authorizerExplicitDeny, detail)
        case .implicitDeny: return .fail(.authorizerImplicitDeny, detail)
        }
    }

    /// Which statement decided, as the trace says it.
    private static func verdict(_ decision: PolicyDecision, _ methodArn: String) -> String {
        switch decision {
        case .allow(let statement): "statement \(statement + 1) allows execute-api:Invoke on \(methodArn)"
        case .explicitDeny(let statement): "statement \(statement + 1) denies execute-api:Invoke on \(methodArn) (explicit deny)"
        case .implicitDeny: "no statement allows execute-api:Invoke on \(methodArn) (implicit deny)"
        }
    }

    /// The value of one identity source. An HTTP API's `$context.NAME` reads HTTP API's
    /// context variables (DG: http-api-logging-variables: `routeKey`, `requestId`, …), so
    /// `$context.routeKey` keys a cached result per route (DG: http-api-lambda-authorizer,
    /// "Caching authorizer responses").
    private static func identityValue(_ source: MappingSource, exchange: Exchange, isHTTPAPI: Bool) -> String? {
        if isHTTPAPI, case .context(let path) = source { return HTTPProxyRequest.contextValue(path.joined(separator: "."), exchange) }
        return RequestParameterMapping.value(of: source, exchange: exchange)
    }

    /// What API Gateway logs when an authorizer fails (observed: loige.co "Debugging custom
    /// ApiGateway authorizers", 2023).
    static let authorizerErrorLog = "Execution failed due to configuration error: Authorizer error"
}
