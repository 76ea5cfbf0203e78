import PorticoModel

/// Routing: the resource tree, then the method (exact, else ANY). No resource or no method
/// answers 403 Missing Authentication Token, as AWS does (recorded AWS response: LocalStack
/// tests/aws/services/apigateway/test_apigateway_common.snapshot.json, test_routing_not_found),
/// or, when the request carries an `Authorization` header that is not a complete SigV4
/// signature, the incomplete-signature answer (``IAMAuthorization/unmatchedRouteFailure(_:)``).
final class RoutingStage: PipelineStage {
    let name = StageName.routing

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        exchange.queryParameters = QueryString.parse(exchange.request.rawQuery)
        let table = exchange.deployed.routes
        // Leading slashes are one; `$context.path` keeps them as sent (GatewayRequest.routedPath).
        let path = exchange.request.routedPath
        guard let (resource, parameters) = table.matcher.matchResource(path: path) else {
            return .fail(IAMAuthorization.unmatchedRouteFailure(exchange), "no resource matches \(path)")
        }
        // $context.httpMethod: the request's method, upper-cased once when it arrived.
        let method = exchange.context.httpMethod
        // GET does not serve HEAD; only an explicit method or ANY does (LocalStack code,
        // next_gen/execute_api/handlers/resource_router.py; not recorded against AWS).
        guard let routed = table.method(resource: resource, method: method) else {
            return .fail(IAMAuthorization.unmatchedRouteFailure(exchange), "resource \(table.matcher.resourcePaths[resource]) has no \(method) method")
        }
        exchange.route = RouteMatch(method: routed, pathParameters: parameters)
        // The resource's path is its operation's (routes are indexed by it).
        exchange.context.resourcePath = routed.operation.path
        exchange.context.resourceId = routed.resourceId
        return .proceed(TraceDetail {
            let shown = parameters.isEmpty ? "" : " with " + parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
            return "\(routed.operation.method.rawValue) \(routed.operation.path)\(shown)"
        })
    }
}

/// A resource id as AWS prints them (six lower-case letters and digits), stable per path.
func resourceIdentifier(for path: String) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    var generator = IdentifierGenerator(seed: stableHash("resource:" + path))
    return String((0..<6).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
}
