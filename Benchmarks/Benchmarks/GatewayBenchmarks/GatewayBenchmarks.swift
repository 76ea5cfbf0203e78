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
        let project = Project(contentDirectory: "/tmp", site: SiteSettings(title: "Bench"), apis: [api])
        return Gateway(project: project, clock: SystemClock())
    }
}
