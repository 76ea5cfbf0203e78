import Foundation
import PorticoGateway

/// `POST /_portico/invoke`: the try-it endpoint. The body is `{api, stage, method, path,
/// headers, body}` (as README.md documents it), optionally `as`: the name of an identity of the
/// project to send it as, and `apiKey`: the name of a project API
/// key whose value the server sends as `X-API-Key`, so a page never holds a key's value, and
/// `release`: `canary` or `main`, the release of a stage with a canary to run it on (an
/// example's `canary=`; left out, drawn at random as AWS does); the
/// reply is the transcript's JSON, the same object `portico invoke --format json` prints.
/// Runs a request for try-it and returns the example panel's HTML, or nil when it cannot.
public typealias TryItRenderer = @Sendable (_ request: GatewayRequest, _ endpoint: Endpoint) async -> String?

public struct InvokeEndpoint: Sendable {
    public let live: LiveGateway

    public init(gateway: Gateway) {
        live = LiveGateway(gateway)
    }

    public init(gateway: LiveGateway) {
        live = gateway
    }

    /// The largest request body the endpoint reads: the 10 MB REST payload plus room for the envelope.
    public static let maximumBodyBytes = 11 * 1024 * 1024

    struct Payload: Decodable {
        var api: String
        var stage: String
        var method: String?
        var path: String
        var headers: [String: String]?
        var body: String?
        /// The body is base64 of binary data, as the transcript JSON writes it.
        var isBase64Encoded: Bool?
        /// The name of an API key of the project to send as X-API-Key.
        var apiKey: String?
        /// The name of an identity of the project to send the request as (`as`): the server
        /// signs it or fetches its token, as that client would.
        var caller: String?
        /// `canary` or `main`: the release the request is pinned to.
        var release: String?

        enum CodingKeys: String, CodingKey {
            case api, stage, method, path, headers, body, isBase64Encoded, apiKey, release
            case caller = "as"
        }
    }

    public struct Reply: Sendable, Equatable {
        public var status: Int
        public var body: Data
        public var contentType: String = "application/json"
    }

    /// - Parameter render: when given, the reply is the transcript rendered as HTML by it
    ///   (try-it's `?format=html`); otherwise the transcript's JSON.
    public func handle(_ body: Data, ids: inout IdentifierGenerator,
                       render: TryItRenderer? = nil) async -> Reply {
        let payload: Payload
        do {
            payload = try JSONDecoder().decode(Payload.self, from: body)
        } catch {
            return problem(400, "the body must be a JSON object {api, stage, method, path, headers, body}: \(error.localizedDescription)")
        }
        guard payload.path.hasPrefix("/") else {
            return problem(400, "path must start with '/': it is relative to the stage's base URL")
        }
        var endpoint = Endpoint(api: payload.api, stage: payload.stage)
        if let release = payload.release {
            guard let channel = ReleaseChannel(rawValue: release) else {
                return problem(400, "release must be \"canary\" or \"main\", not \(jsonQuoted(release))")
            }
            endpoint.channel = channel
        }
        var headers = (payload.headers ?? [:]).sorted { $0.key < $1.key }.map { HTTPHeader($0.key, $0.value) }
        if let name = payload.apiKey, !name.isEmpty {
            let directory = live.gateway.environment.deployments.usagePlans
            guard let key = directory.key(named: name) else {
                let known = directory.keys.map(\.name)
                return problem(400, "no API key named '\(name)'" + (known.isEmpty ? "; the project declares none" : "; known: \(known.joined(separator: ", "))"))
            }
            headers.set("X-API-Key", key.value)
        }
        // `isBase64Encoded` says how the try-it client carried the bytes in JSON; the gateway
        // decides on its own whether they are binary.
        let bytes: [UInt8]
        if payload.isBase64Encoded == true {
            guard let decoded = Base64.decode(payload.body ?? "") else {
                return problem(400, "isBase64Encoded is true but body is not base64")
            }
            bytes = decoded
        } else {
            bytes = Array((payload.body ?? "").utf8)
        }
        var request = GatewayRequest(method: payload.method ?? "GET", path: payload.path, headers: headers, bytes: bytes)
        if let name = payload.caller, !name.isEmpty {
            let gateway = live.gateway
            switch gateway.caller(named: name) {
            case .failure(let failure):
                return problem(400, failure.description)
            case .success(let caller):
                do {
                    request = try gateway.credentialed(request, as: caller, at: endpoint)
                } catch {
                    return problem(400, "cannot send as \(caller.name): \(error.description)")
                }
            }
        }
        if let render, let html = await render(request, endpoint) {
            return Reply(status: 200, body: Data(html.utf8), contentType: "text/html; charset=utf-8")
        }
        do {
            let transcript = try await live.gateway.invoke(request, at: endpoint, ids: &ids)
            return Reply(status: 200, body: transcript.jsonData(pretty: false))
        } catch {
            return problem(404, error.description)
        }
    }

    private func problem(_ status: Int, _ message: String) -> Reply {
        Reply(status: status, body: Data("{\"error\":\(jsonQuoted(message))}".utf8))
    }
}
