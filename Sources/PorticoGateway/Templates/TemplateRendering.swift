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
        let variables = variables(of: exchange, context: velocityValue(exchange.context.fields))
        exchange.templateVariables = variables
        return variables
    }

    /// The variables with a given `$context` (gateway responses add `$context.error`).
    static func variables(of exchange: Exchange, context: VelocityValue) -> VelocityEnvironment {
        VelocityEnvironment.apiGateway(
            body: "",
            pathParameters: exchange.route?.pathParameters.map { ($0.name, $0.value) } ?? [],
            queryParameters: exchange.queryParameters.map { ($0.name, $0.value) },
            headers: exchange.request.headers.map { ($0.name, $0.value) },
            context: context,
            stageVariables: exchange.stage.variables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }
}

/// `$context` as a Velocity map, in AWS's order, with the empty `requestOverride` and
/// `responseOverride` maps templates may `#set` into (fact 63) already in place.
func velocityValue(_ fields: [(String, ContextValue)]) -> VelocityValue {
    let overrides: [(String, VelocityValue)] = [("requestOverride", emptyRequestOverride), ("responseOverride", emptyResponseOverride)]
    return .map(OrderedMap(uniqueKeysWithValues: fields.lazy.map { ($0.0, velocityValue($0.1)) } + overrides))
}

/// The override maps as a template first sees them: shared, immutable values.
private let emptyRequestOverride = VelocityValue.map(OrderedMap(uniqueKeysWithValues: [
    ("header", .map(OrderedMap())), ("path", .map(OrderedMap())), ("querystring", .map(OrderedMap())),
]))
private let emptyResponseOverride = VelocityValue.map(OrderedMap(uniqueKeysWithValues: [("header", .map(OrderedMap()))]))

func velocityValue(_ value: ContextValue) -> VelocityValue {
    switch value {
    case .null: .null
    case .string(let text): .string(text)
    case .int(let number): .int(Int(number))
    case .map(let pairs): .map(OrderedMap(uniqueKeysWithValues: pairs.lazy.map { ($0.0, velocityValue($0.1)) }))
    }
}

/// A JSON string literal with the escapes JSON requires (the model's writer, shared).
public func jsonQuoted(_ text: String) -> String {
    JSONValue.quoted(text)
}
