/// A project with one Cognito user pool, `shoppers` (`us-east-1_Shoppers`, app client
/// `4webclient0shoppers000001`, user alice with password `Correct-Horse-1` and an email), and
/// a REST API `shop` whose `GET /me`, a MOCK integration, its authorizer guards. What a test
/// of the pools at the edges (the server, the site) writes into a temporary folder.
public enum CognitoShop {
    /// - Parameters:
    ///   - requestTemplate: `GET /me`'s request template (single-quoted YAML).
    ///   - responseTemplate: its response template (single-quoted YAML).
    ///   - note: `Content/index.md`, when the project has one.
    public static func files(requestTemplate: String = #"{"statusCode": 200}"#,
                             responseTemplate: String = #"{"email": "$context.authorizer.claims.email"}"#,
                             note: String? = nil) -> [String: String] {
        var files = [
            "Content/portico.yml": """
            site: {title: Pools}
            apis:
              - name: shop
                definition: apis/shop.yaml
                endpointType: REGIONAL
                stages: [{stageName: prod}]
            identities:
              userPools:
                - name: shoppers
                  userPoolId: us-east-1_Shoppers
                  clients: [{clientName: web, clientId: 4webclient0shoppers000001}]
                  users:
                    - {username: alice, password: Correct-Horse-1, attributes: {email: alice@example.com}}
            """,
            "Content/apis/shop.yaml": """
            openapi: 3.0.1
            info: {title: Shop, version: "1"}
            components:
              securitySchemes:
                shoppers:
                  type: apiKey
                  name: Authorization
                  in: header
                  x-amazon-apigateway-authtype: cognito_user_pools
                  x-amazon-apigateway-authorizer:
                    type: cognito_user_pools
                    providerARNs: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Shoppers"]
            paths:
              /me:
                get:
                  security: [{shoppers: []}]
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates: {application/json: '\(requestTemplate)'}
                    responses:
                      default:
                        statusCode: "200"
                        responseTemplates: {application/json: '\(responseTemplate)'}
            """,
        ]
        files["Content/index.md"] = note
        return files
    }
}
