/// Entry points for callers that render several templates for one request: the gateway
/// renders a request template and a response template with the same parameters and
/// `$context`, so it builds those maps once and swaps only the body.

extension VelocityEnvironment {
    /// The same variables with another `$input.body`.
    public func replacingBody(_ body: String) -> VelocityEnvironment {
        var copy = self
        copy.body = body
        return copy
    }
}

extension OrderedMap {
    /// A map from pairs whose keys the caller knows to be distinct (a `$context` made by the
    /// gateway): no lookup per insertion.
    public init(uniqueKeysWithValues pairs: [(String, VelocityValue)]) {
        self.init(uniqueEntries: pairs.map { Entry(key: $0.0, value: $0.1) })
    }
}
