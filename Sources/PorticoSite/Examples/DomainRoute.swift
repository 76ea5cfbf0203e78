import Diagnostics
import PorticoGateway

/// Where an example's request with `domain=` goes: the API and stage a base path mapping of
/// the custom domain picks, and the path left after the base path, as API Gateway's front end
/// resolves `https://{domain}/{basePath}/…` (DG: how-to-custom-domains, rest-api-mappings).
struct DomainRoute: Equatable {
    let endpoint: Endpoint
    /// Relative to the stage, query included.
    let path: String

    /// One route per request of `block`, all to the same API and stage; nil (with a located
    /// error) when a request reaches no mapping, or the block also names its API or stage.
    static func routes(of block: ExampleBlock, through domain: String, endpoints: EndpointTable,
                       diagnostics: inout DiagnosticEngine) -> [DomainRoute]? {
        if block.api != nil || block.stage != nil {
            diagnostics.error(.exampleAPI, "domain=\(domain) picks the API and stage through its base path mappings; leave out api= and stage=",
                              at: block.location)
            return nil
        }
        var routes: [DomainRoute] = []
        for request in block.requests {
            switch endpoints.resolve(host: domain, target: request.path) {
            case .endpoint(let endpoint, let path):
                routes.append(DomainRoute(endpoint: endpoint, path: path))
            case .forbidden(let reason), .notFound(let reason):
                diagnostics.error(.exampleAPI, "domain=\(domain): \(request.method) \(request.path) reaches no API: \(reason)", at: block.location)
                return nil
            case .unknownHost:
                diagnostics.error(.exampleAPI, "domain=\(domain) names no custom domain of the project (domains in portico.yml)", at: block.location)
                return nil
            }
        }
        if let first = routes.first, routes.contains(where: { $0.endpoint.api != first.endpoint.api || $0.endpoint.stage != first.endpoint.stage }) {
            diagnostics.error(.exampleAPI, "domain=\(domain): the requests of one example must reach one API and stage; split the block",
                              at: block.location)
            return nil
        }
        return routes
    }
}
