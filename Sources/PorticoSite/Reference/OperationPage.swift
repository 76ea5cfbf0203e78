import PorticoMarkdown
import PorticoModel

extension ReferencePages {
    /// One REST method or HTTP API route: its URLs, authorization, parameters, request and
    /// response models as schema trees, integration with its mapping templates, method
    /// responses.
    func operation(_ operation: Operation, slug: String, layout: Layout) -> GeneratedPage {
        let api = layout.api
        let isHTTP = api.kind == .http
        let title = Self.operationTitle(operation, kind: api.kind)
        let tree = SchemaTree { layout.modelPages[$0] }
        var html = "<p class=\"breadcrumb\"><a href=\"index.html\">\(api.definition.title.htmlEscaped)</a></p>\n"
        if isHTTP, operation.path == "$default" {
            html += "<h1 id=\"operation\"><code>$default</code></h1>\n"
        } else {
            html += "<h1 id=\"operation\"><span class=\"method method-\(operation.method.rawValue.lowercased())\">\(operation.method.rawValue)</span> \(ReferenceHTML.code(operation.path))</h1>\n"
        }
        if let summary = operation.summary { html += "<p class=\"summary\">\(summary.htmlEscaped)</p>\n" }
        if let description = operation.description { html += Self.markdown(description) }

        var facts: [(String, String)] = []
        if let id = operation.operationID { facts.append(("Operation id", ReferenceHTML.code(id))) }
        if let declared = declaredAt(operation.location) { facts.append(("Declared at", declared)) }
        for url in BaseURL.all(for: api, in: project) {
            let address = operation.path == "$default" ? url.url + "/…" : url.url + operation.path
            facts.append(("URL (\(url.stage)\(url.domain.map { " via " + $0 } ?? ""))", ReferenceHTML.code(address)))
        }
        if isHTTP, operation.path == "$default" {
            facts.append(("Route", "the default route: it answers every request that no other route matches"))
        }
        facts.append(("Authorization", Self.authorization(operation, linked: true)))
        if api.kind == .rest {
            facts.append(("API key required", operation.apiKeyRequired ? "yes" : "no"))
            facts.append(("Request validator", operation.requestValidatorName.map(ReferenceHTML.code) ?? "none"))
        }
        if !operation.tags.isEmpty { facts.append(("Tags", operation.tags.map { $0.htmlEscaped }.joined(separator: ", "))) }
        if operation.deprecated { facts.append(("Deprecated", "yes")) }
        html += ReferenceHTML.facts(facts)
        if api.kind == .rest { html += WhoMayCall(project: project, api: api).section(operation) }

        if !operation.parameters.isEmpty {
            html += ReferenceHTML.heading(2, "parameters", "Parameters")
            html += ReferenceHTML.table(["Name", "In", "Type", "Required", "Description"], operation.parameters.map { parameter in
                [ReferenceHTML.code(parameter.name), parameter.location.rawValue, parameter.schema.map { tree.inline($0) } ?? "",
                 parameter.required ? "yes" : "no", (parameter.description ?? "").htmlEscaped]
            })
        }

        if let body = operation.requestBody {
            html += ReferenceHTML.heading(2, "request-body", "Request body")
            var intro = body.required ? "Required." : "Optional."
            if let description = body.description { intro += " " + description.htmlEscaped }
            html += "<p>\(intro)</p>\n"
            html += contentSchemas(body.content, tree: tree)
        }

        html += ReferenceHTML.heading(2, "integration", "Integration")
        if let integration = operation.integration {
            html += integrationSection(integration, isHTTP: isHTTP)
        } else {
            html += "<p>This method has no <code>x-amazon-apigateway-integration</code>; API Gateway answers it with a 500.</p>\n"
        }

        html += ReferenceHTML.heading(2, "method-responses", isHTTP ? "Responses" : "Method responses")
        if operation.responses.isEmpty {
            html += "<p>None declared.</p>\n"
        } else {
            // Headers and bodies get columns only when some response declares them.
            let withHeaders = operation.responses.contains { !$0.headers.isEmpty }
            let withBodies = operation.responses.contains { !$0.content.isEmpty }
            let headers = ["Status", "Description"] + (withHeaders ? ["Headers"] : []) + (withBodies ? ["Body"] : [])
            html += ReferenceHTML.table(headers, operation.responses.map { response in
                var row = [response.statusCode.htmlEscaped, (response.description ?? "").htmlEscaped]
                if withHeaders { row.append(response.headers.isEmpty ? "none" : response.headers.map { ReferenceHTML.code($0.name) }.joined(separator: ", ")) }
                if withBodies {
                    row.append(response.content.isEmpty ? "none" : response.content.map { content in
                        ReferenceHTML.code(content.contentType) + (content.schema.map { " " + tree.inline($0) } ?? "")
                    }.joined(separator: "<br>"))
                }
                return row
            })
            for response in operation.responses where response.content.contains(where: { $0.schema.map(SchemaTree.hasStructure) == true }) {
                html += ReferenceHTML.heading(3, "response-\(Self.slug(response.statusCode))", "Response \(response.statusCode)")
                html += contentSchemas(response.content, tree: tree)
            }
        }
        var search = "\(title) \(operation.operationID ?? "") \(operation.summary ?? "") \(operation.description ?? "") \(operation.integration?.type.rawValue ?? "") "
        search += operation.requestModels.values.sorted().joined(separator: " ")
        return GeneratedPage(path: layout.folder + slug + ".html", title: title, description: operation.summary, html: html, searchText: search)
    }

    /// A body per content type: a model link, or the inline schema's tree.
    func contentSchemas(_ content: [MediaTypeContent], tree: SchemaTree) -> String {
        var html = ""
        for item in content {
            html += "<p class=\"schema-content-type\">\(ReferenceHTML.code(item.contentType))"
            if let schema = item.schema {
                if schema["$ref"] != nil { html += ": " + tree.inline(schema) + "</p>\n" }
                else { html += "</p>\n" + tree.html(schema) }
            } else {
                html += ": no schema</p>\n"
            }
        }
        return html
    }

    /// Type, target, templates (highlighted), integration responses; HTTP API extras.
    func integrationSection(_ integration: Integration, isHTTP: Bool) -> String {
        var facts: [(String, String)] = [("Type", integration.type.rawValue)]
        if let subtype = integration.integrationSubtype { facts.append(("Subtype", ReferenceHTML.code(subtype))) }
        if let method = integration.httpMethod { facts.append(("HTTP method", method.htmlEscaped)) }
        if let uri = integration.uri { facts.append(("Target", ReferenceHTML.code(uri))) }
        if let function = integration.functionName { facts.append(("Lambda function", ReferenceHTML.code(function))) }
        if let name = integration.componentName { facts.append(("Shared integration", ReferenceHTML.code(name))) }
        if isHTTP {
            if let version = integration.payloadFormatVersion { facts.append(("Payload format version", version.htmlEscaped)) }
        } else {
            facts.append(("Passthrough behavior", integration.passthroughBehavior.rawValue))
        }
        if let connection = integration.connectionType { facts.append(("Connection", connection.rawValue + (integration.connectionId.map { " " + ReferenceHTML.code($0) } ?? ""))) }
        let requestParameters = isHTTP ? integration.httpRequestParameters : integration.requestParameters.asWritten
        if !requestParameters.isEmpty { facts.append(("Request parameters", ReferenceHTML.pairs(requestParameters))) }
        if !integration.cacheKeyParameters.isEmpty { facts.append(("Cache key parameters", integration.cacheKeyParameters.map { ReferenceHTML.code($0.text) }.joined(separator: ", "))) }
        facts.append(("Timeout", "\(integration.timeoutInMillis) ms"))
        var html = ReferenceHTML.facts(facts)
        if !integration.requestTemplates.isEmpty {
            html += ReferenceHTML.heading(3, "request-templates", "Request templates")
            for template in integration.requestTemplates {
                html += "<p>\(ReferenceHTML.code(template.contentType))</p>\n"
                html += Highlighter.block(template.source, as: .vtl, label: "Request template for \(template.contentType)")
            }
        }
        if !integration.responses.isEmpty {
            html += ReferenceHTML.heading(3, "integration-responses", "Integration responses")
            html += ReferenceHTML.table(["Selection pattern", "Status", "Response parameters"], integration.responses.map { response in
                [response.isDefault ? "default" : ReferenceHTML.code(response.selectionPattern), response.statusCode.htmlEscaped,
                 ReferenceHTML.pairs(response.responseParameters.asWritten)]
            })
            for response in integration.responses where !response.responseTemplates.isEmpty {
                let name = response.isDefault ? "default" : response.selectionPattern
                for template in response.responseTemplates {
                    html += "<p>Response template for \(ReferenceHTML.code(name)) → \(response.statusCode.htmlEscaped), \(ReferenceHTML.code(template.contentType))</p>\n"
                    html += Highlighter.block(template.source, as: .vtl, label: "Response template for \(name) \(template.contentType)")
                }
            }
        }
        if !integration.statusResponseParameters.isEmpty {
            html += ReferenceHTML.heading(3, "response-parameters", "Response parameter mappings")
            html += ReferenceHTML.table(["Backend status", "Mappings"], integration.statusResponseParameters.keys.sorted().map {
                [$0.htmlEscaped, ReferenceHTML.pairs(integration.statusResponseParameters[$0]!)]
            })
        }
        return html
    }
}
