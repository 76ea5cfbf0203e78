import PorticoModel

/// A method's integration as the gateway prepares it once (see ``RoutedMethod/integration``):
/// held by reference, so a stage reads the fields it needs without copying the model's struct
/// (twenty-odd fields, a retain each), with every mapping template beside its parsed form and
/// every response's status code read, so a request looks nothing up by template text.
public final class MethodIntegration: Sendable {
    public let model: Integration
    /// `model.requestTemplates`, in order, parsed.
    let requestTemplates: [PreparedMapping]
    /// `model.responses`, in order, prepared.
    let responses: [PreparedResponse]
    /// Header mappings API Gateway refuses for this type: a request they give a value answers
    /// 500 (``IntegrationHeaderRules``). Empty for almost every method, so a request pays one test.
    let refusedHeaderMappings: [ParameterMapping]

    init(_ model: Integration, templates: TemplateLibrary) {
        self.model = model
        requestTemplates = model.requestTemplates.map { PreparedMapping($0, templates: templates) }
        responses = model.responses.map { PreparedResponse($0, templates: templates) }
        refusedHeaderMappings = IntegrationHeaderRules.refusedMappings(of: model)
    }

    public var type: IntegrationType { model.type }
    public var httpMethod: String? { model.httpMethod }
    public var uri: String? { model.uri }
    public var passthroughBehavior: PassthroughBehavior { model.passthroughBehavior }
    public var contentHandling: ContentHandling? { model.contentHandling }
}

/// A mapping template with its parsed form (nil when it does not parse; the library reported it).
struct PreparedMapping: Sendable {
    let mapping: MappingTemplate
    let template: PreparedTemplate?

    init(_ mapping: MappingTemplate, templates: TemplateLibrary) {
        self.mapping = mapping
        template = templates.prepared(for: mapping)
    }

    var contentType: String { mapping.contentType }
}

/// One integration response, with its status code as a number (nil when it is not one) and
/// its templates parsed.
final class PreparedResponse: Sendable {
    let model: IntegrationResponse
    let status: Int?
    let templates: [PreparedMapping]

    init(_ model: IntegrationResponse, templates: TemplateLibrary) {
        self.model = model
        status = Int(model.statusCode)
        self.templates = model.responseTemplates.map { PreparedMapping($0, templates: templates) }
    }

    var isDefault: Bool { model.isDefault }
    var selectionPattern: String { model.selectionPattern }
}
