import Crypto
import PorticoModel

/// AWS_IAM methods: the request must carry a Signature Version 4 signature made with the
/// access key of one of the project's IAM users (`identities.iamUsers`), then that user's
/// identity policies must allow `execute-api:Invoke` on the method's ARN (DG: permissions,
/// api-gateway-control-access-using-iam-policies-to-invoke-api; IAM User Guide:
/// reference_aws-signing).
///
/// The checks run in this order, each answering as API Gateway answers when it fails
/// (``SigV4Failure`` has the words and their sources):
///
/// 1. a signature at all (else 403 Missing Authentication Token) and a complete one;
/// 2. the credential scope: this gateway's region, `execute-api`, `aws4_request`, the request's day;
/// 3. a known access key, with the session token its keys need (none for IAM users' long-term
///    keys; the role session's for a function's execution-role credentials);
/// 4. the request's date within five minutes of the gateway's clock (the presigned form: and
///    not past `X-Amz-Expires`);
/// 5. the signature, recomputed over the request as it arrived;
/// 6. the user's policies for `execute-api:Invoke` on
///    `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}`.
///
/// Where AWS documents no order between two checks, this one is ours: the cheap checks of
/// the request's form before the key lookup, the clock before the cryptography.
///
/// A request that passes sets ``Exchange/caller`` with `$context.identity`'s `accessKey`,
/// `accountId`, `caller`, `user` and `userArn` (``IAMUserDirectory/Principal``).
enum IAMAuthorization {
    static func decide(_ exchange: Exchange, method: RoutedMethod, in environment: GatewayEnvironment) -> StageOutcome {
        do throws(SigV4Failure) {
            let claim = try SignatureClaim.read(exchange.request, query: exchange.queryParameters)
            try checkScope(claim)
            guard let principal = environment.deployments.iamUsers[claim.accessKeyId], principal.accepts(securityToken: claim.securityToken) else {
                throw .invalidToken
            }
            let now = Int64(environment.clock.now().timeIntervalSince1970.rounded(.down))
            try checkDate(claim, now: now)
            try verifySignature(claim, of: exchange, principal: principal)
            let identity = try checkPolicies(of: principal, for: exchange, now: now)
            // The resource policy decides with the identity policies (DG: apigateway-authorization-flow).
            switch AuthorizationFlow.iam(identity.decision, principal: principal.policyPrincipal, in: exchange, environment: environment) {
            case .allow:
                break
            case .deniedByResourcePolicy(let error):
                return .fail(error, TraceDetail(text: "SigV4 signature of \(principal.callerName) verified; the API's resource policy denies it"))
            case .deniedByIdentity:
                throw implicitDenial(of: principal, arn: identity.arn, exchange: exchange)
            }
            var caller = AuthorizedCaller()
            caller.identity = principal.identity
            exchange.caller = caller
            let name = principal.callerName, key = principal.user.accessKeyId, skew = now - claim.epochSeconds
            let arn = identity.arn, allowing = identity.allowing
            // Written only when a transcript is read: a request pays for capturing the values.
            return .proceed(TraceDetail {
                let allowedBy = allowing.map { "policy \($0.policy + 1), statement \($0.statement + 1) allows execute-api:Invoke on \(arn)" }
                    ?? "no identity policy allows execute-api:Invoke on \(arn), the API's resource policy does"
                return "SigV4 signature of \(name) (\(key)) verified, signed \(describe(skew: skew)); " + allowedBy
            })
        } catch {
            return .fail(error.gatewayError, TraceDetail(text: error.traceSummary))
        }
    }

    /// What a request to no resource or method is answered: API Gateway treats it as a
    /// request to an IAM method, so an `Authorization` header that is not a complete SigV4
    /// signature gets the incomplete-signature answer instead of "Missing Authentication
    /// Token" (recorded answers of API Gateway to a bearer token on a route that does not
    /// exist: aws/chalice#828; "That error will return for any invalid endpoints",
    /// amazon-archives/aws-cognito-angular-quickstart#50). A request without the header, or
    /// with a complete signature, gets Missing Authentication Token.
    static func unmatchedRouteFailure(_ exchange: Exchange) -> GatewayError {
        guard exchange.request.headers.value(for: "Authorization") != nil else { return .missingAuthenticationToken }
        do {
            _ = try SignatureClaim.read(exchange.request, query: exchange.queryParameters)
        } catch {
            if case .incomplete = error { return error.gatewayError }
        }
        return .missingAuthenticationToken
    }

    // MARK: The steps

    /// The scope must name this gateway's region, `execute-api`, `aws4_request` and the
    /// request's own day. The region and service sentences are AWS's (recorded answers:
    /// aws/aws-sdk-js#792, "Credential should be scoped to a valid region, not 'execute-api'. ";
    /// cllunsford/aws-signing-proxy#25, "Credential should be scoped to correct service: 'batch'. ").
    /// No recorded execute-api answer was found for a wrong terminator or day: those two
    /// sentences follow the same pattern and are ours.
    static func checkScope(_ claim: SignatureClaim, region: String = Gateway.region) throws(SigV4Failure) {
        guard claim.region == region else {
            throw .badScope("Credential should be scoped to a valid region, not '\(claim.region)'. ")
        }
        guard claim.service == SigV4.service else {
            throw .badScope("Credential should be scoped to correct service: '\(SigV4.service)'. ")
        }
        guard claim.terminator == SigV4.terminator else {
            throw .badScope("Credential should be scoped with a valid terminator: 'aws4_request', not '\(claim.terminator)'. ")
        }
        guard claim.scopeDate == claim.date.prefix(8) else {
            throw .badScope("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + "'\(claim.scopeDate)' != '\(claim.date.prefix(8))', from '\(claim.date)'.")
        }
    }

    /// Five minutes either way (recorded answers: "Signature expired: 20201027T123008Z is now
    /// earlier than 20201027T125507Z (20201027T130007Z - 5 min.)", mhart/aws4#118, execute-api;
    /// "Signature not yet current: 20181120T211543Z is still later than 20181120T211529Z
    /// (20181120T211029Z + 5 min.)", serverless/enterprise#11). A presigned URL is meant to be
    /// used later: it is valid from five minutes before its date to `X-Amz-Expires` seconds
    /// after it (IAM User Guide: reference_sigv-create-signed-request, "X-Amz-Expires"). No
    /// recorded execute-api answer to an expired presigned URL was found: its sentence is the
    /// five-minute one with the expiry in place of the five minutes.
    static func checkDate(_ claim: SignatureClaim, now: Int64) throws(SigV4Failure) {
        let skew = SigV4.allowedSkewSeconds
        let nowText = AmzDate.format(epochSeconds: now)
        if claim.epochSeconds > now + skew {
            throw .expired("Signature not yet current: \(claim.date) is still later than \(AmzDate.format(epochSeconds: now + skew)) (\(nowText) + 5 min.)")
        }
        if case .query(let expires?) = claim.form {
            if claim.epochSeconds + expires < now {
                throw .expired("Signature expired: \(claim.date) is now earlier than \(AmzDate.format(epochSeconds: now - expires)) (\(nowText) - \(expires) sec.)")
            }
        } else if claim.epochSeconds < now - skew {
            throw .expired("Signature expired: \(claim.date) is now earlier than \(AmzDate.format(epochSeconds: now - skew)) (\(nowText) - 5 min.)")
        }
    }

    /// Recomputes the signature over the request as it arrived: the path the client sent
    /// (``Endpoint/requestPath``; in process, `/{stage}{path}` on the execute-api host or the
    /// custom domain's path), its query, the headers it signed and the SHA-256 of its body.
    /// The body is always hashed: a client's `x-amz-content-sha256` is only a header it may
    /// sign, never a stand-in for the body (API Gateway verifies the payload; an execute-api
    /// request signed with `UNSIGNED-PAYLOAD` is refused: aws/aws-sdk-js-v3#308).
    static func verifySignature(_ claim: SignatureClaim, of exchange: Exchange, principal: IAMUserDirectory.Principal) throws(SigV4Failure) {
        let request = exchange.request
        // In process, the stage's path prefix: `/{stage}`, or nothing for an HTTP API's `$default` stage.
        let path = exchange.endpoint.requestPath ?? exchange.endpoint.customDomainPath ?? exchange.deployed.pathPrefix + request.rawPath
        try verifySignature(claim, of: request, method: exchange.context.httpMethod, path: path, principal: principal, state: exchange.state)
    }

    /// The same check for a request that is not a method request (the `@connections` API):
    /// `path` is the path the client signed.
    static func verifySignature(_ claim: SignatureClaim, of request: GatewayRequest, method: String, path: String,
                                principal: IAMUserDirectory.Principal, state: StageState) throws(SigV4Failure) {
        let isPresigned = claim.form != .header
        let canonical = CanonicalRequest(
            method: method, path: Substring(path), query: request.rawQuery.map { Substring($0) },
            headers: request.headers, signedHeaders: claim.signedHeaders, signedHeaderList: claim.signedHeaderList,
            payloadHash: SigV4.payloadHash(request.body), excludingSignature: isPresigned)
        let scope = SigV4.Scope(date: claim.scopeDate, region: claim.region, service: claim.service)
        let stringToSign = SigV4.stringToSign(of: canonical, date: claim.date, scope: scope)
        var authenticator = SigningKeys.authenticator(for: principal, scope: scope, in: state)
        authenticator.update(data: stringToSign)
        guard matches(authenticator.finalize(), hex: claim.signature) else {
            throw .mismatch(canonicalRequest: canonical.text, stringToSign: String(decoding: stringToSign, as: UTF8.self))
        }
    }

    /// The user's identity policies for `execute-api:Invoke` on the method's ARN, all of them
    /// together as IAM evaluates one principal's policies: a Deny in any wins, else an Allow in
    /// any allows, else the request is implicitly denied (IAM User Guide:
    /// reference_policies_evaluation-logic). An explicit deny throws at once (no resource
    /// policy can undo it); otherwise returns the decision, the allowing policy and statement
    /// (indices) for the trace; ``implicitDenial(of:arn:exchange:)`` is the failure to answer
    /// should the resource policy not allow either (made then, not on every request).
    ///
    /// The denials' sentences are AWS's for API Gateway (KC: api-gateway-iam-sigv4-mismatch,
    /// "User: arn:aws:iam::…:user/username is not authorized to perform: execute-api:Invoke on
    /// resource: … because no identity-based policy allows the execute-api:Invoke action"; for
    /// an explicit deny, IAM's wording, "with an explicit deny in an identity-based policy",
    /// IAM User Guide: troubleshoot_access-denied). The resource's account is shown as API
    /// Gateway shows it, all but its last four digits masked (`********9012`: recorded answers,
    /// ASFHyP3/hyp3#2283, aws-amplify/amplify-js#1643).
    static func checkPolicies(of principal: IAMUserDirectory.Principal, for exchange: Exchange, now: Int64)
        throws(SigV4Failure) -> (arn: String, decision: PolicyDecision, allowing: (policy: Int, statement: Int)?) {
        let arn = exchange.methodARN
        var request = PolicyRequest(resource: arn, principal: principal.policyPrincipal)
        if principal.hasConditions { request.conditionKeys = conditionKeys(of: principal, for: exchange, now: now) }
        var allowing: (policy: Int, statement: Int)?
        for (index, policy) in principal.policies.enumerated() {
            switch policy.evaluate(request) {
            case .explicitDeny(let statement):
                throw .denied(deniedSentence(principal, arn: arn, exchange: exchange) + " with an explicit deny in an identity-based policy",
                              because: "policy \(index + 1), statement \(statement + 1) denies execute-api:Invoke on \(arn)")
            case .allow(let statement):
                if allowing == nil { allowing = (index, statement) }
            case .implicitDeny:
                break
            }
        }
        return (arn, allowing.map { .allow(statement: $0.statement) } ?? .implicitDeny, allowing)
    }

    /// The answer to a caller none of whose policies allows the call (and whom no resource
    /// policy lets through).
    static func implicitDenial(of principal: IAMUserDirectory.Principal, arn: String, exchange: Exchange) -> SigV4Failure {
        .denied(deniedSentence(principal, arn: arn, exchange: exchange) + " because no identity-based policy allows the execute-api:Invoke action",
                because: principal.policies.isEmpty ? "the user has no identity policy"
                    : "no statement of the user's \(principal.policies.count) policies allows execute-api:Invoke on \(arn)")
    }

    /// The method ARN masked as API Gateway shows it (``ExecuteAPIARN/masked(_:)``).
    private static func deniedSentence(_ principal: IAMUserDirectory.Principal, arn: String, exchange: Exchange) -> String {
        "User: \(principal.arn) is not authorized to perform: execute-api:Invoke on resource: \(exchange.deployed.arn.masked(arn))"
    }

    /// The global condition keys an identity policy may test, as AWS sets them for a request
    /// signed by an IAM user (IAM User Guide: reference_policies_condition-keys). API
    /// Gateway's endpoints answer HTTPS only, so `aws:SecureTransport` is true.
    private static func conditionKeys(of principal: IAMUserDirectory.Principal, for exchange: Exchange, now: Int64) -> [String: [String]] {
        let time = AmzDate.format(epochSeconds: now)
        let currentTime = "\(time.prefix(4))-\(time.dropFirst(4).prefix(2))-\(time.dropFirst(6).prefix(2))T"
            + "\(time.dropFirst(9).prefix(2)):\(time.dropFirst(11).prefix(2)):\(time.dropFirst(13).prefix(2))Z"
        return [
            "aws:sourceip": [exchange.context.sourceIp], "aws:username": [principal.user.userName], "aws:userid": [principal.userId],
            "aws:principalarn": [principal.arn], "aws:principalaccount": [principal.policyPrincipal.accountId],
            "aws:principaltype": ["User"], "aws:currenttime": [currentTime], "aws:epochtime": [String(now)],
            "aws:securetransport": ["true"],
        ]
    }

    /// Whether a hex signature is the code, compared in a time that does not depend on where
    /// they first differ (a timing side channel would let a client find a signature byte by byte).
    static func matches(_ code: HashedAuthenticationCode<SHA256>, hex: Substring) -> Bool {
        var given = hex
        return given.withUTF8 { text in
            guard text.count == 64 else { return false }
            let digits = SigV4.hexDigits
            var difference: UInt8 = 0
            var index = 0
            for byte in code {
                difference |= text[index] ^ digits[Int(byte >> 4)]
                difference |= text[index + 1] ^ digits[Int(byte & 0x0F)]
                index += 2
            }
            return difference == 0
        }
    }

    private static func describe(skew seconds: Int64) -> String {
        switch seconds {
        case 0: "at the gateway's time"
        case 1...: "\(seconds) s before the gateway's time"
        default: "\(-seconds) s after the gateway's time"
        }
    }
}
