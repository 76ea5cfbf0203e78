import Diagnostics
import PorticoGateway

extension ExampleBlock {
    /// One request aimed at an API and stage with no expectation: what a try-it run is.
    public init(api: String, stage: String, request: GatewayRequest, location: SourceLocation) {
        self.init(api: api, stage: stage, expectedStatuses: [], requests: [request], location: location)
    }
}
