import Foundation
import PorticoModel
import Velocity

/// Renders one mapping template for an exchange with API Gateway's variables.
struct TemplateRenderer {
    let library: TemplateLibrary

    enum Failure: Error {
        case unparsed
        case render(VelocityError)
    }

    func render(_ mapping: MappingTemplate, exchange: Exchange, body: String) -> Result<VelocityRendering, Failure> {
        guard let template = library.template(for: mapping) else { return .failure(.unparsed) }
        do {
            return .success(try template.render(Self.variables(of: exchange).replacingBody(body)))
        } catch {
            return .failure(.render(error))
        }
    }
}

extension TemplateRenderer {
    /// `$input`'s parameters, `$context` and `$stageVariables` of the exchange, made on the
    /// first render and reused by the next: the request and response templates of one
    /// request see the same facts, only `$input.body` differs.
    static func variables(of exchange: Exchange) -> VelocityEnvironment {
        if let cached = exchange.templateVariables { return cached }
        let variables = variables(of: exchange, context: RequestContext.templateMap(of: exchange))
        exchange.templateVariables = variables
        return variables
    }

    /// The variables with a given `$context` (gateway responses add `$context.error`).
    static func variables(of exchange: Exchange, context: OrderedMap) -> VelocityEnvironment {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(exchange.request.headers.count)
        for header in exchange.request.headers { headers.append((header.name, header.value)) }
        return VelocityEnvironment.apiGateway(
            body: "",
            pathParameters: OrderedMap(texts: exchange.route?.pathParameters ?? []),
            queryParameters: OrderedMap(texts: exchange.queryParameters),
            headers: OrderedMap(texts: headers),
            context: context,
            stageVariables: exchange.deployed.stageVariablesMap)
    }
}

extension RequestContext {
    /// `$context` as templates see it, in AWS's order, with the empty `requestOverride` and
    /// `responseOverride` maps templates may `#set` into (fact 63) already in place, and
    /// `error` when a gateway response renders it (`message`, `messageString` — the message
    /// in double quotes —, `responseType` (fact 4) and `validationErrorString`). Built straight into Velocity's map storage:
    /// this runs for every request that renders a template.
    ///
    /// Static and reading the exchange's fields one by one: a method on `exchange.context`
    /// would first copy the whole context (its twenty strings) out of the exchange.
    static func templateMap(of exchange: Exchange, error: GatewayError? = nil) -> OrderedMap {
        typealias Entry = OrderedMap.Entry
        let identity: [Entry] = [
            Entry(key: "accessKey", value: .null), Entry(key: "accountId", value: .null), Entry(key: "caller", value: .null),
            Entry(key: "cognitoAuthenticationProvider", value: .null), Entry(key: "cognitoAuthenticationType", value: .null),
            Entry(key: "cognitoIdentityId", value: .null), Entry(key: "cognitoIdentityPoolId", value: .null),
            Entry(key: "principalOrgId", value: .null), Entry(key: "sourceIp", value: .string(exchange.context.sourceIp)),
            Entry(key: "user", value: .null), Entry(key: "userAgent", value: exchange.context.userAgent.map(VelocityValue.string) ?? .null),
            Entry(key: "userArn", value: .null),
        ]
        var entries: [Entry] = [
            Entry(key: "accountId", value: .string(exchange.context.accountId)), Entry(key: "apiId", value: .string(exchange.context.apiId)),
            Entry(key: "domainName", value: .string(exchange.context.domainName)), Entry(key: "domainPrefix", value: .string(exchange.context.domainPrefix)),
            Entry(key: "extendedRequestId", value: .string(exchange.context.extendedRequestId)), Entry(key: "httpMethod", value: .string(exchange.context.httpMethod)),
            Entry(key: "identity", value: .map(OrderedMap(uniqueEntries: identity))),
            Entry(key: "path", value: .string(exchange.context.path)), Entry(key: "protocol", value: .string(exchange.context.protocol)),
            Entry(key: "requestId", value: .string(exchange.context.requestId)), Entry(key: "requestTime", value: .string(exchange.context.requestTime)),
            Entry(key: "requestTimeEpoch", value: .int(Int(exchange.context.requestTimeEpoch))), Entry(key: "resourceId", value: .string(exchange.context.resourceId)),
            Entry(key: "resourcePath", value: .string(exchange.context.resourcePath)), Entry(key: "stage", value: .string(exchange.context.stage)),
        ]
        if let error {
            entries.append(Entry(key: "error", value: .map(OrderedMap(uniqueEntries: [
                Entry(key: "message", value: .string(error.message)),
                Entry(key: "messageString", value: .string(jsonQuoted(error.message))),
                Entry(key: "responseType", value: .string(error.type.rawValue)),
                Entry(key: "validationErrorString", value: .string(error.validationErrorString)),
            ]))))
        }
        entries.append(Entry(key: "requestOverride", value: emptyRequestOverride))
        entries.append(Entry(key: "responseOverride", value: emptyResponseOverride))
        return OrderedMap(uniqueEntries: entries)
    }
}

/// The override maps as a template first sees them: shared, immutable values.
private let emptyRequestOverride = VelocityValue.map(OrderedMap(uniqueKeysWithValues: [
    ("header", .map(OrderedMap())), ("path", .map(OrderedMap())), ("querystring", .map(OrderedMap())),
]))
private let emptyResponseOverride = VelocityValue.map(OrderedMap(uniqueKeysWithValues: [("header", .map(OrderedMap()))]))

/// A JSON string literal with the escapes JSON requires (the model's writer, shared).
public func jsonQuoted(_ text: String) -> String {
    JSONValue.quoted(text)
}
