import Diagnostics
import Foundation
import Yams

/// Reads the strings of a definition that name request and response parts (parameter maps,
/// identity sources, cache keys) into their parsed forms. A bad entry is a located error at
/// the key or value that is wrong and is left out; the rest of the definition still loads.
extension MappingReader {
    /// `key`'s parameter map (`requestParameters`, `responseParameters`) for `place`, sorted by
    /// target text: the order the gateway applies them in.
    func parameterMappings(_ key: String, place: MappingPlace, diagnostics: inout DiagnosticEngine) -> [ParameterMapping] {
        guard let map = mapping(key, diagnostics: &diagnostics) else { return [] }
        var result: [ParameterMapping] = []
        for pair in map.pairs {
            guard case .scalar(let scalar) = pair.value else {
                diagnostics.error(.modelType, "'\(pair.key)' must be a string, found \(pair.value.kindDescription)", at: source.location(of: pair.value))
                continue
            }
            if place == .gatewayResponse, pair.key.hasPrefix("gatewayresponse.path.") || pair.key.hasPrefix("gatewayresponse.querystring.") {
                // AWS lists path and querystring beside header for gateway responses
                // (DG: api-gateway-swagger-extensions-gateway-responses.responseParameters),
                // but an answer has neither, so nothing is set.
                diagnostics.warning(place.diagnosticID, "'\(pair.key)' sets nothing: a gateway response has no path or query string; Portico ignores it",
                                    at: source.location(of: pair.keyNode))
                continue
            }
            let target = MappingTarget(expression: pair.key).flatMap { place.accepts($0) ? $0 : nil }
            if target == nil {
                diagnostics.error(place.diagnosticID, "'\(pair.key)' is not a parameter \(place.name) can set; expected \(place.expectedTargets)",
                                  at: source.location(of: pair.keyNode))
            }
            let text = scalar.string
            var mapped = MappingSource(expression: text)
            if let known = mapped, !place.accepts(known) {
                diagnostics.error(place.diagnosticID, "\(place.name) cannot read '\(text)'; expected \(place.expectedSources)",
                                  at: source.location(of: pair.value))
                mapped = nil
            } else if mapped == nil {
                diagnostics.error(place.diagnosticID, "'\(text)' is not a mapping expression; expected \(place.expectedSources)",
                                  at: source.location(of: pair.value))
            }
            guard let target, let mapped else { continue }
            result.append(ParameterMapping(target: target, source: mapped, targetText: pair.key, sourceText: text,
                                           location: source.location(of: pair.value)))
        }
        return result.sorted { $0.targetText < $1.targetText }
    }

    /// `key`'s identity sources: one comma-separated string (REST's form) or a list.
    func identitySources(_ key: String, syntax: IdentitySourceSyntax, id: DiagnosticID,
                         diagnostics: inout DiagnosticEngine) -> [SourceExpression] {
        sourceExpressions(key, commaSeparated: true, diagnostics: &diagnostics) { text, location, diagnostics in
            guard let parsed = syntax.parse(text) else {
                diagnostics.error(id, "unknown identity source '\(text)'; expected \(syntax.expected)", at: location)
                return nil
            }
            return parsed
        }
    }

    /// `key`'s cache key parameters: method request parameters, as a list (or one string).
    func cacheKeyParameters(_ key: String, diagnostics: inout DiagnosticEngine) -> [SourceExpression] {
        sourceExpressions(key, commaSeparated: false, diagnostics: &diagnostics) { text, location, diagnostics in
            guard let parsed = MappingSource(expression: text), CacheKeyRule.accepts(parsed) else {
                diagnostics.error(.integrationCacheKey, "unknown cache key parameter '\(text)'; expected \(CacheKeyRule.expected)", at: location)
                return nil
            }
            return parsed
        }
    }

    /// The texts of a string or a list of strings, each parsed by `parse`, which reports what it
    /// cannot read at the location it is given. Wrong kinds are reported in the words the
    /// loaders' `stringList` uses, so a value both read is reported once.
    private func sourceExpressions(
        _ key: String, commaSeparated: Bool, diagnostics: inout DiagnosticEngine,
        parse: (String, SourceLocation, inout DiagnosticEngine) -> MappingSource?
    ) -> [SourceExpression] {
        guard let value = value(key) else { return [] }
        var texts: [(String, Node)] = []
        switch value {
        case .scalar(let scalar):
            texts = (commaSeparated ? Authorizer.split(scalar.string) : [scalar.string]).map { ($0, value) }
        case .sequence(let list):
            for item in list {
                guard case .scalar(let scalar) = item else {
                    diagnostics.error(.modelType, "'\(key)' must be a list of strings, found \(item.kindDescription)", at: source.location(of: item))
                    continue
                }
                texts.append((commaSeparated ? scalar.string.trimmingCharacters(in: .whitespaces) : scalar.string, item))
            }
        default:
            diagnostics.error(.modelType, "'\(key)' must be a list of strings, found \(value.kindDescription)", at: source.location(of: value))
        }
        return texts.compactMap { text, node in
            parse(text, source.location(of: node), &diagnostics).map { SourceExpression(text: text, source: $0) }
        }
    }
}
