import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import PorticoServer
import Prometheus

/// `portico invoke`: one request through the gateway, printed as text or as the JSON object
/// of the command-line contract.
public struct InvokeAction: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case text, json
    }

    public var projectRoot: String
    public var api: String?
    public var stage: String?
    public var method: String
    public var headers: [String]
    public var body: String?
    public var format: Format
    public var target: String
    /// The name of an API key of the project, sent as X-API-Key (`--key`).
    public var apiKey: String?
    /// The name of an identity of the project to send the request as (`--as`).
    public var caller: String?
    /// Seed for request ids; nil draws one at random, as a real request would have.
    public var seed: UInt64?
    public var clock: any GatewayClock
    /// The release of a stage with a canary the request goes to (`--canary`, `--main`); nil:
    /// drawn at random with the canary's percentTraffic.
    public var channel: ReleaseChannel?
    /// A SAM or CloudFormation template to read instead of the one found (`--template`).
    public var template: String?
    /// Print the metrics the request was counted in (`--metrics`), as `serve`'s
    /// `/_portico/metrics` would show them after this one request.
    public var printsMetrics = false

    public init(projectRoot: String, api: String?, stage: String?, method: String, headers: [String], body: String?,
                format: Format, target: String, apiKey: String? = nil, caller: String? = nil, seed: UInt64? = nil, clock: any GatewayClock = SystemClock(),
                channel: ReleaseChannel? = nil) {
        self.channel = channel
        self.projectRoot = projectRoot
        self.api = api
        self.stage = stage
        self.method = method
        self.headers = headers
        self.body = body
        self.format = format
        self.target = target
        self.apiKey = apiKey
        self.caller = caller
        self.seed = seed
        self.clock = clock
    }

    public func run(console: Console) async -> ExitStatus {
        var diagnostics = DiagnosticEngine()
        guard let project = ProjectLoader(root: projectRoot, template: template).load(diagnostics: &diagnostics), !diagnostics.hasErrors else {
            console.err(DiagnosticFormatter.report(diagnostics))
            return .inputProblems
        }
        let services: ProjectServices
        do {
            // A request from the command line is a real one: PutObject writes to the bucket's folder.
            services = try await ProjectServices.start(for: project, deterministic: seed != nil, bucketWrites: .toFolders)
        } catch {
            console.err("error: \(error)\n")
            return .inputProblems
        }
        let status = await run(project: project, services: services, diagnostics: &diagnostics, console: console)
        await services.shutdown()
        return status
    }

    private func run(project: Project, services: ProjectServices, diagnostics: inout DiagnosticEngine, console: Console) async -> ExitStatus {
        let registry = PrometheusCollectorRegistry()
        var gatewayServices = services.gatewayServices
        if printsMetrics { gatewayServices.metrics = PrometheusMetricsFactory(registry: registry) }
        let gateway = Gateway(project: project, clock: clock, services: gatewayServices)
        diagnostics.emit(contentsOf: gateway.diagnostics)
        if diagnostics.hasErrors {
            console.err(DiagnosticFormatter.report(diagnostics))
            return .inputProblems
        }

        var parsedHeaders: [HTTPHeader] = []
        for line in headers {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                console.err("error: -H '\(line)' is not 'Name: value'\n")
                return .usage
            }
            parsedHeaders.append(HTTPHeader(line[..<colon].trimmingCharacters(in: .whitespaces),
                                            line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        if let apiKey {
            guard let key = gateway.environment.deployments.usagePlans.key(named: apiKey) else {
                let known = project.apiKeys.map(\.name)
                console.err("error: --key '\(apiKey)' is no API key of the project" + (known.isEmpty ? " (it declares none)" : " (\(known.joined(separator: ", ")))") + "\n")
                return .usage
            }
            parsedHeaders.removeAll { $0.hasName("X-API-Key") }
            parsedHeaders.append(HTTPHeader("X-API-Key", key.value))
        }
        var projectCaller: ProjectCaller?
        if let caller {
            switch gateway.caller(named: caller) {
            case .success(let found): projectCaller = found
            case .failure(let failure):
                console.err("error: --as \(failure.description)\n")
                return .usage
            }
        }
        let resolved: Resolved
        switch resolve(project: project, endpoints: gateway.endpoints, apiIdHeader: parsedHeaders.value(for: "x-apigw-api-id")) {
        case .success(let value): resolved = value
        case .failure(let failure):
            console.err("error: \(failure.description)\n")
            return .usage
        }
        let transcript: Transcript
        switch resolved {
        case .frontEnd(let target, let reason, let response):
            // An address API Gateway answers itself is a gateway answer, not an input problem:
            // printed as `portico serve` answers it (403 {"message":"Forbidden"}; an HTTP API's
            // unknown stage, 404 {"message":"Not Found"}).
            let request = GatewayRequest(method: method.uppercased(), path: target, headers: parsedHeaders, body: body ?? "")
            transcript = .frontEnd(response, request: request, reason: reason)
        case .endpoint(var endpoint, let path):
            endpoint.channel = channel
            var request = GatewayRequest(method: method.uppercased(), path: path, headers: parsedHeaders, body: body ?? "")
            if let projectCaller {
                do {
                    request = try gateway.credentialed(request, as: projectCaller, at: endpoint)
                } catch {
                    console.err("error: --as \(projectCaller.name): \(error.description)\n")
                    return .usage
                }
            }
            var ids = IdentifierGenerator(seed: seed ?? UInt64.random(in: .min ... .max))
            do {
                transcript = try await gateway.invoke(request, at: endpoint, ids: &ids)
            } catch {
                console.err("error: \(error.description)\n")
                return .usage
            }
        }
        let metrics = printsMetrics ? MetricsEndpoint(registry: registry).text() : nil
        switch format {
        case .text:
            console.out(transcript.text)
            if let metrics { console.out("\nMetrics (Prometheus text format):\n" + metrics) }
        case .json:
            console.out(String(decoding: transcript.jsonData(pretty: true, metrics: metrics), as: UTF8.self) + "\n")
        }
        return .success
    }

    /// Where the request goes: an API's stage, or API Gateway's front end, which answers a
    /// gateway host with no stage (or base path mapping) behind the path itself.
    enum Resolved: Equatable {
        /// `path` is relative to the stage, query included.
        case endpoint(Endpoint, path: String)
        /// `target` is the path and query as sent; `reason` is the trace's.
        case frontEnd(target: String, reason: String, response: GatewayResponse)
    }

    /// The API, stage and stage-relative path: from `--api`/`--stage` and a path, or from a URL
    /// whose host is an execute-api host (`https://{apiId}.execute-api.{region}.amazonaws.com/{stage}/path`)
    /// or a custom domain name of the project, resolved as API Gateway's front end does.
    func resolve(project: Project, endpoints: EndpointTable, apiIdHeader: String? = nil) -> Result<Resolved, FailureMessage> {
        if target.hasPrefix("http://") || target.hasPrefix("https://") {
            guard let url = URLComponents(string: target), let host = url.host else {
                return .failure(FailureMessage("'\(target)' is not a valid URL"))
            }
            var requestTarget = url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath
            if let query = url.percentEncodedQuery { requestTarget += "?" + query }
            switch endpoints.resolve(host: host, target: requestTarget, apiIdHeader: apiIdHeader) {
            case .endpoint(let endpoint, let path):
                return .success(.endpoint(endpoint, path: path))
            case .forbidden(let reason):
                return .success(.frontEnd(target: requestTarget, reason: reason, response: .forbidden))
            case .notFound(let reason):
                return .success(.frontEnd(target: requestTarget, reason: reason, response: .httpNotFound))
            case .unknownHost:
                let known = project.apis.map { "\($0.name): \(Gateway.executeAPIHost(for: $0))" } + project.domains.map(\.domainName)
                return .failure(FailureMessage("no API of the project has the host '\(host)' (\(known.joined(separator: "; ")))"))
            }
        }
        guard target.hasPrefix("/") else {
            return .failure(FailureMessage("'\(target)' must be a path starting with '/' (relative to the stage's base URL) or an execute-api URL"))
        }
        guard let apiName = api ?? (project.apis.count == 1 ? project.apis[0].name : nil) else {
            return .failure(FailureMessage("name the API with --api (\(project.apis.map(\.name).joined(separator: ", ")))"))
        }
        guard let deployment = project.api(named: apiName) else {
            return .failure(FailureMessage(Gateway.InvocationError.unknownAPI(apiName, known: project.apis.map(\.name)).description))
        }
        guard let stageName = stage ?? (deployment.stages.count == 1 ? deployment.stages[0].stageName : nil) else {
            return .failure(FailureMessage("name the stage with --stage (\(deployment.stages.map(\.stageName).joined(separator: ", ")))"))
        }
        return .success(.endpoint(Endpoint(api: apiName, stage: stageName), path: target))
    }
}

struct FailureMessage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
