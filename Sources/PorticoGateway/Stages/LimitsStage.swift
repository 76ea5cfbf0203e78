import PorticoModel

/// Limits: the REST request quotas of DG: limits, checked before
/// routing so an oversized request never reaches a template or an integration: the 10 MB
/// payload, 10,240 bytes of header values, and the URL length (8,192 characters for
/// edge-optimized APIs, 10,240 for regional and private ones).
final class LimitsStage: PipelineStage {
    let name = StageName.limits
    static let maximumPayloadBytes = 10 * 1024 * 1024
    static let maximumHeaderValueBytes = 10_240

    static func maximumURLLength(for endpointType: EndpointType) -> Int {
        endpointType == .edge ? 8_192 : 10_240
    }

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        let size = exchange.request.payloadSize
        guard size <= Self.maximumPayloadBytes else {
            return .fail(.requestTooLarge, "payload of \(size) bytes exceeds the 10 MB limit")
        }
        var headerBytes = 0
        for header in exchange.request.headers { headerBytes += header.value.utf8.count }
        guard headerBytes <= Self.maximumHeaderValueBytes else {
            return .fail(.headerFieldsTooLarge, "header values of \(headerBytes) bytes exceed the 10,240-byte limit")
        }
        // The URL as the client wrote it: https://{domain}/{stage}{path}, query included.
        let urlLength = "https://".utf8.count + exchange.context.domainName.utf8.count + 1
            + exchange.stage.stageName.utf8.count + exchange.request.path.utf8.count
        let urlLimit = Self.maximumURLLength(for: exchange.api.endpointType)
        guard urlLength <= urlLimit else {
            return .fail(.uriTooLong, "a URL of \(urlLength) characters exceeds the \(urlLimit)-character limit")
        }
        return .proceed(TraceDetail { [headerBytes] in "payload \(size) bytes, header values \(headerBytes) bytes, URL \(urlLength) characters: within the limits" })
    }
}

extension GatewayError {
    /// DG: limits gives the header quota but not the answer; AWS documents no gateway response
    /// type for it, so it is a DEFAULT_4XX with HTTP's own status and reason phrase.
    static let headerFieldsTooLarge = GatewayError(
        .default4XX, message: "Request Header Fields Too Large", errorType: "BadRequestException", status: 431)

    /// As above, for the URL length quota: HTTP's 414 and its reason phrase.
    static let uriTooLong = GatewayError(
        .default4XX, message: "Request-URI Too Long", errorType: "BadRequestException", status: 414)
}
