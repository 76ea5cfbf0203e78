import PorticoModel

/// An API's resources and methods, indexed once when the gateway is made so that routing a
/// request costs a walk over parsed segments and one dictionary lookup.
public struct RouteTable: Sendable {
    public let matcher: ResourceMatcher
    private let operations: [String: [HTTPMethod: Operation]]
    /// AWS-style resource ids by resource path, made once.
    private let resourceIds: [String: String]

    public init(api: RestAPI) {
        matcher = ResourceMatcher(resourcePaths: api.resourcePaths)
        var index: [String: [HTTPMethod: Operation]] = [:]
        for operation in api.operations where index[operation.path]?[operation.method] == nil {
            index[operation.path, default: [:]][operation.method] = operation
        }
        operations = index
        resourceIds = Dictionary(api.resourcePaths.map { ($0, resourceIdentifier(for: $0)) }, uniquingKeysWith: { first, _ in first })
    }

    public func resourceId(for path: String) -> String {
        resourceIds[path] ?? resourceIdentifier(for: path)
    }

    /// The method for a resource: the exact method, else ANY. GET does not serve HEAD
    /// (AWS-BEHAVIOUR fact 20).
    public func operation(resourcePath: String, method: String) -> Operation? {
        guard let methods = operations[resourcePath] else { return nil }
        if let exact = HTTPMethod(rawValue: method), let operation = methods[exact] { return operation }
        return methods[.any]
    }
}
