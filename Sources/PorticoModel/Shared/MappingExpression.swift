import Diagnostics

/// Where a parameter mapping, an identity source or a cache key reads its value, parsed once
/// when the definition loads so the gateway never takes the text apart again per request
/// (DG: request-response-data-mappings, whose tables are now on rest-api-parameter-mapping-sources;
/// `context.*` names: DG: api-gateway-mapping-template-reference).
///
/// Which of these a mapping may use depends on where it is written (``MappingPlace``).
public enum MappingSource: Sendable, Hashable {
    /// `'value'`: a static value, without its quotes.
    case literal(String)
    /// `method.request.path.NAME`
    case methodRequestPath(String)
    /// `method.request.querystring.NAME`
    case methodRequestQuery(String)
    /// `method.request.multivaluequerystring.NAME`
    case methodRequestMultiValueQuery(String)
    /// `method.request.header.NAME`
    case methodRequestHeader(String)
    /// `method.request.multivalueheader.NAME`
    case methodRequestMultiValueHeader(String)
    /// `method.request.body`
    case methodRequestBody
    /// `method.request.body.PATH`: the JSONPath after `body.` (`redirect.url` stands for `$.redirect.url`).
    case methodRequestBodyJSONPath(String)
    /// `stageVariables.NAME`
    case stageVariable(String)
    /// `context.A.B`: a `$context` variable, its dotted name split (`["identity", "sourceIp"]`).
    case context([String])
    /// `integration.response.header.NAME`
    case integrationResponseHeader(String)
    /// `integration.response.multivalueheader.NAME`
    case integrationResponseMultiValueHeader(String)
    /// `integration.response.body`
    case integrationResponseBody
    /// `integration.response.body.PATH`: the JSONPath after `body.`, as for ``methodRequestBodyJSONPath(_:)``.
    case integrationResponseBodyJSONPath(String)

    /// The source a REST mapping expression names, or nil when the text is none of AWS's forms.
    /// Names keep their dots (`method.request.querystring.a.b` reads the parameter `a.b`);
    /// every part must be non-empty.
    public init?(expression text: String) {
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") {
            self = .literal(String(text.dropFirst().dropLast()))
            return
        }
        if let rest = text.dropPrefix("method.request.") {
            if rest == "body" { self = .methodRequestBody; return }
            if let path = rest.dropPrefix("body.") {
                guard !path.isEmpty else { return nil }
                self = .methodRequestBodyJSONPath(path)
                return
            }
            guard let (place, name) = Self.placeAndName(rest) else { return nil }
            switch place {
            case "path": self = .methodRequestPath(name)
            case "querystring": self = .methodRequestQuery(name)
            case "multivaluequerystring": self = .methodRequestMultiValueQuery(name)
            case "header": self = .methodRequestHeader(name)
            case "multivalueheader": self = .methodRequestMultiValueHeader(name)
            default: return nil
            }
            return
        }
        if let rest = text.dropPrefix("integration.response.") {
            if rest == "body" { self = .integrationResponseBody; return }
            if let path = rest.dropPrefix("body.") {
                guard !path.isEmpty else { return nil }
                self = .integrationResponseBodyJSONPath(path)
                return
            }
            guard let (place, name) = Self.placeAndName(rest) else { return nil }
            switch place {
            case "header": self = .integrationResponseHeader(name)
            case "multivalueheader": self = .integrationResponseMultiValueHeader(name)
            default: return nil
            }
            return
        }
        if let name = text.dropPrefix("stageVariables.") {
            guard !name.isEmpty else { return nil }
            self = .stageVariable(name)
            return
        }
        if let dotted = text.dropPrefix("context.") {
            let path = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard path.allSatisfy({ !$0.isEmpty }) else { return nil }
            self = .context(path)
            return
        }
        return nil
    }

    /// `header.X-Id` → (`header`, `X-Id`); nil without a dot or a name.
    private static func placeAndName(_ text: String) -> (String, String)? {
        guard let dot = text.firstIndex(of: "."), dot != text.startIndex else { return nil }
        let name = String(text[text.index(after: dot)...])
        return name.isEmpty ? nil : (String(text[..<dot]), name)
    }

    /// Reads the method request (path, query string, headers or body).
    public var isMethodRequest: Bool {
        switch self {
        case .methodRequestPath, .methodRequestQuery, .methodRequestMultiValueQuery, .methodRequestHeader,
             .methodRequestMultiValueHeader, .methodRequestBody, .methodRequestBodyJSONPath: true
        default: false
        }
    }

    /// Reads the integration's response (headers or body).
    public var isIntegrationResponse: Bool {
        switch self {
        case .integrationResponseHeader, .integrationResponseMultiValueHeader, .integrationResponseBody,
             .integrationResponseBodyJSONPath: true
        default: false
        }
    }

    /// The declared method request parameter this reads (`method.request.header.X` → header `X`);
    /// nil for bodies and everything that is not a method request parameter.
    public var methodRequestParameter: (location: ParameterLocation, name: String)? {
        switch self {
        case .methodRequestPath(let name): (.path, name)
        case .methodRequestQuery(let name), .methodRequestMultiValueQuery(let name): (.query, name)
        case .methodRequestHeader(let name), .methodRequestMultiValueHeader(let name): (.header, name)
        default: nil
        }
    }
}

/// What a parameter mapping sets: the key of a `requestParameters` or `responseParameters`
/// entry (DG: request-response-data-mappings; gateway responses:
/// DG: api-gateway-swagger-extensions-gateway-responses.responseParameters).
public enum MappingTarget: Sendable, Hashable {
    /// `integration.request.path.NAME`: fills `{NAME}` in the integration URI.
    case integrationRequestPath(String)
    /// `integration.request.querystring.NAME`
    case integrationRequestQuery(String)
    /// `integration.request.header.NAME`
    case integrationRequestHeader(String)
    /// `method.response.header.NAME`
    case methodResponseHeader(String)
    /// `gatewayresponse.header.NAME`
    case gatewayResponseHeader(String)

    /// The target a mapping key names, or nil when it is none of AWS's forms.
    public init?(expression text: String) {
        let forms: [(String, (String) -> MappingTarget)] = [
            ("integration.request.path.", MappingTarget.integrationRequestPath),
            ("integration.request.querystring.", MappingTarget.integrationRequestQuery),
            ("integration.request.header.", MappingTarget.integrationRequestHeader),
            ("method.response.header.", MappingTarget.methodResponseHeader),
            ("gatewayresponse.header.", MappingTarget.gatewayResponseHeader),
        ]
        for (prefix, make) in forms {
            if let name = text.dropPrefix(prefix) {
                guard !name.isEmpty else { return nil }
                self = make(name)
                return
            }
        }
        return nil
    }
}

/// One `target: source` entry of a parameter map, parsed, with both sides as written (the
/// reference pages print them) and the place of the source in the definition.
public struct ParameterMapping: Sendable, Equatable {
    public var target: MappingTarget
    public var source: MappingSource
    public var targetText: String
    public var sourceText: String
    /// Where the source (the entry's value) is written.
    public var location: SourceLocation

    public init(target: MappingTarget, source: MappingSource, targetText: String, sourceText: String, location: SourceLocation) {
        self.target = target
        self.source = source
        self.targetText = targetText
        self.sourceText = sourceText
        self.location = location
    }
}

extension [ParameterMapping] {
    /// The map as written, target text to source text: what the reference pages print.
    public var asWritten: [String: String] {
        Dictionary(map { ($0.targetText, $0.sourceText) }, uniquingKeysWith: { _, last in last })
    }
}

/// A source written on its own (an identity source, a cache key parameter): the text as
/// written beside what it names.
public struct SourceExpression: Sendable, Equatable {
    public var text: String
    public var source: MappingSource

    public init(text: String, source: MappingSource) {
        self.text = text
        self.source = source
    }
}

extension String {
    /// The rest after `prefix`, or nil when the text does not start with it.
    func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
