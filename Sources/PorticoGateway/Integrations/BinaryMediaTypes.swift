import Foundation
import PorticoModel

/// An API's `binaryMediaTypes` (`x-amazon-apigateway-binary-media-types`): the media types API
/// Gateway treats as binary, each entry read as ``BinaryMediaTypePattern`` says (which wildcard
/// forms AWS honours and which it keeps but never matches, with the sources).
public struct BinaryMediaTypes: Sendable, Equatable {
    /// The entries that can match anything, in the API's order.
    private let patterns: [BinaryMediaTypePattern]

    public init(_ list: [String]) {
        patterns = list.map(BinaryMediaTypePattern.init).filter {
            if case .never = $0 { return false }
            return true
        }
    }

    public var isEmpty: Bool { patterns.isEmpty }

    /// Whether `mediaType` (a Content-Type or one Accept type, parameters allowed) is binary.
    /// Only the list's entries are patterns: a client's `*/*` or `image/*` is a media type
    /// like any other, binary only when an entry matches it (recorded against AWS: LocalStack
    /// tests/aws/services/apigateway/test_apigateway_lambda.py, test_aws_proxy_binary_response).
    /// A missing header is not binary: recorded for a list without `*/*` (the same test's
    /// "no Accept"); for a list with `*/*` AWS is silent and Portico gives the same answer.
    public func matches(_ mediaType: String?) -> Bool {
        guard !patterns.isEmpty, let mediaType, let parts = BinaryMediaTypePattern.typeAndSubtype(mediaType) else { return false }
        return patterns.contains { $0.matches(type: parts.type, subtype: parts.subtype) }
    }

    /// Whether the response should be binary for this `Accept` header: API Gateway honours only
    /// the first media type listed (DG: api-gateway-payload-encodings-workflow, the tip below
    /// the tables; recorded in the same LocalStack test, where `image/webp,image/png,*/*;q=0.8`
    /// is not binary with `image/png` listed and `image/png,image/*,*/*;q=0.8` is).
    public func acceptsBinary(_ accept: String?) -> Bool {
        guard let accept, let first = accept.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first else { return false }
        return matches(String(first))
    }
}

extension APIDeployment {
    public var binaryMediaTypes: BinaryMediaTypes { BinaryMediaTypes(definition.binaryMediaTypes) }
}
