/// A Lambda authorizer's part in one request, as the transcript shows it beside the trace: the
/// event the function was sent and what it returned, or, when the result came from the
/// authorizer's cache, the result that was reused. Absent when no Lambda authorizer was asked
/// (no authorizer, a missing identity source, a token the validation expression refused).
public struct AuthorizerRun: Sendable, Equatable, Codable {
    public enum Cache: String, Sendable, Codable {
        /// The function ran; its result was stored, if usable, for the TTL.
        case miss
        /// A stored result was reused; the function did not run.
        case hit
        /// The TTL is 0: the function runs for every request.
        case off
    }

    /// The authorizer's name (its security scheme).
    public var authorizer: String
    /// `TOKEN` or `REQUEST`.
    public var type: String
    public var function: String
    public var cache: Cache
    /// The event as sent (compact JSON); nil on a cache hit.
    public var event: String?
    /// What the function returned: its result, or Lambda's error JSON; on a cache hit, the
    /// stored result; nil when it returned nothing (a timeout, a process that died).
    public var returned: String?

    public init(authorizer: String, type: String, function: String, cache: Cache, event: String?, returned: String?) {
        self.authorizer = authorizer
        self.type = type
        self.function = function
        self.cache = cache
        self.event = event
        self.returned = returned
    }

    /// One line naming it, as the text transcript and the page's panel title it.
    public var heading: String {
        let how = switch cache {
        case .miss: "cache miss, the function ran"
        case .hit: "cache hit, the function did not run"
        case .off: "no cache (TTL 0), the function ran"
        }
        return "\(type) authorizer '\(authorizer)', function '\(function)': \(how)"
    }
}
