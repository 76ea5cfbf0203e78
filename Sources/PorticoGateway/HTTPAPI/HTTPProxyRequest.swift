import Foundation
import PorticoModel
import Velocity

/// What an HTTP API's HTTP_PROXY integration sends (DG: http-api-develop-integrations-http):
/// the integration URI with stage variables and the route's path variables substituted
/// (`https://backend/{proxy}`), or, for the `$default` route, the URI followed by the full
/// request path (DG: http-api-develop-routes, "Working with the $default route"); the query
/// string and headers as the client sent them, Host the backend's; then the route's request
/// parameter mappings (DG: http-api-parameter-mapping).
enum HTTPProxyRequest {
    /// Headers the gateway sets itself on the answer, never the backend's.
    static let hopByHop: Set<String> = ["connection", "content-length", "date", "transfer-encoding", "keep-alive"]

    static func outbound(for exchange: Exchange, integration: Integration) -> OutboundHTTPRequest {
        var url = HTTPIntegration.substituteStageVariables(in: integration.uri ?? "", exchange: exchange)
        for parameter in exchange.route?.pathParameters ?? [] {
            url = url.replacingOccurrences(of: "{\(parameter.name)}", with: parameter.value)
        }
        if exchange.route?.operation.path == Operation.defaultRoutePath {
            if url.hasSuffix("/") { url.removeLast() }
            url += exchange.request.routedPath
        }
        var query = exchange.request.rawQuery.map { $0.isEmpty ? [] : $0.split(separator: "&").map(String.init) } ?? []
        var headers = exchange.forwardedHeaders.filter { !$0.hasName("Host") }
        let mappings = exchange.route?.method.httpMappings
        for rule in mappings?.request ?? [] {
            let value = evaluate(rule.value, exchange: exchange, response: nil)
            switch (rule.operation, rule.target) {
            case (.append, .header(let name)): headers.append(HTTPHeader(name, value))
            case (.overwrite, .header(let name)): headers.removeAll { $0.hasName(name) }; headers.append(HTTPHeader(name, value))
            case (.remove, .header(let name)): headers.removeAll { $0.hasName(name) }
            case (.append, .querystring(let name)): query.append("\(HTTPIntegration.formEncode(name))=\(HTTPIntegration.formEncode(value))")
            case (.overwrite, .querystring(let name)):
                query.removeAll { queryName($0) == name }
                query.append("\(HTTPIntegration.formEncode(name))=\(HTTPIntegration.formEncode(value))")
            case (.remove, .querystring(let name)): query.removeAll { queryName($0) == name }
            case (.overwrite, .path): url = replacingPath(of: url, with: value)
            default: break
            }
        }
        if !query.isEmpty { url += (url.contains("?") ? "&" : "?") + query.joined(separator: "&") }
        let method = (integration.httpMethod ?? "ANY").uppercased()
        return OutboundHTTPRequest(method: method == "ANY" ? exchange.context.httpMethod : method, url: url, headers: headers)
    }

    /// Applies the response mappings of the backend's status (DG: http-api-parameter-mapping,
    /// "Transforming API responses"); returns the keys applied, for the trace.
    static func mapResponse(_ response: inout GatewayResponse, exchange: Exchange, integration: Integration) -> [String] {
        guard let rules = exchange.route?.method.httpMappings?.responses[String(response.status)] else { return [] }
        let backend = response
        for rule in rules {
            let value = evaluate(rule.value, exchange: exchange, response: backend)
            switch (rule.operation, rule.target) {
            case (.overwrite, .statusCode): if let status = Int(value), (100...599).contains(status) { response.status = status }
            case (.append, .header(let name)): response.headers.append(HTTPHeader(name, value))
            case (.overwrite, .header(let name)): response.headers.removeAll { $0.hasName(name) }; response.headers.append(HTTPHeader(name, value))
            case (.remove, .header(let name)): response.headers.removeAll { $0.hasName(name) }
            default: break
            }
        }
        return rules.map(\.key)
    }

    static func evaluate(_ parts: [HTTPParameterMappings.Part], exchange: Exchange, response: GatewayResponse?) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .requestHeader(let name): out += exchange.request.headers.value(for: name) ?? ""
            case .requestQuerystring(let name): out += exchange.queryParameters.first { $0.name == name }?.value ?? ""
            case .requestPath: out += exchange.request.routedPath
            case .requestPathParameter(let name): out += exchange.route?.pathParameters.first { $0.name == name }?.value ?? ""
            // REST's JSON path reader (`method.request.body.PATH`), the same selection.
            case .requestBody(let path): out += JSONBodyPath.select(path, in: exchange.payload.body).map(JSONBodyPath.text) ?? ""
            case .stageVariable(let name): out += exchange.stage.variables[name] ?? ""
            case .responseHeader(let name): out += response?.headers.value(for: name) ?? ""
            case .context(let name): out += contextValue(name, exchange) ?? ""
            case .unsupported: break
            }
        }
        return out
    }

    /// HTTP API's `$context` variables (DG: http-api-logging-variables): those of the request,
    /// then what the authorizer established, `authorizer.NAME` (a Lambda authorizer's context
    /// value or `principalId`), `authorizer.claims.NAME` and `identity.NAME` (an IAM caller's
    /// `accessKey`, `accountId`, `caller`, `user`, `userArn`), read from the table REST shares.
    static func contextValue(_ name: String, _ exchange: Exchange) -> String? {
        let context = exchange.context
        switch name {
        case "requestId", "extendedRequestId": return context.requestId
        case "apiId": return context.apiId
        case "accountId": return context.accountId
        case "stage": return context.stage
        case "domainName": return context.domainName
        case "domainPrefix": return context.domainPrefix
        case "httpMethod": return context.httpMethod
        case "path": return context.path
        case "protocol": return context.protocol
        case "routeKey": return exchange.route?.operation.routeKey
        case "requestTime": return context.requestTime
        case "requestTimeEpoch": return String(context.requestTimeEpoch)
        case "identity.sourceIp": return context.sourceIp
        case "identity.userAgent": return context.userAgent
        default:
            if name.hasPrefix("authorizer.") { return authorizerValue(name.dropFirst("authorizer.".count), exchange.caller) }
            return ContextTable.text(at: name, surface: .mapping, exchange: exchange)
        }
    }

    /// `$context.authorizer.NAME`: `principalId`, `claims.NAME`, or a Lambda authorizer's
    /// context value (an object or array as its compact JSON).
    private static func authorizerValue(_ name: Substring, _ caller: AuthorizedCaller?) -> String? {
        guard let caller else { return nil }
        if name == "principalId" { return caller.principalId }
        let pairs = name.hasPrefix("claims.") ? caller.claims ?? [] : caller.context
        let key = name.hasPrefix("claims.") ? name.dropFirst("claims.".count) : name
        guard case .string(let text)? = pairs.first(where: { $0.key == key })?.value else { return nil }
        return text
    }

    static func queryName(_ pair: String) -> String {
        let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? pair
        return name.removingPercentEncoding ?? name
    }

    /// `scheme://host[:port]` of `url` followed by `path`.
    static func replacingPath(of url: String, with path: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        let hostEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        return String(url[..<hostEnd]) + (path.hasPrefix("/") ? path : "/" + path)
    }
}
