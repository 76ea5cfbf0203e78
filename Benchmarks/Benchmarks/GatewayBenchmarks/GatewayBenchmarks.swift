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
