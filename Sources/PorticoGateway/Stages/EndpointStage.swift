/// Endpoint: which API and stage the request is for. The gateway resolves both before the
/// exchange exists (a request to an unknown API or stage has no exchange); this stage records
/// the decision. The headers API Gateway's front end adds before a request reaches an
/// integration (``frontEndHeaders(of:)``) are made when an integration first reads them
/// (``Exchange/forwardedHeaders``): a MOCK integration never does.
final class EndpointStage: PipelineStage {
    let name = StageName.endpoint

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        let deployed = exchange.deployed, domainName = exchange.context.domainName
        let vpce = exchange.endpoint.sourceVpce.map { id in (id, environment.deployments.vpcId(through: id)) }
        let pinned = exchange.endpoint.channel
        return .proceed(TraceDetail {
            let through = vpce.map { id, vpc in ", through VPC endpoint \(id)" + (vpc.map { " of \($0)" } ?? "") } ?? ""
            return "stage '\(deployed.stage.stageName)' of API '\(deployed.api.name)' (\(deployed.api.endpointType.rawValue) endpoint \(domainName))\(through)"
                + Self.release(of: deployed, pinned: pinned)
        })
    }

    /// Which deployment the request runs and, on a stage with a canary, which channel took it
    /// and why: pinned by the request, or drawn at random with the canary's share.
    static func release(of deployed: DeployedStage, pinned: ReleaseChannel?) -> String {
        let deployment = deployed.deploymentId.map { "deployment '\($0)' (\(deployed.api.definitionPath))" } ?? "the current definition (\(deployed.api.definitionPath))"
        guard deployed.hasCanary, let settings = deployed.stage.canarySettings else {
            // A stage that follows the current definition says nothing more.
            return deployed.deploymentId == nil ? "" : "; runs \(deployment)"
        }
        let share = "the canary takes \(ReleaseChannel.percent(settings.percentTraffic)) of requests"
        let why = pinned != nil ? "pinned by the request; \(share)" : "drawn at random: \(share)"
        if deployed.isCanary {
            let overrides = settings.stageVariableOverrides.isEmpty ? "" : ", stage variables overridden: " + settings.stageVariableOverrides.keys.sorted().joined(separator: ", ")
            return "; canary release (\(why)): runs \(deployment)\(overrides)"
        }
        return "; production release (\(why)): runs \(deployment)"
    }

    /// The received headers (the client's, or CloudFront's version of them on an EDGE
    /// endpoint) as an integration receives them, with what API Gateway's front end adds (as
    /// recorded against AWS in LocalStack's test_lambda_aws_proxy_integration): Host if the
    /// client sent none, X-Amzn-Trace-Id, X-Forwarded-For, -Port and -Proto.
    static func frontEndHeaders(of exchange: Exchange) -> [HTTPHeader] {
        // One pass over the received headers: keep them in order, remember what the front end
        // must add, and drop the X-Forwarded-Port/Proto it overwrites.
        var headers: [HTTPHeader] = []
        let received = exchange.receivedHeaders
        headers.reserveCapacity(received.count + 5)
        var hasHost = false, hasTrace = false
        var forwardedFor: String?
        for header in received {
            if header.hasName("X-Forwarded-For") {
                forwardedFor = forwardedFor ?? header.value
                continue
            }
            if header.hasName("X-Forwarded-Port") || header.hasName("X-Forwarded-Proto") { continue }
            if !hasHost && header.hasName("Host") { hasHost = true }
            if !hasTrace && header.hasName("X-Amzn-Trace-Id") { hasTrace = true }
            headers.append(header)
        }
        if !hasHost { headers.insert(HTTPHeader("Host", exchange.context.domainName), at: 0) }
        if !hasTrace { headers.append(HTTPHeader("X-Amzn-Trace-Id", exchange.context.traceId)) }
        let sourceIp = exchange.context.sourceIp
        headers.append(HTTPHeader("X-Forwarded-For", forwardedFor.map { "\($0), \(sourceIp)" } ?? sourceIp))
        headers.append(HTTPHeader("X-Forwarded-Port", "443"))
        headers.append(HTTPHeader("X-Forwarded-Proto", "https"))
        return headers
    }
}
