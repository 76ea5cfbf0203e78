import Foundation

/// What CloudFront does to a request's headers before an edge-optimized (EDGE) API sees them.
/// Everything after the endpoint sees the result (``Exchange/receivedHeaders``): request
/// parameters and mappings, `$input.params()`, the Lambda proxy event, what an HTTP
/// integration forwards. REGIONAL and PRIVATE endpoints "pass all header names through
/// as-is" (DG: api-gateway-api-endpoint-types), so they keep the client's headers.
///
/// Only what AWS documents or was recorded doing is simulated:
///
/// - Header names: "Edge-optimized APIs capitalize the names of HTTP headers (for example,
///   `Cookie`)" (DG: api-gateway-api-endpoint-types). Which names is not documented, and the
///   recording shows it is not every name: a client's `authorization` and `aUThorization`
///   reach a Lambda proxy function as `Authorization`, while its `tEsT-HEADeR` stays as sent
///   (LocalStack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
///   test_lambda_aws_proxy_integration). So Portico capitalizes exactly those two, `Cookie`
///   and `Authorization`, and leaves every other name as the client wrote it.
/// - Cookies: "CloudFront sorts HTTP cookies in natural order by cookie name before
///   forwarding the request to your origin" (DG: api-gateway-api-endpoint-types). Portico
///   sorts each `Cookie` header's cookies by name, comparing names byte by byte (a stable
///   sort: cookies of one name keep their order), joined by `; `.
/// - Headers CloudFront adds, as recorded in the same snapshot: `CloudFront-Forwarded-Proto`
///   (`https`), `CloudFront-Is-Desktop-Viewer` (`true`), `CloudFront-Is-Mobile-Viewer`,
///   `CloudFront-Is-SmartTV-Viewer`, `CloudFront-Is-Tablet-Viewer` (`false`),
///   `CloudFront-Viewer-ASN`, `CloudFront-Viewer-Country`, `Via` and `X-Amz-Cf-Id`. The
///   recording hides the values of the last four; Portico's are illustrative: a fixed viewer
///   (ASN 16509, country US), and a `Via` hop and `X-Amz-Cf-Id` derived from the request id,
///   so a site build repeats them. The device headers do not follow the User-Agent: the
///   recorded values are those of the recorded client. A client's own copy of one of these
///   headers is replaced, except `Via`, to which CloudFront's hop is appended as a proxy
///   appends to it (RFC 9110 §7.6.3); AWS is silent on both.
enum EdgeRequestHeaders {
    /// Headers CloudFront sets, replacing a client's.
    static let replaced = [
        "CloudFront-Forwarded-Proto", "CloudFront-Is-Desktop-Viewer", "CloudFront-Is-Mobile-Viewer", "CloudFront-Is-SmartTV-Viewer",
        "CloudFront-Is-Tablet-Viewer", "CloudFront-Viewer-ASN", "CloudFront-Viewer-Country", "X-Amz-Cf-Id",
    ]

    /// `headers` (the client's) as an EDGE API receives them, for the request with this id.
    static func headers(_ headers: [HTTPHeader], requestId: String) -> [HTTPHeader] {
        var received: [HTTPHeader] = []
        received.reserveCapacity(headers.count + 9)
        var clientVia: String?
        for header in headers {
            if header.hasName("Authorization") {
                received.append(HTTPHeader("Authorization", header.value))
            } else if header.hasName("Cookie") {
                received.append(HTTPHeader("Cookie", sortedCookies(header.value)))
            } else if header.hasName("Via") {
                clientVia = clientVia.map { "\($0), \(header.value)" } ?? header.value
            } else if !replaced.contains(where: header.hasName) {
                received.append(header)
            }
        }
        let ids = CloudFrontIDs(requestId: requestId)
        received += [
            HTTPHeader("CloudFront-Forwarded-Proto", "https"),
            HTTPHeader("CloudFront-Is-Desktop-Viewer", "true"),
            HTTPHeader("CloudFront-Is-Mobile-Viewer", "false"),
            HTTPHeader("CloudFront-Is-SmartTV-Viewer", "false"),
            HTTPHeader("CloudFront-Is-Tablet-Viewer", "false"),
            HTTPHeader("CloudFront-Viewer-ASN", "16509"),
            HTTPHeader("CloudFront-Viewer-Country", "US"),
            HTTPHeader("Via", clientVia.map { "\($0), \(ids.via)" } ?? ids.via),
            HTTPHeader("X-Amz-Cf-Id", ids.cfId),
        ]
        return received
    }

    /// A `Cookie` header's cookies sorted by name: `b=2; a=1` → `a=1; b=2`. Empty pieces
    /// (`a=1;;b=2`) are dropped; a piece without `=` is a cookie with that name.
    static func sortedCookies(_ value: String) -> String {
        let cookies = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        func name(_ cookie: String) -> Substring { cookie.prefix { $0 != "=" } }
        // Array.sorted is not stable: order by name, then by position.
        let sorted = cookies.enumerated().sorted { lhs, rhs in
            let left = name(lhs.element), right = name(rhs.element)
            if left != right { return left.utf8.lexicographicallyPrecedes(right.utf8) }
            return lhs.offset < rhs.offset
        }
        return sorted.map(\.element).joined(separator: "; ")
    }
}

/// The `Via` hop and `X-Amz-Cf-Id` of one request, derived from its request id (so they
/// repeat in a site build, and drawing them takes nothing from the request's id generator).
struct CloudFrontIDs {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Padded base64 with `-` and `_` for `+` and `/` (RFC 4648 §5), written straight into the
    /// string: Foundation's encoder and two `replacingOccurrences` cost microseconds per answer.
    static func urlSafeBase64(_ bytes: [UInt8]) -> String {
        let count = (bytes.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: count) { buffer in
            var out = 0, index = 0
            while index < bytes.count {
                let b0 = bytes[index]
                let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
                let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
                buffer[out] = alphabet[Int(b0 >> 2)]
                buffer[out + 1] = alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)]
                buffer[out + 2] = index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "=")
                buffer[out + 3] = index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "=")
                out += 4
                index += 3
            }
            return out
        }
    }

    /// `1.1 {32 hex digits}.cloudfront.net (CloudFront)`: the viewer's protocol (the
    /// simulator's is HTTP/1.1, as `$context.protocol` says) and an edge server's host.
    let via: String
    /// 56 characters of URL-safe base64, as CloudFront's request ids are.
    let cfId: String

    init(requestId: String) {
        var generator = IdentifierGenerator(seedText: "cloudfront:" + requestId)
        let digits = Array("0123456789abcdef".utf8)
        var host: [UInt8] = []
        host.reserveCapacity(32)
        for _ in 0..<2 {
            let word = generator.next()
            for shift in stride(from: 60, through: 0, by: -4) { host.append(digits[Int((word >> UInt64(shift)) & 0xF)]) }
        }
        via = "1.1 \(String(decoding: host, as: UTF8.self)).cloudfront.net (CloudFront)"
        var bytes: [UInt8] = []
        while bytes.count < 40 {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) where bytes.count < 40 { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        cfId = Self.urlSafeBase64(bytes)
    }
}
