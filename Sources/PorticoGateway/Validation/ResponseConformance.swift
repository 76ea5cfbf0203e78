import PorticoModel

/// Whether an answer the gateway gave is what the definition documents: its status among the
/// method's responses, its body valid against the model of that response for its content type
/// (JSON Schema draft 4, as API Gateway's models are). API Gateway itself never checks a
/// response against its model (DG: api-gateway-method-settings-method-response: method
/// responses "declare" what a client may get), so this is the docs' check, not the gateway's:
/// a page whose executed answer drifts from its reference says so at build time.
///
/// Only answers that came from the integration (or the stage cache) are checked: an error the
/// gateway answers itself (a gateway response: 403, 429, 502…) is not the method's response.
public enum ResponseConformance {
    /// What drifted, each with where: empty when the answer is as documented, or when the
    /// method documents nothing to compare with.
    public static func problems(of transcript: Transcript, in api: APIDeployment) -> [String] {
        guard let matched = transcript.method,
              let operation = api.definition.operations.first(where: { $0.path == matched.path && $0.method == matched.method }),
              !operation.responses.isEmpty,
              transcript.trace.last(where: { $0.stage == .gatewayResponse })?.outcome == .skip
        else { return [] }
        let method = "\(operation.method.rawValue) \(operation.path)"
        let status = String(transcript.response.status)
        guard let declared = operation.responses.first(where: { $0.statusCode == status })
                ?? operation.responses.first(where: { $0.statusCode == "default" })
        else {
            let listed = operation.responses.map(\.statusCode).joined(separator: ", ")
            return ["answered \(status), which no method response of \(method) declares (\(listed))"]
        }
        guard !declared.content.isEmpty, !transcript.response.isBase64Encoded else { return [] }
        let type = MediaType.essence(transcript.response.headers.value(for: "Content-Type")) ?? "application/json"
        guard let content = declared.content.first(where: { MediaType.essence($0.contentType) == type }) else {
            let listed = declared.content.map(\.contentType).joined(separator: ", ")
            return ["answered \(status) with Content-Type \(type); the \(status) response of \(method) declares \(listed)"]
        }
        let model = content.modelName.flatMap(api.definition.model(named:))
        guard let schema = model?.schema ?? content.schema else { return [] }
        let described = model.map { "model \($0.name)" } ?? "its inline schema"
        switch JSONInstance.parse(transcript.response.body) {
        case .failure(let problem):
            return ["the \(status) body of \(method) is not the JSON \(described) describes: \(problem.description)"]
        case .success(let instance):
            return JSONSchemaValidator(models: api.definition.models)
                .locatedProblems(instance, against: schema, modelName: model?.name ?? "")
                .map { "the \(status) body of \(method) does not match \(described) at \"\($0.pointer)\": \($0.message)" }
        }
    }
}
