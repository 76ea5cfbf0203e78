import PorticoGateway

/// The tokens of the project's user pools as pages show them: `<ID token of alice>`,
/// `<access token of alice>`. A token's signature (and its `kid`) depends on the project's
/// signing key, made on each machine and kept out of Site/ (`.portico/user-pools/`), so a
/// page that printed a token would differ from one build machine to the next, and would hand
/// readers a credential. Every JSON Web Token a transcript holds whose issuer (`iss`) is one
/// of the project's pools is replaced, wherever it appears: a request header, a Lambda event,
/// an echoed body, a log line. The pools' key ids, which traces name, are replaced too
/// (`<ID token key of shoppers>`).
public struct TokenMask: Sendable {
    let issuers: Set<String>
    /// Each pool key's id and what pages show instead.
    let keyLabels: [(keyId: String, label: String)]

    public init(issuers: some Sequence<String>, keyLabels: [(keyId: String, label: String)] = []) {
        self.issuers = Set(issuers)
        self.keyLabels = keyLabels
    }

    public init(userPools: UserPoolDirectory) {
        self.init(issuers: userPools.pools.map(\.issuer), keyLabels: userPools.pools.flatMap { pool in
            pool.keys.map { keys in
                [(keys.idToken.keyId, "<ID token key of \(pool.name)>"), (keys.accessToken.keyId, "<access token key of \(pool.name)>")]
            } ?? []
        })
    }

    public var isEmpty: Bool { issuers.isEmpty }

    /// The text with each of the pools' tokens replaced by its label, `escape`d for where the
    /// text goes (HTML: `&lt;ID token of alice&gt;`).
    public func mask(_ text: String, escape: (String) -> String = { $0 }) -> String {
        var text = maskTokens(text, escape: escape)
        for (keyId, label) in keyLabels where text.contains(keyId) {
            text = text.replacing(keyId, with: escape(label))
        }
        return text
    }

    private func maskTokens(_ text: String, escape: (String) -> String) -> String {
        guard !issuers.isEmpty, text.contains("eyJ") else { return text }
        var out = ""
        var copied = text.startIndex
        var searchFrom = text.startIndex
        while let start = text[searchFrom...].range(of: "eyJ")?.lowerBound {
            var end = text[start...].firstIndex { !Self.isTokenCharacter($0) } ?? text.endIndex
            // A sentence's full stop after a token is not part of it.
            while end > start, text[text.index(before: end)] == "." { end = text.index(before: end) }
            let candidate = String(text[start..<end])
            if let label = label(of: candidate) {
                out += text[copied..<start]
                out += escape(label)
                copied = end
            }
            searchFrom = end > start ? end : text.index(after: start)
        }
        guard copied > text.startIndex else { return text }
        return out + text[copied...]
    }

    /// `<ID token of alice>` for a token of the pools; nil for any other text.
    func label(of candidate: String) -> String? {
        guard candidate.utf8.count(where: { $0 == UInt8(ascii: ".") }) == 2,
              case .success(let token) = JSONWebToken.parse(candidate),
              let issuer = token.string("iss"), issuers.contains(issuer)
        else { return nil }
        let kind = switch token.string("token_use") {
        case "id": "ID token"
        case "access": "access token"
        case "refresh": "refresh token"
        default: "token"
        }
        let user = token.string("cognito:username") ?? token.string("username") ?? token.string("sub") ?? "?"
        return "<\(kind) of \(user)>"
    }

    private static func isTokenCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        switch ascii {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."): return true
        default: return false
        }
    }
}
