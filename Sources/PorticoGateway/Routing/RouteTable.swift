import PorticoModel

/// An API's resources and methods, indexed once when the gateway is made so that routing a
/// request costs a walk over parsed segments and a look at the few methods of one resource.
public struct RouteTable: Sendable {
    public let matcher: ResourceMatcher
    /// The methods of each resource, by the matcher's resource index, then by ``slot(of:)``.
    private let methods: [[RoutedMethod?]]
    /// Every method, by ``RoutedMethod/number``.
    public let allMethods: [RoutedMethod]
    /// An HTTP API's `$default` route: what a request no other route matches goes to
    /// (DG: http-api-develop-routes). Never in the resource tree; nil for REST APIs.
    public let defaultRoute: RoutedMethod?

    /// - Parameter templates: the parsed mapping templates, which each method's integration
    ///   keeps beside its own.
    public init(api: RestAPI, templates: TemplateLibrary) {
        matcher = ResourceMatcher(resourcePaths: api.resourcePaths.filter { $0 != Operation.defaultRoutePath })
        var index: [String: [HTTPMethod: RoutedMethod]] = [:]
        var resourceIds: [String: String] = [:]
        var all: [RoutedMethod] = []
        for operation in api.operations where index[operation.path]?[operation.method] == nil {
            let resourceId = resourceIds[operation.path] ?? resourceIdentifier(for: operation.path)
            resourceIds[operation.path] = resourceId
            let routed = RoutedMethod(operation: operation, resourceId: resourceId, number: all.count, templates: templates)
            index[operation.path, default: [:]][operation.method] = routed
            all.append(routed)
        }
        allMethods = all
        defaultRoute = index[Operation.defaultRoutePath]?[.any]
        methods = matcher.resourcePaths.map { path in
            var slots = [RoutedMethod?](repeating: nil, count: HTTPMethod.allCases.count)
            for (method, routed) in index[path] ?? [:] { slots[Self.slot(of: method)] = routed }
            return slots
        }
    }

    /// A method's place in a resource's list of methods.
    private static func slot(of method: HTTPMethod) -> Int {
        switch method {
        case .get: 0
        case .put: 1
        case .post: 2
        case .delete: 3
        case .options: 4
        case .head: 5
        case .patch: 6
        case .any: 7
        }
    }

    /// The method for a resource (by the matcher's index): the exact method, else ANY. GET
    /// does not serve HEAD (LocalStack code, next_gen/execute_api/handlers/resource_router.py;
    /// not recorded against AWS).
    public func method(resource: Int, method: String) -> RoutedMethod? {
        if let exact = HTTPMethod(rawValue: method), let routed = methods[resource][Self.slot(of: exact)] { return routed }
        return methods[resource][Self.slot(of: .any)]
    }
}

extension RouteTable {
    /// The route an HTTP API request takes (DG: http-api-develop-routes, "Routing API
    /// requests"): the most specific route whose path and method match, a path without
    /// variables before one with `{param}`, before a greedy `{proxy+}`; the request's own
    /// method before ANY. Unlike REST, a path whose resource lacks the method is not a dead end:
    /// the walk goes on to less specific routes (`POST /pets/cat` passes `GET /pets/{proxy+}`
    /// for `ANY /{proxy+}`). Then the `$default` route; nil when nothing matches.
    func route(path: String, method: String) -> (route: RoutedMethod, parameters: [(name: String, value: String)])? {
        if let (resource, parameters) = matcher.matchResource(path: path, where: RoutesFor(table: self, method: method)),
           let routed = self.method(resource: resource, method: method) {
            return (routed, parameters)
        }
        return defaultRoute.map { ($0, []) }
    }

    /// The resources that have a route for one method (its own or ANY).
    private struct RoutesFor: ResourceFilter {
        let table: RouteTable
        let method: String
        func accepts(_ resource: Int) -> Bool { table.method(resource: resource, method: method) != nil }
    }
}

/// A method of a resource as routing hands it to the later stages. A class made once per
/// gateway: a request refers to it instead of copying the operation's many fields.
public final class RoutedMethod: Sendable {
    public let operation: Operation
    /// The resource id AWS-style (six letters and digits), stable per resource path.
    public let resourceId: String
    /// Its place in ``RouteTable/allMethods``: where per-stage facts about it are kept.
    public let number: Int
    /// The operation's integration, by reference: stages read its fields from here, so no
    /// request copies the integration's twenty-odd fields (a retain each) into a local.
    public let integration: MethodIntegration?
    /// An HTTP API route's parameter mappings, parsed once; nil when it has none.
    let httpMappings: HTTPParameterMappings?

    init(operation: Operation, resourceId: String, number: Int, templates: TemplateLibrary) {
        self.operation = operation
        self.resourceId = resourceId
        self.number = number
        integration = operation.integration.map { MethodIntegration($0, templates: templates) }
        httpMappings = operation.integration.map(HTTPParameterMappings.init).flatMap { $0.isEmpty ? nil : $0 }
    }
}
