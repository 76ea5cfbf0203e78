import PorticoModel

extension Gateway {
    /// The same gateway calling other services; the compiled templates, route tables and
    /// selection patterns are shared, not rebuilt.
    public func replacingServices(_ services: GatewayServices) -> Gateway {
        let current = environment
        return Gateway(project: project, pipeline: pipeline, endpoints: endpoints, environment: GatewayEnvironment(
            templates: current.templates, clock: current.clock, services: services, deployments: current.deployments,
            selectionPatterns: current.selectionPatterns))
    }

    /// A gateway whose buckets and streams keep their writes to themselves (``GatewayServices/sandboxed()``).
    public func sandboxed() -> Gateway {
        replacingServices(environment.services.sandboxed())
    }

    private init(project: Project, pipeline: Pipeline, endpoints: EndpointTable, environment: GatewayEnvironment) {
        self.project = project
        self.pipeline = pipeline
        self.endpoints = endpoints
        self.environment = environment
    }
}
