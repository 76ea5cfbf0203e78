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
            context: velocityValue(exchange.context.fields),
            stageVariables: exchange.stage.variables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        do {
            return .success(try template.render(environment))
        } catch {
            return .failure(.render(error))
        }
    }
}

/// `$context` as a Velocity map, built through the order-preserving JSON reader so the
/// Velocity module stays the only owner of its value representation.
func velocityValue(_ fields: [(String, ContextValue)]) -> VelocityValue {
    var json = ""
    writeJSON(.map(fields), into: &json)
    return (try? JSONValueParser.parse(json)) ?? .null
}

func writeJSON(_ value: ContextValue, into out: inout String) {
    switch value {
    case .null: out += "null"
    case .int(let number): out += String(number)
    case .string(let text): out += jsonQuoted(text)
    case .map(let pairs):
        out += "{"
        for (index, pair) in pairs.enumerated() {
            if index > 0 { out += "," }
            out += jsonQuoted(pair.0)
            out += ":"
            writeJSON(pair.1, into: &out)
        }
        out += "}"
    }
}

/// A JSON string literal with the escapes JSON requires.
public func jsonQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case let s where s.value < 0x20:
            out += "\\u" + String(s.value, radix: 16).leftPadded(to: 4)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
