import Diagnostics

/// An interface VPC endpoint for API Gateway's `execute-api` service: `vpcEndpoints` in
/// portico.yml, keyed as `aws ec2 describe-vpc-endpoints` prints one (`vpcEndpointId`,
/// `vpcId`). A PRIVATE API answers only requests that come through such an endpoint
/// (DG: apigateway-private-apis), and a resource policy's `aws:SourceVpce` and `aws:SourceVpc`
/// conditions see its identifiers.
///
/// The gateway reaches an endpoint the ways AWS documents (DG: apigateway-private-api-test-invoke-url):
/// through the `{rest-api-id}-{vpce-id}.execute-api.{region}.amazonaws.com` name of an API that
/// lists the endpoint in `vpcEndpointIds`, and through the endpoint's own DNS name
/// (`{vpce-id}-….execute-api.{region}.vpce.amazonaws.com`) with an `x-apigw-api-id` header.
public struct VPCEndpoint: Sendable, Equatable {
    /// `vpce-` and 8 or 17 hexadecimal digits.
    public var vpcEndpointId: String
    /// The VPC the endpoint sits in (`vpc-…`): what `aws:SourceVpc` sees; nil when not declared.
    public var vpcId: String?
    public var location: SourceLocation

    public init(vpcEndpointId: String, vpcId: String? = nil, location: SourceLocation) {
        self.vpcEndpointId = vpcEndpointId
        self.vpcId = vpcId
        self.location = location
    }

    /// EC2's identifier shapes: a prefix, then 8 or 17 lower-case hexadecimal digits
    /// (`vpce-1a2b3c4d`, `vpce-01234567abcdef012` in DG: apigateway-private-api-test-invoke-url;
    /// `vpc-2f09a348` in DG: apigateway-authorization-flow).
    public static func isValidId(_ text: String, prefix: String) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let digits = text.utf8.dropFirst(prefix.utf8.count)
        return (digits.count == 8 || digits.count == 17)
            && digits.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f")) }
    }
}
