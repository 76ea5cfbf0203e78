import HTTPTypes
import Hummingbird

/// Keeps `serve`'s own endpoints (`/_portico/…`: invoke, identities, keys, usage, events and
/// whatever joins them) for the person at this machine. They run the project's functions and
/// sign requests as its IAM users, so a web page open in the same browser must not drive them:
///
/// - **DNS rebinding.** A hostile name that resolves to 127.0.0.1 makes the browser treat
///   `serve` as that site's own origin. Such a request still carries the hostile name in
///   `Host`, so only an IP literal, `localhost` or a `*.localhost` name (which browsers resolve
///   to loopback themselves, RFC 6761) is answered.
/// - **Cross-site writes.** A page elsewhere can POST a form or a `text/plain` fetch without a
///   preflight. Browsers name the page's origin in `Origin` (and `Sec-Fetch-Site`), so a write
///   whose `Origin` is not this server's own, or whose `Sec-Fetch-Site` says cross-site, is
///   refused. Clients that are not browsers (curl, `portico usage`) send neither and pass.
///
/// Refusals are 403 with the same JSON shape as the endpoints' other errors. The simulated
/// gateway is not behind this guard: it answers any host and origin, as API Gateway does.
struct LocalRequestGuard<Context: Hummingbird.RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/_portico/") else { return try await next(request, context) }
        if let refusal = Self.refusal(method: request.method, host: request.head.authority,
                                      origin: request.headers[.origin], fetchSite: request.headers[HTTPField.Name("Sec-Fetch-Site")!]) {
            return Response(status: .forbidden, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: "{\"error\":\"\(refusal)\"}")))
        }
        return try await next(request, context)
    }

    /// Why the request is refused, or nil when it may go on.
    static func refusal(method: HTTPRequest.Method, host: String?, origin: String?, fetchSite: String?) -> String? {
        // A browser always sends Host; a client that sends none is not a browser.
        if let host, !(hostName(host).map(isLocal) ?? false) {
            return "serve's own endpoints answer requests addressed to a loopback name or an IP address only"
        }
        guard method != .get, method != .head, method != .options else { return nil }
        if let fetchSite, fetchSite != "same-origin", fetchSite != "none" {
            return "a \(fetchSite) request may not call serve's own endpoints"
        }
        if let origin, origin.lowercased() != "http://" + (host ?? "").lowercased(), origin.lowercased() != "https://" + (host ?? "").lowercased() {
            return "a request from another origin may not call serve's own endpoints"
        }
        return nil
    }

    /// `127.0.0.1:8080` → `127.0.0.1`, `[::1]:8080` → `::1`, `LocalHost` → `localhost`; nil
    /// when the value is not a host (with an optional port).
    static func hostName(_ authority: String) -> String? {
        var text = Substring(authority.lowercased())
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isNumber)) else { return nil }
            return String(text[text.index(after: text.startIndex)..<close])
        }
        if let colon = text.lastIndex(of: ":") {
            guard text[text.index(after: colon)...].allSatisfy(\.isNumber) else { return nil }
            text = text[..<colon]
        }
        return text.isEmpty ? nil : String(text)
    }

    static func isLocal(_ name: String) -> Bool {
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        if name.contains(":") { return name.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } }   // IPv6 literal
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isNumber) && Int(part)! <= 255
        }
    }
}

