import Diagnostics
import PorticoGateway
import PorticoModel

/// Runs an example block through the gateway and checks its expectations.
///
/// Ids are seeded from the page path and the block's index, so adding a page or an example
/// elsewhere never changes this example's request ids, and a rebuild repeats every byte.
public struct ExampleRunner: Sendable {
    public let gateway: Gateway

    public init(gateway: Gateway) {
        self.gateway = gateway
    }

    public struct Run: Sendable {
        public var block: ExampleBlock
        public var api: String
        public var stage: String
        public var transcripts: [Transcript]
    }

    public func run(_ block: ExampleBlock, seed: String, diagnostics: inout DiagnosticEngine) async -> Run? {
        let apis = gateway.project.apis
        guard let apiName = block.api ?? (apis.count == 1 ? apis[0].name : nil) else {
            diagnostics.error(.exampleAPI, apis.isEmpty ? "the example names no API and the project declares none"
                              : "the example must name its API (api=\(apis.map(\.name).joined(separator: "|")))", at: block.location)
            return nil
        }
        guard let api = gateway.project.api(named: apiName) else {
            var message = "no API named '\(apiName)'"
            if let close = closestMatch(to: apiName, in: apis.map(\.name)) { message += "; did you mean '\(close)'?" }
            diagnostics.error(.exampleAPI, message, at: block.location)
            return nil
        }
        // An HTTP API's routes, payload format 2.0 and JWT authorizers, or a WebSocket API's
        // frames, run through no other kind's pipeline: refuse until their own is simulated.
        guard gateway.environment.deployments.pipelines.pipeline(for: api.kind) != nil else {
            diagnostics.error(.exampleAPIKind, "examples run against REST APIs only for now; '\(apiName)' is \(api.kind == .http ? "an HTTP API" : "a WebSocket API")",
                              at: block.location)
            return nil
        }
        guard let stageName = block.stage ?? (api.stages.count == 1 ? api.stages[0].stageName : nil) else {
            diagnostics.error(.exampleStage, "the example must name its stage (stage=\(api.stages.map(\.stageName).joined(separator: "|")))", at: block.location)
            return nil
        }
        var ids = IdentifierGenerator(seedText: seed)
        var transcripts: [Transcript] = []
        for (index, request) in block.requests.enumerated() {
            if index < block.waits.count, block.waits[index] > .zero {
                guard let clock = gateway.environment.clock as? VirtualClock else {
                    diagnostics.error(.exampleWait, "'@wait' moves a site build's virtual clock; this gateway runs on a real clock", at: block.location)
                    return nil
                }
                clock.advance(by: block.waits[index])
            }
            let transcript: Transcript
            do {
                transcript = try await gateway.invoke(request, api: apiName, stage: stageName, ids: &ids)
            } catch {
                diagnostics.error(.exampleStage, error.description, at: block.location)
                return nil
            }
            if let expected = block.expectedStatus(at: index), expected != transcript.response.status {
                diagnostics.emit(.error(.exampleExpectation,
                    "expected status \(expected) but \(request.method) \(request.path) answered \(transcript.response.status)",
                    at: block.location,
                    notes: ["response body: \(transcript.response.body.prefix(200))"] + transcript.trace.filter { $0.outcome == .fail }.map { "\($0.stage.rawValue) failed: \($0.detail)" }))
            }
            transcripts.append(transcript)
        }
        return Run(block: block, api: apiName, stage: stageName, transcripts: transcripts)
    }
}
