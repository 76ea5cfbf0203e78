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
        let gatewayRequest = GatewayRequest(method: request.method.rawValue, path: path, headers: headers,
                                            body: String(decoding: body.readableBytesView, as: UTF8.self))
        var ids = IdentifierGenerator(seed: UInt64.random(in: .min ... .max))
        do {
            let transcript = try await live.gateway.invoke(gatewayRequest, at: endpoint, ids: &ids, sourceIp: sourceIp)
            return Self.response(transcript.response)
        } catch {
            // The /_gateway/{api}/{stage}/ form naming a stage the API does not have: answered
            // as API Gateway's front end answers an unknown stage.
            return Self.response(.forbidden)
        }
    }

    static func response(_ response: GatewayResponse) -> Response {
        var fields = HTTPFields()
        fields.reserveCapacity(response.headers.count)
        for header in response.headers {
            // The server writes its own framing headers.
            if header.hasName("Content-Length") || header.hasName("Transfer-Encoding") || header.hasName("Connection") { continue }
            guard let name = HTTPField.Name(header.name) else { continue }
            fields.append(HTTPField(name: name, value: header.value))
        }
        return Response(status: .init(code: response.status), headers: fields,
                        body: .init(byteBuffer: ByteBuffer(string: response.body)))
    }
}
