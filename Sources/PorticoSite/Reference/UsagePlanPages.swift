import PorticoGateway
import PorticoMarkdown
import PorticoModel

/// A page per usage plan, `reference/usage-plans/{plan}.html`: its limits (the plan's
/// throttle and quota per API key, its per-method throttles on each API stage, beside the
/// stage's own limits and the account's), the stages it includes with links to their APIs,
/// and its API keys by name, never by value.
extension ReferencePages {
    /// `reference/usage-plans/`, or `usage-plans-1/` when an API's own folder already has that name.
    static func usagePlansFolder(_ layouts: [Layout]) -> String {
        let preferred = folder + "usage-plans/"
        return layouts.contains { $0.folder == preferred } ? folder + "usage-plans-1/" : preferred
    }

    /// Site paths of the plan pages, indexed like `project.usagePlans`.
    var usagePlanPaths: [String] {
        Self.uniqueSlugs(project.usagePlans.map { Self.slug($0.name) }).map { usagePlansFolder + $0 + ".html" }
    }

    /// The plan's page, relative to a page in an API's folder (`reference/{api}/`).
    func usagePlanLink(_ plan: UsagePlan) -> String? {
        guard let index = project.usagePlans.firstIndex(where: { $0.name == plan.name }) else { return nil }
        return "../" + usagePlanPaths[index].dropFirst(Self.folder.count)
    }

    /// The "Usage plans" entry of the sidebar.
    func usagePlansNavigation() -> Navigation.Node? {
        guard !project.usagePlans.isEmpty else { return nil }
        var node = Navigation.Node(title: "Usage plans", folder: usagePlansFolder)
        for (plan, path) in zip(project.usagePlans, usagePlanPaths) {
            node.children.append(Navigation.Node(title: plan.name, href: path))
        }
        return node
    }

    func usagePlanPages() -> [GeneratedPage] {
        let directory = UsagePlanDirectory(project: project)
        return zip(project.usagePlans, usagePlanPaths).map { plan, path in
            usagePlanPage(plan, path: path, directory: directory)
        }
    }

    func usagePlanPage(_ plan: UsagePlan, path: String, directory: UsagePlanDirectory) -> GeneratedPage {
        let pageTitle = "Usage plan \(plan.name)"
        var html = "<p class=\"breadcrumb\"><a href=\"../index.html\">API reference</a></p>\n"
        html += "<h1 id=\"usage-plan\">Usage plan <code>\(plan.name.htmlEscaped)</code></h1>\n"
        if let description = plan.description { html += "<p class=\"summary\">\(description.htmlEscaped)</p>\n" }
        let account = directory.accountThrottle
        var facts: [(String, String)] = [("Name in portico.yml", ReferenceHTML.code(plan.name))]
        if let id = directory.plans.first(where: { $0.name == plan.name })?.id { facts.append(("Usage plan id", ReferenceHTML.code(id))) }
        facts.append(("Throttle, per API key", plan.throttle.map(Self.throttleText) ?? "none: the stage's and the account's limits apply"))
        facts.append(("Quota, per API key", plan.quota.map { Self.quotaText($0) + ", counted in UTC" } ?? "none"))
        facts.append(("Account limit", "\(ReferenceHTML.number(account.rate)) requests/s, burst \(account.burst)"
                      + (project.account.throttle == nil ? " (AWS's default)" : " (<code>account.throttle</code>)")))
        html += ReferenceHTML.facts(facts)
        html += "<p>A request with one of the plan's keys is checked against the plan's limit for its method, then the plan's limit for the key, then the stage's limit for the method, then the account's; the first bucket without a token answers <code>429 Too Many Requests</code>. Then the key's quota is counted: spent, it answers <code>429 Limit Exceeded</code>.</p>\n"

        html += ReferenceHTML.heading(2, "stages", "API stages")
        var rows: [[String]] = []
        for apiStage in plan.apiStages {
            guard let layout = layouts.first(where: { $0.api.name == apiStage.api }) else {
                rows.append([ReferenceHTML.code(apiStage.api), apiStage.stage.htmlEscaped, "", ""])
                continue
            }
            let api = layout.api
            let apiFolder = "../" + layout.folder.dropFirst(Self.folder.count)
            let apiLink = "<a href=\"\(apiFolder)index.html\">\(title(of: api).htmlEscaped)</a> \(ReferenceHTML.code(api.name))"
            let stageLink = "<a href=\"\(apiFolder)index.html#\(Self.stageAnchor(apiStage.stage).htmlEscaped)\">\(apiStage.stage.htmlEscaped)</a>"
            let methods = apiStage.throttle.keys.sorted().map { key -> String in
                let operation = zip(api.definition.operations, layout.operationSlugs).first { "\($0.0.path)/\($0.0.method.rawValue)" == key }
                let name = operation.map { "<a href=\"\(apiFolder)\($0.1).html\">\(ReferenceHTML.code(key))</a>" } ?? ReferenceHTML.code(key)
                return "\(name): " + Self.throttleText(apiStage.throttle[key]!)
            }
            let stage = api.stages.first { $0.stageName == apiStage.stage }
            let stageLimits = (stage?.methodSettings ?? []).filter { $0.throttlingRateLimit != nil || $0.throttlingBurstLimit != nil }
                .map { Self.methodSettingRow($0)[0] + ": " + Self.methodSettingRow($0)[1] }
            rows.append([apiLink, stageLink, methods.isEmpty ? "none" : methods.joined(separator: "<br>"),
                         stageLimits.isEmpty ? "none: the account's limit applies" : stageLimits.joined(separator: "<br>")])
        }
        html += ReferenceHTML.table(["API", "Stage", "The plan's method throttles, per key", "The stage's own throttles, for every caller"], rows)

        html += ReferenceHTML.heading(2, "api-keys", "API keys")
        let keys = project.apiKeys.filter { $0.usagePlans.contains(plan.name) }
        if keys.isEmpty {
            html += "<p>No API key is attached to this plan, so no request is metered by it.</p>\n"
        } else {
            html += "<p>Keys are listed by name; their values never appear on this site. A client sends the value in the <code>X-API-Key</code> header.</p>\n"
            html += ReferenceHTML.table(["Key", "Id", "Enabled", "Description"], keys.map { key in
                [ReferenceHTML.code(key.name), directory.key(named: key.name).map { ReferenceHTML.code($0.id) } ?? "",
                 key.enabled ? "yes" : "no: requests with it answer 403 Forbidden", (key.description ?? "").htmlEscaped]
            })
        }
        var search = "usage plan \(plan.name) \(plan.description ?? "") throttle quota API keys "
        search += keys.map(\.name).joined(separator: " ") + " " + plan.apiStages.map { "\($0.api) \($0.stage)" }.joined(separator: " ")
        return GeneratedPage(path: path, title: pageTitle, description: plan.description, html: html, searchText: search)
    }
}
