import PorticoModel

/// An API's resources and methods, indexed once when the gateway is made so that routing a
/// request costs a walk over parsed segments and one dictionary lookup.
public struct RouteTable: Sendable {
    public let matcher: ResourceMatcher
    private let methods: [String: [HTTPMethod: RoutedMethod]]

    public init(api: RestAPI) {
        matcher = ResourceMatcher(resourcePaths: api.resourcePaths)
        var index: [String: [HTTPMethod: RoutedMethod]] = [:]
        var resourceIds: [String: String] = [:]
        for operation in api.operations where index[operation.path]?[operation.method] == nil {
            let resourceId = resourceIds[operation.path] ?? resourceIdentifier(for: operation.path)
            resourceIds[operation.path] = resourceId
            index[operation.path, default: [:]][operation.method] = RoutedMethod(operation: operation, resourceId: resourceId)
        }
        methods = index
    }

    /// The method for a resource: the exact method, else ANY. GET does not serve HEAD
    /// (AWS-BEHAVIOUR fact 20).
    public func method(resourcePath: String, method: String) -> RoutedMethod? {
        guard let methods = methods[resourcePath] else { return nil }
        if let exact = HTTPMethod(rawValue: method), let routed = methods[exact] { return routed }
        return methods[.any]
    }
}

/// A method of a resource as routing hands it to the later stages. A class made once per
/// gateway: a request refers to it instead of copying the operation's many fields.
public final class RoutedMethod: Sendable {
    public let operation: Operation
    /// The resource id AWS-style (six letters and digits), stable per resource path.
    public let resourceId: String

    init(operation: Operation, resourceId: String) {
        self.operation = operation
        self.resourceId = resourceId
    }
}
