import PorticoModel

/// An HTTP API integration's parameter mappings (DG: http-api-parameter-mapping), parsed once
/// when the gateway is made: `requestParameters` (`append:header.x`, `overwrite:querystring.y`,
/// `remove:header.z`, `overwrite:path`) and `responseParameters` by backend status code
/// (`overwrite:statuscode`, `append:header.x`, …). Values are static text, variables
/// (`$request.header.name`, `$request.querystring.name`, `$request.path`, `$request.path.name`,
/// `$request.body.name`, `$context.requestId`, `$stageVariables.name`, `$response.header.name`),
/// or words of both separated by spaces.
struct HTTPParameterMappings: Sendable {
    enum Operation: String, Sendable { case append, overwrite, remove }
    enum Target: Sendable, Equatable {
        case header(String)
        case querystring(String)
        case path
        case statusCode
    }
    enum Part: Sendable, Equatable {
        case literal(String)
        case requestHeader(String)
        case requestQuerystring(String)
        case requestPath
        case requestPathParameter(String)
        /// `$request.body.PATH`: a JSON path into the request's body (`order.id` stands for
        /// `$.order.id`; DG: http-api-parameter-mapping: "a JSON path expression. Recursive
        /// descent ($request.body..name) and filter expressions (?(expression)) aren't supported").
        case requestBody(String)
        case context(String)
        case stageVariable(String)
        case responseHeader(String)
        /// A variable Portico does not evaluate (`$response.body.…`): empty.
        case unsupported(String)
    }
    struct Rule: Sendable {
        let operation: Operation
        let target: Target
        let value: [Part]
        /// As written, for the trace.
        let key: String
    }

    let request: [Rule]
    let responses: [String: [Rule]]
    var isEmpty: Bool { request.isEmpty && responses.isEmpty }

    init(_ integration: Integration) {
        request = Self.rules(integration.httpRequestParameters)
        responses = integration.statusResponseParameters.mapValues(Self.rules)
    }

    /// Sorted by key, so the order they apply in does not depend on a dictionary's.
    static func rules(_ written: [String: String]) -> [Rule] {
        written.keys.sorted().compactMap { key -> Rule? in
            let pieces = key.split(separator: ":", maxSplits: 1)
            guard pieces.count == 2, let operation = Operation(rawValue: String(pieces[0])) else { return nil }
            let place = String(pieces[1])
            let target: Target
            if place.lowercased() == "path" { target = .path }
            else if place.lowercased() == "statuscode" { target = .statusCode }
            else if place.hasPrefix("header.") { target = .header(String(place.dropFirst("header.".count))) }
            else if place.hasPrefix("querystring.") { target = .querystring(String(place.dropFirst("querystring.".count))) }
            else { return nil }
            return Rule(operation: operation, target: target, value: parts(written[key] ?? ""), key: key)
        }
    }

    static func parts(_ value: String) -> [Part] {
        var parts: [Part] = []
        for (index, word) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { parts.append(.literal(" ")) }
            parts.append(part(String(word)))
        }
        return parts
    }

    static func part(_ word: String) -> Part {
        func after(_ prefix: String) -> String? { word.hasPrefix(prefix) ? String(word.dropFirst(prefix.count)) : nil }
        if word == "$request.path" { return .requestPath }
        if let name = after("$request.header.") { return .requestHeader(name) }
        if let name = after("$request.querystring.") { return .requestQuerystring(name) }
        if let name = after("$request.path.") { return .requestPathParameter(name) }
        if let path = after("$request.body."), !path.isEmpty, !path.hasPrefix(".") { return .requestBody(path) }
        if let name = after("$context.") { return .context(name) }
        if let name = after("$stageVariables.") { return .stageVariable(name) }
        if let name = after("$response.header.") { return .responseHeader(name) }
        if word.hasPrefix("$request.") || word.hasPrefix("$response.") { return .unsupported(word) }
        return .literal(word)
    }
}
