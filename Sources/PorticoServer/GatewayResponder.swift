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
        guard case .endpoint(let endpoint, let path) = address else { return Self.response(.forbidden) }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.bodyLimit)
        } catch {
            return Self.response(.requestTooLong)
        }
        var headers: [HTTPHeader] = []
        headers.reserveCapacity(request.headers.count + 1)
        for field in request.headers {
            headers.append(HTTPHeader(field.name.rawName, field.value))
        }
        if let authority = request.head.authority, headers.value(for: "Host") == nil {
            headers.insert(HTTPHeader("Host", authority), at: 0)
        }
        // One gateway for the whole request, even if serve swaps in a rebuilt one meanwhile.
        let gateway = live.gateway
        let binaryTypes = gateway.project.api(named: endpoint.api)?.binaryMediaTypes ?? BinaryMediaTypes([])
        let payload = Self.requestBody(body, contentType: headers.value(for: "Content-Type"), binaryTypes: binaryTypes)
        let gatewayRequest = GatewayRequest(method: request.method.rawValue, path: path, headers: headers,
                                            body: payload.body, isBase64Encoded: payload.isBase64Encoded)
        var ids = IdentifierGenerator(seed: UInt64.random(in: .min ... .max))
        do {
            let transcript = try await gateway.invoke(gatewayRequest, at: endpoint, ids: &ids, sourceIp: sourceIp)
            return Self.response(transcript.response)
        } catch {
            // The /_gateway/{api}/{stage}/ form naming a stage the API does not have: answered
            // as API Gateway's front end answers an unknown stage.
            return Self.response(.forbidden)
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
        fields.reserveCapacity(response.headers.count)
        for header in response.headers {
            // The server writes its own framing headers.
            if header.hasName("Content-Length") || header.hasName("Transfer-Encoding") || header.hasName("Connection") { continue }
            guard let name = HTTPField.Name(header.name) else { continue }
            fields.append(HTTPField(name: name, value: header.value))
        }
        let body = response.isBase64Encoded ? Base64.decode(response.body).map { ByteBuffer(bytes: $0) } : nil
        return Response(status: .init(code: response.status), headers: fields,
                        body: .init(byteBuffer: body ?? ByteBuffer(string: response.body)))
    }
}
