import Diagnostics
import Foundation
import PorticoModel
import TestSupport
import Testing

/// `vpcEndpoints` in portico.yml and what a PRIVATE API asks of the project.
@Suite("VPC endpoints and private APIs")
struct VPCEndpointTests {
    static func api(policy: Bool, endpointIds: String? = nil) -> String {
        """
        openapi: 3.0.1
        info: {title: Internal, version: "1"}
        \(endpointIds.map { "x-amazon-apigateway-endpoint-configuration: {types: [PRIVATE], vpcEndpointIds: \($0)}" } ?? "")
        \(policy ? "x-amazon-apigateway-policy: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Principal: \"*\", Action: \"execute-api:Invoke\", Resource: \"execute-api:/*\"}]}" : "")
        paths: {}

        """
    }

    private func load(_ projectFile: String, api: String = VPCEndpointTests.api(policy: true)) throws -> (Project?, [String]) {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(["Content/portico.yml": projectFile, "Content/apis/internal.yaml": api])
        var diagnostics = DiagnosticEngine()
        let project = ProjectLoader(root: root.path).load(diagnostics: &diagnostics)
        return (project, diagnostics.sorted.map(DiagnosticFormatter.format).map { $0.replacingOccurrences(of: root.path + "/", with: "") })
    }

    @Test("endpoints load with their VPC; a PRIVATE API's vpcEndpointIds come from portico.yml, else from the definition")
    func loads() throws {
        let (project, lines) = try load("""
            vpcEndpoints:
              - {vpcEndpointId: vpce-0123456789abcdef0, vpcId: vpc-0a1b2c3d}
              - {vpcEndpointId: vpce-1a2b3c4d}
            apis:
              - {name: internal, definition: apis/internal.yaml, endpointType: PRIVATE, vpcEndpointIds: [vpce-1a2b3c4d], stages: [{stageName: prod}]}
              - {name: exported, definition: apis/internal.yaml, stages: [{stageName: prod}]}

            """, api: Self.api(policy: true, endpointIds: "[vpce-0123456789abcdef0]"))
        let loaded = try #require(project)
        #expect(lines == [])
        #expect(loaded.vpcEndpoints.map(\.vpcEndpointId) == ["vpce-0123456789abcdef0", "vpce-1a2b3c4d"])
        #expect(loaded.vpcEndpoint(id: "vpce-0123456789abcdef0")?.vpcId == "vpc-0a1b2c3d")
        #expect(loaded.api(named: "internal")?.vpcEndpointIds == ["vpce-1a2b3c4d"])
        // The definition's endpoint configuration says PRIVATE and names the endpoint.
        #expect(loaded.api(named: "exported")?.endpointType == .private)
        #expect(loaded.api(named: "exported")?.vpcEndpointIds == ["vpce-0123456789abcdef0"])
    }

    @Test("bad, duplicate, unknown and misplaced endpoints are located errors")
    func diagnostics() throws {
        let (_, lines) = try load("""
            vpcEndpoints:
              - {vpcEndpointId: vpce-0123456789abcdef0, vpcId: vpc-xyz}
              - {vpcEndpointId: vpce-0123456789abcdef0}
              - {vpcEndpointId: endpoint-1}
            apis:
              - name: internal
                definition: apis/internal.yaml
                endpointType: PRIVATE
                vpcEndpointIds: [vpce-0123456789abcdef1]
                stages: [{stageName: prod}]
              - {name: public, definition: apis/internal.yaml, endpointType: REGIONAL, vpcEndpointIds: [vpce-0123456789abcdef0], stages: [{stageName: prod}]}

            """)
        #expect(lines == [
            "Content/portico.yml:2:52: error: VPC id 'vpc-xyz' must be 'vpc-' and 8 or 17 lower-case hexadecimal digits [project.vpc-endpoint-id]",
            "Content/portico.yml:3:21: error: a VPC endpoint 'vpce-0123456789abcdef0' is already declared [project.duplicate-vpc-endpoint]",
            "Content/portico.yml:4:21: error: VPC endpoint id 'endpoint-1' must be 'vpce-' and 8 or 17 lower-case hexadecimal digits [project.vpc-endpoint-id]",
            "Content/portico.yml:9:21: error: VPC endpoint 'vpce-0123456789abcdef1' of API 'internal' is not declared under 'vpcEndpoints'; did you mean 'vpce-0123456789abcdef0'? [project.unknown-vpc-endpoint]",
            "Content/portico.yml:11:92: error: API 'public' is REGIONAL: vpcEndpointIds apply to PRIVATE APIs only [project.vpc-endpoint-on-public-api]",
        ])
    }

    @Test("a PRIVATE API without a resource policy: AWS does not deploy it; the warning points at its endpointType")
    func privateWithoutPolicy() throws {
        let (project, lines) = try load("""
            apis:
              - name: internal
                definition: apis/internal.yaml
                endpointType: PRIVATE
                stages: [{stageName: prod}]

            """, api: Self.api(policy: false))
        #expect(project?.api(named: "internal")?.definition.policy == nil)
        #expect(lines == [
            "Content/portico.yml:4:19: warning: PRIVATE API 'internal' has no resource policy (x-amazon-apigateway-policy): AWS does not deploy it, and every call is refused [project.private-api-without-policy]",
        ])
    }
}
