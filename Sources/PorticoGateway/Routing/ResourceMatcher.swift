import PorticoModel

/// Matches a request path against a REST API's resource paths with API Gateway's precedence:
/// at each segment a static segment beats `{param}`, which beats the greedy `{proxy+}`
/// (DG: set-up-lambda-proxy-integrations; AWS-BEHAVIOUR facts 19, 21, 22).
public struct ResourceMatcher: Sendable {
    private struct Candidate: Sendable {
        let resourcePath: String
        let segments: [Segment]
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case greedy(String)

        /// Lower ranks win.
        var rank: Int {
            switch self {
            case .literal: 0
            case .parameter: 1
            case .greedy: 2
            }
        }
    }

    private let candidates: [Candidate]

    public init(resourcePaths: [String]) {
        candidates = resourcePaths.map { Candidate(resourcePath: $0, segments: Self.parse(template: $0)) }
    }

    static func parse(template: String) -> [Segment] {
        template.split(separator: "/", omittingEmptySubsequences: true).map { part in
            if part.hasPrefix("{") && part.hasSuffix("+}") {
                return .greedy(String(part.dropFirst().dropLast(2)))
            }
            if part.hasPrefix("{") && part.hasSuffix("}") {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    /// The best resource for `path` (percent-encoded, without query), with its parameters.
    /// One trailing slash is ignored; inner empty segments (`//`) are kept for greedy
    /// parameters, as AWS keeps them (fact 22).
    public func match(path: String) -> (resourcePath: String, parameters: [(name: String, value: String)])? {
        var trimmed = Substring(path)
        if trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        if trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        let parts = trimmed.isEmpty ? [] : trimmed.split(separator: "/", omittingEmptySubsequences: false)

        var best: (candidate: Candidate, ranks: [Int], parameters: [(name: String, value: String)])?
        for candidate in candidates {
            guard let result = Self.match(candidate.segments, parts) else { continue }
            if best == nil || result.ranks.lexicographicallyPrecedes(best!.ranks) {
                best = (candidate, result.ranks, result.parameters)
            }
        }
        return best.map { ($0.candidate.resourcePath, $0.parameters) }
    }

    private static func match(_ segments: [Segment], _ parts: [Substring]) -> (ranks: [Int], parameters: [(name: String, value: String)])? {
        var ranks: [Int] = []
        var parameters: [(name: String, value: String)] = []
        var index = 0
        for segment in segments {
            switch segment {
            case .literal(let text):
                guard index < parts.count, parts[index] == text else { return nil }
                index += 1
            case .parameter(let name):
                guard index < parts.count, !parts[index].isEmpty else { return nil }
                parameters.append((name, String(parts[index])))
                index += 1
            case .greedy(let name):
                guard index < parts.count else { return nil }
                parameters.append((name, parts[index...].joined(separator: "/")))
                index = parts.count
            }
            ranks.append(segment.rank)
        }
        return index == parts.count ? (ranks, parameters) : nil
    }
}
