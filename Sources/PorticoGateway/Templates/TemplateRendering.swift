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
                                        headers: HeaderList(headers: exchange.receivedHeaders)),
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
    /// `$context` as templates see it: the template entries of ``ContextTable``, in its order,
    /// only those in `selection` (see ``ContextSelection``), `error` only when a gateway
    /// response renders one. Built straight into Velocity's map storage: this runs for every
    /// template a request renders.
    static func templateMap(of exchange: Exchange, error: GatewayError? = nil, selecting selection: ContextSelection = .all) -> OrderedMap {
        var entries: [OrderedMap.Entry] = []
        entries.reserveCapacity(selection.count)
        let table = ContextTable.templateEntries
        for index in selection.indices {
            let entry = table[index]
            if let constant = entry.templateConstant {
                entries.append(OrderedMap.Entry(key: entry.key, value: constant))
            } else if let value = entry.read(exchange, error) {
                entries.append(OrderedMap.Entry(key: entry.key, value: value.velocity))
            }
        }
        return OrderedMap(uniqueEntries: entries)
    }
}

/// A JSON string literal with the escapes JSON requires (the model's writer, shared).
public func jsonQuoted(_ text: String) -> String {
    JSONValue.quoted(text)
}
