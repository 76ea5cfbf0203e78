/// Runs Lambda functions for the gateway. The gateway only states what it needs; the
/// `PorticoRuntime` module provides the real thing (local processes speaking the Lambda
/// Runtime API), so the pipeline's tests and the site link no network code.
public protocol FunctionInvoker: Sendable {
    /// Invokes `function` with `payload` (the event JSON) and waits at most `timeout`.
    func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation
}

/// What one invocation gave back, as Lambda reports it to API Gateway.
public struct FunctionInvocation: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// The handler returned; the payload is its JSON result.
        case success([UInt8])
        /// The handler raised or reported an error; the payload is Lambda's error JSON
        /// (`{"errorMessage": …, "errorType": …, "stackTrace": […]}`).
        case functionError(type: String?, payload: [UInt8])
        /// The function did not answer within the timeout.
        case timeout
        /// The process died or broke the Runtime API protocol.
        case crashed(String)
        /// No function of that name is declared.
        case unknownFunction
    }

    public var outcome: Outcome
    /// What the function printed during this invocation, one entry per line.
    public var logs: [String]

    public init(outcome: Outcome, logs: [String] = []) {
        self.outcome = outcome
        self.logs = logs
    }
}
