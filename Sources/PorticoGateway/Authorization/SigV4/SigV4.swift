import Crypto
import Foundation
import PorticoModel

/// AWS Signature Version 4 for `execute-api`: the signer Portico's own front doors use
/// (`portico invoke --as NAME`, an example's `as=NAME`, try-it in `serve`) and the arithmetic
/// the gateway verifies with, one implementation for both (IAM User Guide:
/// reference_aws-signing, reference_sigv-create-signed-request).
///
/// ```
/// canonical request ──SHA-256──▶ string to sign: AWS4-HMAC-SHA256 \n 20150830T123600Z \n
///                                                20150830/us-east-1/execute-api/aws4_request \n <hash>
/// "AWS4"+secret ─HMAC date─▶ ─HMAC region─▶ ─HMAC service─▶ ─HMAC "aws4_request"─▶ signing key
/// signing key ─HMAC string to sign─▶ signature (hex)
/// ```
///
/// How a front door signs a request for API `orders`, stage `prod`, as IAM user `alice`:
///
/// ```swift
/// let host = Gateway.executeAPIHost(for: api)                 // what the gateway checks `host` against
/// let signed = SigV4.sign(request, host: host, path: "/prod" + request.rawPath,
///                         credentials: alice, date: clock.now())
/// try await gateway.invoke(signed, api: "orders", stage: "prod", ids: &ids)
/// ```
///
/// In process the gateway takes the client's path to be `/{stage}{path}` on the API's
/// execute-api host (``Endpoint/requestPath`` nil); over HTTP it is the path the client sent
/// (`/_gateway/orders/prod/items` on the docs server), which is what the client must sign.
public enum SigV4 {
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The service name of API Gateway's invoke endpoint in a credential scope.
    public static let service = "execute-api"
    static let terminator = "aws4_request"
    /// How far a request's date may be from the gateway's clock, either way: five minutes
    /// (recorded answers: "… (20201027T130007Z - 5 min.)", mhart/aws4#118, an execute-api request).
    static let allowedSkewSeconds: Int64 = 300
    /// The headers a signer leaves out, as botocore's `SigV4Auth` does
    /// (`SIGNED_HEADERS_BLACKLIST`): proxies and clients change them on the way.
    static let unsignedHeaders: Set<String> = ["authorization", "expect", "transfer-encoding", "user-agent", "x-amzn-trace-id"]

    /// The request signed as an AWS SDK signs it: `Host` (set to `host`), `X-Amz-Date` and an
    /// `Authorization` header covering every header it carries but those SDKs leave out
    /// (``unsignedHeaders``). No `x-amz-content-sha256`: SDKs send it to S3, not to
    /// execute-api.
    ///
    /// - Parameters:
    ///   - request: the request; its path is relative to the stage, its query is signed as is.
    ///   - host: the host the client addresses (a port included when it sends one).
    ///   - path: the path the client puts in its request line, without the query.
    ///   - region: the credential scope's region (the gateway's, us-east-1, unless testing a wrong one).
    ///   - service: the credential scope's service (`execute-api` unless testing a wrong one).
    public static func sign(_ request: GatewayRequest, host: String, path: String, credentials: IAMUser,
                            region: String = Gateway.region, service: String = SigV4.service, date: Date) -> GatewayRequest {
        var signed = request
        signed.headers.removeAll { $0.hasName("Authorization") || $0.hasName("X-Amz-Date") || $0.hasName("Host") }
        signed.headers.insert(HTTPHeader("Host", host), at: 0)
        let amzDate = AmzDate.format(date)
        signed.headers.append(HTTPHeader("X-Amz-Date", amzDate))
        let names = Set(signed.headers.map { $0.name.lowercased() }).subtracting(unsignedHeaders).sorted()
        let signedHeaderList = names.joined(separator: ";")
        let canonical = CanonicalRequest(
            method: request.method.uppercased(), path: Substring(path), query: request.rawQuery.map { Substring($0) },
            headers: signed.headers, signedHeaders: names, signedHeaderList: Substring(signedHeaderList),
            payloadHash: payloadHash(request.body))
        let scope = Scope(date: amzDate.prefix(8), region: Substring(region), service: Substring(service))
        let signature = signature(of: canonical, date: amzDate, scope: scope, secret: credentials.secretAccessKey).signature
        signed.headers.append(HTTPHeader("Authorization",
            "\(algorithm) Credential=\(credentials.accessKeyId)/\(scope.text), SignedHeaders=\(signedHeaderList), Signature=\(signature)"))
        return signed
    }

    // MARK: The arithmetic, shared by the signer and the verifier

    /// A credential scope: `20150830/us-east-1/execute-api/aws4_request`.
    struct Scope {
        let date: Substring
        let region: Substring
        let service: Substring
        var text: String { "\(date)/\(region)/\(service)/\(SigV4.terminator)" }
    }

    /// The signature of a canonical request (lower-case hex), with the string to sign it signs.
    static func signature(of canonical: CanonicalRequest, date: String, scope: Scope, secret: String) -> (signature: String, stringToSign: String) {
        let bytes = stringToSign(of: canonical, date: date, scope: scope)
        let key = signingKey(secret: secret, date: scope.date, region: scope.region, service: scope.service)
        return (hex(HMAC<SHA256>.authenticationCode(for: bytes, using: key)), String(decoding: bytes, as: UTF8.self))
    }

    /// `AWS4-HMAC-SHA256\n{date}\n{scope}\n{hex SHA-256 of the canonical request}`, as bytes.
    static func stringToSign(of canonical: CanonicalRequest, date: String, scope: Scope) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        bytes.append(contentsOf: algorithm.utf8)
        bytes.append(0x0A)
        bytes.append(contentsOf: date.utf8)
        bytes.append(0x0A)
        for part in [scope.date, scope.region, scope.service] {
            bytes.append(contentsOf: part.utf8)
            bytes.append(UInt8(ascii: "/"))
        }
        bytes.append(contentsOf: terminator.utf8)
        bytes.append(0x0A)
        for byte in SHA256.hash(data: canonical.bytes) {
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0x0F)])
        }
        return bytes
    }

    /// The key that signs one day's requests to one region and service.
    static func signingKey(secret: String, date: Substring, region: Substring, service: Substring) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + secret).utf8))
        for part in [date, region, service, Substring(terminator)] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }

    /// The hex SHA-256 of a body: the canonical request's last line.
    static func payloadHash(_ body: [UInt8]) -> String {
        body.isEmpty ? emptyPayloadHash : hex(SHA256.hash(data: body))
    }

    /// SHA-256 of nothing, the hash of every request without a body.
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hex, as SigV4 writes hashes and signatures.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
