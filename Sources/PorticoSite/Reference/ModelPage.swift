import PorticoMarkdown
import PorticoModel

/// Which routes and models refer to each model of one API, found once by walking every
/// schema of the definition (bodies, responses, parameters, other models).
struct ModelUsage {
    /// Model name → indices of the operations whose schemas name it (directly, not through
    /// another model), in definition order.
    var operations: [String: [Int]] = [:]
    /// Model name → names of the models whose schemas name it.
    var models: [String: [String]] = [:]

    init(_ layout: ReferencePages.Layout) {
        let definition = layout.api.definition
        for (index, operation) in definition.operations.enumerated() {
            var names: [String] = []
            for schema in Self.schemas(of: operation) { SchemaTree.referencedModels(schema, into: &names) }
            for name in names { operations[name, default: []].append(index) }
        }
        for model in definition.models {
            var names: [String] = []
            SchemaTree.referencedModels(model.schema, into: &names)
            for name in names { models[name, default: []].append(model.name) }
        }
    }

    static func schemas(of operation: Operation) -> [JSONValue] {
        var schemas = operation.parameters.compactMap(\.schema)
        schemas += operation.requestBody?.content.compactMap(\.schema) ?? []
        for response in operation.responses {
            schemas += response.content.compactMap(\.schema)
            schemas += response.headers.compactMap(\.schema)
        }
        return schemas
    }
}

extension ReferencePages {
    /// A model's page: its schema as a tree (other models as links), the schema as written,
    /// and the routes and models that use it.
    func modelPage(_ model: Model, layout: Layout, usage: ModelUsage) -> GeneratedPage? {
        guard let page = layout.modelPages[model.name] else { return nil }
        let api = layout.api
        // Model pages sit in models/: other models are siblings, routes one folder up.
        let tree = SchemaTree { name in layout.modelPages[name].map { String($0.dropFirst("models/".count)) } }
        var html = "<p class=\"breadcrumb\"><a href=\"../index.html\">\(api.definition.title.htmlEscaped)</a> › <a href=\"../index.html#models\">Models</a></p>\n"
        html += "<h1 id=\"model\">\(model.name.htmlEscaped)</h1>\n"
        if let title = model.schema["title"]?.stringValue, title != model.name { html += "<p class=\"summary\">\(title.htmlEscaped)</p>\n" }
        html += ReferenceHTML.facts([("Content type", ReferenceHTML.code(model.contentType)),
                                     ("Reference", ReferenceHTML.code(SchemaTree.componentPrefix + model.name))])
        html += ReferenceHTML.heading(2, "schema", "Schema")
        html += tree.html(model.schema)

        html += ReferenceHTML.heading(2, "used-by", "Used by")
        let operations = (usage.operations[model.name] ?? []).map { index -> String in
            let operation = api.definition.operations[index]
            return "<li><a href=\"../\(layout.operationSlugs[index]).html\">\(Self.operationTitle(operation, kind: api.kind).htmlEscaped)</a></li>"
        }
        let models = (usage.models[model.name] ?? []).compactMap { name -> String? in
            guard let sibling = layout.modelPages[name] else { return nil }
            return "<li>model <a href=\"\(String(sibling.dropFirst("models/".count)).htmlEscaped)\">\(name.htmlEscaped)</a></li>"
        }
        if operations.isEmpty && models.isEmpty {
            html += "<p>No route or model of this API refers to it.</p>\n"
        } else {
            html += "<ul>\n" + (operations + models).joined(separator: "\n") + "\n</ul>\n"
        }

        html += "<details id=\"as-written\">\n<summary>The schema as written</summary>\n"
        html += Highlighter.block(JSONFormatter.pretty(model.schema.jsonText) ?? model.schema.jsonText, as: .json, label: "Schema of \(model.name)")
        html += "</details>\n"

        let description = model.schema["description"]?.stringValue
        let search = "\(model.name) model schema \(description ?? "") " + (model.schema["properties"]?.members.map(\.key).joined(separator: " ") ?? "")
        return GeneratedPage(path: layout.folder + page, title: "\(model.name) model", description: description, html: html, searchText: search)
    }
}
