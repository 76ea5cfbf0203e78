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
    /// A variable of a format, told apart once when the format is parsed: each request then
    /// switches on this instead of comparing name lists (the line is made for every request
    /// of a stage that logs).
    enum Variable: Sendable, Equatable {
        case integrationLatency, integrationStatus, integrationReturnedStatus, integrationError
        case responseLatency, xrayTraceId, basePathMatched
        case authorizerLatency, authorizerStatus, authorizerError
        case errorMessage, errorMessageString, errorResponseType, errorValidation
        /// Any other: a `$context` variable templates see too (``ContextTable``).
        case context([String])

        init(_ names: [String]) {
            switch names {
            case ["integrationLatency"], ["integration", "latency"]: self = .integrationLatency
            case ["integrationStatus"], ["integration", "integrationStatus"]: self = .integrationStatus
            case ["integration", "status"]: self = .integrationReturnedStatus
            case ["integrationErrorMessage"], ["integration", "error"]: self = .integrationError
            case ["responseLatency"]: self = .responseLatency
            case ["xrayTraceId"]: self = .xrayTraceId
            case ["customDomain", "basePathMatched"]: self = .basePathMatched
            case ["authorizer", "latency"]: self = .authorizerLatency
            case ["authorizer", "status"]: self = .authorizerStatus
            case ["authorizer", "error"]: self = .authorizerError
            case ["error", "message"]: self = .errorMessage
            case ["error", "messageString"]: self = .errorMessageString
            case ["error", "responseType"]: self = .errorResponseType
            case ["error", "validationErrorString"]: self = .errorValidation
            default: self = .context(names)
            }
        }
    }

    static func text(_ variable: Variable, exchange: Exchange) -> String? {
        switch variable {
        case .integrationLatency:
            return exchange.integrationLatency.map { String(milliseconds($0)) }
        case .integrationStatus:
            // For a Lambda proxy, Lambda's own status, not the function's.
            return exchange.integrationResult.map { String($0.status) }
        case .integrationReturnedStatus:
            // For a Lambda proxy, the status the function's code returned.
            guard let result = exchange.integrationResult else { return nil }
            return String(exchange.integrationRequest?.type == .awsProxy ? exchange.response?.status ?? result.status : result.status)
        case .integrationError:
            return exchange.integrationResult?.errorMessage
        case .responseLatency:
            return exchange.responseLatency.map { String(milliseconds($0)) }
        case .xrayTraceId:
            // Only a stage with active tracing has a trace to name (DG: apigateway-xray).
            return exchange.deployed.stage.tracingEnabled ? XRayTraceHeader.traceId(in: exchange.context.traceId) : nil
        case .basePathMatched:
            return exchange.endpoint.customDomainBasePath.flatMap { $0.isEmpty ? nil : $0 }
        case .authorizerLatency:
            return exchange.caller?.integrationLatency.map(String.init)
        case .authorizerStatus:
            // The status the authorizer step ended with: 200 when it admitted the caller, the
            // refusal's status when it did not.
            guard exchange.authorizerRun != nil || exchange.caller != nil else { return nil }
            if exchange.caller != nil { return "200" }
            return exchange.failure.map { String($0.status) }
        case .authorizerError:
            guard exchange.authorizerRun != nil, exchange.caller == nil else { return nil }
            return exchange.failure?.message
        case .errorMessage:
            return exchange.failure?.message
        case .errorMessageString:
            return exchange.failure?.messageString
        case .errorResponseType:
            return exchange.failure?.type.rawValue
        case .errorValidation:
            return exchange.failure.flatMap { $0.validationErrorString.isEmpty ? nil : $0.validationErrorString }
        case .context(let names):
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
