import Yams

/// An OpenAPI document being put together from a template: a `DefinitionBody` as written (or
/// nothing), then the routes of functions' events, security schemes and CORS, in the order
/// SAM's translator adds them. Operations keep their order; nothing written is dropped.
struct OpenAPIBuilder {
    private var top: [(String, Node)]
    private(set) var paths: [(path: String, methods: [(key: String, operation: Node)], mark: Mark?)]
    private var components: [(String, Node)]
    private var schemes: [(String, Node)]
    let mark: Mark?

    /// Starts from `body` (a `DefinitionBody`), or from SAM's empty document: `openapi: 3.0.1`
    /// and `info` with version `1.0`. SAM titles it with the stack's name; `title` here is the
    /// API's logical id, which tells a template's APIs apart on the reference pages.
    init(body: Node?, title: String, mark: Mark?) {
        self.mark = mark
        top = []
        paths = []
        components = []
        schemes = []
        if let body {
            for (key, value) in TemplateNode.pairs(body) {
                switch key {
                case "paths":
                    for (path, item) in TemplateNode.pairs(value) {
                        paths.append((path, TemplateNode.pairs(item).map { (key: $0.key, operation: $0.value) }, item.mark))
                    }
                case "components":
                    for (name, section) in TemplateNode.pairs(value) {
                        if name == "securitySchemes" {
                            schemes = TemplateNode.pairs(section).map { ($0.key, $0.value) }
                        } else {
                            components.append((name, section))
                        }
                    }
                default:
                    top.append((key, value))
                }
            }
        } else {
            top = [("openapi", TemplateNode.string("3.0.1", at: mark)),
                   ("info", TemplateNode.mapping([("title", TemplateNode.string(title, at: mark)),
                                                   ("version", TemplateNode.string("1.0", at: mark))], at: mark))]
        }
    }

    /// The operation at `path` and `method` (an OpenAPI key: `get`, `x-amazon-apigateway-any-method`).
    func operation(_ path: String, _ method: String) -> Node? {
        paths.first { $0.path == path }?.methods.first { $0.key == method }?.operation
    }

    /// Adds an event's operation. An operation the body already has keeps what it says and
    /// gains the integration if it has none, as SAM merges events into a `DefinitionBody`.
    mutating func add(_ path: String, _ method: String, _ operation: Node) {
        guard let index = paths.firstIndex(where: { $0.path == path }) else {
            paths.append((path, [(method, operation)], operation.mark))
            return
        }
        if let existing = paths[index].methods.firstIndex(where: { $0.key == method }) {
            let current = paths[index].methods[existing].operation
            if TemplateNode.value(current, "x-amazon-apigateway-integration") == nil,
               let integration = TemplateNode.value(operation, "x-amazon-apigateway-integration") {
                paths[index].methods[existing].operation = TemplateNode.setting(current, "x-amazon-apigateway-integration", to: integration)
            }
        } else {
            paths[index].methods.append((method, operation))
        }
    }

    /// Replaces every operation by `transform`'s result (path, method key, operation).
    mutating func updateOperations(_ transform: (String, String, Node) -> Node) {
        for index in paths.indices {
            for method in paths[index].methods.indices {
                let entry = paths[index].methods[method]
                paths[index].methods[method].operation = transform(paths[index].path, entry.key, entry.operation)
            }
        }
    }

    mutating func addMethod(to path: String, _ method: String, _ operation: Node) {
        guard let index = paths.firstIndex(where: { $0.path == path }) else { return }
        paths[index].methods.append((method, operation))
    }

    /// Adds a security scheme unless the body defines one of that name.
    mutating func addScheme(_ name: String, _ scheme: Node) {
        if !schemes.contains(where: { $0.0 == name }) { schemes.append((name, scheme)) }
    }

    /// The schemes API Gateway's exports write for IAM authorization (`AWS_IAM`, SigV4) and
    /// API keys (`api_key`, the `x-api-key` header), when the document's methods use them.
    mutating func addStandardSchemes(iam: Bool, apiKey: Bool, at mark: Mark?) {
        func text(_ value: String) -> Node { TemplateNode.string(value, at: mark) }
        if iam {
            addScheme("AWS_IAM", TemplateNode.mapping([("type", text("apiKey")), ("name", text("Authorization")), ("in", text("header")),
                                                       ("x-amazon-apigateway-authtype", text("awsSigv4"))], at: mark))
        }
        if apiKey {
            addScheme("api_key", TemplateNode.mapping([("type", text("apiKey")), ("name", text("x-api-key")), ("in", text("header"))], at: mark))
        }
    }

    /// Sets a top-level extension (`x-amazon-apigateway-cors`, …) unless the body has it.
    mutating func setIfAbsent(_ key: String, _ value: Node) {
        if !top.contains(where: { $0.0 == key }) { top.append((key, value)) }
    }

    var node: Node {
        var pairs = top
        let pathNodes = paths.map { entry in (entry.path, TemplateNode.mapping(entry.methods.map { ($0.key, $0.operation) }, at: entry.mark)) }
        pairs.append(("paths", TemplateNode.mapping(pathNodes, at: mark)))
        var componentPairs = components
        if !schemes.isEmpty { componentPairs.append(("securitySchemes", TemplateNode.mapping(schemes, at: mark))) }
        if !componentPairs.isEmpty { pairs.append(("components", TemplateNode.mapping(componentPairs, at: mark))) }
        return TemplateNode.mapping(pairs, at: mark)
    }
}
