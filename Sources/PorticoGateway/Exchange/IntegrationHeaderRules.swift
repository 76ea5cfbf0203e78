import PorticoModel

/// What API Gateway does with the HTTP headers it treats specially on the way to an
/// integration, as recorded against AWS in LocalStack's
/// tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json,
/// test_apigateway_header_remapping_http[HTTP|HTTP_PROXY] and
/// test_apigateway_header_remapping_aws[AWS|AWS_PROXY] (a REGIONAL API; the client sends every
/// header below, and the methods map static values into them):
///
/// 1. **Never received.** A client's `Connection`, `Content-Length`, `Content-MD5`, `Expect`,
///    `Max-Forwards`, `Proxy-Authenticate`, `Server`, `TE`, `Transfer-Encoding`, `Trailer`,
///    `Upgrade` and `WWW-Authenticate` are not part of the method request: `$input.params('TE')`
///    is empty, and neither a Lambda proxy event nor an HTTP_PROXY backend gets them
///    (``methodRequest(_:)``). `Content-Length` is recorded missing from the proxy event of a
///    POST with a body (test_apigateway_lambda.snapshot.json, test_lambda_aws_proxy_integration).
/// 2. **Refused as mapping targets.** `integration.request.header.Content-Length` or
///    `.Transfer-Encoding` answers 500 `Internal server error` for every integration type; for
///    AWS and AWS_PROXY integrations so do `Authorization`, `Connection`, `Expect`,
///    `Proxy-Authenticate` and `TE` (``refusedMappings(of:)``, checked by the integration request stage). The answer carries no
///    `X-Amzn-Trace-Id`: the integration was never called.
/// 3. **Dropped before an HTTP backend.** Mapped into `Connection`, `Expect`,
///    `Proxy-Authenticate`, `TE` or `Via`, the value never reaches an HTTP or HTTP_PROXY
///    backend; nor does a client's `Via` through HTTP_PROXY (``droppedBeforeHTTPBackend``).
///    A Lambda proxy event keeps the client's `Via`.
///
/// An HTTP_PROXY backend also gets `X-Amzn-Apigateway-Api-Id`, as a non-proxy one does (recorded
/// in the same test's HTTP_PROXY answers). Still open: the HTTP_PROXY recording shows neither
/// the client's `Content-Encoding` nor `X-Forwarded-For`, `-Port` and `-Proto` at the backend,
/// while Portico forwards them; whether API Gateway drops them or the recording's echo server
/// does is not known (a `Content-Encoding` mapped by a request parameter does arrive), so
/// Portico leaves them as they were.
enum IntegrationHeaderRules {
    /// Rule 1, lower-cased.
    static let neverReceived: Set<String> = ["connection", "content-length", "content-md5", "expect", "max-forwards",
                                             "proxy-authenticate", "server", "te", "transfer-encoding", "trailer", "upgrade",
                                             "www-authenticate"]
    /// Rule 2, lower-cased: refused for every integration type, and for AWS and AWS_PROXY.
    static let refusedEverywhere: Set<String> = ["content-length", "transfer-encoding"]
    static let refusedForAWS: Set<String> = ["content-length", "transfer-encoding", "authorization", "connection", "expect",
                                             "proxy-authenticate", "te"]
    /// Rule 3, lower-cased.
    static let droppedBeforeHTTPBackend: Set<String> = ["connection", "expect", "proxy-authenticate", "te", "via"]

    /// Whether `name` is one of rule 1's, or one of Portico's own ``SimulatorHeaders`` (facts of
    /// the network, not headers a method request has), checked without a lower-cased copy: by
    /// length first (2 to 21 bytes), so most names cost one comparison of their length.
    static func isNeverReceived(_ name: String) -> Bool {
        switch name.utf8.count {
        case 19, 21: SimulatorHeaders.contains(name)
        case 2: name.equalsIgnoringASCIICase("TE")
        case 6: name.equalsIgnoringASCIICase("Expect") || name.equalsIgnoringASCIICase("Server")
        case 7: name.equalsIgnoringASCIICase("Trailer") || name.equalsIgnoringASCIICase("Upgrade")
        case 10: name.equalsIgnoringASCIICase("Connection")
        case 11: name.equalsIgnoringASCIICase("Content-MD5")
        case 12: name.equalsIgnoringASCIICase("Max-Forwards")
        case 14: name.equalsIgnoringASCIICase("Content-Length")
        case 16: name.equalsIgnoringASCIICase("WWW-Authenticate")
        case 17: name.equalsIgnoringASCIICase("Transfer-Encoding")
        case 18: name.equalsIgnoringASCIICase("Proxy-Authenticate")
        default: false
        }
    }

    /// The client's headers without rule 1's: the same array, uncopied, when it has none of them.
    static func methodRequest(_ headers: [HTTPHeader]) -> [HTTPHeader] {
        guard headers.contains(where: { isNeverReceived($0.name) }) else { return headers }
        return headers.filter { !isNeverReceived($0.name) }
    }

    /// The header mappings of `integration` that API Gateway refuses for its type (rule 2),
    /// found once when the gateway prepares the method.
    static func refusedMappings(of integration: Integration) -> [ParameterMapping] {
        let refused = integration.type == .aws || integration.type == .awsProxy ? refusedForAWS : refusedEverywhere
        return integration.requestParameters.filter { mapping in
            guard case .integrationRequestHeader(let name) = mapping.target else { return false }
            return refused.contains(name.lowercased())
        }
    }
}
