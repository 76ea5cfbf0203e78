import CoreMetrics

/// The outside world the gateway may call: Lambda functions, HTTP backends, S3 buckets,
/// Kinesis streams and DynamoDB tables; and where the signing keys of its Cognito user pools are kept. Absent services make the integrations that need them fail with a
/// configuration error that says what is missing, never a crash.
public struct GatewayServices: Sendable {
    public var functions: (any FunctionInvoker)?
    public var http: (any HTTPTransport)?
    public var buckets: (any BucketStore)?
    public var streams: (any StreamStore)?
    /// The embedded DynamoDB tables (pure Swift in memory, so no protocol: the runtime and
    /// the tests use the same type).
    public var tables: DynamoDBTables?
    /// The user pools' signing keys; nil: the gateway makes fresh ones in memory, so its
    /// tokens verify only while it lives.
    public var userPoolKeys: (any UserPoolKeyStore)?
    /// Where the gateway publishes the metrics API Gateway sends CloudWatch (``CloudWatchMetrics``):
    /// `serve` and `invoke --metrics` give a Prometheus registry's factory; nil publishes none.
    /// Handed in, never bootstrapped globally: two gateways in one process keep apart.
    public var metrics: (any MetricsFactory)?

    public init(functions: (any FunctionInvoker)? = nil, http: (any HTTPTransport)? = nil,
                buckets: (any BucketStore)? = nil, streams: (any StreamStore)? = nil,
                userPoolKeys: (any UserPoolKeyStore)? = nil, tables: DynamoDBTables? = nil, metrics: (any MetricsFactory)? = nil) {
        self.metrics = metrics
        self.functions = functions
        self.http = http
        self.buckets = buckets
        self.streams = streams
        self.userPoolKeys = userPoolKeys
        self.tables = tables
    }

    public static let none = GatewayServices()

    /// The same services, with buckets, streams and tables whose writes stay in this copy (see
    /// ``BucketStore/sandbox()``): what one page of a site build runs its examples against.
    public func sandboxed() -> GatewayServices {
        var copy = self
        copy.buckets = buckets?.sandbox()
        copy.streams = streams?.sandbox()
        copy.tables = tables?.sandbox()
        // A page's examples are no traffic of the served gateway.
        copy.metrics = nil
        return copy
    }
}
