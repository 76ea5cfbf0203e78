import PorticoModel

/// Matches a request path against a REST API's resource paths with API Gateway's precedence:
/// at each segment a static segment beats `{param}`, which beats the greedy `{proxy+}`
/// (DG: set-up-lambda-proxy-integrations; slashes as in the recorded AWS responses of LocalStack
/// tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json, test_lambda_aws_proxy_integration).
public struct ResourceMatcher: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case greedy(String)
    }

    /// One node of the resource tree: the resource ending here (if any) and its children.
    /// Children are indexes into `nodes`, so the tree is one array; resources are indexes into
    /// `resourcePaths`.
    private struct Node: Sendable {
        var resource: Int?
        var literals = SegmentTable()
        var parameter: (name: String, child: Int)?
        /// `{name+}` below this node: it ends the path, so it holds the resource directly.
        var greedy: (name: String, resource: Int)?
    }

    private var nodes: [Node] = [Node()]
    /// The resource paths, each once, in the order given: a match names one by its index.
    public private(set) var resourcePaths: [String] = []

    public init(resourcePaths: [String]) {
        for path in resourcePaths { insert(path) }
    }

    private mutating func insert(_ resourcePath: String) {
        let resource = resourcePaths.firstIndex(of: resourcePath) ?? resourcePaths.count
        if resource == resourcePaths.count { resourcePaths.append(resourcePath) }
        var current = 0
        for segment in Self.parse(template: resourcePath) {
            switch segment {
            case .literal(let text):
                if let child = nodes[current].literals[text] {
                    current = child
                } else {
                    nodes.append(Node())
                    nodes[current].literals.insert(text, value: nodes.count - 1)
                    current = nodes.count - 1
                }
            case .parameter(let name):
                if let existing = nodes[current].parameter {
                    current = existing.child
                } else {
                    nodes.append(Node())
                    nodes[current].parameter = (name, nodes.count - 1)
                    current = nodes.count - 1
                }
            case .greedy(let name):
                // A greedy segment is always the last (AWS allows `{proxy+}` only there).
                if nodes[current].greedy == nil { nodes[current].greedy = (name, resource) }
                return
            }
        }
        if nodes[current].resource == nil { nodes[current].resource = resource }
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
    /// parameters, as AWS keeps them (recorded AWS response: LocalStack
    /// tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
    /// test_lambda_aws_proxy_integration › invocation-payload-with-double-slash).
    ///
    /// A depth-first walk that tries, at each segment, the static child, then `{param}`, then
    /// `{proxy+}`: the first full match is the one API Gateway's precedence picks. Every
    /// non-greedy step consumes exactly one segment, so each node is visited at most once and
    /// the walk is linear in the size of the tree whatever the request path.
    public func match(path: String) -> (resourcePath: String, parameters: [(name: String, value: String)])? {
        matchResource(path: path).map { (resourcePaths[$0.resource], $0.parameters) }
    }

    /// The same, naming the resource by its index in ``resourcePaths``.
    public func matchResource(path: String) -> (resource: Int, parameters: [(name: String, value: String)])? {
        matchResource(path: path, where: EveryResource())
    }

    /// The best resource for `path` that `filter` accepts: the same walk, which goes on past a
    /// resource the filter refuses to the next one in precedence order. How an HTTP API finds
    /// the most specific route whose method matches (``RouteTable/route(path:method:)``), where
    /// a REST API stops at the first resource whatever its methods.
    func matchResource<Filter: ResourceFilter>(path: String, where filter: Filter) -> (resource: Int, parameters: [(name: String, value: String)])? {
        var trimmed = Substring(path)
        if trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        if trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard !trimmed.isEmpty else { return nodes[0].resource.flatMap { filter.accepts($0) ? ($0, []) : nil } }
        // The walk reads the path's bytes by offset: cutting segments off a Substring checks
        // string indices at every step.
        return trimmed.withUTF8 { bytes in
            var parameters: [(name: String, value: String)] = []
            guard let resource = walk(0, bytes, from: 0, filter, &parameters) else { return nil }
            return (resource, parameters)
        }
    }

    /// `bytes[start...]` is the path from the current segment on (`start` nil once every
    /// segment is consumed); segments are cut off it one at a time, so no list of segments is
    /// ever built.
    private func walk<Filter: ResourceFilter>(_ node: Int, _ bytes: UnsafeBufferPointer<UInt8>, from start: Int?, _ filter: Filter,
                                              _ parameters: inout [(name: String, value: String)]) -> Int? {
        // The node's parts are read in place (`nodes[node].…`): copying a node would retain
        // its table and names at every step.
        guard let start else { return nodes[node].resource.flatMap { filter.accepts($0) ? $0 : nil } }
        var end = start
        while end < bytes.count && bytes[end] != UInt8(ascii: "/") { end += 1 }
        let part = UnsafeBufferPointer(rebasing: bytes[start..<end])
        let next = end < bytes.count ? end + 1 : nil
        if let child = nodes[node].literals[part], let found = walk(child, bytes, from: next, filter, &parameters) {
            return found
        }
        if let (name, child) = nodes[node].parameter, !part.isEmpty {
            parameters.append((name, String(decoding: part, as: UTF8.self)))
            if let found = walk(child, bytes, from: next, filter, &parameters) { return found }
            parameters.removeLast()
        }
        if let (name, resource) = nodes[node].greedy, filter.accepts(resource) {
            // The greedy parameter takes the rest of the path, inner slashes included.
            parameters.append((name, String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)))
            return resource
        }
        return nil
    }
}

/// Which resources a match may end at. Generic rather than a closure, so REST's
/// ``EveryResource`` compiles to the plain walk.
protocol ResourceFilter {
    func accepts(_ resource: Int) -> Bool
}

/// REST routing: the first resource in precedence order, whatever its methods.
struct EveryResource: ResourceFilter {
    @inline(__always) func accepts(_ resource: Int) -> Bool { true }
}
