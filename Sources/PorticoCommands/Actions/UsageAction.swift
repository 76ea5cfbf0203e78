import Foundation
import PorticoGateway
import PorticoRuntime

/// `portico usage`: a usage plan's usage in AWS's GetUsage shape, read from a running
/// `portico serve` (`GET /_portico/usage`). Usage is counted by the gateway that answers the
/// requests, so it lives in the serving process; this command asks it.
public struct UsageAction: Sendable {
    public var plan: String
    public var startDate: String?
    public var endDate: String?
    /// The running server's base URL.
    public var serverURL: String

    public init(plan: String, startDate: String?, endDate: String?, serverURL: String = "http://127.0.0.1:8080") {
        self.plan = plan
        self.startDate = startDate
        self.endDate = endDate
        self.serverURL = serverURL
    }

    public func run(console: Console) async -> ExitStatus {
        for (option, text) in [("--start-date", startDate), ("--end-date", endDate)] {
            if let text, UsageReport.day(text) == nil {
                console.err("error: \(option) must be a date as yyyy-MM-dd, not '\(text)'\n")
                return .usage
            }
        }
        guard var url = URLComponents(string: serverURL), url.scheme == "http", url.host != nil else {
            console.err("error: --url must be the http:// address of a running 'portico serve', not '\(serverURL)'\n")
            return .usage
        }
        url.path = "/_portico/usage"
        url.queryItems = [URLQueryItem(name: "plan", value: plan)]
            + [("startDate", startDate), ("endDate", endDate)].compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        let transport = HTTPClientTransport(maxResponseBody: 1 << 20)
        let result = await transport.send(OutboundHTTPRequest(method: "GET", url: url.string ?? serverURL), timeout: .seconds(5))
        await transport.shutdown()
        switch result {
        case .response(let status, _, let body):
            let text = String(decoding: body, as: UTF8.self)
            if status == 200 {
                console.out(text + "\n")
                return .success
            }
            let message = (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["error"] as? String ?? "HTTP \(status): \(text)"
            console.err("error: \(message)\n")
            return status == 404 || status == 400 ? .usage : .inputProblems
        case .timeout, .failed:
            console.err("error: no 'portico serve' answers at \(serverURL): usage is counted by the gateway that serves the requests; start 'portico serve' first, or give its address with --url\n")
            return .inputProblems
        }
    }
}
