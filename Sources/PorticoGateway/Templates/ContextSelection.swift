/// The entries of `$context` as mapping templates see them, in AWS's order (recorded AWS
/// response: LocalStack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
/// test_lambda_aws_proxy_integration), then `error` (gateway responses only) and the override
/// maps (DG: api-gateway-mapping-template-reference).
enum ContextField: Int, CaseIterable {
    case accountId, apiId, domainName, domainPrefix, extendedRequestId, httpMethod, identity, path, `protocol`
    case requestId, requestTime, requestTimeEpoch, resourceId, resourcePath, stage, error, requestOverride, responseOverride

    /// The entry's key in `$context`.
    var key: String {
        switch self {
        case .accountId: "accountId"
        case .apiId: "apiId"
        case .domainName: "domainName"
        case .domainPrefix: "domainPrefix"
        case .extendedRequestId: "extendedRequestId"
        case .httpMethod: "httpMethod"
        case .identity: "identity"
        case .path: "path"
        case .protocol: "protocol"
        case .requestId: "requestId"
        case .requestTime: "requestTime"
        case .requestTimeEpoch: "requestTimeEpoch"
        case .resourceId: "resourceId"
        case .resourcePath: "resourcePath"
        case .stage: "stage"
        case .error: "error"
        case .requestOverride: "requestOverride"
        case .responseOverride: "responseOverride"
        }
    }
}

/// The `$context` entries one template needs, decided when the template is parsed: a template
/// that reads `$context.stage` and `$context.requestId` only is given a `$context` of those
/// two entries, so a request does not build (and free) the other twenty-odd values and the
/// identity map for it. A template that uses `$context` any other way (as a whole, through a
/// method, by `#set`) gets every entry.
struct ContextSelection: Sendable, Equatable {
    private let bits: UInt32

    static let all = ContextSelection(bits: 1 << UInt32(ContextField.allCases.count) - 1)

    private init(bits: UInt32) {
        self.bits = bits
    }

    /// The entries named in `names` (nil: every entry); names that are not entries (a typo,
    /// `authorizer`) select nothing, as the full map has nothing under them either.
    init(names: Set<String>?) {
        guard let names else {
            self = .all
            return
        }
        var bits: UInt32 = 0
        for field in ContextField.allCases where names.contains(field.key) { bits |= 1 << UInt32(field.rawValue) }
        self.bits = bits
    }

    func contains(_ field: ContextField) -> Bool {
        bits & 1 << UInt32(field.rawValue) != 0
    }

    /// How many entries are selected.
    var count: Int { bits.nonzeroBitCount }
}
