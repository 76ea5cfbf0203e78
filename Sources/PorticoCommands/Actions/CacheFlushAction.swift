import Foundation
import PorticoGateway
import PorticoRuntime

/// `portico cache flush`: empties a stage's cache in a running `portico serve`
/// (`POST /_portico/cache/flush`). The entries live in the gateway that answered the
/// requests, so this command asks that server, and says so plainly when none answers.
public struct CacheFlushAction: Sendable {
    public var api: String
    public var stage: String
    /// The running server's base URL.
    public var serverURL: String

    public init(api: String, stage: String, serverURL: String = "http://127.0.0.1:8080") {
        self.api = api
        self.stage = stage
        self.serverURL = serverURL
    }

    public func run(console: Console) async -> ExitStatus {
        guard var url = URLComponents(string: serverURL), url.scheme == "http", url.host != nil else {
            console.err("error: --url must be the http:// address of a running 'portico serve', not '\(serverURL)'\n")
            return .usage
        }
        url.path = "/_portico/cache/flush"
        url.queryItems = [URLQueryItem(name: "api", value: api), URLQueryItem(name: "stage", value: stage)]
        let transport = HTTPClientTransport(maxResponseBody: 1 << 16)
        let result = await transport.send(OutboundHTTPRequest(method: "POST", url: url.string ?? serverURL), timeout: .seconds(5))
        await transport.shutdown()
        switch result {
        case .response(let status, _, let body):
            let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
            if status == 200, let count = object?["flushedEntries"] as? Int {
                console.out("flushed the cache of stage '\(stage)' of API '\(api)': \(count) \(count == 1 ? "entry" : "entries")\n")
                return .success
            }
            console.err("error: \(object?["error"] as? String ?? "HTTP \(status): \(String(decoding: body, as: UTF8.self))")\n")
            return status == 404 || status == 400 ? .usage : .inputProblems
        case .timeout, .failed:
            console.err("error: no 'portico serve' answers at \(serverURL): the stage cache lives in the running gateway, so there is nothing to flush; start 'portico serve' first, or give its address with --url\n")
            return .inputProblems
        }
    }
}
