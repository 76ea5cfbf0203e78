/// The outside world the gateway may call: Lambda functions, HTTP backends, S3 buckets and
/// Kinesis streams. Absent services make the integrations that need them fail with a
/// configuration error that says what is missing, never a crash.
public struct GatewayServices: Sendable {
    public var functions: (any FunctionInvoker)?
    public var http: (any HTTPTransport)?
    public var buckets: (any BucketStore)?
    public var streams: (any StreamStore)?

    public init(functions: (any FunctionInvoker)? = nil, http: (any HTTPTransport)? = nil,
                buckets: (any BucketStore)? = nil, streams: (any StreamStore)? = nil) {
        self.functions = functions
        self.http = http
        self.buckets = buckets
        self.streams = streams
    }

    public static let none = GatewayServices()

    /// The same services, with buckets and streams whose writes stay in this copy (see
    /// ``BucketStore/sandbox()``): what one page of a site build runs its examples against.
    public func sandboxed() -> GatewayServices {
        var copy = self
        copy.buckets = buckets?.sandbox()
        copy.streams = streams?.sandbox()
        return copy
    }
}
