import Diagnostics
import Foundation

/// A method's authorization type; raw values are AWS's.
public enum AuthorizationType: String, Sendable, CaseIterable {
    case none = "NONE"
    case awsIAM = "AWS_IAM"
    case custom = "CUSTOM"
    case cognitoUserPools = "COGNITO_USER_POOLS"
    case jwt = "JWT"
}

/// Authorizer types; raw values are AWS's (the extension writes them in lower case).
public enum AuthorizerType: String, Sendable, CaseIterable {
    case token = "TOKEN"
    case request = "REQUEST"
    case cognitoUserPools = "COGNITO_USER_POOLS"
    case jwt = "JWT"
    case awsIAM = "AWS_IAM"

    /// The method authorization type an authorizer of this type gives.
    public var authorizationType: AuthorizationType {
        switch self {
        case .token, .request: .custom
        case .cognitoUserPools: .cognitoUserPools
        case .jwt: .jwt
        case .awsIAM: .awsIAM
        }
    }
}

/// A security scheme's `type`; raw values are OpenAPI's (3.0: apiKey, http, oauth2,
/// openIdConnect; 3.1 adds mutualTLS). API Gateway builds authorizers from its extensions on
/// apiKey schemes (DG: api-gateway-swagger-extensions-authorizer) and reads JWT authorizers of
/// HTTP APIs from oauth2 and openIdConnect schemes.
public enum SecuritySchemeType: String, Sendable, CaseIterable {
    case apiKey
    case http
    case mutualTLS
    case oauth2
    case openIdConnect
}

/// `x-amazon-apigateway-authtype`; raw values are AWS's (DG: api-gateway-swagger-extensions-authtype).
/// Lambda authorizers of REST APIs may carry any other value as a free-form label, which
/// Portico does not keep; `awsSigv4` and every other value starting with `aws` are reserved.
public enum SecuritySchemeAuthType: String, Sendable, CaseIterable {
    /// IAM authorization (Signature Version 4), with no authorizer object.
    case awsSigv4
    case cognitoUserPools = "cognito_user_pools"
    /// A Lambda authorizer, as AWS exports write it.
    case custom

    /// The value written in any letter case (the extension's examples differ in case).
    public init?(text: String) {
        guard let value = Self.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else { return nil }
        self = value
    }
}

/// An entry of `components.securitySchemes`, with API Gateway's extensions decoded.
public struct SecurityScheme: Sendable, Equatable {
    public var name: String
    /// OpenAPI's `type`; nil when it is missing or not one of OpenAPI's (an error the loader reports).
    public var type: SecuritySchemeType?
    /// `in` for apiKey schemes (header, query, cookie).
    public var location: String?
    /// `name` for apiKey schemes: the header that carries the key or token.
    public var parameterName: String?
    /// `x-amazon-apigateway-authtype`; nil when absent or a value Portico does not know.
    public var authType: SecuritySchemeAuthType?
    /// True for a plain API key scheme (no authorizer, no authtype): naming it in `security`
    /// makes the method require an API key.
    public var isAPIKey: Bool
    public var sourceLocation: SourceLocation

    public init(name: String, type: SecuritySchemeType?, location: String? = nil, parameterName: String? = nil, authType: SecuritySchemeAuthType? = nil,
                isAPIKey: Bool = false, sourceLocation: SourceLocation) {
        self.name = name
        self.type = type
        self.location = location
        self.parameterName = parameterName
        self.authType = authType
        self.isAPIKey = isAPIKey
        self.sourceLocation = sourceLocation
    }
}

/// One alternative of a `security` list: scheme names with their scopes, in file order.
public struct SecurityRequirement: Sendable, Equatable {
    public var schemes: [(name: String, scopes: [String])]
    public var location: SourceLocation

    public init(schemes: [(name: String, scopes: [String])], location: SourceLocation) {
        self.schemes = schemes
        self.location = location
    }

    public static func == (lhs: SecurityRequirement, rhs: SecurityRequirement) -> Bool {
        lhs.location == rhs.location && lhs.schemes.map(\.name) == rhs.schemes.map(\.name)
            && lhs.schemes.map(\.scopes) == rhs.schemes.map(\.scopes)
    }
}

/// `jwtConfiguration` of a JWT authorizer.
public struct JWTConfiguration: Sendable, Equatable {
    public var issuer: String
    public var audience: [String]

    public init(issuer: String, audience: [String]) {
        self.issuer = issuer
        self.audience = audience
    }
}

/// An authorizer: `x-amazon-apigateway-authorizer` on a security scheme (REST and HTTP APIs),
/// an IAM scheme (`x-amazon-apigateway-authtype: awsSigv4`), or a WebSocket API's authorizer.
public struct Authorizer: Sendable, Equatable {
    /// The security scheme's name, which methods name in `security`.
    public var name: String
    public var type: AuthorizerType
    /// The scheme's `x-amazon-apigateway-authtype`, when it is one Portico knows.
    public var authType: SecuritySchemeAuthType?
    /// The identity sources as written (REST: one comma-separated string).
    public var identitySource: String?
    /// ``identitySource`` split at commas, each parsed in its API's syntax (the loaders check
    /// it and leave out what they report; an authorizer made in code accepts any API's forms).
    public var identitySources: [SourceExpression]
    public var identityValidationExpression: String?
    /// Result cache TTL; nil when not written (AWS's default is 300 s for Lambda authorizers).
    public var authorizerResultTtlInSeconds: Int?
    public var authorizerUri: String?
    /// The Lambda function's name when ``authorizerUri`` is a Lambda invocation ARN: the
    /// project's `functions` entry that runs it.
    public var functionName: String?
    public var authorizerCredentials: String?
    /// Cognito user pool ARNs (COGNITO_USER_POOLS).
    public var providerARNs: [String]
    public var jwtConfiguration: JWTConfiguration?
    /// HTTP API Lambda authorizers: `1.0` or `2.0`.
    public var authorizerPayloadFormatVersion: String?
    public var enableSimpleResponses: Bool?
    public var location: SourceLocation

    public init(name: String, type: AuthorizerType, authType: SecuritySchemeAuthType? = nil, identitySource: String? = nil,
                identityValidationExpression: String? = nil, authorizerResultTtlInSeconds: Int? = nil,
                authorizerUri: String? = nil, authorizerCredentials: String? = nil, providerARNs: [String] = [],
                jwtConfiguration: JWTConfiguration? = nil, authorizerPayloadFormatVersion: String? = nil,
                enableSimpleResponses: Bool? = nil, location: SourceLocation) {
        self.name = name
        self.type = type
        self.authType = authType
        self.identitySource = identitySource
        self.identitySources = (identitySource.map(Authorizer.split) ?? []).compactMap { text in
            IdentitySourceSyntax.parseAny(text).map { SourceExpression(text: text, source: $0) }
        }
        self.identityValidationExpression = identityValidationExpression
        self.authorizerResultTtlInSeconds = authorizerResultTtlInSeconds
        self.authorizerUri = authorizerUri
        self.functionName = authorizerUri.flatMap(LambdaARN.functionName(in:))
        self.authorizerCredentials = authorizerCredentials
        self.providerARNs = providerARNs
        self.jwtConfiguration = jwtConfiguration
        self.authorizerPayloadFormatVersion = authorizerPayloadFormatVersion
        self.enableSimpleResponses = enableSimpleResponses
        self.location = location
    }

    static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// Reads Lambda function names out of the ARNs API Gateway uses.
public enum LambdaARN {
    /// `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations`
    /// and `arn:aws:lambda:us-east-1:123456789012:function:orders` (HTTP APIs) both give `orders`;
    /// a version or alias qualifier (`:live`) is dropped; anything else gives nil.
    public static func functionName(in uri: String) -> String? {
        guard let range = uri.range(of: "arn:aws:lambda:") else { return nil }
        var rest = uri[range.upperBound...]
        if let end = rest.range(of: "/invocations") { rest = rest[..<end.lowerBound] }
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        // region : account : function : name [: qualifier]
        guard parts.count >= 4, parts[2] == "function", !parts[3].isEmpty else { return nil }
        return String(parts[3])
    }

    /// Whether a function name read from a URI is made of stage variables
    /// (`function:${stageVariables.fn}`; DG: aws-api-gateway-stage-variables-reference), so each
    /// stage names its own function.
    public static func usesStageVariables(_ functionName: String) -> Bool {
        functionName.contains("${stageVariables.")
    }

    /// The function `uri` names on a stage with `variables`: each `${stageVariables.NAME}`
    /// replaced by its value (an unset one by nothing), then read as ``functionName(in:)``
    /// reads it, so a value may carry a qualifier (`orders:live`). nil when nothing is left.
    public static func functionName(in uri: String, stageVariables variables: [String: String]) -> String? {
        functionName(in: substitutingStageVariables(in: uri, variables))
    }

    /// How a trace names the function `written` (the name read from `uri`) on a stage with
    /// `variables`: `orders` as it is; `${stageVariables.fn} → 'ordersV2' on this stage` when
    /// stage variables name it; `${stageVariables.fn} (stage variable 'fn' not set on this
    /// stage)` when one of them is unset.
    public static func describe(_ written: String, uri: String?, onStageWith variables: [String: String]) -> String {
        guard usesStageVariables(written), let uri else { return written }
        let unset = stageVariableNames(in: written).filter { variables[$0] == nil }
        guard unset.isEmpty else {
            let names = unset.map { "'\($0)'" }.joined(separator: ", ")
            return "\(written) (stage variable\(unset.count == 1 ? "" : "s") \(names) not set on this stage)"
        }
        return "\(written) → '\(functionName(in: uri, stageVariables: variables) ?? "")' on this stage"
    }

    /// `text` with each `${stageVariables.NAME}` replaced by its value, an unset one by nothing.
    public static func substitutingStageVariables(in text: String, _ variables: [String: String]) -> String {
        var result = text
        for name in stageVariableNames(in: text) {
            result = result.replacingOccurrences(of: "${stageVariables.\(name)}", with: variables[name] ?? "")
        }
        return result
    }
}
