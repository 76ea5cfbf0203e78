import Diagnostics
import Foundation
import Yams

/// Reads an OpenAPI 3 document (YAML or JSON) with API Gateway's extensions into a ``RestAPI``.
public struct OpenAPILoader {
    public init() {}

    static let documentKeys = ["openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs",
                               "x-amazon-apigateway-importexport-version", "x-amazon-apigateway-api-key-source",
                               "x-amazon-apigateway-binary-media-types", "x-amazon-apigateway-request-validators",
                               "x-amazon-apigateway-gateway-responses", "x-amazon-apigateway-endpoint-configuration",
                               "x-amazon-apigateway-minimum-compression-size", "x-amazon-apigateway-policy",
                               "x-amazon-apigateway-documentation", "x-amazon-apigateway-tag-value",
                               "x-amazon-apigateway-cors", "webhooks", "jsonSchemaDialect"]
    static let pathItemKeys = HTTPMethod.allCases.map(\.openAPIKey) + ["trace", "parameters", "summary", "description", "servers", "$ref"]
    static let operationKeys = ["operationId", "summary", "description", "tags", "parameters", "requestBody", "responses",
                                "security", "deprecated", "callbacks", "servers", "externalDocs",
                                "x-amazon-apigateway-integration", "x-amazon-apigateway-request-validator",
                                "x-amazon-apigateway-auth", "x-amazon-apigateway-api-key-source"]
    static let integrationKeys = ["type", "httpMethod", "uri", "passthroughBehavior", "requestTemplates", "requestParameters",
                                  "responses", "timeoutInMillis", "credentials", "contentHandling", "cacheKeyParameters",
                                  "cacheNamespace", "connectionType", "connectionId", "payloadFormatVersion",
                                  "tlsConfig", "integrationSubtype"]
    static let integrationResponseKeys = ["statusCode", "responseParameters", "responseTemplates", "contentHandling"]

    /// Loads `source`; problems go to `diagnostics`, and whatever could be read is returned.
    public func load(_ source: YAMLSource, diagnostics: inout DiagnosticEngine) -> RestAPI? {
        guard let root = source.compose(diagnostics: &diagnostics),
              let document = MappingReader(root, source: source, what: "an OpenAPI document", diagnostics: &diagnostics)
        else { return nil }

        guard let version = document.string("openapi", diagnostics: &diagnostics) else {
            diagnostics.error("openapi.version", "not an OpenAPI 3 document: 'openapi' is missing", at: source.location(of: root))
            return nil
        }
        if !version.hasPrefix("3.") {
            diagnostics.error("openapi.version", "OpenAPI version '\(version)' is not supported; expected 3.0.x or 3.1.x",
                              at: document.location(ofValue: "openapi"))
        }
        document.finish(known: Self.documentKeys, in: "the OpenAPI document", diagnostics: &diagnostics)

        var title = "API"
        var apiVersion: String?
        var description: String?
        if let info = document.mapping("info", diagnostics: &diagnostics) {
            title = info.string("title", diagnostics: &diagnostics) ?? title
            apiVersion = info.string("version", diagnostics: &diagnostics)
            description = info.string("description", diagnostics: &diagnostics)
        }

        var operations: [Operation] = []
        if let paths = document.mapping("paths", diagnostics: &diagnostics) {
            for pathPair in paths.pairs {
                guard pathPair.key.hasPrefix("/") else {
                    diagnostics.error("openapi.path", "path '\(pathPair.key)' must start with '/'", at: source.location(of: pathPair.keyNode))
                    continue
                }
                guard let item = MappingReader(pathPair.value, source: source, what: "path '\(pathPair.key)'", diagnostics: &diagnostics) else { continue }
                item.finish(known: Self.pathItemKeys, in: "path '\(pathPair.key)'", diagnostics: &diagnostics)
                for method in HTTPMethod.allCases {
                    guard let node = item.value(method.openAPIKey) else { continue }
                    if let operation = loadOperation(node, path: pathPair.key, method: method, source: source, diagnostics: &diagnostics) {
                        operations.append(operation)
                    }
                }
            }
        }
        return RestAPI(title: title, version: apiVersion, description: description, operations: operations)
    }

    private func loadOperation(_ node: Node, path: String, method: HTTPMethod, source: YAMLSource,
                               diagnostics: inout DiagnosticEngine) -> Operation? {
        let what = "\(method.rawValue) \(path)"
        guard let reader = MappingReader(node, source: source, what: what, diagnostics: &diagnostics) else { return nil }
        reader.finish(known: Self.operationKeys, in: what, diagnostics: &diagnostics)
        var responses: [MethodResponse] = []
        if let responseMap = reader.mapping("responses", diagnostics: &diagnostics) {
            for pair in responseMap.pairs {
                var response = MethodResponse(statusCode: pair.key)
                if let body = MappingReader(pair.value, source: source, what: "response '\(pair.key)'", diagnostics: &diagnostics) {
                    response.description = body.string("description", diagnostics: &diagnostics)
                }
                responses.append(response)
            }
        }
        let integration = reader.value("x-amazon-apigateway-integration").flatMap {
            loadIntegration($0, source: source, what: what, diagnostics: &diagnostics)
        }
        return Operation(
            path: path, method: method,
            operationID: reader.string("operationId", diagnostics: &diagnostics),
            summary: reader.string("summary", diagnostics: &diagnostics),
            description: reader.string("description", diagnostics: &diagnostics),
            integration: integration, responses: responses,
            location: source.location(of: node)
        )
    }

    private func loadIntegration(_ node: Node, source: YAMLSource, what: String, diagnostics: inout DiagnosticEngine) -> Integration? {
        guard let reader = MappingReader(node, source: source, what: "the integration of \(what)", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: Self.integrationKeys, in: "x-amazon-apigateway-integration", diagnostics: &diagnostics)
        guard let typeText = reader.requiredString("type", in: "the integration of \(what)", diagnostics: &diagnostics) else { return nil }
        guard let type = IntegrationType(rawValue: typeText.uppercased()) else {
            diagnostics.error("integration.type", "unknown integration type '\(typeText)'; expected one of \(IntegrationType.allCases.map(\.rawValue).joined(separator: ", "))",
                              at: reader.location(ofValue: "type"))
            return nil
        }
        var passthrough = PassthroughBehavior.whenNoMatch
        if let text = reader.string("passthroughBehavior", diagnostics: &diagnostics) {
            if let value = PassthroughBehavior(rawValue: text.uppercased().replacingOccurrences(of: "-", with: "_")) {
                passthrough = value
            } else {
                diagnostics.error("integration.passthrough", "unknown passthroughBehavior '\(text)'; expected \(PassthroughBehavior.allCases.map(\.rawValue).joined(separator: ", "))",
                                  at: reader.location(ofValue: "passthroughBehavior"))
            }
        }
        let templates = (reader.stringMap("requestTemplates", diagnostics: &diagnostics) ?? []).map {
            MappingTemplate(contentType: $0.key, source: $0.value, location: $0.location)
        }
        var responses: [IntegrationResponse] = []
        if let responseMap = reader.mapping("responses", diagnostics: &diagnostics) {
            for pair in responseMap.pairs {
                guard let response = MappingReader(pair.value, source: source, what: "integration response '\(pair.key)'", diagnostics: &diagnostics) else { continue }
                response.finish(known: Self.integrationResponseKeys, in: "integration response '\(pair.key)'", diagnostics: &diagnostics)
                let pattern = pair.key == "default" ? "" : pair.key
                if !pattern.isEmpty, (try? NSRegularExpression(pattern: pattern)) == nil {
                    diagnostics.error("integration.selection-pattern", "selection pattern '\(pattern)' is not a valid regular expression",
                                      at: source.location(of: pair.keyNode))
                }
                guard let status = response.requiredString("statusCode", in: "integration response '\(pair.key)'", diagnostics: &diagnostics) else { continue }
                let parameters = (response.stringMap("responseParameters", diagnostics: &diagnostics) ?? [])
                let responseTemplates = (response.stringMap("responseTemplates", diagnostics: &diagnostics) ?? []).map {
                    MappingTemplate(contentType: $0.key, source: $0.value, location: $0.location)
                }
                responses.append(IntegrationResponse(
                    selectionPattern: pattern, statusCode: status,
                    responseParameters: Dictionary(parameters.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }),
                    responseTemplates: responseTemplates, location: source.location(of: pair.keyNode)))
            }
        }
        var timeout = 29_000
        if let value = reader.int("timeoutInMillis", diagnostics: &diagnostics) {
            // AWS-BEHAVIOUR fact 79: 50 ms to 29 s for REST integrations.
            if (50...29_000).contains(value) {
                timeout = value
            } else {
                diagnostics.error("integration.timeout", "timeoutInMillis must be between 50 and 29000, found \(value)",
                                  at: reader.location(ofValue: "timeoutInMillis"))
            }
        }
        return Integration(
            type: type, httpMethod: reader.string("httpMethod", diagnostics: &diagnostics),
            uri: reader.string("uri", diagnostics: &diagnostics), passthroughBehavior: passthrough,
            requestTemplates: templates, responses: responses, timeoutInMillis: timeout,
            location: source.location(of: node))
    }
}
