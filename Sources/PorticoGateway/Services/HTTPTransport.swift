/// Sends HTTP requests to integration backends for the gateway. The `PorticoRuntime` module
/// provides the real client; the gateway only states what it needs.
public protocol HTTPTransport: Sendable {
    func send(_ request: OutboundHTTPRequest, timeout: Duration) async -> OutboundHTTPResult
}

public struct OutboundHTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(method: String, url: String, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public enum OutboundHTTPResult: Sendable, Equatable {
    case response(status: Int, headers: [HTTPHeader], body: [UInt8])
    /// No complete response within the timeout.
    case timeout
    /// Could not connect, or the connection broke; the text says why.
    case failed(String)
}
