import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing

/// How the front end finds a PRIVATE API through a VPC endpoint (DG: apigateway-private-api-test-invoke-url).
@Suite("Endpoints: VPC endpoint host names")
struct PrivateEndpointTableTests {
    static let here = SourceLocation(file: "portico.yml", line: 1, column: 1)
    static let ours = "vpce-0123456789abcdef0"
    static let other = "vpce-0fedcba9876543210"

    static func project() -> Project {
        var privateAPI = APIDeployment(name: "internal", definitionPath: "internal.yaml", endpointType: .private,
                                     stages: [Stage(stageName: "prod")], definition: RestAPI(title: "Internal", operations: []), location: here)
        privateAPI.vpcEndpointIds = [ours]
        let orders = APIDeployment(name: "orders", definitionPath: "orders.yaml", endpointType: .regional,
                                   stages: [Stage(stageName: "prod")], definition: RestAPI(title: "Orders", operations: []), location: here)
        var project = Project(contentDirectory: "/tmp", site: SiteSettings(title: "T"), apis: [privateAPI, orders])
        project.vpcEndpoints = [VPCEndpoint(vpcEndpointId: ours, vpcId: "vpc-0a1b2c3d", location: here),
                                VPCEndpoint(vpcEndpointId: other, location: here)]
        return project
    }

    let table = EndpointTable(project: project())
    let internalId = APIFacts(apiName: "internal").apiId

    @Test("{apiId}-{vpceId} names the API through that endpoint, on AWS's domain and on localhost")
    func alias() {
        for host in ["\(internalId)-\(Self.ours).execute-api.us-east-1.amazonaws.com", "\(internalId)-\(Self.ours).execute-api.localhost:8080"] {
            #expect(table.answers(host: host))
            #expect(table.resolve(host: host, target: "/prod/status?x=1")
                    == .endpoint(Endpoint(api: "internal", stage: "prod", requestPath: "/prod/status", sourceVpce: Self.ours), path: "/status?x=1"))
        }
        // The API's own name goes through no endpoint.
        #expect(table.resolve(host: "\(internalId).execute-api.localhost", target: "/prod/status")
                == .endpoint(Endpoint(api: "internal", stage: "prod", requestPath: "/prod/status"), path: "/status"))
    }

    @Test("an endpoint not associated with the API has no such name: Forbidden, said why")
    func unassociatedAlias() {
        #expect(table.resolve(host: "\(internalId)-\(Self.other).execute-api.localhost", target: "/prod/status")
                == .forbidden("VPC endpoint '\(Self.other)' is not associated with API 'internal' (vpcEndpointIds), so it has no host name '\(internalId)-\(Self.other).execute-api.localhost'"))
    }

    @Test("an endpoint's own DNS name, with AWS's suffix or on localhost, reaches the API x-apigw-api-id names")
    func endpointName() {
        for host in ["\(Self.ours)-4ab1cd2e.execute-api.us-east-1.vpce.amazonaws.com", "\(Self.ours).execute-api.vpce.localhost:8080",
                     "\(Self.ours).execute-api.us-east-1.vpce.amazonaws.com"] {
            #expect(table.answers(host: host))
            #expect(table.resolve(host: host, target: "/prod/status", apiIdHeader: internalId)
                    == .endpoint(Endpoint(api: "internal", stage: "prod", requestPath: "/prod/status", sourceVpce: Self.ours), path: "/status"))
        }
        // A public API is reached by its id too; the gateway then refuses it (a VPC endpoint reaches private APIs only).
        #expect(table.resolve(host: "\(Self.other).execute-api.vpce.localhost", target: "/prod/", apiIdHeader: APIFacts(apiName: "orders").apiId)
                == .endpoint(Endpoint(api: "orders", stage: "prod", requestPath: "/prod/", sourceVpce: Self.other), path: "/"))
    }

    @Test("an endpoint's name without x-apigw-api-id, with an unknown id, or of an undeclared endpoint is Forbidden")
    func endpointNameRefusals() {
        let host = "\(Self.ours).execute-api.vpce.localhost"
        #expect(table.resolve(host: host, target: "/prod/status")
                == .forbidden("a request to VPC endpoint \(Self.ours)'s own name names its API with the x-apigw-api-id header"))
        #expect(table.resolve(host: host, target: "/prod/status", apiIdHeader: "nosuchapi1") == .forbidden("x-apigw-api-id 'nosuchapi1' names no API of the project"))
        #expect(table.resolve(host: "vpce-11111111.execute-api.vpce.localhost", target: "/prod/status", apiIdHeader: internalId)
                == .forbidden("no VPC endpoint 'vpce-11111111' is declared (vpcEndpoints in portico.yml)"))
        #expect(table.resolve(host: host, target: "/test/status", apiIdHeader: internalId) == .forbidden("API 'internal' has no stage 'test'"))
        #expect(table.resolve(host: "vpce-1.example.com", target: "/prod/status") == .unknownHost)
    }
}
