import NIOCore
import PorticoGateway

/// What one connection needs to run gateway requests, whichever handler reads them
/// (``GatewayFastPath`` or ``GatewayHTTPHandler``): the live gateway, the connection's own
/// request ids and `Date` cache (no state shared between event loops), the client's address.
struct ConnectionGateway {
    let live: LiveGateway
    /// Request ids: one generator per connection, seeded from the system's random source.
    private var ids = IdentifierGenerator(seed: UInt64.random(in: .min ... .max))
    private var dates = HTTPDateCache()
    /// The peer's address, the gateway's `sourceIp`.
    private var sourceIp = "127.0.0.1"

    /// How far a request went without waiting.
    enum Start {
        case answered(GatewayResponse)
        /// An integration calls out (Lambda, HTTP, S3, Kinesis): see ``finish(_:on:then:)``.
        case waiting(PendingInvocation)
    }

    init(live: LiveGateway) {
        self.live = live
    }

    mutating func connected(_ channel: any Channel) {
        if let ip = channel.remoteAddress?.ipAddress { sourceIp = ip }
    }

    /// The server's `Date` for an answer written now.
    mutating func date() -> String {
        dates.now()
    }

    /// Runs a request as far as it goes here.
    mutating func start(_ request: GatewayRequest, at endpoint: Endpoint, on served: ServedGateway) -> Start {
        do {
            switch try served.gateway.start(request, at: endpoint, ids: &ids, sourceIp: sourceIp) {
            case .finished(let transcript):
                live.observer?.served(transcript)
                return .answered(transcript.response)
            case .waiting(let pending): return .waiting(pending)
            }
        } catch {
            switch error {
            case .unknownAPI, .unknownStage:
                // The /_gateway/{api}/{stage}/ form naming an API or stage the project does not
                // have: answered as API Gateway's front end answers an unknown stage.
                return .answered(.forbidden)
            case .notSimulated, .noCanary:
                // Not a gateway's answer but the simulator's: it has no pipeline for this kind
                // of API, and another kind's answer would be a guess. (A request over HTTP is
                // never pinned to a canary, so .noCanary does not arise here.)
                return .answered(GatewayResponse(status: 501, headers: [HTTPHeader("Content-Type", "application/json")],
                                                 body: "{\"message\":\(jsonQuoted(error.description))}"))
            }
        }
    }

    /// Finishes a waiting request in a task and hands its answer to `answer` back on `loop`,
    /// where the connection's handler lives.
    static func finish(_ pending: PendingInvocation, on loop: any EventLoop, observer: (any ServedRequestObserver)?,
                       then answer: @escaping @Sendable (GatewayResponse) -> Void) {
        Task {
            let transcript = await pending.finish()
            observer?.served(transcript)
            loop.execute { answer(transcript.response) }
        }
    }
}
