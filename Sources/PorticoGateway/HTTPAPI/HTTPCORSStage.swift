import Foundation
import PorticoModel

/// CORS, HTTP API style (DG: http-api-cors): an API with a CORS configuration
/// (`x-amazon-apigateway-cors`) answers preflight requests itself, with no OPTIONS route, and
/// adds the configured headers to every answer to a request with an `Origin`, dropping the
/// backend's own CORS headers.
///
/// Which preflights reach a route: an explicit `OPTIONS` route always takes them; so does a
/// catch-all (`ANY` route or `$default`) that has an authorizer, which then authorizes the
/// preflight, the trap DG: http-api-cors warns about for `$default` with an authorizer. A
/// catch-all without an authorizer, or no route at all, leaves the preflight to the gateway.
/// The guide does not say what an `ANY` route without authorizer does with a preflight;
/// Portico answers it at the gateway, as for a path with no route.
final class HTTPCORSStage: PipelineStage {
    let name = StageName.cors
    var phases: StagePhases { [.request, .response] }

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let cors = exchange.deployed.cors else { return .skip("the API has no CORS configuration") }
        let headers = exchange.request.headers
        guard exchange.context.httpMethod == "OPTIONS", let origin = headers.value(for: "Origin"),
              let requested = headers.value(for: "Access-Control-Request-Method") else {
            return .skip("not a preflight request")
        }
        if let route = exchange.route?.operation {
            if route.method == .options {
                return .skip(TraceDetail { "preflight goes to the explicit route \(route.routeKey)" })
            }
            if route.authorizationType != .none {
                return .skip(TraceDetail { "preflight goes to \(route.routeKey), which has an authorizer: the preflight must be authorized (DG: http-api-cors)" })
            }
        }
        var response = GatewayResponse(status: 204)
        let allowed = cors.preflightHeaders(origin: origin, method: requested)
        response.headers = allowed
        exchange.response = response
        exchange.answeredPreflight = true
        return .answer(TraceDetail {
            allowed.isEmpty ? "preflight from \(origin) for \(requested) is not allowed by the CORS configuration: 204 without CORS headers"
                : "preflight from \(origin) for \(requested) answered by the gateway from the CORS configuration"
        })
    }

    func respond(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard !exchange.answeredPreflight else { return .skip("the preflight's answer carries its CORS headers") }
        guard let cors = exchange.deployed.cors, let origin = exchange.request.headers.value(for: "Origin"),
              var response = exchange.response else { return .skip("no CORS headers to add") }
        response.headers.removeAll { $0.name.lowercased().hasPrefix("access-control-") }
        let added = cors.responseHeaders(origin: origin)
        response.headers += added
        exchange.response = response
        return .proceed(TraceDetail { added.isEmpty ? "origin \(origin) is not allowed: backend CORS headers removed, none added" : "CORS headers for origin \(origin) added; the backend's ignored" })
    }
}

extension CORSConfiguration {
    /// The origin to allow, as `Access-Control-Allow-Origin` says it: `*` when every origin is
    /// allowed (and credentials are not), the request's origin when listed, else nil.
    func allowedOrigin(_ origin: String) -> String? {
        if allowOrigins.contains(where: { $0.caseInsensitiveCompare(origin) == .orderedSame }) { return origin }
        if allowOrigins.contains("*") { return allowCredentials ? origin : "*" }
        return nil
    }

    /// The headers of a preflight's answer (DG: http-api-cors: allowOrigins, allowCredentials,
    /// maxAge, allowMethods, allowHeaders); none when the origin or method is not allowed.
    func preflightHeaders(origin: String, method: String) -> [HTTPHeader] {
        guard let allowed = allowedOrigin(origin) else { return [] }
        guard allowMethods.contains("*") || allowMethods.contains(where: { $0.caseInsensitiveCompare(method) == .orderedSame }) else { return [] }
        var headers = [HTTPHeader("access-control-allow-origin", allowed)]
        if allowCredentials { headers.append(HTTPHeader("access-control-allow-credentials", "true")) }
        if !allowMethods.isEmpty { headers.append(HTTPHeader("access-control-allow-methods", allowMethods.joined(separator: ","))) }
        if !allowHeaders.isEmpty { headers.append(HTTPHeader("access-control-allow-headers", allowHeaders.joined(separator: ","))) }
        if let maxAge { headers.append(HTTPHeader("access-control-max-age", String(maxAge))) }
        return headers
    }

    /// The headers added to an answer for a request from `origin` (DG: http-api-cors:
    /// allowOrigins, allowCredentials, exposeHeaders).
    func responseHeaders(origin: String) -> [HTTPHeader] {
        guard let allowed = allowedOrigin(origin) else { return [] }
        var headers = [HTTPHeader("access-control-allow-origin", allowed)]
        if allowCredentials { headers.append(HTTPHeader("access-control-allow-credentials", "true")) }
        if !exposeHeaders.isEmpty { headers.append(HTTPHeader("access-control-expose-headers", exposeHeaders.joined(separator: ","))) }
        return headers
    }
}
