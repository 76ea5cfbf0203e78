import Diagnostics
import Yams

/// `vpcEndpoints`, and what a PRIVATE API asks of the project: the endpoints it is associated
/// with and a resource policy.
///
/// ```yaml
/// vpcEndpoints:
///   - vpcEndpointId: vpce-0123456789abcdef0   # as `aws ec2 describe-vpc-endpoints` prints it
///     vpcId: vpc-0a1b2c3d                     # optional: what aws:SourceVpc sees
/// apis:
///   - name: internal
///     endpointType: PRIVATE
///     vpcEndpointIds: [vpce-0123456789abcdef0]  # else the definition's endpoint configuration
/// ```
extension ProjectReading {
    static let vpcEndpointKeys = ["vpcEndpointId", "vpcId", "description"]

    func readVPCEndpoints(_ reader: MappingReader, into project: inout Project) {
        for node in reader.sequence("vpcEndpoints", diagnostics: &diagnostics) ?? [] {
            guard let endpoint = MappingReader(node, source: source, what: "a VPC endpoint", diagnostics: &diagnostics) else { continue }
            endpoint.finish(known: Self.vpcEndpointKeys, in: "a VPC endpoint", diagnostics: &diagnostics)
            guard let id = endpoint.requiredString("vpcEndpointId", in: "a VPC endpoint", diagnostics: &diagnostics) else { continue }
            guard VPCEndpoint.isValidId(id, prefix: "vpce-") else {
                diagnostics.error(.projectVPCEndpointId, "VPC endpoint id '\(id)' must be 'vpce-' and 8 or 17 lower-case hexadecimal digits",
                                  at: endpoint.location(ofValue: "vpcEndpointId"))
                continue
            }
            let vpcId = endpoint.string("vpcId", diagnostics: &diagnostics)
            if let vpcId, !VPCEndpoint.isValidId(vpcId, prefix: "vpc-") {
                diagnostics.error(.projectVPCEndpointId, "VPC id '\(vpcId)' must be 'vpc-' and 8 or 17 lower-case hexadecimal digits",
                                  at: endpoint.location(ofValue: "vpcId"))
            }
            guard project.vpcEndpoint(id: id) == nil else {
                diagnostics.error(.projectDuplicateVPCEndpoint, "a VPC endpoint '\(id)' is already declared", at: endpoint.location(ofValue: "vpcEndpointId"))
                continue
            }
            project.vpcEndpoints.append(VPCEndpoint(vpcEndpointId: id, vpcId: vpcId, location: source.location(of: node)))
        }
    }

    /// The API's associated VPC endpoints, and the checks a PRIVATE API needs: each endpoint
    /// declared, none on a public API (API reference: EndpointConfiguration, `vpcEndpointIds`
    /// "is only supported for PRIVATE endpoint type"), and a resource policy, without which
    /// AWS does not deploy the API ("For a private API, you can't deploy your API without a
    /// resource policy": DG: apigateway-resource-policies-create-attach).
    func readPrivateEndpoint(of deployment: inout APIDeployment, _ reader: MappingReader, project: Project) {
        let written = reader.value("vpcEndpointIds") != nil
        let ids = written ? stringList(reader, "vpcEndpointIds") ?? [] : deployment.definition.endpointConfiguration?.vpcEndpointIds ?? []
        // Ids read from the definition are reported at the API's entry: the definition keeps no
        // location for its endpoint configuration.
        let place = written ? reader.location(ofValue: "vpcEndpointIds") : deployment.location
        if !ids.isEmpty, deployment.endpointType != .private {
            diagnostics.error(.projectVPCEndpointOnPublicAPI,
                              "API '\(deployment.name)' is \(deployment.endpointType.rawValue): vpcEndpointIds apply to PRIVATE APIs only",
                              at: place)
        }
        for id in ids where project.vpcEndpoint(id: id) == nil {
            var message = "VPC endpoint '\(id)' of API '\(deployment.name)' is not declared under 'vpcEndpoints'"
            if let suggestion = closestMatch(to: id, in: project.vpcEndpoints.map(\.vpcEndpointId)) { message += "; did you mean '\(suggestion)'?" }
            diagnostics.error(.projectUnknownVPCEndpoint, message, at: place)
        }
        deployment.vpcEndpointIds = ids.filter { project.vpcEndpoint(id: $0) != nil }
        if deployment.endpointType == .private, deployment.kind == .rest, deployment.definition.policy == nil {
            diagnostics.warning(.projectPrivateAPIWithoutPolicy,
                                "PRIVATE API '\(deployment.name)' has no resource policy (x-amazon-apigateway-policy): AWS does not deploy it, and every call is refused",
                                at: reader.value("endpointType") != nil ? reader.location(ofValue: "endpointType") : deployment.location)
        }
    }
}
