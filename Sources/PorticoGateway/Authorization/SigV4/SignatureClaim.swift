/// What a request says about its signature, read from the `Authorization` header
/// (`AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/execute-api/aws4_request,
/// SignedHeaders=host;x-amz-date, Signature=…`) or, for a presigned request, from the query
/// (`X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-SignedHeaders`,
/// `X-Amz-Signature`, `X-Amz-Expires`) (IAM User Guide: reference_sigv-create-signed-request,
/// "Add the signature to the request"). Reading checks only the form; whether the scope, the
/// key, the date and the signature are right is ``IAMAuthorization``'s to decide.
struct SignatureClaim {
    enum Form: Equatable {
        case header
        /// A presigned request: the signature is in the query, valid for `expires` seconds.
        case query(expires: Int64?)
    }

    let form: Form
    let accessKeyId: Substring
    /// The credential scope's parts: `20150830`, `us-east-1`, `execute-api`, `aws4_request`.
    let scopeDate: Substring
    let region: Substring
    let service: Substring
    let terminator: Substring
    /// The signed header names as the client listed them, lower-cased.
    let signedHeaders: [String]
    /// The `SignedHeaders` value as sent (`host;x-amz-date`): the canonical request's line.
    let signedHeaderList: Substring
    let signature: Substring
    /// The request's date as the string to sign carries it (`20150830T123600Z`), and in
    /// seconds since 1970.
    let date: String
    let epochSeconds: Int64
    /// `X-Amz-Security-Token`, when the request carries one.
    let securityToken: String?

    /// Reads the request's signature; throws ``SigV4Failure/unsigned`` when it has none and
    /// ``SigV4Failure/incomplete(_:)`` when what it has is not a complete one.
    ///
    /// - Parameter query: the request's query parameters, decoded.
    static func read(_ request: GatewayRequest, query: [(name: String, value: String)]) throws(SigV4Failure) -> SignatureClaim {
        if let authorization = request.headers.value(for: "Authorization") {
            return try readHeader(authorization, request: request)
        }
        if query.contains(where: { $0.name.hasPrefix("X-Amz-") }) {
            return try readQuery(query, request: request)
        }
        throw .unsigned
    }

    // MARK: The Authorization header

    private static let algorithm = "AWS4-HMAC-SHA256"
    private static let headerPrefix = Array("AWS4-HMAC-SHA256 ".utf8)

    private static func readHeader(_ value: String, request: GatewayRequest) throws(SigV4Failure) -> SignatureClaim {
        var credential: Substring?, signedHeaders: Substring?, signature: Substring?
        // Parameters are separated by commas and spaces; AWS reads each token as name=value
        // and names the first that is not (recorded answer: iann0036/cloud9-sync#10, "'…' not a
        // valid key=value pair (missing equal-sign) in Authorization header: '…'."). Scanned as
        // bytes, the separators being ASCII: every cut falls between characters.
        var copy = value
        let tokens = copy.withUTF8 { bytes in Self.parameterTokens(bytes) }
        if let tokens {
            let utf8 = value.utf8
            func text(_ range: Range<Int>) -> Substring {
                value[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
            }
            for token in tokens {
                guard let equals = token.equals else {
                    throw .incomplete("'\(text(token.range))' not a valid key=value pair (missing equal-sign) in Authorization header: '\(value)'.")
                }
                let content = text(equals + 1..<token.range.upperBound)
                switch token.name {
                case .credential: credential = content
                case .signedHeaders: signedHeaders = content
                case .signature: signature = content
                case .other: break
                }
            }
        }
        let dateValue = request.headers.value(for: "X-Amz-Date")
        let httpDate = dateValue == nil ? request.headers.value(for: "Date") : nil
        // Every missing part is named, in AWS's order, then the header as sent (recorded
        // answers: aws/chalice#828, svdgraaf/serverless-basic-authentication#3).
        var missing = ""
        if credential == nil { missing += "Authorization header requires 'Credential' parameter. " }
        if signature == nil { missing += "Authorization header requires 'Signature' parameter. " }
        if signedHeaders == nil { missing += "Authorization header requires 'SignedHeaders' parameter. " }
        if dateValue == nil, httpDate == nil { missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " }
        guard missing.isEmpty, let credential, let signedHeaders, let signature else {
            throw .incomplete(missing + "Authorization=\(value)")
        }
        let (date, seconds) = try readDate(amzDate: dateValue, httpDate: httpDate)
        return try SignatureClaim(form: .header, credential: credential, signedHeaders: signedHeaders, signature: signature,
                                  date: date, epochSeconds: seconds,
                                  securityToken: request.headers.value(for: "X-Amz-Security-Token"))
    }

    /// A `name=value` token of the header, as byte offsets.
    private struct Token {
        enum Name { case credential, signedHeaders, signature, other }
        var range: Range<Int>
        var equals: Int?
        var name: Name
    }

    private static let credentialName = Array("Credential".utf8), signedHeadersName = Array("SignedHeaders".utf8),
                       signatureName = Array("Signature".utf8)

    /// The tokens after `AWS4-HMAC-SHA256 `, or nil when the header does not start so.
    private static func parameterTokens(_ bytes: UnsafeBufferPointer<UInt8>) -> [Token]? {
        guard bytes.starts(with: headerPrefix) else { return nil }
        var tokens: [Token] = []
        tokens.reserveCapacity(3)
        var index = headerPrefix.count
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: ",") || bytes[index] == UInt8(ascii: " ") {
                index += 1
                continue
            }
            let start = index
            var equals: Int?
            while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: " ") {
                if equals == nil, bytes[index] == UInt8(ascii: "=") { equals = index }
                index += 1
            }
            var name = Token.Name.other
            if let equals {
                let key = UnsafeBufferPointer(rebasing: bytes[start..<equals])
                if key.elementsEqual(credentialName) { name = .credential }
                else if key.elementsEqual(signedHeadersName) { name = .signedHeaders }
                else if key.elementsEqual(signatureName) { name = .signature }
            }
            tokens.append(Token(range: start..<index, equals: equals, name: name))
        }
        return tokens
    }

    // MARK: The query (presigned requests)

    private static func readQuery(_ query: [(name: String, value: String)], request: GatewayRequest) throws(SigV4Failure) -> SignatureClaim {
        func parameter(_ name: String) -> String? { query.first { $0.name == name }?.value }
        let names = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"]
        let absent = names.filter { parameter($0) == nil }
        guard absent.isEmpty, let credential = parameter("X-Amz-Credential"), let signedHeaders = parameter("X-Amz-SignedHeaders"),
              let signature = parameter("X-Amz-Signature"), let amzDate = parameter("X-Amz-Date") else {
            // No recorded execute-api answer to an incomplete presigned request was found: the
            // sentence is ours, in the pattern of the header form's.
            throw .incomplete(absent.map { "AWS query-string parameters must include '\($0)'. " }.joined()
                + "Re-examine the query-string parameters.")
        }
        guard parameter("X-Amz-Algorithm") == algorithm else {
            throw .incomplete("X-Amz-Algorithm only supports 'AWS4-HMAC-SHA256'")
        }
        let expires = parameter("X-Amz-Expires").flatMap { Int64($0) }
        let (date, seconds) = try readDate(amzDate: amzDate, httpDate: nil)
        return try SignatureClaim(form: .query(expires: expires), credential: Substring(credential), signedHeaders: Substring(signedHeaders),
                                  signature: Substring(signature), date: date, epochSeconds: seconds,
                                  securityToken: parameter("X-Amz-Security-Token") ?? request.headers.value(for: "X-Amz-Security-Token"))
    }

    // MARK: Shared parts

    /// The request's date: `X-Amz-Date` in ISO 8601 basic format, else the `Date` header
    /// (IAM User Guide: reference_sigv-create-signed-request, "Specify the request date"). No
    /// recorded execute-api answer to a malformed date was found: the sentence is ours.
    private static func readDate(amzDate: String?, httpDate: String?) throws(SigV4Failure) -> (String, Int64) {
        if let amzDate {
            guard let seconds = AmzDate.parse(amzDate) else {
                throw .incomplete("Date must be in ISO-8601 'basic format'. Got '\(amzDate)'. See http://en.wikipedia.org/wiki/ISO_8601")
            }
            return (amzDate, seconds)
        }
        guard let httpDate, let seconds = AmzDate.parseHTTPDate(httpDate) else {
            throw .incomplete("Date must be in ISO-8601 'basic format'. Got '\(httpDate ?? "")'. See http://en.wikipedia.org/wiki/ISO_8601")
        }
        return (AmzDate.format(epochSeconds: seconds), seconds)
    }

    private init(form: Form, credential: Substring, signedHeaders: Substring, signature: Substring, date: String, epochSeconds: Int64,
                 securityToken: String?) throws(SigV4Failure) {
        // AKID/20150830/us-east-1/execute-api/aws4_request: the last four parts are the scope,
        // found from the end (an access key id has no slash, but what precedes the scope is the key).
        let utf8 = credential.utf8
        var cuts: [String.Index] = []
        var index = utf8.endIndex
        while cuts.count < 4, index != utf8.startIndex {
            index = utf8.index(before: index)
            if utf8[index] == UInt8(ascii: "/") { cuts.append(index) }
        }
        guard cuts.count == 4 else {
            let last = utf8.lastIndex(of: UInt8(ascii: "/")).map { credential[utf8.index(after: $0)...] } ?? credential
            throw .badScope("Credential should be scoped with a valid terminator: 'aws4_request', not '\(last)'. ")
        }
        self.form = form
        accessKeyId = credential[..<cuts[3]]
        scopeDate = credential[utf8.index(after: cuts[3])..<cuts[2]]
        region = credential[utf8.index(after: cuts[2])..<cuts[1]]
        service = credential[utf8.index(after: cuts[1])..<cuts[0]]
        terminator = credential[utf8.index(after: cuts[0])...]
        signedHeaderList = signedHeaders
        // Names as SDKs send them are lower-case already: only others are copied lower-cased.
        self.signedHeaders = signedHeaders.utf8.split(separator: UInt8(ascii: ";")).map { name in
            name.contains { $0 &- 65 < 26 } ? String(Substring(name)).lowercased() : String(Substring(name))
        }
        self.signature = signature
        self.date = date
        self.epochSeconds = epochSeconds
        self.securityToken = securityToken
    }
}
