import PorticoModel

/// Routing: the resource tree, then the method (exact, else ANY). No resource or no method
/// answers 403 Missing Authentication Token, as AWS does (AWS-BEHAVIOUR fact 6).
final class RoutingStage: SynchronousStage {
    let name = StageName.routing

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        exchange.queryParameters = QueryString.parse(exchange.request.rawQuery)
        let table = exchange.deployed.routes
        guard let (resourcePath, parameters) = table.matcher.match(path: exchange.request.rawPath) else {
            return .fail(.missingAuthenticationToken, "no resource matches \(exchange.request.rawPath)")
        }
        let method = exchange.request.method.uppercased()
        // AWS-BEHAVIOUR fact 20: GET does not serve HEAD; only an explicit method or ANY does.
        guard let routed = table.method(resourcePath: resourcePath, method: method) else {
            return .fail(.missingAuthenticationToken, "resource \(resourcePath) has no \(method) method")
        }
        exchange.route = RouteMatch(method: routed, pathParameters: parameters)
        exchange.context.resourcePath = resourcePath
        exchange.context.resourceId = routed.resourceId
        return .proceed(TraceDetail {
            let shown = parameters.isEmpty ? "" : " with " + parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
            return "\(routed.operation.method.rawValue) \(resourcePath)\(shown)"
        })
    }
}

/// A resource id as AWS prints them (six lower-case letters and digits), stable per path.
func resourceIdentifier(for path: String) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    var generator = IdentifierGenerator(seed: stableHash("resource:" + path))
    return String((0..<6).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
}
