import Diagnostics
import Foundation
import Yams

/// Reads an OpenAPI 3.0/3.1 document (YAML or JSON) with API Gateway's extensions into a
/// ``RestAPI``: a REST API, or an HTTP API when the project says so or the document is an HTTP
/// API export (it carries `x-amazon-apigateway-importexport-version`, `x-amazon-apigateway-cors`
/// or an integration with `payloadFormatVersion`).
///
/// Every `$ref` is checked (missing targets and cycles are located errors); parameters,
/// request bodies, responses and integrations are resolved through theirs; models stay as
/// written. Definitions AWS would refuse to import are errors too (``DefinitionRules``).
public struct OpenAPILoader {
    /// The kind the project declares; nil lets the document decide.
    public var declaredKind: APIKind?

    public init() {}

    public init(declaredKind: APIKind?) {
        self.declaredKind = declaredKind
    }

    /// API Gateway refuses to import definitions larger than this (DG:limits: "API definition
    /// file size for import: 6 MB").
    public static let maximumDefinitionSize = 6 * 1024 * 1024

    static let documentKeys = ["openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs",
                               "x-amazon-apigateway-importexport-version", "x-amazon-apigateway-api-key-source",
                               "x-amazon-apigateway-binary-media-types", "x-amazon-apigateway-request-validators",
                               "x-amazon-apigateway-request-validator",
                               "x-amazon-apigateway-gateway-responses", "x-amazon-apigateway-endpoint-configuration",
                               "x-amazon-apigateway-minimum-compression-size", "x-amazon-apigateway-policy",
                               "x-amazon-apigateway-documentation", "x-amazon-apigateway-tag-value",
                               "x-amazon-apigateway-cors", "x-amazon-apigateway-disable-execute-api-endpoint",
                               "webhooks", "jsonSchemaDialect"]
    static let pathItemKeys = HTTPMethod.allCases.map(\.openAPIKey) + ["trace", "parameters", "summary", "description", "servers", "$ref"]
    static let operationKeys = ["operationId", "summary", "description", "tags", "parameters", "requestBody", "responses",
                                "security", "deprecated", "callbacks", "servers", "externalDocs",
                                "x-amazon-apigateway-integration", "x-amazon-apigateway-request-validator",
                                "x-amazon-apigateway-auth", "x-amazon-apigateway-api-key-source", "isDefaultRoute"]
    static let integrationKeys = ["type", "httpMethod", "uri", "passthroughBehavior", "requestTemplates", "requestParameters",
                                  "responses", "timeoutInMillis", "credentials", "contentHandling", "cacheKeyParameters",
                                  "cacheNamespace", "connectionType", "connectionId", "payloadFormatVersion",
                                  "tlsConfig", "integrationSubtype", "responseParameters", "description"]
    static let integrationResponseKeys = ["statusCode", "responseParameters", "responseTemplates", "contentHandling"]
    static let componentKeys = ["schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes",
                                "links", "callbacks", "pathItems", "x-amazon-apigateway-integrations"]
    static let securitySchemeKeys = ["type", "name", "in", "description", "scheme", "bearerFormat", "flows", "openIdConnectUrl",
                                     "x-amazon-apigateway-authtype", "x-amazon-apigateway-authorizer"]
    static let authorizerKeys = ["type", "authorizerUri", "authorizerCredentials", "identitySource", "identityValidationExpression",
                                 "authorizerResultTtlInSeconds", "providerARNs", "jwtConfiguration", "authorizerPayloadFormatVersion",
                                 "enableSimpleResponses"]

    /// Loads `source`; problems go to `diagnostics`, and whatever could be read is returned.
    public func load(_ source: YAMLSource, diagnostics: inout DiagnosticEngine) -> RestAPI? {
        let size = source.text.utf8.count
        if size > Self.maximumDefinitionSize {
            diagnostics.error(.openAPITooLarge,
                              "definition is \(size) bytes; API Gateway imports definitions of at most \(Self.maximumDefinitionSize) bytes (6 MB)",
                              at: source.location(line: 1, column: 1))
            return nil
        }
        guard let (root, references) = source.composeCollectingReferences(diagnostics: &diagnostics) else { return nil }
        return load(root: root, references: references, source: source, diagnostics: &diagnostics)
    }

    /// Loads an already composed document whose `$ref` values the composer collected.
    func load(root: Node, references: [(String, Node)], source: YAMLSource, diagnostics: inout DiagnosticEngine) -> RestAPI? {
        guard let document = MappingReader(root, source: source, what: "an OpenAPI document", diagnostics: &diagnostics) else { return nil }

        guard let version = document.string("openapi", diagnostics: &diagnostics) else {
            if document.value("swagger") != nil {
                diagnostics.error(.openAPIVersion, "OpenAPI 2.0 (swagger) is not supported; export the API as OpenAPI 3 (--export-type oas30)",
                                  at: document.location(ofValue: "swagger"))
            } else {
                diagnostics.error(.openAPIVersion, "not an OpenAPI 3 document: 'openapi' is missing", at: source.location(of: root))
            }
            return nil
        }
        if !version.hasPrefix("3.") {
            diagnostics.error(.openAPIVersion, "OpenAPI version '\(version)' is not supported; expected 3.0.x or 3.1.x",
                              at: document.location(ofValue: "openapi"))
        }
        let reading = OpenAPIReading(source: source, root: root, references: references, kind: declaredKind ?? Self.detectKind(document))
        var api = reading.read(document, version: version)
        DefinitionRules.check(api: api, diagnostics: &reading.diagnostics)
        api.kind = reading.kind
        diagnostics.emit(contentsOf: reading.diagnostics.diagnostics)
        return api
    }

    /// HTTP API exports carry `x-amazon-apigateway-importexport-version`; CORS configuration
    /// and `payloadFormatVersion` exist only on HTTP APIs.
    static func detectKind(_ document: MappingReader) -> APIKind {
        if document.value("x-amazon-apigateway-importexport-version") != nil || document.value("x-amazon-apigateway-cors") != nil {
            return .http
        }
        func hasPayloadFormat(_ node: Node?) -> Bool {
            guard case .mapping(let integration)? = node else { return false }
            return integration.value(forKey: "payloadFormatVersion") != nil
        }
        if case .mapping(let components)? = document.value("components"),
           case .mapping(let integrations)? = components.value(forKey: "x-amazon-apigateway-integrations"),
           integrations.contains(where: { hasPayloadFormat($0.value) }) {
            return .http
        }
        if case .mapping(let paths)? = document.value("paths") {
            for (_, item) in paths {
                guard case .mapping(let methods) = item else { continue }
                for (_, operation) in methods {
                    if case .mapping(let body) = operation, hasPayloadFormat(body.value(forKey: "x-amazon-apigateway-integration")) { return .http }
                }
            }
        }
        return .rest
    }
}

/// The state of reading one document: the source, its components, and the diagnostics so far.
final class OpenAPIReading {
    let source: YAMLSource
    let root: Node
    let kind: APIKind
    let references: [(String, Node)]
    var diagnostics = DiagnosticEngine()
    private var schemes: [String: SecurityScheme] = [:]
    private var authorizersByName: [String: Authorizer] = [:]

    init(source: YAMLSource, root: Node, references: [(String, Node)], kind: APIKind) {
        self.source = source
        self.root = root
        self.references = references
        self.kind = kind
    }

    func read(_ document: MappingReader, version: String) -> RestAPI {
        document.finish(known: OpenAPILoader.documentKeys, in: "the OpenAPI document", diagnostics: &diagnostics)
        checkReferences()

        var api = RestAPI(title: "API", operations: [])
        api.kind = kind
        api.openAPIVersion = version
        if let info = document.mapping("info", diagnostics: &diagnostics) {
            api.title = info.string("title", diagnostics: &diagnostics) ?? api.title
            api.version = info.string("version", diagnostics: &diagnostics)
            api.description = info.string("description", diagnostics: &diagnostics)
        }
        readComponents(document, into: &api)
        readExtensions(document, into: &api)
        api.security = document.value("security").flatMap(securityRequirements)

        if let paths = document.mapping("paths", diagnostics: &diagnostics) {
            for pathPair in paths.pairs {
                let path = pathPair.key
                let isDefaultRoute = path == "$default" && kind == .http
                guard path.hasPrefix("/") || isDefaultRoute else {
                    diagnostics.error(.openAPIPath, "path '\(path)' must start with '/'", at: source.location(of: pathPair.keyNode))
                    continue
                }
                checkGreedySegment(path, at: source.location(of: pathPair.keyNode))
                guard let item = MappingReader(pathPair.value, source: source, what: "path '\(path)'", diagnostics: &diagnostics) else { continue }
                item.finish(known: OpenAPILoader.pathItemKeys, in: "path '\(path)'", diagnostics: &diagnostics)
                let shared = parameters(item.value("parameters"))
                for method in HTTPMethod.allCases {
                    guard let node = item.value(method.openAPIKey) else { continue }
                    if let operation = readOperation(node, path: path, method: method, shared: shared, api: api) {
                        api.operations.append(operation)
                    }
                }
            }
        }
        return api
    }

    // MARK: - References

    /// Checks every local `$ref` in the document: its target exists and a chain of references
    /// does not come back to itself.
    private func checkReferences() {
        for (reference, node) in references {
            guard reference.hasPrefix("#") else { continue }   // external files and URLs are not followed
            var seen: Set<String> = [reference]
            var current = reference
            while true {
                guard let target = lookUp(current) else {
                    var message = "$ref '\(current)' does not exist"
                    if let suggestion = suggestion(for: current) { message += "; did you mean '\(suggestion)'?" }
                    if current == reference { diagnostics.error(.openAPIUnknownRef, message, at: source.location(of: node)) }
                    break
                }
                guard case .mapping(let mapping) = target, let next = mapping.value(forKey: "$ref")?.string, next.hasPrefix("#") else { break }
                if !seen.insert(next).inserted {
                    diagnostics.error(.openAPIRefCycle, "$ref '\(reference)' leads back to itself: \(([reference] + Array(seen.subtracting([reference])).sorted()).joined(separator: " → "))",
                                      at: source.location(of: node))
                    break
                }
                current = next
            }
        }
    }

    /// The node a local JSON pointer (`#/components/schemas/Pet`) names.
    func lookUp(_ reference: String) -> Node? {
        guard reference.hasPrefix("#") else { return nil }
        if let cached = lookUpCache[reference] { return cached }
        var node = root
        for raw in reference.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            var token = String(raw)
            if token.contains("~") { token = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") }
            if token.contains("%") { token = token.removingPercentEncoding ?? token }
            switch node {
            case .mapping(let mapping):
                guard let next = mapping.value(forKey: token) else { lookUpCache[reference] = .some(nil); return nil }
                node = next
            case .sequence(let sequence):
                guard let index = Int(token), sequence.indices.contains(index) else { return nil }
                node = sequence[index]
            default:
                return nil
            }
        }
        lookUpCache[reference] = .some(node)
        return node
    }

    private var lookUpCache: [String: Node?] = [:]

    private func suggestion(for reference: String) -> String? {
        guard let slash = reference.lastIndex(of: "/") else { return nil }
        let parent = String(reference[..<slash])
        guard case .mapping(let mapping)? = lookUp(parent) else { return nil }
        return closestMatch(to: String(reference[reference.index(after: slash)...]), in: mapping.map { $0.key.string ?? "" })
    }

    /// Follows `$ref`s (at most 32 hops; cycles were reported by ``checkReferences()``).
    func resolved(_ node: Node) -> Node? {
        var current = node
        for _ in 0..<32 {
            guard case .mapping(let mapping) = current, let reference = mapping.value(forKey: "$ref")?.string else { return current }
            guard let target = lookUp(reference) else { return nil }
            current = target
        }
        return nil
    }

    // MARK: - Components and API-level extensions

    private func readComponents(_ document: MappingReader, into api: inout RestAPI) {
        guard let components = document.mapping("components", diagnostics: &diagnostics) else { return }
        components.finish(known: OpenAPILoader.componentKeys, in: "components", diagnostics: &diagnostics)
        if let schemas = components.mapping("schemas", diagnostics: &diagnostics) {
            for pair in schemas.pairs {
                guard let schema = JSONValue.from(pair.value, source: source, diagnostics: &diagnostics) else { continue }
                api.models.append(Model(name: pair.key, schema: schema, location: source.location(of: pair.keyNode)))
            }
        }
        if let schemes = components.mapping("securitySchemes", diagnostics: &diagnostics) {
            for pair in schemes.pairs {
                readSecurityScheme(pair.key, pair.value, into: &api)
            }
        }
        if let integrations = components.mapping("x-amazon-apigateway-integrations", diagnostics: &diagnostics) {
            for pair in integrations.pairs {
                if var integration = readIntegration(pair.value, what: "integration '\(pair.key)'") {
                    integration.componentName = pair.key
                    api.integrationComponents.append(integration)
                }
            }
        }
    }

    private func readSecurityScheme(_ name: String, _ node: Node, into api: inout RestAPI) {
        guard let reader = MappingReader(node, source: source, what: "security scheme '\(name)'", diagnostics: &diagnostics) else { return }
        reader.finish(known: OpenAPILoader.securitySchemeKeys, in: "security scheme '\(name)'", diagnostics: &diagnostics)
        let type = schemeType(reader)
        let authType = schemeAuthType(reader)
        let authorizerNode = reader.value("x-amazon-apigateway-authorizer")
        var scheme = SecurityScheme(name: name, type: type, location: reader.string("in", diagnostics: &diagnostics),
                                    parameterName: reader.string("name", diagnostics: &diagnostics), authType: authType,
                                    isAPIKey: type == .apiKey && reader.value("x-amazon-apigateway-authtype") == nil && authorizerNode == nil,
                                    sourceLocation: source.location(of: reader.node))
        if authorizerNode == nil, authType == .awsSigv4 {
            scheme.isAPIKey = false
            let authorizer = Authorizer(name: name, type: .awsIAM, authType: authType, location: source.location(of: node))
            api.authorizers.append(authorizer)
            authorizersByName[name] = authorizer
        }
        schemes[name] = scheme
        api.securitySchemes.append(scheme)

        guard let authorizerNode,
              let auth = MappingReader(authorizerNode, source: source, what: "x-amazon-apigateway-authorizer", diagnostics: &diagnostics)
        else { return }
        auth.finish(known: OpenAPILoader.authorizerKeys, in: "x-amazon-apigateway-authorizer", diagnostics: &diagnostics)
        guard let typeText = auth.requiredString("type", in: "the authorizer of security scheme '\(name)'", diagnostics: &diagnostics) else { return }
        guard let authorizerType = AuthorizerType(rawValue: typeText.uppercased()) else {
            diagnostics.error(.openAPIAuthorizerType,
                              "unknown authorizer type '\(typeText)'; expected token, request, cognito_user_pools or jwt",
                              at: auth.location(ofValue: "type"))
            return
        }
        var identitySource = auth.string("identitySource", diagnostics: &diagnostics)
        if identitySource == nil, let list = stringList(auth, "identitySource") { identitySource = list.joined(separator: ", ") }
        if identitySource == nil, authorizerType == .token, let header = scheme.parameterName {
            identitySource = "method.request.header.\(header)"   // AWS derives it from the scheme's `name`
        }
        var jwt: JWTConfiguration?
        if let config = auth.mapping("jwtConfiguration", diagnostics: &diagnostics) {
            config.finish(known: ["issuer", "audience"], in: "jwtConfiguration", diagnostics: &diagnostics)
            jwt = JWTConfiguration(issuer: config.requiredString("issuer", in: "jwtConfiguration", diagnostics: &diagnostics) ?? "",
                                   audience: stringList(config, "audience") ?? [])
        }
        var ttl = auth.int("authorizerResultTtlInSeconds", diagnostics: &diagnostics)
        if let value = ttl, !(0...3600).contains(value) {
            // The cache TTL is at most 3600 s (DG: configure-api-gateway-lambda-authorization-with-console).
            diagnostics.error(.openAPIAuthorizerTTL, "authorizerResultTtlInSeconds must be between 0 and 3600, found \(value)",
                              at: auth.location(ofValue: "authorizerResultTtlInSeconds"))
            ttl = nil
        }
        var authorizer = Authorizer(
            name: name, type: authorizerType, authType: authType, identitySource: identitySource,
            identityValidationExpression: auth.string("identityValidationExpression", diagnostics: &diagnostics),
            authorizerResultTtlInSeconds: ttl,
            authorizerUri: auth.string("authorizerUri", diagnostics: &diagnostics),
            authorizerCredentials: auth.string("authorizerCredentials", diagnostics: &diagnostics),
            providerARNs: stringList(auth, "providerARNs") ?? [], jwtConfiguration: jwt,
            authorizerPayloadFormatVersion: auth.string("authorizerPayloadFormatVersion", diagnostics: &diagnostics),
            enableSimpleResponses: auth.bool("enableSimpleResponses", diagnostics: &diagnostics),
            location: source.location(of: authorizerNode))
        if auth.value("identitySource") != nil {
            // REST APIs write mapping expressions, HTTP APIs `$request.header.…`; a JWT authorizer
            // exists only on HTTP APIs, so it is read as one (on REST it is an error of its own).
            let syntax: IdentitySourceSyntax = kind == .http || authorizerType == .jwt ? .http : .rest
            authorizer.identitySources = auth.identitySources("identitySource", syntax: syntax, id: .openAPIIdentitySource,
                                                              diagnostics: &diagnostics)
        }
        if let expression = authorizer.identityValidationExpression, (try? NSRegularExpression(pattern: expression)) == nil {
            diagnostics.error(.openAPIIdentityValidationExpression, "identityValidationExpression '\(expression)' is not a valid regular expression",
                              at: auth.location(ofValue: "identityValidationExpression"))
        }
        if kind == .rest, authorizerType == .token || authorizerType == .request {
            checkLambdaAuthorizer(authorizer, auth, identitySourceWritten: identitySource != nil)
        }
        if kind == .http, authorizerType == .token || authorizerType == .request {
            checkHTTPLambdaAuthorizer(authorizer, auth)
        }
        api.authorizers.append(authorizer)
        authorizersByName[name] = authorizer
    }

    /// What API Gateway requires of a REST API's Lambda authorizer (API reference: Authorizer,
    /// `identitySource`, `identityValidationExpression`, `authorizerUri`), checked here so a
    /// definition AWS would refuse to import is not run as if it worked:
    /// - TOKEN: exactly one identity source, a header (`method.request.header.NAME`): "For a
    ///   TOKEN … authorizer, this is required and specifies the request header mapping
    ///   expression for the custom header holding the authorization token".
    /// - REQUEST: at least one identity source while results are cached (the TTL is above 0,
    ///   300 when not written): "For the REQUEST authorizer, this is required when
    ///   authorization caching is enabled". Without one every caller would share one result.
    /// - `identityValidationExpression` is read "for a TOKEN authorizer only": on a REQUEST
    ///   authorizer it is ignored, with a warning.
    /// - `authorizerUri` is required and names the Lambda function.
    private func checkLambdaAuthorizer(_ authorizer: Authorizer, _ auth: MappingReader, identitySourceWritten: Bool) {
        let place = auth.value("identitySource") != nil ? auth.location(ofValue: "identitySource") : authorizer.location
        switch authorizer.type {
        case .token:
            let sources = authorizer.identitySources
            let isHeader: Bool
            if case .methodRequestHeader? = sources.first?.source { isHeader = sources.count == 1 } else { isHeader = false }
            if !isHeader, !(identitySourceWritten && sources.isEmpty) {
                let found = sources.isEmpty ? "none" : sources.map(\.text).joined(separator: ", ")
                diagnostics.error(.openAPIIdentitySource,
                                  "TOKEN authorizer '\(authorizer.name)' needs exactly one identity source, a header (method.request.header.NAME, "
                                  + "or the security scheme's 'name' with 'in: header'); found \(found)", at: place)
            }
        case .request:
            let ttl = authorizer.authorizerResultTtlInSeconds ?? 300
            if ttl > 0, authorizer.identitySources.isEmpty, !identitySourceWritten {
                diagnostics.error(.openAPIIdentitySource,
                                  "REQUEST authorizer '\(authorizer.name)' caches its results for \(ttl) s and so needs at least one identity source; "
                                  + "add identitySource, or set authorizerResultTtlInSeconds to 0", at: place)
            }
            if authorizer.identityValidationExpression != nil {
                diagnostics.warning(.openAPIIdentityValidationExpression,
                                    "identityValidationExpression is read for TOKEN authorizers only; REQUEST authorizer '\(authorizer.name)' ignores it",
                                    at: auth.location(ofValue: "identityValidationExpression"))
            }
        default:
            break
        }
        checkAuthorizerURI(authorizer, auth)
    }

    /// What API Gateway requires of an HTTP API's Lambda authorizer (DG:
    /// api-gateway-swagger-extensions-authorizer; http-api-lambda-authorizer): type `request`
    /// ("For HTTP APIs, specify request for a Lambda authorizer"), `authorizerPayloadFormatVersion`
    /// 1.0 or 2.0 ("The supported values are 1.0 and 2.0"; unwritten, the console's latest,
    /// 2.0), `enableSimpleResponses` only with 2.0 ("Supported only for authorizers with an
    /// authorizerPayloadFormatVersion of 2.0"), and an `authorizerUri` naming the function.
    private func checkHTTPLambdaAuthorizer(_ authorizer: Authorizer, _ auth: MappingReader) {
        if authorizer.type == .token {
            diagnostics.error(.openAPIAuthorizerPayloadFormat,
                              "HTTP APIs take Lambda authorizers of type request only; authorizer '\(authorizer.name)' is token", at: auth.location(ofValue: "type"))
        }
        let version = authorizer.authorizerPayloadFormatVersion
        if let version, version != "1.0", version != "2.0" {
            diagnostics.error(.openAPIAuthorizerPayloadFormat,
                              "authorizerPayloadFormatVersion of authorizer '\(authorizer.name)' must be 1.0 or 2.0, found \(version)",
                              at: auth.location(ofValue: "authorizerPayloadFormatVersion"))
        } else if version == "1.0", authorizer.enableSimpleResponses == true {
            diagnostics.error(.openAPIAuthorizerPayloadFormat,
                              "enableSimpleResponses needs authorizerPayloadFormatVersion 2.0; authorizer '\(authorizer.name)' uses 1.0, whose function returns a policy",
                              at: auth.location(ofValue: "enableSimpleResponses"))
        }
        checkAuthorizerURI(authorizer, auth)
    }

    /// A Lambda authorizer's `authorizerUri` must name its function.
    private func checkAuthorizerURI(_ authorizer: Authorizer, _ auth: MappingReader) {
        if authorizer.authorizerUri == nil {
            diagnostics.error(.openAPIAuthorizerURI, "\(authorizer.type.rawValue) authorizer '\(authorizer.name)' needs an authorizerUri naming its Lambda function",
                              at: authorizer.location)
        } else if let uri = authorizer.authorizerUri, authorizer.functionName == nil {
            diagnostics.error(.openAPIAuthorizerURI, "authorizerUri '\(uri)' of authorizer '\(authorizer.name)' names no Lambda function; expected "
                              + "arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/arn:aws:lambda:REGION:ACCOUNT:function:NAME/invocations",
                              at: auth.location(ofValue: "authorizerUri"))
        }
    }

    /// A security scheme's `type`. An unknown one is an error, not a warning: OpenAPI allows only
    /// its five types, so the document is not valid OpenAPI, and API Gateway refuses invalid
    /// documents outright, keeping warnings for minor issues such as a missing model
    /// (DG: api-gateway-import-api-errors-warnings). The spelling is OpenAPI's, case included.
    private func schemeType(_ reader: MappingReader) -> SecuritySchemeType? {
        guard let text = reader.string("type", diagnostics: &diagnostics) else { return nil }
        if let type = SecuritySchemeType(rawValue: text) { return type }
        let known = SecuritySchemeType.allCases.map(\.rawValue)
        var message = "unknown security scheme type '\(text)'; expected \(known.joined(separator: ", "))"
        if let suggestion = closestMatch(to: text, in: known) { message += "; did you mean '\(suggestion)'?" }
        diagnostics.error(.openAPISecuritySchemeType, message, at: reader.location(ofValue: "type"))
        return nil
    }

    /// `x-amazon-apigateway-authtype` (DG: api-gateway-swagger-extensions-authtype). A value
    /// starting with `aws` other than awsSigv4 is an error: AWS reserves those. Any other
    /// unknown value is a warning: REST APIs accept it as a free-form label of a Lambda
    /// authorizer, which changes nothing Portico simulates.
    private func schemeAuthType(_ reader: MappingReader) -> SecuritySchemeAuthType? {
        guard let text = reader.string("x-amazon-apigateway-authtype", diagnostics: &diagnostics) else { return nil }
        if let authType = SecuritySchemeAuthType(text: text) { return authType }
        let location = reader.location(ofValue: "x-amazon-apigateway-authtype")
        if text.lowercased().hasPrefix("aws") {
            diagnostics.error(.openAPISecuritySchemeAuthType,
                              "x-amazon-apigateway-authtype '\(text)' is reserved: AWS reserves awsSigv4 and every value starting with 'aws'",
                              at: location)
        } else {
            diagnostics.warning(.openAPISecuritySchemeAuthType,
                                "unknown x-amazon-apigateway-authtype '\(text)'; expected custom, cognito_user_pools or awsSigv4 (API Gateway keeps other values as a label, which Portico ignores)",
                                at: location)
        }
        return nil
    }

    private func readExtensions(_ document: MappingReader, into api: inout RestAPI) {
        api.importExportVersion = document.string("x-amazon-apigateway-importexport-version", diagnostics: &diagnostics)
        api.binaryMediaTypes = stringList(document, "x-amazon-apigateway-binary-media-types") ?? []
        checkBinaryMediaTypes(document)
        if let text = document.string("x-amazon-apigateway-api-key-source", diagnostics: &diagnostics) {
            if let value = APIKeySource(rawValue: text.uppercased()) {
                api.apiKeySource = value
            } else {
                diagnostics.error(.openAPIAPIKeySource, "unknown x-amazon-apigateway-api-key-source '\(text)'; expected HEADER or AUTHORIZER",
                                  at: document.location(ofValue: "x-amazon-apigateway-api-key-source"))
            }
        }
        if let validators = document.mapping("x-amazon-apigateway-request-validators", diagnostics: &diagnostics) {
            for pair in validators.pairs {
                guard let body = MappingReader(pair.value, source: source, what: "request validator '\(pair.key)'", diagnostics: &diagnostics) else { continue }
                body.finish(known: ["validateRequestBody", "validateRequestParameters"], in: "request validator '\(pair.key)'", diagnostics: &diagnostics)
                api.requestValidators.append(RequestValidator(
                    name: pair.key,
                    validateRequestBody: body.bool("validateRequestBody", diagnostics: &diagnostics) ?? false,
                    validateRequestParameters: body.bool("validateRequestParameters", diagnostics: &diagnostics) ?? false,
                    location: source.location(of: pair.keyNode)))
            }
        }
        if let name = document.string("x-amazon-apigateway-request-validator", diagnostics: &diagnostics) {
            api.defaultRequestValidator = name
            checkValidator(name, in: api, at: document.location(ofValue: "x-amazon-apigateway-request-validator"))
        }
        if let responses = document.mapping("x-amazon-apigateway-gateway-responses", diagnostics: &diagnostics) {
            for pair in responses.pairs {
                guard let type = GatewayResponseKind(rawValue: pair.key) else {
                    var message = "unknown gateway response type '\(pair.key)'"
                    if let suggestion = closestMatch(to: pair.key, in: GatewayResponseKind.allCases.map(\.rawValue)) {
                        message += "; did you mean '\(suggestion)'?"
                    }
                    diagnostics.error(.openAPIGatewayResponseType, message, at: source.location(of: pair.keyNode))
                    continue
                }
                guard let body = MappingReader(pair.value, source: source, what: "gateway response '\(pair.key)'", diagnostics: &diagnostics) else { continue }
                body.finish(known: ["statusCode", "responseParameters", "responseTemplates"], in: "gateway response '\(pair.key)'", diagnostics: &diagnostics)
                api.gatewayResponses.append(GatewayResponseDefinition(
                    type: type, statusCode: scalarText(body, "statusCode"),
                    responseParameters: body.parameterMappings("responseParameters", place: .gatewayResponse, diagnostics: &diagnostics),
                    responseTemplates: templates(body, "responseTemplates"),
                    location: source.location(of: pair.keyNode)))
            }
        }
        if let configuration = document.mapping("x-amazon-apigateway-endpoint-configuration", diagnostics: &diagnostics) {
            configuration.finish(known: ["types", "vpcEndpointIds", "disableExecuteApiEndpoint"], in: "x-amazon-apigateway-endpoint-configuration", diagnostics: &diagnostics)
            var types: [EndpointType] = []
            for text in stringList(configuration, "types") ?? [] {
                if let type = EndpointType(rawValue: text.uppercased()) {
                    types.append(type)
                } else {
                    diagnostics.error(.openAPIEndpointType, "unknown endpoint type '\(text)'; expected EDGE, REGIONAL or PRIVATE",
                                      at: configuration.location(ofValue: "types"))
                }
            }
            if kind == .http, let type = types.first(where: { $0 != .regional }) {
                // HTTP APIs are regional only (DG: api-gateway-api-endpoint-types, http-api-vs-rest).
                diagnostics.error(.awsEndpointTypeOnHTTP, "HTTP APIs support only REGIONAL endpoints, found \(type.rawValue)",
                                  at: configuration.location(ofValue: "types"))
            }
            api.endpointConfiguration = EndpointConfiguration(
                types: types, vpcEndpointIds: stringList(configuration, "vpcEndpointIds") ?? [],
                disableExecuteApiEndpoint: configuration.bool("disableExecuteApiEndpoint", diagnostics: &diagnostics) ?? false)
        }
        if let disable = document.bool("x-amazon-apigateway-disable-execute-api-endpoint", diagnostics: &diagnostics) {
            var configuration = api.endpointConfiguration ?? EndpointConfiguration()
            configuration.disableExecuteApiEndpoint = disable
            api.endpointConfiguration = configuration
        }
        if let size = document.int("x-amazon-apigateway-minimum-compression-size", diagnostics: &diagnostics) {
            if (0...10_485_760).contains(size) {
                api.minimumCompressionSize = size
            } else {
                diagnostics.error(.openAPIMinimumCompressionSize, "x-amazon-apigateway-minimum-compression-size must be between 0 and 10485760, found \(size)",
                                  at: document.location(ofValue: "x-amazon-apigateway-minimum-compression-size"))
            }
        }
        if let policy = document.value("x-amazon-apigateway-policy") {
            api.policy = JSONValue.from(policy, source: source, diagnostics: &diagnostics)
            api.policyLocation = document.location(ofValue: "x-amazon-apigateway-policy")
        }
        if let documentation = document.value("x-amazon-apigateway-documentation") {
            api.documentation = JSONValue.from(documentation, source: source, diagnostics: &diagnostics)
        }
        if let cors = document.mapping("x-amazon-apigateway-cors", diagnostics: &diagnostics) {
            cors.finish(known: ["allowOrigins", "allowCredentials", "exposeHeaders", "maxAge", "allowMethods", "allowHeaders"],
                        in: "x-amazon-apigateway-cors", diagnostics: &diagnostics)
            api.cors = CORSConfiguration(
                allowOrigins: stringList(cors, "allowOrigins") ?? [],
                allowCredentials: cors.bool("allowCredentials", diagnostics: &diagnostics) ?? false,
                exposeHeaders: stringList(cors, "exposeHeaders") ?? [], maxAge: cors.int("maxAge", diagnostics: &diagnostics),
                allowMethods: stringList(cors, "allowMethods") ?? [], allowHeaders: stringList(cors, "allowHeaders") ?? [])
        }
        for node in document.sequence("tags", diagnostics: &diagnostics) ?? [] {
            guard let tag = MappingReader(node, source: source, what: "a tag", diagnostics: &diagnostics),
                  let name = tag.requiredString("name", in: "a tag", diagnostics: &diagnostics) else { continue }
            api.tags.append(APITag(name: name, value: scalarText(tag, "x-amazon-apigateway-tag-value"),
                                   description: tag.string("description", diagnostics: &diagnostics)))
        }
    }

    // MARK: - Operations

    private func readOperation(_ node: Node, path: String, method: HTTPMethod, shared: [RequestParameter], api: RestAPI) -> Operation? {
        let what = path == "$default" ? "route $default" : "\(method.rawValue) \(path)"
        guard let reader = MappingReader(node, source: source, what: what, diagnostics: &diagnostics) else { return nil }
        reader.finish(known: OpenAPILoader.operationKeys, in: what, diagnostics: &diagnostics)
        var operation = Operation(
            path: path, method: method,
            operationID: reader.string("operationId", diagnostics: &diagnostics),
            summary: reader.string("summary", diagnostics: &diagnostics),
            description: reader.string("description", diagnostics: &diagnostics),
            location: source.location(of: node))
        operation.tags = stringList(reader, "tags") ?? []
        operation.deprecated = reader.bool("deprecated", diagnostics: &diagnostics) ?? false

        var parameters = shared
        for parameter in self.parameters(reader.value("parameters")) {
            parameters.removeAll { $0.name == parameter.name && $0.location == parameter.location }
            parameters.append(parameter)
        }
        operation.parameters = parameters

        if let bodyNode = reader.value("requestBody"), let body = resolved(bodyNode),
           let bodyReader = MappingReader(body, source: source, what: "the request body of \(what)", diagnostics: &diagnostics) {
            operation.requestBody = RequestBody(required: bodyReader.bool("required", diagnostics: &diagnostics) ?? false,
                                                description: bodyReader.string("description", diagnostics: &diagnostics),
                                                content: content(bodyReader.value("content")))
        }

        if let responseMap = reader.mapping("responses", diagnostics: &diagnostics) {
            for pair in responseMap.pairs {
                var response = MethodResponse(statusCode: pair.key)
                if let target = resolved(pair.value),
                   let body = MappingReader(target, source: source, what: "response '\(pair.key)'", diagnostics: &diagnostics) {
                    response.description = body.string("description", diagnostics: &diagnostics)
                    if let headers = body.mapping("headers", diagnostics: &diagnostics) {
                        for header in headers.pairs {
                            let resolvedHeader = resolved(header.value)
                            var schema: JSONValue?
                            if case .mapping(let mapping)? = resolvedHeader, let schemaNode = mapping.value(forKey: "schema") {
                                schema = JSONValue.from(schemaNode, source: source, diagnostics: &diagnostics)
                            }
                            response.headers.append(ResponseHeader(name: header.key, schema: schema))
                        }
                    }
                    response.content = content(body.value("content"))
                }
                operation.responses.append(response)
            }
        }

        operation.security = reader.value("security").flatMap(securityRequirements)
        applySecurity(to: &operation, requirements: operation.security ?? api.security ?? [])
        if let auth = reader.mapping("x-amazon-apigateway-auth", diagnostics: &diagnostics),
           let type = auth.string("type", diagnostics: &diagnostics) {
            if let value = AuthorizationType(rawValue: type.uppercased()) {
                operation.authorizationType = value
            } else {
                diagnostics.error(.openAPIAuthType, "unknown x-amazon-apigateway-auth type '\(type)'; expected NONE or AWS_IAM",
                                  at: auth.location(ofValue: "type"))
            }
        }

        if let name = reader.string("x-amazon-apigateway-request-validator", diagnostics: &diagnostics) {
            operation.requestValidatorName = name
            checkValidator(name, in: api, at: reader.location(ofValue: "x-amazon-apigateway-request-validator"))
        } else {
            operation.requestValidatorName = api.defaultRequestValidator
        }

        if let integrationNode = reader.value("x-amazon-apigateway-integration") {
            var componentName: String?
            if case .mapping(let mapping) = integrationNode, let reference = mapping.value(forKey: "$ref")?.string {
                componentName = reference.split(separator: "/").last.map(String.init)
            }
            if componentName != nil {
                if let target = resolved(integrationNode), var integration = readIntegration(target, what: what) {
                    integration.componentName = componentName
                    operation.integration = integration
                }
            } else {
                operation.integration = readIntegration(integrationNode, what: what)
            }
            if kind == .rest { checkMappedParameters(of: operation, what: what) }
        }
        return operation
    }

    /// AWS refuses to import a REST integration whose `requestParameters` map a method request
    /// parameter the method does not declare ("Invalid mapping expression specified").
    private func checkMappedParameters(of operation: Operation, what: String) {
        for mapping in operation.integration?.requestParameters ?? [] {
            guard let (place, name) = mapping.source.methodRequestParameter else { continue }
            let declared = operation.parameters.contains {
                $0.location == place && (place == .header ? $0.name.lowercased() == name.lowercased() : $0.name == name)
            }
            if !declared {
                diagnostics.error(.integrationUndeclaredParameter,
                                  "requestParameters maps '\(mapping.sourceText)', which \(what) does not declare in 'parameters'",
                                  at: mapping.location)
            }
        }
    }

    private func checkValidator(_ name: String, in api: RestAPI, at location: SourceLocation) {
        guard api.requestValidator(named: name) == nil else { return }
        var message = "request validator '\(name)' is not declared in x-amazon-apigateway-request-validators"
        if let suggestion = closestMatch(to: name, in: api.requestValidators.map(\.name)) { message += "; did you mean '\(suggestion)'?" }
        diagnostics.error(.openAPIUnknownValidator, message, at: location)
    }

    private func securityRequirements(_ node: Node) -> [SecurityRequirement]? {
        guard case .sequence(let list) = node else {
            diagnostics.error(.modelType, "'security' must be a list, found \(node.kindDescription)", at: source.location(of: node))
            return nil
        }
        var requirements: [SecurityRequirement] = []
        for item in list {
            guard let reader = MappingReader(item, source: source, what: "a security requirement", diagnostics: &diagnostics) else { continue }
            var schemesHere: [(name: String, scopes: [String])] = []
            for pair in reader.pairs {
                var scopes: [String] = []
                if case .sequence(let values) = pair.value { scopes = values.compactMap(\.string) }
                schemesHere.append((pair.key, scopes))
                if schemes[pair.key] == nil {
                    var message = "security scheme (authorizer) '\(pair.key)' is not declared in components.securitySchemes"
                    if let suggestion = closestMatch(to: pair.key, in: Array(schemes.keys).sorted()) { message += "; did you mean '\(suggestion)'?" }
                    diagnostics.error(.openAPIUnknownAuthorizer, message, at: source.location(of: pair.keyNode))
                }
            }
            requirements.append(SecurityRequirement(schemes: schemesHere, location: source.location(of: item)))
        }
        return requirements
    }

    /// API Gateway applies the first requirement: an API key scheme makes the key required,
    /// an authorizer (or IAM) scheme sets the authorization type.
    private func applySecurity(to operation: inout Operation, requirements: [SecurityRequirement]) {
        guard let requirement = requirements.first(where: { !$0.schemes.isEmpty }) else { return }
        for (name, scopes) in requirement.schemes {
            guard let scheme = schemes[name] else { continue }
            if scheme.isAPIKey {
                operation.apiKeyRequired = true
            } else if let authorizer = authorizersByName[name] {
                operation.authorizationType = authorizer.type.authorizationType
                operation.authorizerName = authorizer.type == .awsIAM ? nil : name
                operation.authorizationScopes = scopes
            }
        }
    }

    private func parameters(_ node: Node?) -> [RequestParameter] {
        guard let node else { return [] }
        guard case .sequence(let list) = node else {
            diagnostics.error(.modelType, "'parameters' must be a list, found \(node.kindDescription)", at: source.location(of: node))
            return []
        }
        var result: [RequestParameter] = []
        for item in list {
            guard let target = resolved(item),
                  let reader = MappingReader(target, source: source, what: "a parameter", diagnostics: &diagnostics),
                  let name = reader.requiredString("name", in: "a parameter", diagnostics: &diagnostics),
                  let place = reader.requiredString("in", in: "parameter '\(name)'", diagnostics: &diagnostics)
            else { continue }
            guard let location = ParameterLocation(rawValue: place) else {
                diagnostics.error(.openAPIParameterLocation, "parameter '\(name)' has unknown location '\(place)'; expected path, query, header or cookie",
                                  at: reader.location(ofValue: "in"))
                continue
            }
            let schema = reader.value("schema").flatMap { JSONValue.from($0, source: source, diagnostics: &diagnostics) }
            result.append(RequestParameter(name: name, location: location,
                                           required: reader.bool("required", diagnostics: &diagnostics) ?? (location == .path),
                                           schema: schema, description: reader.string("description", diagnostics: &diagnostics),
                                           sourceLocation: source.location(of: item)))
        }
        return result
    }

    private func content(_ node: Node?) -> [MediaTypeContent] {
        guard let node, let reader = MappingReader(node, source: source, what: "'content'", diagnostics: &diagnostics) else { return [] }
        var result: [MediaTypeContent] = []
        for pair in reader.pairs {
            var item = MediaTypeContent(contentType: pair.key)
            if case .mapping(let media) = pair.value, let schemaNode = media.value(forKey: "schema") {
                if case .mapping(let schema) = schemaNode, let reference = schema.value(forKey: "$ref")?.string,
                   reference.hasPrefix("#/components/schemas/") {
                    item.modelName = String(reference.dropFirst("#/components/schemas/".count))
                }
                item.schema = JSONValue.from(schemaNode, source: source, diagnostics: &diagnostics)
            }
            result.append(item)
        }
        return result
    }

    // MARK: - Integrations

    func readIntegration(_ node: Node, what: String) -> Integration? {
        guard let reader = MappingReader(node, source: source, what: "the integration of \(what)", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: OpenAPILoader.integrationKeys, in: "x-amazon-apigateway-integration", diagnostics: &diagnostics)
        guard let typeText = reader.requiredString("type", in: "the integration of \(what)", diagnostics: &diagnostics) else { return nil }
        guard let type = IntegrationType(rawValue: typeText.uppercased()) else {
            diagnostics.error(.integrationType, "unknown integration type '\(typeText)'; expected one of \(IntegrationType.allCases.map(\.rawValue).joined(separator: ", "))",
                              at: reader.location(ofValue: "type"))
            return nil
        }
        var passthrough = PassthroughBehavior.whenNoMatch
        if let text = reader.string("passthroughBehavior", diagnostics: &diagnostics) {
            if let value = PassthroughBehavior(rawValue: text.uppercased().replacingOccurrences(of: "-", with: "_")) {
                passthrough = value
            } else {
                diagnostics.error(.integrationPassthrough, "unknown passthroughBehavior '\(text)'; expected \(PassthroughBehavior.allCases.map(\.rawValue).joined(separator: ", "))",
                                  at: reader.location(ofValue: "passthroughBehavior"))
            }
        }
        var responses: [IntegrationResponse] = []
        var statusResponseParameters: [String: [String: String]] = [:]
        if let responseMap = reader.mapping("responses", diagnostics: &diagnostics) {
            for pair in responseMap.pairs {
                guard let response = MappingReader(pair.value, source: source, what: "integration response '\(pair.key)'", diagnostics: &diagnostics) else { continue }
                response.finish(known: OpenAPILoader.integrationResponseKeys, in: "integration response '\(pair.key)'", diagnostics: &diagnostics)
                let pattern = pair.key == "default" ? "" : pair.key
                if !pattern.isEmpty, (try? NSRegularExpression(pattern: pattern)) == nil {
                    diagnostics.error(.integrationSelectionPattern, "selection pattern '\(pattern)' is not a valid regular expression",
                                      at: source.location(of: pair.keyNode))
                }
                guard let status = response.requiredString("statusCode", in: "integration response '\(pair.key)'", diagnostics: &diagnostics) else { continue }
                var entry = IntegrationResponse(
                    selectionPattern: pattern, statusCode: status,
                    responseParameters: response.parameterMappings("responseParameters", place: .integrationResponse, diagnostics: &diagnostics),
                    responseTemplates: templates(response, "responseTemplates"), location: source.location(of: pair.keyNode))
                entry.contentHandling = contentHandling(response)
                responses.append(entry)
            }
        }
        if let map = reader.mapping("responseParameters", diagnostics: &diagnostics) {
            for pair in map.pairs {
                guard let inner = MappingReader(pair.value, source: source, what: "response parameters '\(pair.key)'", diagnostics: &diagnostics) else { continue }
                var values: [String: String] = [:]
                for item in inner.pairs { if let text = item.value.string { values[item.key] = text } }
                statusResponseParameters[pair.key] = values
            }
        }
        var timeout = kind == .http ? 30_000 : 29_000
        if let value = reader.int("timeoutInMillis", diagnostics: &diagnostics) {
            // 50 ms to 29 s for REST integrations, at most 30 s for HTTP APIs (DG: limits).
            let limit = kind == .http ? 30_000 : 29_000
            if (50...limit).contains(value) {
                timeout = value
            } else {
                diagnostics.error(.integrationTimeout, "timeoutInMillis must be between 50 and \(limit), found \(value)",
                                  at: reader.location(ofValue: "timeoutInMillis"))
            }
        }
        var integration = Integration(
            type: type, httpMethod: reader.string("httpMethod", diagnostics: &diagnostics),
            uri: reader.string("uri", diagnostics: &diagnostics), passthroughBehavior: passthrough,
            requestTemplates: templates(reader, "requestTemplates"), responses: responses, timeoutInMillis: timeout,
            location: source.location(of: node))
        integration.credentials = reader.string("credentials", diagnostics: &diagnostics)
        if kind == .http {
            integration.httpRequestParameters = dictionary(reader.stringMap("requestParameters", diagnostics: &diagnostics))
        } else {
            integration.requestParameters = reader.parameterMappings("requestParameters", place: .integrationRequest, diagnostics: &diagnostics)
        }
        integration.contentHandling = contentHandling(reader)
        integration.cacheKeyParameters = reader.cacheKeyParameters("cacheKeyParameters", diagnostics: &diagnostics)
        integration.cacheNamespace = reader.string("cacheNamespace", diagnostics: &diagnostics)
        if let text = reader.string("connectionType", diagnostics: &diagnostics) {
            if let value = ConnectionType(rawValue: text.uppercased()) {
                integration.connectionType = value
            } else {
                diagnostics.error(.integrationConnectionType, "unknown connectionType '\(text)'; expected INTERNET or VPC_LINK",
                                  at: reader.location(ofValue: "connectionType"))
            }
        }
        integration.connectionId = reader.string("connectionId", diagnostics: &diagnostics)
        integration.payloadFormatVersion = scalarText(reader, "payloadFormatVersion")
        if let payload = integration.payloadFormatVersion, payload != "1.0", payload != "2.0" {
            diagnostics.error(.integrationPayloadFormat, "payloadFormatVersion must be 1.0 or 2.0, found \(payload)",
                              at: reader.location(ofValue: "payloadFormatVersion"))
        }
        if let tls = reader.mapping("tlsConfig", diagnostics: &diagnostics) {
            tls.finish(known: ["insecureSkipVerification", "serverNameToVerify"], in: "tlsConfig", diagnostics: &diagnostics)
            integration.tlsConfig = TLSConfig(insecureSkipVerification: tls.bool("insecureSkipVerification", diagnostics: &diagnostics) ?? false,
                                              serverNameToVerify: tls.string("serverNameToVerify", diagnostics: &diagnostics))
        }
        integration.integrationSubtype = reader.string("integrationSubtype", diagnostics: &diagnostics)
        integration.statusResponseParameters = statusResponseParameters
        return integration
    }

    private func contentHandling(_ reader: MappingReader) -> ContentHandling? {
        guard let text = reader.string("contentHandling", diagnostics: &diagnostics) else { return nil }
        guard let value = ContentHandling(rawValue: text.uppercased()) else {
            diagnostics.error(.integrationContentHandling, "unknown contentHandling '\(text)'; expected CONVERT_TO_BINARY or CONVERT_TO_TEXT",
                              at: reader.location(ofValue: "contentHandling"))
            return nil
        }
        return value
    }

    // MARK: - Small readers

    private func templates(_ reader: MappingReader, _ key: String) -> [MappingTemplate] {
        (reader.stringMap(key, diagnostics: &diagnostics) ?? []).map {
            MappingTemplate(contentType: $0.key, source: $0.value, location: $0.location)
        }
    }

    private func dictionary(_ pairs: [(key: String, value: String, location: SourceLocation)]?) -> [String: String] {
        Dictionary((pairs ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// A scalar's text whatever its YAML type (`statusCode: 404` and `"404"` alike).
    private func scalarText(_ reader: MappingReader, _ key: String) -> String? {
        reader.string(key, diagnostics: &diagnostics)
    }

    func stringList(_ reader: MappingReader, _ key: String) -> [String]? {
        guard let value = reader.value(key) else { return nil }
        if case .scalar(let scalar) = value { return [scalar.string] }
        guard case .sequence(let list) = value else {
            diagnostics.error(.modelType, "'\(key)' must be a list of strings, found \(value.kindDescription)", at: source.location(of: value))
            return nil
        }
        var result: [String] = []
        for item in list {
            guard case .scalar(let scalar) = item else {
                diagnostics.error(.modelType, "'\(key)' must be a list of strings, found \(item.kindDescription)", at: source.location(of: item))
                continue
            }
            result.append(scalar.string)
        }
        return result
    }

    /// A warning for each binary media type API Gateway accepts but never matches (see
    /// ``BinaryMediaTypePattern`` for what AWS honours): the API loads, but that entry makes
    /// no payload binary.
    private func checkBinaryMediaTypes(_ document: MappingReader) {
        guard let value = document.value("x-amazon-apigateway-binary-media-types") else { return }
        let items: [Node] = if case .sequence(let list) = value { Array(list) } else { [value] }
        for item in items {
            guard case .scalar(let scalar) = item, case .never(let why) = BinaryMediaTypePattern(scalar.string) else { continue }
            let entry = scalar.string
            let message = switch why {
            case .wildcardType:
                "binary media type '\(entry)' never matches: API Gateway honours '*' as a subtype ('image/*') or in '*/*', not as a type alone"
            case .notAMediaType where entry.contains("~1"):
                "binary media type '\(entry)' is not a media type, so it never matches: '~1' escapes '/' only in a PATCH path; "
                    + "write '\(entry.replacingOccurrences(of: "~1", with: "/"))'"
            case .notAMediaType:
                "binary media type '\(entry)' is not a media type (type/subtype), so it never matches"
            }
            diagnostics.warning(.openAPIBinaryMediaType, message, at: source.location(of: item))
        }
    }

    private func checkGreedySegment(_ path: String, at location: SourceLocation) {
        let segments = path.split(separator: "/")
        for (index, segment) in segments.enumerated() where segment.hasSuffix("+}") && index != segments.count - 1 {
            // A greedy path variable must be the last segment (DG: set-up-lambda-proxy-integrations).
            diagnostics.error(.openAPIGreedyNotLast, "greedy path variable '\(segment)' must be the last segment of '\(path)'", at: location)
        }
    }
}
