import Crypto
import Foundation
import PorticoModel

/// DynamoDB's own endpoint for the project's functions (what `AWS_ENDPOINT_URL_DYNAMODB`
/// names): `POST /` with `X-Amz-Target: DynamoDB_20120810.{Operation}` and a JSON body
/// (DynamoDB DG Programming.LowLevelAPI), signed with SigV4 for the `dynamodb` service by a
/// principal the project knows — a function's execution role (``FunctionCredentials``) or an
/// IAM user — whose policies allow `dynamodb:{Operation}` on
/// `arn:aws:dynamodb:{region}:{account}:table/{TableName}`.
///
/// Refusals are DynamoDB's, status 400 with the JSON error shape (DynamoDB DG
/// Programming.Errors; the messages as DynamoDB sends them: "Request is missing
/// Authentication Token", "The security token included in the request is invalid.", "The
/// request signature we calculated does not match the signature you provided. Check your AWS
/// Secret Access Key and signing method. Consult the service documentation for details.",
/// and IAM's "User: … is not authorized to perform: dynamodb:PutItem on resource: … because
/// no identity-based policy allows the dynamodb:PutItem action").
public struct DynamoDBEndpoint: Sendable {
    public let tables: DynamoDBTables
    private let principals: IAMUserDirectory
    private let region: String
    private let now: @Sendable () -> Date

    public static let targetPrefix = "DynamoDB_20120810."
    static let signingService = "dynamodb"

    public init(tables: DynamoDBTables, project: Project, region: String = Gateway.region, now: @escaping @Sendable () -> Date = { Date() }) {
        self.tables = tables
        principals = IAMUserDirectory(project: project)
        self.region = region
        self.now = now
    }

    /// One HTTP request to the endpoint. `request.path` is the path as sent (`/`).
    public func answer(_ request: GatewayRequest, requestId: String) -> (status: Int, headers: [HTTPHeader], body: String, summary: String) {
        let answer = call(request)
        return (answer.status, answer.headers(requestId: requestId), answer.body, answer.summary)
    }

    private func call(_ request: GatewayRequest) -> DynamoDBAnswer {
        let target = request.headers.value(for: "X-Amz-Target") ?? ""
        let operation = target.hasPrefix(Self.targetPrefix) ? String(target.dropFirst(Self.targetPrefix.count)) : target
        guard request.method.uppercased() == "POST" else {
            // Portico's wording: DynamoDB's JSON protocol is POST only.
            return Self.refusal(DynamoDBError("com.amazon.coral.service#UnknownOperationException", nil), "\(request.method) is not a DynamoDB call (POST / only)")
        }
        let principal: IAMUserDirectory.Principal
        do throws(DynamoDBError) {
            principal = try verify(request)
        } catch {
            return Self.refusal(error, "\(operation) refused: \(error.message ?? error.name)")
        }
        // The policy check needs the table the call names; a body that names none is left to
        // the operation's own validation.
        if case .success(let json) = JSONInstance.parse(String(decoding: request.body, as: UTF8.self)), let table = json["TableName"]?.stringValue {
            let action = "dynamodb:" + operation
            let arn = "arn:aws:dynamodb:\(region):\(Gateway.accountId):table/\(table)"
            var allowed = false
            for policy in principal.policies {
                switch policy.evaluate(PolicyRequest(action: action, resource: arn, principal: principal.policyPrincipal)) {
                case .explicitDeny:
                    return Self.refusal(Self.accessDenied("User: \(principal.arn) is not authorized to perform: \(action) on resource: \(arn) with an explicit deny in an identity-based policy"),
                                        "\(operation) refused: a policy of \(principal.arn) denies \(action) on \(arn)")
                case .allow: allowed = true
                case .implicitDeny: break
                }
            }
            guard allowed else {
                return Self.refusal(Self.accessDenied("User: \(principal.arn) is not authorized to perform: \(action) on resource: \(arn) because no identity-based policy allows the \(action) action"),
                                    "\(operation) refused: no policy of \(principal.arn) allows \(action) on \(arn)")
            }
        }
        return tables.answer(operation: operation, body: String(decoding: request.body, as: UTF8.self))
    }

    /// The signature: its form and scope, a known access key with its session token, the
    /// date within five minutes, then the signature itself over the request as it arrived.
    private func verify(_ request: GatewayRequest) throws(DynamoDBError) -> IAMUserDirectory.Principal {
        let invalidSignature = "com.amazon.coral.service#InvalidSignatureException"
        let claim: SignatureClaim
        do throws(SigV4Failure) {
            claim = try SignatureClaim.read(request, query: QueryString.parse(request.rawQuery))
        } catch {
            if case .unsigned = error {
                throw DynamoDBError("com.amazon.coral.service#MissingAuthenticationTokenException", "Request is missing Authentication Token")
            }
            if case .incomplete(let message) = error { throw DynamoDBError("com.amazon.coral.service#IncompleteSignatureException", message) }
            throw DynamoDBError(invalidSignature, error.traceSummary)
        }
        guard claim.region == region else {
            throw DynamoDBError(invalidSignature, "Credential should be scoped to a valid region. ")
        }
        guard claim.service == Self.signingService else {
            throw DynamoDBError(invalidSignature, "Credential should be scoped to correct service: '\(Self.signingService)'. ")
        }
        guard let principal = principals[claim.accessKeyId], principal.accepts(securityToken: claim.securityToken) else {
            throw DynamoDBError("com.amazon.coral.service#UnrecognizedClientException", "The security token included in the request is invalid.")
        }
        do throws(SigV4Failure) {
            try IAMAuthorization.checkDate(claim, now: Int64(now().timeIntervalSince1970.rounded(.down)))
        } catch {
            if case .expired(let message) = error { throw DynamoDBError(invalidSignature, message) }
            throw DynamoDBError(invalidSignature, error.traceSummary)
        }
        let canonical = CanonicalRequest(
            method: request.method.uppercased(), path: Substring(request.rawPath), query: request.rawQuery.map { Substring($0) },
            headers: request.headers, signedHeaders: claim.signedHeaders, signedHeaderList: claim.signedHeaderList,
            payloadHash: SigV4.payloadHash(request.body), excludingSignature: claim.form != .header)
        let scope = SigV4.Scope(date: claim.scopeDate, region: claim.region, service: claim.service)
        let key = SigV4.signingKey(secret: principal.user.secretAccessKey, date: scope.date, region: scope.region, service: scope.service)
        let code = HMAC<SHA256>.authenticationCode(for: SigV4.stringToSign(of: canonical, date: claim.date, scope: scope), using: key)
        guard IAMAuthorization.matches(code, hex: claim.signature) else {
            throw DynamoDBError(invalidSignature, SigV4Failure.mismatchSentence)
        }
        return principal
    }

    private static func accessDenied(_ message: String) -> DynamoDBError {
        DynamoDBError("com.amazon.coral.service#AccessDeniedException", message)
    }

    private static func refusal(_ error: DynamoDBError, _ summary: String) -> DynamoDBAnswer {
        DynamoDBAnswer(status: 400, body: error.json, error: error, summary: summary)
    }
}
