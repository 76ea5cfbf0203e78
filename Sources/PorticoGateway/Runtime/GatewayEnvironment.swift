import Foundation

/// What stages may use besides the exchange: compiled templates, the clock and the services
/// integrations call. Shared by all requests and immutable, but for the texts of the current
/// second (``DateTexts``, behind a lock); everything request-scoped lives in ``Exchange``.
public struct GatewayEnvironment: Sendable {
    public let templates: TemplateLibrary
    public let clock: any GatewayClock
    public let services: GatewayServices
    /// Each API's stages with their routes, identifiers and stage variables, prepared once.
    public let deployments: DeployedStages
    public let selectionPatterns: SelectionPatterns
    /// The `Date` header and `$context.requestTime` of the current second.
    let dates = DateTexts()

    public init(templates: TemplateLibrary, clock: any GatewayClock, services: GatewayServices = .none,
                deployments: DeployedStages, selectionPatterns: SelectionPatterns = SelectionPatterns()) {
        self.templates = templates
        self.clock = clock
        self.services = services
        self.deployments = deployments
        self.selectionPatterns = selectionPatterns
    }
}

/// Time for the gateway. In a site build it is virtual, so the same Content/ always yields
/// the same Site/ bytes; in `serve` it is the system clock.
public protocol GatewayClock: Sendable {
    func now() -> Date
}

public struct SystemClock: GatewayClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that always reads the same instant.
public struct FixedClock: GatewayClock {
    public let instant: Date

    public init(_ instant: Date) {
        self.instant = instant
    }

    /// 2026-01-01T12:00:00Z: the instant site builds run their examples at unless an example says otherwise.
    public static let siteBuild = FixedClock(Date(timeIntervalSince1970: 1_767_268_800))

    public func now() -> Date { instant }
}

/// What the gateway derives from an API's name once, not per request.
public struct APIFacts: Sendable, Equatable {
    public let apiId: String
    public let host: String
    public let deploymentId: String

    public init(apiName: String) {
        apiId = apiIdentifier(for: apiName)
        host = "\(apiId).execute-api.\(Gateway.region).amazonaws.com"
        deploymentId = resourceIdentifier(for: "deployment:" + apiName)
    }
}
