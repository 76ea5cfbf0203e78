import PorticoGateway
import PorticoModel

/// Which kinds of authorization each kind of API takes, as a page whose supported cells link
/// to examples this site executed: one the check let through and one it refused, where the
/// notes have them. The page is drawn after the notes (it reads what their examples did), so it
/// is never out of step with them.
///
/// What each API kind supports is AWS's (DG: http-api-vs-rest, "Choosing between REST APIs and
/// HTTP APIs", the Security table); which examples show it is the build's own record
/// (``ExampleOutcome``), never a claim.
enum AuthorizationSupport {
    static let path = ReferencePages.folder + "authorization.html"
    static let title = "Authorization by API type"

    /// One row of the table.
    enum Row: Int, CaseIterable, Sendable {
        case iam, lambdaToken, lambdaRequest, cognito, jwt, apiKeys, resourcePolicy

        var label: String {
            switch self {
            case .iam: "IAM (<code>AWS_IAM</code>)"
            case .lambdaToken: "Lambda authorizer, <code>TOKEN</code>"
            case .lambdaRequest: "Lambda authorizer, <code>REQUEST</code>"
            case .cognito: "Amazon Cognito user pools"
            case .jwt: "JWT authorizer"
            case .apiKeys: "API keys and usage plans"
            case .resourcePolicy: "Resource policies"
            }
        }

        /// AWS's answer for a REST API and for an HTTP API; nil where the kind has no such thing.
        var support: (rest: String?, http: String?) {
            switch self {
            case .iam: ("yes", "yes")
            case .lambdaToken: ("yes", nil)
            case .lambdaRequest: ("yes", "yes (payload 1.0 or 2.0)")
            case .cognito: ("yes", "through a JWT authorizer")
            case .jwt: (nil, "yes")
            case .apiKeys: ("yes", nil)
            case .resourcePolicy: ("yes", nil)
            }
        }

        /// The row of a method's authorization; nil for `NONE`.
        init?(_ operation: Operation, api: APIDeployment) {
            switch operation.authorizationType {
            case .none: return nil
            case .awsIAM: self = .iam
            case .cognitoUserPools: self = .cognito
            case .jwt: self = .jwt
            case .custom:
                let type = operation.authorizerName.flatMap { api.definition.authorizer(named: $0) }?.type
                self = type == .token ? .lambdaToken : .lambdaRequest
            }
        }
    }

    /// Whether a site has the page: a REST or HTTP API that checks who calls (a method with
    /// authorization or an API key, or a resource policy). A site whose APIs check nothing
    /// has no example to link to and no page of links.
    static func isDrawn(for apis: [APIDeployment]) -> Bool {
        apis.contains { api in
            !(api.kind == .webSocket && api.webSocketAPI != nil)
                && (api.definition.policy != nil || api.definition.operations.contains { $0.authorizationType != .none || $0.apiKeyRequired })
        }
    }

    /// The seed's table as a note embeds it (`portico authorizer-support`): what AWS supports,
    /// and where the executed examples are.
    static func embeddedTable(linking: Bool) -> String {
        var html = "<table>\n<thead><tr><th scope=\"col\">Authorization</th><th scope=\"col\">REST API</th><th scope=\"col\">HTTP API</th></tr></thead>\n<tbody>\n"
        for row in Row.allCases {
            html += "<tr><td>\(row.label)</td><td>\(row.support.rest ?? "no")</td><td>\(row.support.http ?? "no")</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        guard linking else { return html }
        return html + "<p>Each supported cell of <a href=\"\(path)\">\(title)</a> links to an example this site executed.</p>\n"
    }

    /// What the examples of one request did, for the table: the rows the method it called
    /// belongs to, and whether the request got through.
    static func outcomes(of run: ExampleRunner.Run, project: Project, page: String, pageTitle: String, anchor: String) -> [ExampleOutcome] {
        guard let api = project.api(named: run.api) else { return [] }
        return run.transcripts.compactMap { transcript in
            guard let matched = transcript.method,
                  let operation = api.definition.operations.first(where: { $0.path == matched.path && $0.method == matched.method })
            else { return nil }
            let status = transcript.response.status
            var rows: [Row] = []
            let refusal = transcript.trace.last { $0.outcome == .fail }?.stage
            // An HTTP API's JWT authorizer whose issuer is a Cognito user pool is how HTTP APIs
            // take Cognito (DG: http-api-jwt-authorizer): its examples show both rows.
            var authorization = Row(operation, api: api).map { [$0] } ?? []
            if authorization == [.jwt], operation.authorizerName.flatMap(api.definition.authorizer(named:))?.jwtConfiguration?.issuer
                .hasPrefix("https://cognito-idp.") == true {
                authorization.append(.cognito)
            }
            if (200..<300).contains(status) {
                rows += authorization
                if operation.apiKeyRequired { rows.append(.apiKeys) }
                if api.definition.policy != nil { rows.append(.resourcePolicy) }
            } else if status == 401 || status == 403 {
                // The check that said no, by the stage that stopped the request.
                switch refusal {
                case .resourcePolicy: rows.append(.resourcePolicy)
                case .apiKey: rows.append(.apiKeys)
                case .authorization:
                    // A 403 there may be the resource policy's, decided with the caller once
                    // the check knows them (DG: apigateway-authorization-flow): counted for
                    // the authorizer only when no resource policy could have said it.
                    if status == 401 || api.definition.policy == nil { rows += authorization }
                default: break
                }
            }
            guard !rows.isEmpty else { return nil }
            return ExampleOutcome(page: page, pageTitle: pageTitle, anchor: anchor, apiKind: api.kind, rows: rows,
                                  status: status, request: run.keyMask.mask("\(transcript.request.method) \(transcript.request.path)"))
        }
    }

    /// The page, from every example outcome in note order.
    static func page(_ outcomes: [ExampleOutcome]) -> GeneratedPage {
        var html = "<p class=\"breadcrumb\"><a href=\"index.html\">API reference</a></p>\n"
        html += ReferenceHTML.heading(1, "authorization-by-api-type", title)
        html += "<p>Which kinds of authorization each kind of API takes (AWS's developer guide, \"Choosing between REST APIs and HTTP APIs\"). "
            + "Where this site runs an example of one, the cell links to it: the first request the check let through and the first it refused, in the order of the notes.</p>\n"
        var rows: [[String]] = []
        for row in Row.allCases {
            rows.append([row.label, cell(row, support: row.support.rest, kind: .rest, outcomes),
                         cell(row, support: row.support.http, kind: .http, outcomes)])
        }
        html += ReferenceHTML.table(["Authorization", "REST API", "HTTP API"], rows)
        let text = "Authorization by API type. " + Row.allCases.map { $0.label.replacing("<code>", with: "").replacing("</code>", with: "") }.joined(separator: ", ")
        return GeneratedPage(path: path, title: title, description: nil, html: html, searchText: text)
    }

    private static func cell(_ row: Row, support: String?, kind: APIKind, _ outcomes: [ExampleOutcome]) -> String {
        guard let support else { return "no" }
        let mine = outcomes.filter { $0.apiKind == kind && $0.rows.contains(row) }
        let allowed = mine.first { (200..<300).contains($0.status) }
        let refused = mine.first { !(200..<300).contains($0.status) }
        let links = [allowed.map { link($0, "let through") }, refused.map { link($0, "refused") }].compactMap { $0 }
        guard !links.isEmpty else { return support + " (no example in this site)" }
        return support + ": " + links.joined(separator: "; ")
    }

    /// `let through: <a>POST /reports</a> → 200 (Cognito user pools)`, relative to `reference/`.
    private static func link(_ outcome: ExampleOutcome, _ verb: String) -> String {
        "\(verb) <a href=\"../\(outcome.page.htmlEscaped)#\(outcome.anchor.htmlEscaped)\"><code>\(outcome.request.htmlEscaped)</code></a> → \(outcome.status)"
            + " (\(outcome.pageTitle.htmlEscaped))"
    }
}

/// One executed request, as the authorization table sees it.
struct ExampleOutcome: Sendable, Equatable {
    /// The page that shows it (`guide/advanced/cognito.html`) and the example's id on it.
    var page: String
    var pageTitle: String
    var anchor: String
    var apiKind: APIKind
    var rows: [AuthorizationSupport.Row]
    var status: Int
    /// `GET /reports/today`.
    var request: String
}
