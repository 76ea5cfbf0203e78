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
        let environment = VelocityEnvironment.apiGateway(
            body: body,
            pathParameters: exchange.route?.pathParameters.map { ($0.name, $0.value) } ?? [],
            queryParameters: exchange.queryParameters.map { ($0.name, $0.value) },
            headers: exchange.request.headers.map { ($0.name, $0.value) },
            context: context(of: exchange),
            stageVariables: exchange.stage.variables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        do {
            return .success(try template.render(environment))
        } catch {
            return .failure(.render(error))
        }
    }
}

extension TemplateRenderer {
    func context(of exchange: Exchange) -> VelocityValue {
        if let cached = exchange.velocityContext { return cached }
        let value = velocityValue(exchange.context.fields)
        exchange.velocityContext = value
        return value
    }
}

/// `$context` as a Velocity map, in AWS's order.
func velocityValue(_ fields: [(String, ContextValue)]) -> VelocityValue {
    .map(OrderedMap(fields.map { ($0.0, velocityValue($0.1)) }))
}

func velocityValue(_ value: ContextValue) -> VelocityValue {
    switch value {
    case .null: .null
    case .string(let text): .string(text)
    case .int(let number): .int(Int(number))
    case .map(let pairs): velocityValue(pairs)
    }
}

/// A JSON string literal with the escapes JSON requires (the model's writer, shared).
public func jsonQuoted(_ text: String) -> String {
    JSONValue.quoted(text)
}
