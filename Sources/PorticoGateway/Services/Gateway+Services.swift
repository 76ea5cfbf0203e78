import PorticoModel

extension Gateway {
    /// The same gateway calling other services, with the same state; the compiled templates,
    /// route tables and selection patterns are shared, not rebuilt.
    public func replacingServices(_ services: GatewayServices) -> Gateway {
        let current = environment
        return Gateway(project: project, endpoints: endpoints, environment: GatewayEnvironment(
            templates: current.templates, clock: current.clock, services: services, deployments: current.deployments,
            selectionPatterns: current.selectionPatterns, state: current.state, userPools: current.userPools,
            metrics: services.metrics.map { GatewayMetrics(deployments: current.deployments, factory: $0) }))
    }

    /// A gateway for one independent run (a page of a site build): its buckets and streams
    /// keep their writes to themselves (``GatewayServices/sandboxed()``), its state starts
    /// empty and its clock starts afresh (``GatewayClock/startingAfresh()``), so the run gives
    /// the same answers whatever ran before or beside it.
    public func sandboxed() -> Gateway {
        let current = environment
        return Gateway(project: project, endpoints: endpoints, environment: GatewayEnvironment(
            templates: current.templates, clock: current.clock.startingAfresh(), services: current.services.sandboxed(),
            deployments: current.deployments, selectionPatterns: current.selectionPatterns,
            state: GatewayState(deployments: current.deployments, project: project), userPools: current.userPools))
    }

    private init(project: Project, endpoints: EndpointTable, environment: GatewayEnvironment) {
        self.project = project
        self.endpoints = endpoints
        self.environment = environment
    }
}
