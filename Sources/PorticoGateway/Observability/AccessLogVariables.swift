/// The `$context` variables of an access-log line: those only access logs have, read here
/// from what the request did, and every other one from ``ContextTable`` (the same values
/// templates see). nil: the request has no value for it, written `-`.
///
/// The access-log-only variables (DG: api-gateway-mapping-template-reference,
/// "$context variables for access logging only"; DG: api-gateway-variables-for-access-logging):
/// `integrationLatency` / `integration.latency` (ms), `integrationStatus` /
/// `integration.integrationStatus` and `integration.status` (what the integration answered),
/// `integrationErrorMessage` / `integration.error`, `responseLatency` (ms), `responseLength`,
/// `status`, `authorizer.latency` / `authorizer.status` / `authorizer.error`, `xrayTraceId`,
/// `customDomain.basePathMatched`, and `error.message` / `error.messageString` /
/// `error.responseType` of the gateway response that answered.
enum AccessLogVariables {
    static func text(_ names: [String], exchange: Exchange) -> String? {
        switch names {
        case ["integrationLatency"], ["integration", "latency"]:
            return exchange.integrationLatency.map { String(milliseconds($0)) }
        case ["integrationStatus"], ["integration", "integrationStatus"]:
            // For a Lambda proxy, Lambda's own status, not the function's.
            return exchange.integrationResult.map { String($0.status) }
        case ["integration", "status"]:
            // For a Lambda proxy, the status the function's code returned.
            guard let result = exchange.integrationResult else { return nil }
            return String(exchange.integrationRequest?.type == .awsProxy ? exchange.response?.status ?? result.status : result.status)
        case ["integrationErrorMessage"], ["integration", "error"]:
            return exchange.integrationResult?.errorMessage
        case ["responseLatency"]:
            return exchange.responseLatency.map { String(milliseconds($0)) }
        case ["xrayTraceId"]:
            // Only a stage with active tracing has a trace to name (DG: apigateway-xray).
            return exchange.deployed.stage.tracingEnabled ? XRayTraceHeader.traceId(in: exchange.context.traceId) : nil
        case ["customDomain", "basePathMatched"]:
            return exchange.endpoint.customDomainBasePath.flatMap { $0.isEmpty ? nil : $0 }
        case ["authorizer", "latency"]:
            return exchange.caller?.integrationLatency.map(String.init)
        case ["authorizer", "status"]:
            // The status the authorizer step ended with: 200 when it admitted the caller, the
            // refusal's status when it did not.
            guard exchange.authorizerRun != nil || exchange.caller != nil else { return nil }
            if exchange.caller != nil { return "200" }
            return exchange.failure.map { String($0.status) }
        case ["authorizer", "error"]:
            guard exchange.authorizerRun != nil, exchange.caller == nil else { return nil }
            return exchange.failure?.message
        case ["error", "message"]:
            return exchange.failure?.message
        case ["error", "messageString"]:
            return exchange.failure?.messageString
        case ["error", "responseType"]:
            return exchange.failure?.type.rawValue
        case ["error", "validationErrorString"]:
            return exchange.failure.flatMap { $0.validationErrorString.isEmpty ? nil : $0.validationErrorString }
        default:
            return ContextTable.text(at: names, surface: .accessLog, exchange: exchange)
        }
    }

    /// Whole milliseconds, as AWS logs latencies.
    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.nanoseconds / 1_000_000
    }
}

/// The parts of the `X-Amzn-Trace-Id` value the gateway makes (`Root=1-{epoch}-{random}`).
enum XRayTraceHeader {
    /// The trace id, `1-5759e988-bd862e3fe1be46a994272793`, from a header value that names it
    /// as `Root=`; nil when it names none.
    static func traceId(in header: String) -> String? {
        for part in header.split(separator: ";") where part.hasPrefix("Root=") {
            return String(part.dropFirst(5))
        }
        return nil
    }
}
