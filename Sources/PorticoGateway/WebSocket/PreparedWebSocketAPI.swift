import Diagnostics
import Foundation
import PorticoModel
import Velocity

/// A WebSocket API as one deployed stage runs it, prepared when the gateway is made: routes by
/// key, the selection expressions parsed, every mapping template compiled, the `$connect`
/// authorizer resolved. A message then costs a dictionary lookup and the evaluation of one
/// expression before its integration runs.
final class PreparedWebSocketAPI: Sendable {
    let api: WebSocketAPI
    let routeSelection: SelectionExpression
    let routes: [String: PreparedWebSocketRoute]
    /// The `$connect` route's Lambda authorizer, when it names one.
    let connectAuthorizer: PreparedLambdaAuthorizer?
    /// The `$connect` route's authorization type when it is one the simulator does not check
    /// (AWS_IAM): said in the trace, never claimed as checked.
    let unsimulatedConnectAuthorization: AuthorizationType?
    let diagnostics: [Diagnostic]

    init(api: WebSocketAPI, stage: Stage, apiId: String) {
        self.api = api
        routeSelection = SelectionExpression(api.routeSelectionExpression)
        var diagnostics: [Diagnostic] = []
        var integrations: [String: PreparedWebSocketIntegration] = [:]
        for integration in api.integrations {
            integrations[integration.name] = PreparedWebSocketIntegration(integration, diagnostics: &diagnostics)
        }
        var routes: [String: PreparedWebSocketRoute] = [:]
        for route in api.routes {
            routes[route.routeKey] = PreparedWebSocketRoute(route: route, integration: route.integrationName.flatMap { integrations[$0] })
        }
        self.routes = routes
        let connect = api.route(forKey: "$connect")
        if connect?.authorizationType == .custom, let name = connect?.authorizerName, let authorizer = api.authorizer(named: name) {
            connectAuthorizer = PreparedLambdaAuthorizer(authorizer, slot: 0, stage: stage, apiId: apiId)
        } else {
            connectAuthorizer = nil
        }
        unsimulatedConnectAuthorization = connect?.authorizationType == .awsIAM ? .awsIAM : nil
        self.diagnostics = diagnostics
    }
}

/// A route with its integration prepared.
struct PreparedWebSocketRoute: Sendable {
    let route: WebSocketRoute
    let integration: PreparedWebSocketIntegration?

    /// A two-way route sends the integration's response to the client: one that has a route
    /// response (DG: apigateway-websocket-api-route-response, "When defined, it signals to API
    /// Gateway that it should return a response to a client upon receiving a WebSocket message").
    var isTwoWay: Bool { !route.routeResponses.isEmpty }
}

/// An integration with its templates compiled and its selection expressions parsed.
struct PreparedWebSocketIntegration: Sendable {
    struct Response: Sendable {
        let key: String
        /// `/regex/` keys; nil for `$default`.
        let pattern: NSRegularExpressionBox?
        let templateSelection: SelectionExpression?
        let templates: [(key: String, template: VelocityTemplate)]
    }

    let integration: WebSocketIntegration
    let templateSelection: SelectionExpression?
    let requestTemplates: [(key: String, template: VelocityTemplate)]
    /// Pattern responses first, in file order, then `$default`.
    let responses: [Response]

    init(_ integration: WebSocketIntegration, diagnostics: inout [Diagnostic]) {
        self.integration = integration
        templateSelection = integration.templateSelectionExpression.map(SelectionExpression.init)
        requestTemplates = Self.compile(integration.requestTemplates, diagnostics: &diagnostics)
        var responses: [Response] = []
        for response in integration.integrationResponses {
            let key = response.integrationResponseKey
            var pattern: NSRegularExpressionBox?
            if key.count > 2, key.hasPrefix("/"), key.hasSuffix("/") {
                let body = String(key.dropFirst().dropLast())
                if let regex = try? NSRegularExpression(pattern: "^(?:\(body))$", options: [.dotMatchesLineSeparators]) {
                    pattern = NSRegularExpressionBox(regex)
                } else {
                    diagnostics.append(.error(.templateSyntax, "integration response key \(key) is not a regular expression", at: response.location))
                    continue
                }
            }
            responses.append(Response(key: key, pattern: pattern, templateSelection: response.templateSelectionExpression.map(SelectionExpression.init),
                                      templates: Self.compile(response.responseTemplates, diagnostics: &diagnostics)))
        }
        self.responses = responses.filter { $0.pattern != nil } + responses.filter { $0.pattern == nil && $0.key == "$default" }
    }

    private static func compile(_ templates: [MappingTemplate], diagnostics: inout [Diagnostic]) -> [(key: String, template: VelocityTemplate)] {
        templates.compactMap { mapping -> (key: String, template: VelocityTemplate)? in
            do throws(VelocityError) {
                return (mapping.contentType, try VelocityTemplate(source: mapping.source))
            } catch {
                let relative = SourceLocation(file: "", line: error.line, column: error.column)
                diagnostics.append(.error(.templateSyntax, "mapping template '\(mapping.contentType)': \(error.message)",
                                          at: relative.shifted(into: mapping.location)))
                return nil
            }
        }
    }

    /// The template whose key the selection expression gives, else the `$default` one (DG:
    /// apigateway-websocket-api-selection-expressions: "`$default` is supported as a catch-all").
    static func template(in templates: [(key: String, template: VelocityTemplate)], selectedBy key: String?) -> (key: String, template: VelocityTemplate)? {
        if let key, let found = templates.first(where: { $0.key == key }) { return found }
        return templates.first { $0.key == "$default" }
    }

    /// The integration response for a status code or Lambda error message: the first `/regex/`
    /// key that matches it whole, else `$default` (DG: apigateway-websocket-api-selection-expressions,
    /// IntegrationResponse.IntegrationResponseKey).
    func response(for subject: String) -> Response? {
        for response in responses {
            guard let pattern = response.pattern else { return response }
            if pattern.matches(subject) { return response }
        }
        return nil
    }
}

/// A compiled regular expression, immutable once made and safe to share across threads (as
/// ``SelectionPatterns`` relies on too).
final class NSRegularExpressionBox: @unchecked Sendable {
    let regex: NSRegularExpression

    init(_ regex: NSRegularExpression) {
        self.regex = regex
    }

    /// Bounded in time (``BoundedRegexMatch``): the text comes from a client or an integration.
    func matches(_ text: String) -> Bool {
        BoundedRegexMatch.first(regex, in: text) == .matched
    }
}
