import Diagnostics
import Foundation
import PorticoModel

/// The simulator's one entry point: a project's APIs, each deployed stage with the pipeline of
/// its API's kind, and the state the gateway keeps between requests.
///
/// The site, `invoke`, `check` and `serve` all execute requests through ``invoke(_:api:stage:ids:)``,
/// so a transcript on a page is exactly what a client of `portico serve` gets.
public struct Gateway: Sendable {
    public let project: Project
    public let environment: GatewayEnvironment
    /// The hosts this gateway answers for and how they name an API and stage.
    public let endpoints: EndpointTable
    /// AWS's documentation account id, used in ARNs and `$context.accountId`.
    public static let accountId = "123456789012"
    public static let region = "us-east-1"

    /// - Parameters:
    ///   - pipelines: the pipeline each kind of API runs.
    ///   - previous: a gateway this one replaces (`serve` after a change to the project): each
    ///     stage whose configuration is unchanged keeps its state (``GatewayState``).
    public init(project: Project, clock: any GatewayClock, services: GatewayServices = .none,
                pipelines: Pipelines = .standard, replacing previous: Gateway? = nil) {
        self.project = project
        let templates = TemplateLibrary(project: project)
        let deployments = DeployedStages(project: project, templates: templates, pipelines: pipelines)
        environment = GatewayEnvironment(
            templates: templates, clock: clock, services: services, deployments: deployments,
            selectionPatterns: SelectionPatterns(patterns: project.apis.flatMap { api in
                api.definition.operations.flatMap { $0.integration?.responses.map(\.selectionPattern) ?? [] }
            }),
            state: GatewayState(deployments: deployments, project: project, keeping: previous?.environment.state),
            userPools: UserPoolDirectory(identities: project.identities, keys: services.userPoolKeys ?? InMemoryUserPoolKeys()),
            metrics: services.metrics.map { GatewayMetrics(deployments: deployments, factory: $0) })
        endpoints = EndpointTable(project: project, facts: deployments.facts)
    }

    /// Problems found while preparing the project (templates, resource policies or IAM users' policies that do not parse, …).
    public var diagnostics: [Diagnostic] { environment.templates.diagnostics + environment.deployments.diagnostics + environment.deployments.iamUsers.diagnostics }

    /// The host name AWS would give the API: `{apiId}.execute-api.{region}.amazonaws.com`.
    public static func executeAPIHost(for api: APIDeployment) -> String {
        "\(apiIdentifier(for: api.name)).execute-api.\(region).amazonaws.com"
    }

    public enum InvocationError: Error, Equatable, CustomStringConvertible {
        case unknownAPI(String, known: [String])
        case unknownStage(String, api: String, known: [String])
        /// The API's kind has no pipeline yet: answering with another kind's would be a guess.
        case notSimulated(api: String, kind: APIKind)
        /// A request pinned to the canary of a stage that has none.
        case noCanary(api: String, stage: String)

        public var description: String {
            switch self {
            case let .unknownAPI(name, known):
                "no API named '\(name)'" + (known.isEmpty ? "; the project declares none" : "; the project declares \(known.joined(separator: ", "))")
            case let .unknownStage(name, api, known):
                "API '\(api)' has no stage '\(name)'; its stages are \(known.joined(separator: ", "))"
            case let .noCanary(api, stage):
                "stage '\(stage)' of API '\(api)' has no canary (no canarySettings in portico.yml)"
            case let .notSimulated(api, kind):
                "API '\(api)' is \(kind == .http ? "an HTTP API" : "a WebSocket API"), and the simulator runs REST and HTTP APIs only for now"
            }
        }
    }

    public func invoke(_ request: GatewayRequest, api apiName: String, stage stageName: String,
                       ids: inout IdentifierGenerator, sourceIp: String = "127.0.0.1") async throws(InvocationError) -> Transcript {
        try await invoke(request, at: Endpoint(api: apiName, stage: stageName), ids: &ids, sourceIp: sourceIp)
    }

    /// Runs a request addressed as `endpoint` says (the API's own host, or a custom domain name
    /// whose base path mapping chose the API and stage); `request.path` is relative to the stage.
    public func invoke(_ request: GatewayRequest, at endpoint: Endpoint,
                       ids: inout IdentifierGenerator, sourceIp: String = "127.0.0.1") async throws(InvocationError) -> Transcript {
        switch try start(request, at: endpoint, ids: &ids, sourceIp: sourceIp) {
        case .finished(let transcript): transcript
        case .waiting(let pending): await pending.finish()
        }
    }

    /// Runs a request as far as it goes without waiting: to the end (every stage but an
    /// integration that calls out decides at once), or to the stage that must wait, which the
    /// returned ``PendingInvocation`` finishes. A server answers the first kind on the thread
    /// that read the request, without starting a task.
    public func start(_ request: GatewayRequest, at endpoint: Endpoint,
                      ids: inout IdentifierGenerator, sourceIp: String = "127.0.0.1") throws(InvocationError) -> Invocation {
        guard let stage = environment.deployments[api: endpoint.api, stage: endpoint.stage] else {
            guard let api = project.api(named: endpoint.api) else {
                throw .unknownAPI(endpoint.api, known: project.apis.map(\.name))
            }
            throw .unknownStage(endpoint.stage, api: endpoint.api, known: api.stages.map(\.stageName))
        }
        guard let pipeline = stage.pipeline else { throw .notSimulated(api: stage.api.name, kind: stage.api.kind) }
        // What the client states of the network it comes from (SimulatorHeaders); a host name
        // that goes through a VPC endpoint says it first.
        let stated = SimulatorHeaders.read(request.headers)
        let clientIp = stated.sourceIp ?? sourceIp
        var endpoint = endpoint
        if endpoint.sourceVpce == nil { endpoint.sourceVpce = stated.sourceVpce }
        if let vpce = endpoint.sourceVpce, let refusal = environment.deployments.refusal(through: vpce, to: stage) {
            return .finished(.frontEnd(.forbidden, request: request, reason: refusal))
        }
        // The canary choice is made here, where the stage is looked up: every stage after it
        // sees the stage (or canary) the request runs on.
        guard let deployed = stage.choosingCanary(&ids, pinned: endpoint.channel) else {
            throw .noCanary(api: endpoint.api, stage: endpoint.stage)
        }
        let now = environment.clock.now()
        let facts = deployed.facts
        let apiId = facts.apiId
        let requestId = ids.uuid()
        // Through a custom domain, $context.domainName is that name and domainPrefix its first
        // label; `path` is the path as the client sent it (localstack issue #12295 and PR #12296,
        // verified against AWS).
        let domainName = endpoint.customDomainName ?? facts.host
        let domainPrefix = endpoint.customDomainName.map { String($0.prefix { $0 != "." }) } ?? apiId
        // Made in place in the exchange: a context built beside it would be copied in whole.
        let exchange = Exchange(request: request, deployed: deployed, context: RequestContext(
            accountId: Self.accountId, apiId: apiId, domainName: domainName, domainPrefix: domainPrefix,
            extendedRequestId: ids.apigwID(), httpMethod: request.method.asciiUppercasedIfNeeded(),
            path: endpoint.customDomainPath ?? deployed.pathPrefix + request.rawPath, protocol: "HTTP/1.1", requestId: requestId,
            requestTime: environment.dates.texts(for: now).commonLogFormat, requestTimeEpoch: Int64((now.timeIntervalSince1970 * 1000).rounded()),
            resourceId: "", resourcePath: "", stage: endpoint.stage, sourceIp: clientIp,
            userAgent: request.headers.value(for: "User-Agent")), endpoint: endpoint,
            arrival: environment.clock.monotonic(), state: environment.state[deployed])
        exchange.context.deploymentId = facts.deploymentId
        if deployed.isHTTPAPI { exchange.context.requestId = exchange.context.extendedRequestId }
        exchange.context.traceId = ids.traceID(epochSeconds: Int64(now.timeIntervalSince1970))
        let run = PipelineRun(pipeline: pipeline, exchange: exchange, environment: environment)
        guard run.advanceWithoutWaiting() else { return .waiting(PendingInvocation(run)) }
        return .finished(run.takeTranscript())
    }
}

/// A request the gateway has started: already answered, or waiting at a stage that calls out.
public enum Invocation {
    case finished(Transcript)
    case waiting(PendingInvocation)
}

/// A request stopped at a stage that must wait (a Lambda function, an HTTP backend, a bucket).
///
/// Unchecked Sendable: the thread that started the request hands it to the one task that
/// finishes it, and nothing else ever holds it, so its exchange is never used from two places.
public final class PendingInvocation: @unchecked Sendable {
    private let run: PipelineRun

    init(_ run: PipelineRun) {
        self.run = run
    }

    /// Runs the remaining stages and returns the transcript.
    public func finish() async -> Transcript {
        await run.finish()
        return run.takeTranscript()
    }
}

extension PipelineRun {
    /// The transcript of a finished run, made by moving the results out of the run rather
    /// than copying them (a retain and a release per string and array saved): the run ends
    /// here, and is freed with nothing left in it but the request.
    func takeTranscript() -> Transcript {
        var logs: [String] = []
        swap(&logs, &exchange.logs)
        var buckets: [BucketReading] = []
        swap(&buckets, &exchange.buckets)
        var transcript = Transcript(api: exchange.endpoint.api, stage: exchange.endpoint.stage, request: exchange.request,
                                    response: exchange.response.take() ?? GatewayResponse(status: 500),
                                    trace: takeTrace(), integrationRequest: exchange.integrationRequest.take(), logs: logs,
                                    buckets: buckets, authorizer: exchange.authorizerRun.take(),
                                    method: exchange.route.map { MatchedMethod(path: $0.operation.path, method: $0.operation.method) })
        if exchange.deployed.hasCanary { transcript.release = exchange.deployed.isCanary ? .canary : .main }
        transcript.accessLog = exchange.accessLogLine.take()
        swap(&transcript.executionLog, &exchange.executionLog)
        return transcript
    }
}
