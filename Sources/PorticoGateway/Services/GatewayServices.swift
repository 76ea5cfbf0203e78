/// The outside world the gateway may call: Lambda functions and HTTP backends. Absent
/// services make the integrations that need them fail with a configuration error that says
/// what is missing, never a crash.
public struct GatewayServices: Sendable {
    public var functions: (any FunctionInvoker)?
    public var http: (any HTTPTransport)?

    public init(functions: (any FunctionInvoker)? = nil, http: (any HTTPTransport)? = nil) {
        self.functions = functions
        self.http = http
    }

    public static let none = GatewayServices()
}
