import Benchmark
import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel

/// Issue 5's figure: in process, a MOCK integration with a 10-line response template runs at
/// 100,000 requests per second or more on one core.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 1_000_000)

    Benchmark("MOCK integration, 10-line response template") { benchmark in
        let gateway = MockProject.gateway()
        let request = GatewayRequest(method: "GET", path: "/items/42?verbose=true",
                                     headers: [HTTPHeader("Accept", "application/json"), HTTPHeader("User-Agent", "bench")])
        var ids = IdentifierGenerator(seed: 1)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await gateway.invoke(request, api: "shop", stage: "prod", ids: &ids))
        }
    }

    // Issue 15's figure: a SigV4 verification adds at most 20 µs (compare with the first case).
    Benchmark("AWS_IAM method, SigV4-signed request") { benchmark in
        let (gateway, request) = MockProject.signed()
        var ids = IdentifierGenerator(seed: 1)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await gateway.invoke(request, api: "shop", stage: "prod", ids: &ids))
        }
    }

    // Issue 15's figure: a JWT (RS256) verification costs at most 30 µs per request, in process.
    // Measured on the 2-core build machine: p50 24 µs here, about 23 µs of CPU with
    // GatewayProfile, of which the RSA-2048 signature is most (OpenSSL's own verification: 22 µs there).
    // The project is made once (its keys take a tenth of a second), and a sample is a thousand
    // verifications, so the key's first use (BoringSSL's Montgomery set-up) is not what is timed.
    Benchmark("JWT verification (RS256, 2048-bit key): signature and claims", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let (gateway, token) = CognitoProject.shared
        let pool = gateway.environment.userPools.pools[0]
        let verifier = TokenVerifier(keys: pool.keySet)
        let rules = TokenClaimRules(issuers: [pool.issuer], tokenUse: "id")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let verified = try verifier.verify(token).get()
            blackHole(rules.check(verified, now: Date()))
        }
    }

    Benchmark("MOCK integration behind a Cognito user pool authorizer (ID token)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let (gateway, token) = CognitoProject.shared
        let request = GatewayRequest(method: "GET", path: "/items/42?verbose=true",
                                     headers: [HTTPHeader("Accept", "application/json"), HTTPHeader("Authorization", token)])
        var ids = IdentifierGenerator(seed: 1)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await gateway.invoke(request, api: "shop", stage: "prod", ids: &ids))
        }
    }

    Benchmark("Routing miss (403 Missing Authentication Token)") { benchmark in
        let gateway = MockProject.gateway()
        let request = GatewayRequest(method: "GET", path: "/nothing/here")
        var ids = IdentifierGenerator(seed: 1)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await gateway.invoke(request, api: "shop", stage: "prod", ids: &ids))
        }
    }
}

/// The MOCK project with its method behind a Cognito user pool authorizer, and an ID token of
/// the pool's user valid for an hour.
enum CognitoProject {
    static let shared = try! gatewayAndToken()

    static func gatewayAndToken() throws -> (Gateway, String) {
        let here = SourceLocation(file: "bench.yaml", line: 1, column: 1)
        var project = MockProject.project()
        var definition = project.apis[0].definition
        definition.authorizers = [Authorizer(name: "customers", type: .cognitoUserPools, identitySource: "method.request.header.Authorization",
                                             providerARNs: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Bench"], location: here)]
        definition.operations[0].authorizationType = .cognitoUserPools
        definition.operations[0].authorizerName = "customers"
        project.apis[0].apiDefinition = .rest(definition)
        // Far above the load: the account's default 10,000/s would answer some requests 429.
        project.account.throttle = ThrottleSettings(rateLimit: 10_000_000, burstLimit: 1_000_000)
        let user = UserPoolUser(username: "alice", attributes: ["email": "alice@example.com"], groups: ["admins"], location: here)
        project.identities = Identities(userPools: [CognitoUserPool(name: "customers", userPoolId: "us-east-1_Bench", users: [user], location: here)])
        let gateway = Gateway(project: project, clock: SystemClock())
        let pool = gateway.environment.userPools.pools[0]
        var ids = IdentifierGenerator(seed: 3)
        let now = Date()
        let token = try pool.issue(.id, for: user, session: SignInSession(at: now, ids: &ids), at: now, ids: &ids)
        return (gateway, token)
    }
}

enum MockProject {
    static let responseTemplate = """
    #set($id = $input.params('id'))
    {
      "id": "$id",
      "stage": "$context.stage",
      "requestId": "$context.requestId",
      #if($input.params('verbose') == "true")
      "verbose": true,
      #end
      "catalog": "$stageVariables.catalog"
    }
    """

    /// The same project with `/items/{id}` behind AWS_IAM and one IAM user, and the first
    /// case's request signed by that user now (valid for the five minutes a run takes).
    static func signed() -> (Gateway, GatewayRequest) {
        let here = SourceLocation(file: "bench.yaml", line: 1, column: 1)
        var project = gateway().project
        project.apis[0].definition.operations[0].authorizationType = .awsIAM
        // One identity policy allowing the stage's methods, as a user of a real API would have.
        let policy = JSONValue.object([
            JSONMember(key: "Version", value: .string("2012-10-17")),
            JSONMember(key: "Statement", value: .object([
                JSONMember(key: "Effect", value: .string("Allow")), JSONMember(key: "Action", value: .string("execute-api:Invoke")),
                JSONMember(key: "Resource", value: .string("arn:aws:execute-api:us-east-1:123456789012:*/prod/*")),
            ])),
        ])
        let user = IAMUser(userName: "bench", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                           policies: [policy], location: here)
        project.identities.iamUsers = [user]
        let request = GatewayRequest(method: "GET", path: "/items/42?verbose=true",
                                     headers: [HTTPHeader("Accept", "application/json"), HTTPHeader("User-Agent", "bench")])
        return (Gateway(project: project, clock: SystemClock()),
                SigV4.sign(request, host: Gateway.executeAPIHost(for: project.apis[0]), path: "/prod/items/42", credentials: user, date: Date()))
    }

    static func gateway() -> Gateway {
        Gateway(project: project(), clock: SystemClock())
    }

    static func project() -> Project {
        let here = SourceLocation(file: "bench.yaml", line: 1, column: 1)
        let integration = Integration(
            type: .mock,
            requestTemplates: [MappingTemplate(contentType: "application/json", source: #"{"statusCode": 200}"#, location: here)],
            responses: [IntegrationResponse(selectionPattern: "", statusCode: "200",
                                            responseTemplates: [MappingTemplate(contentType: "application/json", source: responseTemplate, location: here)],
                                            location: here)],
            location: here)
        var operations = [Operation(path: "/items/{id}", method: .get, integration: integration, location: here)]
        for index in 0..<20 {
            operations.append(Operation(path: "/other\(index)/{id}", method: .get, integration: integration, location: here))
        }
        let api = APIDeployment(name: "shop", definitionPath: "bench.yaml", endpointType: .regional,
                                stages: [Stage(stageName: "prod", variables: ["catalog": "spring"])],
                                definition: RestAPI(title: "Shop", operations: operations), location: here)
        return Project(contentDirectory: "/tmp", site: SiteSettings(title: "Bench"), apis: [api])
    }
}
