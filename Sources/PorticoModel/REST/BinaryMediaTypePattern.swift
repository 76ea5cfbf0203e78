/// One entry of an API's `binaryMediaTypes` (`x-amazon-apigateway-binary-media-types`) as API
/// Gateway matches it against a request's `Content-Type`, a response's `Content-Type` and a
/// request's first `Accept` type. Read once, when the definition loads; the gateway matches
/// with it and the loader warns about the entries that can never match.
///
/// What AWS honours:
/// - `type/subtype`: that media type.
/// - `type/*`: every subtype of `type` (DG: api-gateway-payload-encodings, "You can use the
///   wildcard character (*) to cover multiple media types"; recorded against AWS: LocalStack
///   tests/aws/services/apigateway/test_apigateway_lambda.py, test_aws_proxy_binary_response,
///   where `application/*` makes `Accept: application/whatever` binary).
/// - `*/*`: every media type (DG: api-gateway-payload-encodings, "For example, */* includes all
///   content types").
///
/// What AWS keeps but never matches:
/// - `*/subtype`: a wildcard type with a named subtype (the same recorded test: with `*/test`
///   listed, neither `Accept: random/test` nor `Accept: */test` is binary).
/// - anything that is not `type/subtype`, such as `image~1png`: `~1` is how a PATCH path
///   escapes `/` (DG: api-gateway-payload-encodings-configure-with-control-service-api), not
///   an escape in the OpenAPI extension, whose entries are media types as they are
///   (DG: api-gateway-swagger-extensions-binary-media-types). API Gateway stores whatever
///   string it is given (recorded: LocalStack test_apigateway_api.snapshot.json,
///   test_update_rest_api_behaviour, where `binaryMediaTypes` becomes `["-"]`).
///
/// Where AWS is silent, Portico's choices: names compare case-insensitively (media types are
/// case-insensitive, RFC 9110 §8.3.1), parameters (`; charset=utf-8`) are ignored on both
/// sides, and a wildcard inside a name (`image/p*`, `application/*+json`) is a literal
/// character, not a pattern.
public enum BinaryMediaTypePattern: Sendable, Equatable {
    /// `type/subtype`, lower-cased.
    case exact(type: String, subtype: String)
    /// `type/*`, the type lower-cased.
    case anySubtype(type: String)
    /// `*/*`.
    case any
    /// An entry API Gateway accepts but that matches nothing.
    case never(NeverMatches)

    public enum NeverMatches: Sendable, Equatable {
        /// `*/subtype`.
        case wildcardType
        /// No `type/subtype` at all (`png`, `image~1png`, `-`).
        case notAMediaType
    }

    public init(_ entry: String) {
        guard let (type, subtype) = Self.typeAndSubtype(entry) else {
            self = .never(.notAMediaType)
            return
        }
        switch (type == "*", subtype == "*") {
        case (true, true): self = .any
        case (true, false): self = .never(.wildcardType)
        case (false, true): self = .anySubtype(type: String(type))
        case (false, false): self = .exact(type: String(type), subtype: String(subtype))
        }
    }

    /// Whether a media type's `type` and `subtype` (lower-cased, as ``typeAndSubtype(_:)``
    /// gives them) match this entry. A client's own wildcard is a literal: `Accept: image/*`
    /// matches `image/*` and `*/*`, not `image/png` (the recorded test above).
    public func matches(type: Substring, subtype: Substring) -> Bool {
        switch self {
        case .exact(let ownType, let ownSubtype): type == ownType && subtype == ownSubtype
        case .anySubtype(let ownType): type == ownType
        case .any: true
        case .never: false
        }
    }

    /// `type` and `subtype` of a media type as API Gateway compares them: the part before any
    /// `;`, trimmed of spaces and tabs, lower-cased, split at its one `/`; nil when that is not
    /// `type/subtype` with both parts non-empty (`Accept: application` is no media type: the
    /// recorded test above).
    public static func typeAndSubtype(_ value: String) -> (type: Substring, subtype: Substring)? {
        var essence = value[...]
        if let semicolon = essence.firstIndex(of: ";") { essence = essence[..<semicolon] }
        essence = essence.drop { $0 == " " || $0 == "\t" }
        while let last = essence.last, last == " " || last == "\t" { essence = essence.dropLast() }
        let lowered = essence.contains(where: \.isUppercase) ? Substring(essence.lowercased()) : essence
        guard let slash = lowered.firstIndex(of: "/") else { return nil }
        let type = lowered[..<slash], subtype = lowered[lowered.index(after: slash)...]
        guard !type.isEmpty, !subtype.isEmpty, !subtype.contains("/") else { return nil }
        return (type, subtype)
    }
}
