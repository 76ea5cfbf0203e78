import PorticoModel

/// Portico's own request headers: facts of the network that a real client states by where it
/// connects from, and that a request to the simulated gateway (a page's example, `portico
/// invoke`, a client of `portico serve` on 127.0.0.1) states in a header instead. They never
/// enter the method request (``IntegrationHeaderRules/isNeverReceived(_:)``): no mapping,
/// template or integration sees them, while the transcript shows them as the client sent them.
///
/// - `X-Portico-Source-Vpce: vpce-…`: the request comes through this VPC endpoint, as one from
///   a VPC whose endpoint has private DNS on, or as `curl` sends one to the endpoint's own name
///   with the API's `Host` (DG: apigateway-private-api-test-invoke-url). How the
///   `/_gateway/{api}/{stage}` path form, examples and `portico invoke` reach a PRIVATE API.
/// - `X-Portico-Source-Ip: 198.51.100.7`: the client's address as API Gateway sees it
///   (`$context.identity.sourceIp`, a resource policy's `aws:SourceIp`), in place of the
///   connection's. A value that is no IPv4 or IPv6 address is ignored.
enum SimulatorHeaders {
    static let sourceVpce = "X-Portico-Source-Vpce"
    static let sourceIp = "X-Portico-Source-Ip"

    /// What a request's headers state, read in one pass that compares a name only when its
    /// length is one of theirs.
    static func read(_ headers: [HTTPHeader]) -> (sourceVpce: String?, sourceIp: String?) {
        var vpce: String?, ip: String?
        for header in headers {
            switch header.name.utf8.count {
            case 21 where vpce == nil && header.name.equalsIgnoringASCIICase(sourceVpce): vpce = header.value
            case 19 where ip == nil && header.name.equalsIgnoringASCIICase(sourceIp): ip = header.value
            default: continue
            }
        }
        return (vpce, ip.flatMap { IPRange.bytes(of: $0) != nil ? $0 : nil })
    }

    /// Whether `name` is one of them (its length first, as the caller's other names are checked).
    static func contains(_ name: String) -> Bool {
        switch name.utf8.count {
        case 19: name.equalsIgnoringASCIICase(sourceIp)
        case 21: name.equalsIgnoringASCIICase(sourceVpce)
        default: false
        }
    }
}
