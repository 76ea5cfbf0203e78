/// Why a request to an AWS_IAM method was refused, with the answer API Gateway gives: its
/// gateway response type (what a customised gateway response replaces), its
/// `x-amzn-ErrorType` and its message, word for word.
///
/// Sources, per case: AWS Knowledge Center api-gateway-troubleshoot-403-forbidden (the table of
/// 403 answers: type names and messages), api-gateway-iam-sigv4-mismatch and
/// api-gateway-authentication-token-errors; answers recorded by users of real API Gateway
/// where the Knowledge Center gives no wording (cited at each case).
enum SigV4Failure: Error, Equatable {
    /// No `Authorization` header and no `X-Amz-Algorithm` query parameter: 403 "Missing
    /// Authentication Token", `MissingAuthenticationTokenException` (KC:
    /// api-gateway-authentication-token-errors, "The API request isn't signed when IAM
    /// authentication is turned on").
    case unsigned
    /// An `Authorization` header (or presigned query) that is not a complete SigV4 signature:
    /// `IncompleteSignatureException`, e.g. "Authorization header requires 'Credential'
    /// parameter. … Authorization=Bearer …" (recorded answers of API Gateway: aws/chalice#828,
    /// aws-amplify/amplify-flutter#1539, whose headers show x-amzn-errortype
    /// IncompleteSignatureException). Answered through the MISSING_AUTHENTICATION_TOKEN gateway
    /// response: customising that response changes this answer (reported by an API Gateway
    /// user, amazon-archives/aws-cognito-angular-quickstart#50).
    case incomplete(String)
    /// A credential scope for another region or service, another terminator, or another day
    /// than the request's date: `InvalidSignatureException` with AWS's sentence, e.g.
    /// "Credential should be scoped to a valid region, not 'us-west-2'. " (trailing space
    /// included; recorded answers: aws/aws-sdk-js#792 for execute-api, aws/aws-sdk-js-v3#5576
    /// for the exception name).
    case badScope(String)
    /// An access key no principal of the project has, or a session token that is not its keys'
    /// (IAM users' keys need none; a function's role session needs its own):
    /// "The security token included in the request is invalid." with `AccessDeniedException`
    /// (KC: api-gateway-troubleshoot-403-forbidden).
    case invalidToken
    /// The request's date is more than five minutes from the gateway's clock: "Signature
    /// expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T124600Z - 5
    /// min.)", `InvalidSignatureException` (KC: api-gateway-troubleshoot-403-forbidden,
    /// "Authentication token expired"; the sentence as AWS writes it: aws/aws-sdk-js#254 and
    /// mhart/aws4#118, an execute-api request).
    case expired(String)
    /// The signature the gateway computes differs: AWS's sentence, then the canonical request
    /// and string to sign it computed (recorded answer of API Gateway: mhart/aws4#33;
    /// `InvalidSignatureException`: rpgreen/apigateway-generic-java-sdk#11).
    case mismatch(canonicalRequest: String, stringToSign: String)
    /// The user's identity policies do not allow `execute-api:Invoke` on the method's ARN
    /// (implicit deny) or deny it (explicit deny): `AccessDeniedException` (KC:
    /// api-gateway-iam-sigv4-mismatch; api-gateway-troubleshoot-403-forbidden), the message
    /// under `Message` as API Gateway writes its policy denials.
    case denied(String, because: String)

    /// AWS's sentence for a signature that does not match (KC: api-gateway-iam-sigv4-mismatch).
    static let mismatchSentence = "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    var gatewayError: GatewayError {
        switch self {
        case .unsigned:
            .missingAuthenticationToken
        case .incomplete(let message):
            GatewayError(.missingAuthenticationToken, message: message, errorType: "IncompleteSignatureException")
        case .badScope(let message), .expired(let message):
            GatewayError(.invalidSignature, message: message, errorType: "InvalidSignatureException")
        case .invalidToken:
            GatewayError(.accessDenied, message: "The security token included in the request is invalid.", errorType: "AccessDeniedException")
        case .mismatch(let canonical, let stringToSign):
            GatewayError(.invalidSignature, message: Self.mismatchSentence
                + "\n\nThe Canonical String for this request should have been\n'\(canonical)'\n\n"
                + "The String-to-Sign should have been\n'\(stringToSign)'\n", errorType: "InvalidSignatureException")
        case .denied(let message, _):
            { var error = GatewayError(.accessDenied, message: message, errorType: "AccessDeniedException"); error.messageMember = "Message"; return error }()
        }
    }

    /// What the trace says: the reason in plain words.
    var traceSummary: String {
        switch self {
        case .unsigned: "the request is not signed (no Authorization header, no X-Amz-Algorithm query parameter)"
        case .incomplete(let message): "incomplete signature: \(message)"
        case .badScope(let message): "credential scope refused: \(message.trimmingTrailingSpace)"
        case .invalidToken: "no IAM user or function role of the project has this access key, or the session token is not the one its keys need"
        case .expired(let message): message
        case .mismatch: "the signature does not match the one computed with the user's secret key"
        case .denied(_, let reason): "access denied: \(reason)"
        }
    }
}

extension String {
    fileprivate var trimmingTrailingSpace: String {
        hasSuffix(" ") ? String(dropLast()) : self
    }
}
