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
        let gatewayRequest = GatewayRequest(method: request.method.rawValue, path: address.path, headers: headers,
                                            body: String(decoding: body.readableBytesView, as: UTF8.self))
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

    static func response(_ response: GatewayResponse) -> Response {
        var fields = HTTPFields()
        for header in response.headers {
            let lower = header.name.lowercased()
            // The server writes its own framing headers.
            if lower == "content-length" || lower == "transfer-encoding" || lower == "connection" { continue }
            guard let name = HTTPField.Name(header.name) else { continue }
            fields[values: name] = fields[values: name] + [header.value]
        }
        return Response(status: .init(code: response.status), headers: fields,
                        body: .init(byteBuffer: ByteBuffer(string: response.body)))
    }
}
