import Foundation
import HTTPTypes
import Hummingbird
import PorticoGateway

/// Carries an HTTP request from a real client through the simulated gateway and back.
struct GatewayResponder: Sendable {
    let live: LiveGateway

    /// The REST payload limit plus one byte, so a larger body is detected without reading it all.
    static let bodyLimit = 10 * 1024 * 1024 + 1

    func respond(to request: Request, at address: GatewayAddress, sourceIp: String) async -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.bodyLimit)
        } catch {
            // AWS-BEHAVIOUR fact 111: payloads over 10 MB are refused with 413.
            return Self.response(GatewayResponse(status: 413, headers: [HTTPHeader("Content-Type", "application/json"),
                                                                         HTTPHeader("x-amzn-ErrorType", "RequestTooLongException")],
                                                 body: #"{"message":"Request Too Long"}"#))
        }
        var headers: [HTTPHeader] = []
        headers.reserveCapacity(request.headers.count)
        for field in request.headers {
            headers.append(HTTPHeader(field.name.rawName, field.value))
        }
        if let authority = request.head.authority, headers.value(for: "Host") == nil {
            headers.insert(HTTPHeader("Host", authority), at: 0)
        }
        let binaryTypes = live.gateway.project.api(named: address.api)?.binaryMediaTypes ?? BinaryMediaTypes([])
        let payload = Self.requestBody(body, contentType: headers.value(for: "Content-Type"), binaryTypes: binaryTypes)
        let gatewayRequest = GatewayRequest(method: request.method.rawValue, path: address.path, headers: headers,
                                            body: payload.body, isBase64Encoded: payload.isBase64Encoded)
        var ids = IdentifierGenerator(seed: UInt64.random(in: .min ... .max))
        do {
            let transcript = try await live.gateway.invoke(gatewayRequest, api: address.api, stage: address.stage, ids: &ids, sourceIp: sourceIp)
            return Self.response(transcript.response)
        } catch {
            // A stage that does not exist on an existing API is answered as API Gateway's edge
            // does for an unknown stage: 403 Forbidden.
            return Self.response(GatewayResponse(status: 403, headers: [HTTPHeader("Content-Type", "application/json"),
                                                                         HTTPHeader("x-amzn-ErrorType", "ForbiddenException")],
                                                 body: #"{"message":"Forbidden"}"#))
        }
    }

    /// The body as the gateway takes it: text when it is UTF-8 of a type that is not binary,
    /// else base64 with `isBase64Encoded` (binary media types: DG: api-gateway-payload-encodings).
    static func requestBody(_ buffer: ByteBuffer, contentType: String?, binaryTypes: BinaryMediaTypes) -> (body: String, isBase64Encoded: Bool) {
        let bytes = buffer.readableBytesView
        if bytes.isEmpty { return ("", false) }
        if !binaryTypes.matches(contentType), let text = String(validating: bytes, as: UTF8.self) { return (text, false) }
        return (Base64.encode(Array(bytes)), true)
    }

    /// The response on the wire: a body flagged `isBase64Encoded` is sent as the bytes it encodes.
    static func response(_ response: GatewayResponse) -> Response {
        var fields = HTTPFields()
        for header in response.headers {
            let lower = header.name.lowercased()
            // The server writes its own framing headers.
            if lower == "content-length" || lower == "transfer-encoding" || lower == "connection" { continue }
            guard let name = HTTPField.Name(header.name) else { continue }
            fields[values: name] = fields[values: name] + [header.value]
        }
        let body = response.isBase64Encoded ? Base64.decode(response.body).map { ByteBuffer(bytes: $0) } : nil
        return Response(status: .init(code: response.status), headers: fields,
                        body: .init(byteBuffer: body ?? ByteBuffer(string: response.body)))
    }
}
