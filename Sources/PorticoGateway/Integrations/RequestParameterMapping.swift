import PorticoModel

/// Integration request parameters (`integration.request.path|querystring|header.NAME`) from
/// their sources: `method.request.path|querystring|header.NAME`, `stageVariables.NAME`,
/// `context.NAME`, or a static `'value'` (DG: request-response-data-mappings).
struct RequestParameterMapping {
    var path: [String: String] = [:]
    var querystring: [(name: String, value: String)] = []
    var headers: [HTTPHeader] = []

    init(_ parameters: [String: String], exchange: Exchange) {
        for (target, source) in parameters.sorted(by: { $0.key < $1.key }) {
            guard let value = Self.value(of: source, exchange: exchange) else { continue }
            if let name = target.dropPrefix("integration.request.path.") {
                path[name] = value
            } else if let name = target.dropPrefix("integration.request.querystring.") {
                querystring.append((name, value))
            } else if let name = target.dropPrefix("integration.request.header.") {
                headers.set(name, value)
            }
        }
    }

    static func value(of source: String, exchange: Exchange) -> String? {
        if source.count >= 2, source.hasPrefix("'"), source.hasSuffix("'") {
            return String(source.dropFirst().dropLast())
        }
        if let name = source.dropPrefix("method.request.path.") {
            return exchange.route?.pathParameters.first { $0.name == name }?.value
        }
        if let name = source.dropPrefix("method.request.querystring.") {
            return exchange.queryParameters.last { $0.name == name }?.value
        }
        if let name = source.dropPrefix("method.request.multivaluequerystring.") {
            let values = exchange.queryParameters.filter { $0.name == name }.map(\.value)
            return values.isEmpty ? nil : values.joined(separator: ",")
        }
        if let name = source.dropPrefix("method.request.header.") {
            return exchange.request.headers.value(for: name)
        }
        if let name = source.dropPrefix("method.request.multivalueheader.") {
            let values = exchange.request.headers.filter { $0.hasName(name) }.map(\.value)
            return values.isEmpty ? nil : values.joined(separator: ",")
        }
        if source == "method.request.body" { return exchange.payload.body }
        if let name = source.dropPrefix("stageVariables.") {
            return exchange.stage.variables[name]
        }
        if let name = source.dropPrefix("context.") {
            return ContextTable.text(at: name, surface: .mapping, exchange: exchange)
        }
        return nil
    }
}

extension String {
    func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
