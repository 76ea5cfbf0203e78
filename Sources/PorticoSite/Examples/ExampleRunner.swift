import Diagnostics
import PorticoGateway
import PorticoModel

/// Runs an example block through the gateway and checks its expectations.
///
/// Ids are seeded from the page path and the block's index, so adding a page or an example
/// elsewhere never changes this example's request ids, and a rebuild repeats every byte.
public struct ExampleRunner: Sendable {
    public let gateway: Gateway
    /// The project's key values and user pool tokens, which no page shows.
    public let keyMask: KeyMask

    public init(gateway: Gateway) {
        self.gateway = gateway
        keyMask = KeyMask(gateway: gateway)
    }

    public struct Run: Sendable {
        public var block: ExampleBlock
        public var api: String
        public var stage: String
        public var transcripts: [Transcript]
        /// A burst's: when each request was sent, after the first.
        public var offsets: [Duration] = []
        /// The project's key values and tokens, masked wherever the run is drawn.
        public var keyMask = KeyMask(values: [])
        /// The stage's canary percentTraffic, when it has a canary.
        public var canaryShare: Double?
    }

    public func run(_ block: ExampleBlock, seed: String, diagnostics: inout DiagnosticEngine) async -> Run? {
        let apis = gateway.project.apis
        var routes: [DomainRoute]?
        if let domain = block.domain {
            guard let found = DomainRoute.routes(of: block, through: domain, endpoints: gateway.endpoints, diagnostics: &diagnostics) else { return nil }
            routes = found
        }
        guard let apiName = routes?.first?.endpoint.api ?? block.api ?? (apis.count == 1 ? apis[0].name : nil) else {
            diagnostics.error(.exampleAPI, apis.isEmpty ? "the example names no API and the project declares none"
                              : "the example must name its API (api=\(apis.map(\.name).joined(separator: "|")))", at: block.location)
            return nil
        }
        guard let api = ExampleTargets.api(named: apiName, in: gateway.project, at: block.location, diagnostics: &diagnostics) else { return nil }
        // A WebSocket API has no request-and-answer pipeline: its examples are scripts of
        // frames (``WebSocketScript``).
        guard api.kind != .webSocket else {
            diagnostics.error(.exampleAPIKind, "'\(apiName)' is a WebSocket API: script its clients in a websocket example block (```websocket example api=\(apiName)```)",
                              at: block.location)
            return nil
        }
        guard gateway.environment.deployments.pipelines.pipeline(for: api.kind) != nil else {
            diagnostics.error(.exampleAPIKind, "this gateway runs no pipeline for '\(apiName)', \(api.kind == .http ? "an HTTP API" : "a REST API")", at: block.location)
            return nil
        }
        guard let stageName = routes?.first?.endpoint.stage ?? block.stage ?? (api.stages.count == 1 ? api.stages[0].stageName : nil) else {
            diagnostics.error(.exampleStage, "the example must name its stage (stage=\(api.stages.map(\.stageName).joined(separator: "|")))", at: block.location)
            return nil
        }
        guard let requests = keyed(block, diagnostics: &diagnostics) else { return nil }
        guard case .success(let caller) = ExampleTargets.caller(named: block.caller, in: gateway, at: block.location, diagnostics: &diagnostics) else { return nil }
        let clock = gateway.environment.clock as? VirtualClock
        if let burst = block.burst, burst.count > 1, burst.rate != nil, clock == nil {
            diagnostics.error(.exampleRepeat, "rate= paces a burst on a site build's virtual clock; this gateway runs on a real clock", at: block.location)
            return nil
        }
        var ids = IdentifierGenerator(seedText: seed)
        var transcripts: [Transcript] = []
        var offsets: [Duration] = []
        // A burst is its one request sent `count` times; the clock moves to each send's offset
        // from the first, so rounding never accumulates.
        let sends = block.burst.map { burst in (0..<burst.count).map { _ in requests[0] } } ?? requests
        for (index, request) in sends.enumerated() {
            let wait: Duration
            if let burst = block.burst {
                wait = index == 0 ? block.waits.first ?? .zero : burst.offset(of: index) - burst.offset(of: index - 1)
            } else {
                wait = index < block.waits.count ? block.waits[index] : .zero
            }
            if wait > .zero {
                guard let clock else {
                    diagnostics.error(.exampleWait, "'@wait' moves a site build's virtual clock; this gateway runs on a real clock", at: block.location)
                    return nil
                }
                clock.advance(by: wait)
            }
            // Through a custom domain: the stage-relative path its base path mapping leaves.
            let route = routes.map { $0[block.burst == nil ? index : 0] }
            var sent = request
            if let route { sent.path = route.path }
            let endpoint = route?.endpoint ?? Endpoint(api: apiName, stage: stageName)
            // Signed (or given its token) at the moment it is sent, on the page's clock.
            if let caller {
                do {
                    sent = try gateway.credentialed(sent, as: caller, at: endpoint)
                } catch {
                    diagnostics.error(.exampleCaller, "as=\(caller.name): \(error.description)", at: block.location)
                    return nil
                }
            }
            let transcript: Transcript
            do {
                var pinned = endpoint
                pinned.channel = block.channel
                transcript = try await gateway.invoke(sent, at: pinned, ids: &ids)
            } catch {
                diagnostics.error(.exampleStage, error.description, at: block.location)
                return nil
            }
            if let burst = block.burst {
                offsets.append(burst.offset(of: index))
            } else if let expected = block.expectedStatus(at: index), expected != transcript.response.status {
                diagnostics.emit(.error(.exampleExpectation,
                    keyMask.mask("expected status \(expected) but \(request.method) \(request.path) answered \(transcript.response.status)"),
                    at: block.location,
                    notes: (["response body: \(transcript.response.body.prefix(200))"] + transcript.trace.filter { $0.outcome == .fail }.map { "\($0.stage.rawValue) failed: \($0.detail)" }).map(keyMask.mask)))
            }
            if block.burst == nil {
                for problem in ResponseConformance.problems(of: transcript, in: api) {
                    diagnostics.warning(.exampleResponse, keyMask.mask("\(request.method) \(request.path): \(problem)"), at: block.location)
                }
            }
            transcripts.append(transcript)
        }
        if block.burst != nil, let mismatch = block.burstMismatch(transcripts.map(\.response.status)) {
            let request = sends[0]
            diagnostics.error(.exampleExpectation, "\(mismatch) (\(sends.count) × \(request.method) \(request.path))", at: block.location)
        }
        // Through a custom domain, the panel's try-it sends the stage-relative paths to the API
        // and stage the mappings picked.
        var shown = block
        if let routes { shown.requests = zip(block.requests, routes).map { request, route in var request = request; request.path = route.path; return request } }
        return Run(block: shown, api: apiName, stage: stageName, transcripts: transcripts, offsets: offsets, keyMask: keyMask,
                   canaryShare: api.stage(named: stageName)?.canarySettings?.percentTraffic)
    }

    /// The block's requests, each with `X-API-Key` set to the value of the key `key=` names.
    private func keyed(_ block: ExampleBlock, diagnostics: inout DiagnosticEngine) -> [GatewayRequest]? {
        guard let name = block.key else { return block.requests }
        let keys = gateway.project.apiKeys
        guard let key = keys.first(where: { $0.name == name }) else {
            var message = keys.isEmpty ? "key=\(name) names no API key: the project declares none (apiKeys in portico.yml)"
                                       : "key=\(name) names no API key of the project"
            if let close = closestMatch(to: name, in: keys.map(\.name)) { message += "; did you mean '\(close)'?" }
            else if !keys.isEmpty { message += " (\(keys.map(\.name).joined(separator: ", ")))" }
            diagnostics.error(.exampleKey, message, at: block.location)
            return nil
        }
        if block.requests.contains(where: { $0.headers.value(for: "x-api-key") != nil }) {
            diagnostics.error(.exampleKey, "the example sends an X-API-Key header and key=\(name); keep one", at: block.location)
            return nil
        }
        let value = UsagePlanDirectory.value(of: key)
        return block.requests.map { request in
            var request = request
            request.headers.append(HTTPHeader("X-API-Key", value))
            return request
        }
    }
}
