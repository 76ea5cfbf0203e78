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

    /// - Parameter error: the failure a gateway response answers, for `$context.error`.
    func render(_ mapping: MappingTemplate, exchange: Exchange, body: String, error: GatewayError? = nil) -> Result<VelocityRendering, Failure> {
        Self.render(library.prepared(for: mapping), exchange: exchange, body: body, error: error)
    }

    /// Renders a template the gateway prepared beforehand (nil: it does not parse).
    static func render(_ prepared: PreparedTemplate?, exchange: Exchange, body: String, error: GatewayError? = nil) -> Result<VelocityRendering, Failure> {
        guard let prepared else { return .failure(.unparsed) }
        // Text only: the same output whatever the variables, so none are made.
        if let constant = prepared.template.constantOutput { return .success(VelocityRendering(output: constant)) }
        do {
            return .success(try prepared.template.render(variables(of: exchange, body: body, error: error, context: prepared.context)))
        } catch {
            return .failure(.render(error))
        }
    }

    /// `$input` (the body and the request's own parameter lists, read in place), `$context`
    /// with the entries the template reads, and `$stageVariables`, prepared once per stage.
    static func variables(of exchange: Exchange, body: String, error: GatewayError?, context: ContextSelection) -> VelocityEnvironment {
        VelocityEnvironment.apiGateway(
            body: body,
            parameters: InputParameters(path: NamedTexts(exchange.route?.pathParameters ?? []),
                                        querystring: NamedTexts(exchange.queryParameters),
                                        headers: HeaderList(headers: exchange.request.headers)),
            context: .map(RequestContext.templateMap(of: exchange, error: error, selecting: context)),
            stageVariables: .map(exchange.deployed.stageVariablesMap))
    }
}

/// The request's headers as `$input`'s header list, without copying them.
struct HeaderList: ParameterList {
    let headers: [HTTPHeader]

    var count: Int { headers.count }
    func name(at index: Int) -> String { headers[index].name }
    func value(at index: Int) -> VelocityValue { .string(headers[index].value) }
}

extension RequestContext {
    /// `$context` as templates see it, in AWS's order, with `error` when a gateway response
    /// renders it (`message`, `messageString` — the message in double quotes —, `responseType`
    /// and `validationErrorString`), then the empty `requestOverride` and `responseOverride`
    /// maps templates may `#set` into (both: DG: api-gateway-mapping-template-reference); only
    /// the entries in `selection` (see ``ContextSelection``). Built straight into Velocity's map
    /// storage: this runs for every template a request renders.
    ///
    /// Static and reading the exchange's fields one by one: a method on `exchange.context`
    /// would first copy the whole context (its twenty strings) out of the exchange.
    static func templateMap(of exchange: Exchange, error: GatewayError? = nil, selecting selection: ContextSelection = .all) -> OrderedMap {
        typealias Entry = OrderedMap.Entry
        var entries: [Entry] = []
        entries.reserveCapacity(selection.count)
        // Each value is made only when its entry is selected.
        func add(_ field: ContextField, _ value: @autoclosure () -> VelocityValue) {
            if selection.contains(field) { entries.append(Entry(key: field.key, value: value())) }
        }
        add(.accountId, .string(exchange.context.accountId))
        add(.apiId, .string(exchange.context.apiId))
        add(.domainName, .string(exchange.context.domainName))
        add(.domainPrefix, .string(exchange.context.domainPrefix))
        add(.extendedRequestId, .string(exchange.context.extendedRequestId))
        add(.httpMethod, .string(exchange.context.httpMethod))
        add(.identity, .map(identityMap(of: exchange)))
        add(.path, .string(exchange.context.path))
        add(.protocol, .string(exchange.context.protocol))
        add(.requestId, .string(exchange.context.requestId))
        add(.requestTime, .string(exchange.context.requestTime))
        add(.requestTimeEpoch, .int(Int(exchange.context.requestTimeEpoch)))
        add(.resourceId, .string(exchange.context.resourceId))
        add(.resourcePath, .string(exchange.context.resourcePath))
        add(.stage, .string(exchange.context.stage))
        if let error {
            add(.error, .map(OrderedMap(uniqueEntries: [
                Entry(key: "message", value: .string(error.message)),
                Entry(key: "messageString", value: .string(jsonQuoted(error.message))),
                Entry(key: "responseType", value: .string(error.type.rawValue)),
                Entry(key: "validationErrorString", value: .string(error.validationErrorString)),
            ])))
        }
        add(.requestOverride, emptyRequestOverride)
        add(.responseOverride, emptyResponseOverride)
        return OrderedMap(uniqueEntries: entries)
    }

    /// `$context.identity`: the caller's address and user agent; the rest is null without an
    /// authorizer.
    private static func identityMap(of exchange: Exchange) -> OrderedMap {
        typealias Entry = OrderedMap.Entry
        return OrderedMap(uniqueEntries: [
            Entry(key: "accessKey", value: .null), Entry(key: "accountId", value: .null), Entry(key: "caller", value: .null),
            Entry(key: "cognitoAuthenticationProvider", value: .null), Entry(key: "cognitoAuthenticationType", value: .null),
            Entry(key: "cognitoIdentityId", value: .null), Entry(key: "cognitoIdentityPoolId", value: .null),
            Entry(key: "principalOrgId", value: .null), Entry(key: "sourceIp", value: .string(exchange.context.sourceIp)),
            Entry(key: "user", value: .null), Entry(key: "userAgent", value: exchange.context.userAgent.map(VelocityValue.string) ?? .null),
            Entry(key: "userArn", value: .null),
        ])
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
