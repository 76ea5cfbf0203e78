import Foundation

/// Routing, HTTP API style (DG: http-api-develop-routes, "Routing API requests"): the most
/// specific route whose path and method match (``RouteTable/route(path:method:)``: full
/// match, then path variables, then a greedy `{proxy+}`; the method itself before ANY), else
/// the `$default` route, else 404 `{"message":"Not Found"}` (REST answers 403 Missing
/// Authentication Token instead).
final class HTTPRoutingStage: PipelineStage {
    let name = StageName.routing

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        exchange.queryParameters = QueryString.parse(exchange.request.rawQuery)
        let path = exchange.request.routedPath
        let method = exchange.context.httpMethod
        guard let (routed, parameters) = exchange.deployed.routes.route(path: path, method: method) else {
            // A preflight needs no route when the API has a CORS configuration: the cors
            // stage answers it (DG: http-api-cors).
            if exchange.deployed.cors != nil, method == "OPTIONS", exchange.request.headers.value(for: "Access-Control-Request-Method") != nil {
                return .proceed(TraceDetail { "no route matches OPTIONS \(path); the API's CORS configuration answers preflight requests" })
            }
            return .fail(.routeNotFound, TraceDetail { "no route matches \(method) \(path), and the API has no $default route" })
        }
        // API Gateway decodes URL-encoded path parameters before they reach the integration
        // (DG: http-api-develop-routes, the note at the top of the page).
        let decoded = parameters.map { (name: $0.name, value: $0.value.removingPercentEncoding ?? $0.value) }
        exchange.route = RouteMatch(method: routed, pathParameters: decoded)
        exchange.context.resourcePath = routed.operation.path
        exchange.context.resourceId = routed.resourceId
        let routeKey = routed.operation.routeKey
        return .proceed(TraceDetail {
            let shown = decoded.isEmpty ? "" : " with " + decoded.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
            let why = routeKey == "$default" ? " (no other route matches \(method) \(path))" : ""
            return "route \(routeKey)\(shown)\(why)"
        })
    }
}
