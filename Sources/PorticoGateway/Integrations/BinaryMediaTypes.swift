import Foundation
import PorticoModel

/// An API's `binaryMediaTypes` (`x-amazon-apigateway-binary-media-types`): the media types API
/// Gateway treats as binary. An entry may use `*` for the type or the subtype (`image/*`,
/// `*/*`); AWS's own escaped form (`image~1png`) is accepted too
/// (DG: api-gateway-payload-encodings).
public struct BinaryMediaTypes: Sendable, Equatable {
    private let entries: [(type: Substring, subtype: Substring)]

    public init(_ list: [String]) {
        entries = list.compactMap { raw in
            let lowered = raw.replacingOccurrences(of: "~1", with: "/").lowercased()
            guard let essence = MediaType.essence(lowered), let slash = essence.firstIndex(of: "/") else { return nil }
            return (Substring(essence[..<slash]), Substring(essence[essence.index(after: slash)...]))
        }
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// Whether `mediaType` (a Content-Type, parameters allowed) is binary. Only the list's
    /// entries are patterns: a client's `*/*` is not itself binary unless `*/*` is listed.
    public func matches(_ mediaType: String?) -> Bool {
        guard !entries.isEmpty, let essence = MediaType.essence(mediaType), let slash = essence.firstIndex(of: "/") else { return false }
        let type = essence[..<slash], subtype = essence[essence.index(after: slash)...]
        return entries.contains { ($0.type == "*" || $0.type == type) && ($0.subtype == "*" || $0.subtype == subtype) }
    }

    /// Whether the response should be binary for this `Accept` header: API Gateway honours only
    /// the first media type listed (DG: api-gateway-payload-encodings-workflow, the tip below
    /// the tables).
    public func acceptsBinary(_ accept: String?) -> Bool {
        guard let accept, let first = accept.split(separator: ",", maxSplits: 1).first else { return false }
        return matches(String(first))
    }

    public static func == (lhs: BinaryMediaTypes, rhs: BinaryMediaTypes) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.type == $1.type && $0.subtype == $1.subtype }
    }
}

extension APIDeployment {
    public var binaryMediaTypes: BinaryMediaTypes { BinaryMediaTypes(definition.binaryMediaTypes) }
}
