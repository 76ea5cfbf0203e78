import Diagnostics
import PorticoDiagrams
import PorticoModel

extension ReferencePages {
    /// One route of the architecture diagram: its label and the integration it calls.
    struct ArchitectureRoute {
        var path: String
        var method: String
        var target: String
    }

    func architectureSection(_ api: APIDeployment, diagnostics: inout DiagnosticEngine) async -> String {
        let routes: [ArchitectureRoute]
        if let webSocket = api.webSocketAPI, api.kind == .webSocket {
            routes = webSocket.routes.map { route in
                let integration = route.integrationName.flatMap(webSocket.integration(named:))
                let target = integration.map { integration in
                    (type: integration.integrationType,
                     target: integration.functionName.map { "function \($0)" } ?? integration.backendName.map { "backend \($0)" } ?? integration.integrationUri)
                }
                return ArchitectureRoute(path: route.routeKey, method: "", target: Self.integrationLabel(target))
            }
        } else {
            routes = api.definition.operations.map { operation in
                ArchitectureRoute(path: operation.path, method: operation.path == "$default" ? "" : operation.method.rawValue,
                                  target: Self.integrationLabel(operation.integration.map { (type: $0.type, target: $0.uri) }))
            }
        }
        let domains = project.domains.filter { $0.basePathMappings.contains { $0.api == api.name } }.map(\.domainName)
        let chart = Self.architecture(api, domains: domains, routes: routes)
        let drawn = await diagrams.svg(for: chart, idPrefix: "arch-\(Self.slug(api.name))-")
        diagnostics.emit(contentsOf: drawn.diagnostics.map { var d = $0; d.location = d.location ?? api.location; return d })
        var html = ReferenceHTML.heading(2, "architecture", "Architecture")
        if let svg = drawn.svg { html += "<figure class=\"diagram\">\n\(svg)</figure>\n" }
        return html
    }

    /// Client → custom domains → gateway → stages → routes → integrations. Above 24 routes,
    /// routes are grouped by their first path segment, and past 24 groups the rest become one
    /// node, so the drawing stays legible and Graphviz fast.
    static func architecture(_ api: APIDeployment, domains: [String] = [], routes: [ArchitectureRoute]) -> MermaidFlowchart {
        var chart = MermaidFlowchart(direction: .leftToRight, nodes: [], edges: [], subgraphs: [], classDefinitions: [])
        chart.accessibleTitle = "Architecture of \(api.webSocketAPI?.name ?? api.definition.title)"
        chart.nodes.append(.init(id: "client", label: "Client", shape: .stadium))
        let kind = api.kind == .webSocket ? "WebSocket" : api.kind.rawValue
        chart.nodes.append(.init(id: "gateway", label: "API Gateway\n\(api.endpointType.rawValue) \(kind) API", shape: .rectangle))
        chart.edges.append(.init(from: "client", to: "gateway", label: api.kind == .webSocket ? "WSS" : "HTTPS"))
        for (i, domain) in domains.enumerated() {
            chart.nodes.append(.init(id: "domain\(i)", label: "custom domain\n\(domain)", shape: .hexagon))
            chart.edges.append(.init(from: "client", to: "domain\(i)"))
            chart.edges.append(.init(from: "domain\(i)", to: "gateway", label: "base path mapping"))
        }
        for (i, stage) in api.stages.enumerated() {
            chart.nodes.append(.init(id: "stage\(i)", label: "stage \(stage.stageName)", shape: .subroutine))
            chart.edges.append(.init(from: "gateway", to: "stage\(i)"))
        }
        var groups: [(label: String, targets: [String])] = []
        if routes.count <= 24 {
            var byPath: [String: Int] = [:]
            for route in routes {
                if let index = byPath[route.path] {
                    groups[index].label += " \(route.method)"
                    groups[index].targets.append(route.target)
                } else {
                    byPath[route.path] = groups.count
                    groups.append((route.method.isEmpty ? route.path : "\(route.path)\n\(route.method)", [route.target]))
                }
            }
        } else {
            var bySegment: [String: Int] = [:]
            var counts: [Int] = []
            for route in routes {
                let segment = "/" + (route.path.split(separator: "/").first.map(String.init) ?? "")
                if let index = bySegment[segment] {
                    counts[index] += 1
                    groups[index].targets.append(route.target)
                } else {
                    bySegment[segment] = groups.count
                    counts.append(1)
                    groups.append((segment, [route.target]))
                }
            }
            for i in groups.indices { groups[i].label += "…\n\(counts[i]) methods" }
            if groups.count > 24 {
                let rest = groups[23...]
                let methods = counts[23...].reduce(0, +)
                groups = Array(groups[..<23])
                groups.append(("\(rest.count) more resources\n\(methods) methods", rest.flatMap(\.targets)))
            }
        }
        var integrations: [String: String] = [:]
        for (i, group) in groups.enumerated() {
            chart.nodes.append(.init(id: "route\(i)", label: group.label, shape: .round))
            for s in api.stages.indices { chart.edges.append(.init(from: "stage\(s)", to: "route\(i)")) }
            var seen = Set<String>()
            for target in group.targets where seen.insert(target).inserted {
                let id: String
                if let existing = integrations[target] { id = existing } else {
                    id = "integration\(integrations.count)"
                    integrations[target] = id
                    chart.nodes.append(.init(id: id, label: target, shape: target.hasPrefix("MOCK") ? .cylinder : .rectangle))
                }
                chart.edges.append(.init(from: "route\(i)", to: id))
            }
        }
        return chart
    }

    /// `AWS_PROXY` and its target, shortened to 40 characters.
    static func integrationLabel(_ integration: (type: IntegrationType, target: String?)?) -> String {
        guard let integration else { return "no integration" }
        var label = integration.type.rawValue
        if let target = integration.target { label += "\n" + (target.count > 40 ? String(target.prefix(39)) + "…" : target) }
        return label
    }
}
