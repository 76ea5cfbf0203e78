import Foundation
import PorticoModel

/// A payload as API Gateway's conversion tables see it: text, or binary data. Binary data
/// travels as base64 text with `isBase64Encoded` set, the shape `GatewayRequest`,
/// `IntegrationRequest`, `IntegrationResult` and `GatewayResponse` all use.
struct Payload: Equatable {
    var body: String
    var isBase64Encoded: Bool

    static func text(_ body: String) -> Payload { Payload(body: body, isBase64Encoded: false) }
    static func binary(_ bytes: [UInt8]) -> Payload { Payload(body: Base64.encode(bytes), isBase64Encoded: true) }

    /// What a backend answered, classified by its Content-Type: binary when the type is one of
    /// the API's binary media types, else text (invalid UTF-8 replaced, as a text payload is a
    /// UTF-8 string).
    static func fromBackend(_ bytes: [UInt8], contentType: String?, binaryTypes: BinaryMediaTypes) -> Payload {
        binaryTypes.matches(contentType) ? .binary(bytes) : .text(String(decoding: bytes, as: UTF8.self))
    }
}

/// `contentHandling` and `binaryMediaTypes`: how API Gateway converts a payload between text
/// and binary on the way to the integration and on the way back, row by row as the two tables
/// of DG: api-gateway-payload-encodings-workflow give it:
///
/// ```
/// request (by Content-Type)     undefined      CONVERT_TO_BINARY        CONVERT_TO_TEXT
///   text                        text           base64-decoded blob      text
///   binary                      binary         binary                   base64-encoded string
///
/// response (by first Accept)    undefined      CONVERT_TO_BINARY        CONVERT_TO_TEXT
///   text,   Accept text         text           base64-decoded blob      text
///   text,   Accept binary       base64-decoded blob  "                  text
///   binary, Accept text         base64 string  binary                   base64-encoded string
///   binary, Accept binary       binary         binary                   base64-encoded string
/// ```
///
/// A payload is binary when its Content-Type matches the API's binary media types, so with
/// none declared every payload is text. Decoding text that is not base64 fails, and API
/// Gateway answers 500 (an API configuration error), as the page says.
enum ContentConversion {
    struct NotBase64: Error, Equatable {}

    /// The method request's payload, classified by its Content-Type as ``BinaryMediaTypes``
    /// matches it. A request without a Content-Type is text, whatever the list holds (AWS is
    /// silent on it; Portico's choice). A request flagged `isBase64Encoded` whose type is not
    /// binary is text: its bytes read as UTF-8.
    static func methodRequest(_ request: GatewayRequest, binaryTypes: BinaryMediaTypes) -> Payload {
        if request.body.isEmpty { return .text("") }
        let binary = !binaryTypes.isEmpty && binaryTypes.matches(request.headers.value(for: "Content-Type"))
        // A text payload is a UTF-8 string: bytes that are not UTF-8 are replaced.
        return binary ? .binary(request.body) : .text(String(decoding: request.body, as: UTF8.self))
    }

    /// The integration request's payload (first table).
    static func integrationRequest(_ payload: Payload, handling: ContentHandling?) -> Result<Payload, NotBase64> {
        switch (payload.isBase64Encoded, handling) {
        case (false, .convertToBinary?): decoded(payload.body)
        case (true, .convertToText?): .success(.text(payload.body))
        default: .success(payload)
        }
    }

    /// The method response's payload (second table).
    static func methodResponse(_ payload: Payload, acceptsBinary: Bool, handling: ContentHandling?) -> Result<Payload, NotBase64> {
        switch (payload.isBase64Encoded, handling) {
        case (false, .convertToBinary?), (false, nil) where acceptsBinary: decoded(payload.body)
        case (true, .convertToText?), (true, nil) where !acceptsBinary: .success(.text(payload.body))
        default: .success(payload)
        }
    }

    /// Proxy integrations have no integration response: binary data goes back as binary when
    /// the first Accept type is binary, else as its base64 text. For a Lambda proxy function
    /// that sets `isBase64Encoded`, this is what AWS does (recorded AWS response: LocalStack
    /// tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
    /// test_aws_proxy_response_payload_format_validation › invoke-api-b64-encoded-true).
    static func proxyResponse(_ payload: Payload, acceptsBinary: Bool) -> Result<Payload, NotBase64> {
        guard payload.isBase64Encoded else { return .success(payload) }
        guard acceptsBinary else { return .success(.text(payload.body)) }
        return Base64.decode(payload.body) == nil ? .failure(NotBase64()) : .success(payload)
    }

    private static func decoded(_ text: String) -> Result<Payload, NotBase64> {
        guard let bytes = Base64.decode(text) else { return .failure(NotBase64()) }
        return .success(.binary(bytes))
    }
}

/// Standard base64 (RFC 4648, with padding), the alphabet API Gateway and Lambda use.
public enum Base64 {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// The bytes, or nil when `text` is not base64.
    public static func decode(_ text: String) -> [UInt8]? {
        if text.isEmpty { return [] }
        return Data(base64Encoded: text).map { Array($0) }
    }

    /// How many bytes `text` decodes to, without decoding it (for Content-Length).
    public static func decodedCount(_ text: String) -> Int {
        let count = text.utf8.count
        guard count >= 4 else { return decode(text)?.count ?? 0 }
        let padding = text.utf8.suffix(2).filter { $0 == UInt8(ascii: "=") }.count
        return count / 4 * 3 - padding
    }
}

extension GatewayRequest {
    /// The body's size in bytes.
    public var payloadSize: Int { body.count }
}

extension GatewayResponse {
    /// The body's size in bytes as the client receives it.
    public var payloadSize: Int { isBase64Encoded ? Base64.decodedCount(body) : body.utf8.count }
}

extension IntegrationRequest {
    /// The bytes the integration receives.
    public var bodyBytes: [UInt8] { isBase64Encoded ? Base64.decode(body) ?? [] : Array(body.utf8) }
}

/// How transcripts show a body: text as it is, binary data as a short summary
/// (`<binary, 1,234 bytes>`) rather than base64 or garbage.
public enum BodySummary {
    public static func text(_ body: String, isBase64Encoded: Bool) -> String {
        isBase64Encoded ? "<binary, \(grouped(Base64.decodedCount(body))) bytes>" : body
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ number: Int) -> String {
        let digits = String(number)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}

extension ContentConversion {
    /// The log line API Gateway writes when a request payload cannot be converted.
    static let requestFailureLog = "Execution failed due to configuration error: Unable to transform request"
    /// The log line API Gateway writes when a response payload cannot be converted.
    static let responseFailureLog = "Execution failed due to configuration error: Unable to transform response"

    /// A non-proxy integration's request payload, before any mapping template.
    static func integrationRequest(for exchange: Exchange, handling: ContentHandling?) -> Result<Payload, NotBase64> {
        integrationRequest(exchange.payload, handling: handling)
    }

    /// The method response's payload for a non-proxy integration's result, by the client's
    /// first Accept type and the selected integration response's `contentHandling`.
    static func methodResponse(for exchange: Exchange, result: IntegrationResult, handling: ContentHandling?) -> Result<Payload, NotBase64> {
        let payload = Payload(body: result.body, isBase64Encoded: result.isBase64Encoded)
        let binaryTypes = exchange.deployed.binaryMediaTypes
        if binaryTypes.isEmpty && !payload.isBase64Encoded && handling == nil { return .success(payload) }
        return methodResponse(payload, acceptsBinary: binaryTypes.acceptsBinary(exchange.request.headers.value(for: "Accept")), handling: handling)
    }

    /// A proxy integration's response, made binary or left as base64 text by the first Accept type.
    static func proxyResponse(_ response: GatewayResponse, for exchange: Exchange) -> Result<GatewayResponse, NotBase64> {
        guard response.isBase64Encoded else { return .success(response) }
        let accepts = exchange.deployed.binaryMediaTypes.acceptsBinary(exchange.request.headers.value(for: "Accept"))
        return proxyResponse(Payload(body: response.body, isBase64Encoded: true), acceptsBinary: accepts).map { payload in
            var copy = response
            copy.body = payload.body
            copy.isBase64Encoded = payload.isBase64Encoded
            return copy
        }
    }
}
