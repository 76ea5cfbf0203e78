import Foundation
import PorticoCommands
import PorticoGateway
import Synchronization
import Testing
import TestSupport

/// `portico invoke` in process: an address API Gateway's front end answers itself is printed
/// as that answer, the one `portico serve` gives for it (README.md: 403 {"message":"Forbidden"}
/// when no stage or mapping matches); a name the command line got wrong stays a usage error.
@Suite("Invoke action")
struct InvokeActionTests {
    struct Run {
        var status: PorticoCommands.ExitStatus, out: String, err: String
    }

    func invoke(_ target: String, api: String? = nil, format: InvokeAction.Format = .text, fixture: String = "minimal",
                headers: [String] = []) async -> Run {
        let output = Mutex<String>(""), errors = Mutex<String>("")
        let console = Console(out: { text in output.withLock { $0 += text } }, err: { text in errors.withLock { $0 += text } },
                              interactive: false)
        let status = await InvokeAction(projectRoot: fixtureURL(fixture).path, api: api, stage: nil, method: "get", headers: headers,
                                        body: nil, format: format, target: target, seed: 5, clock: FixedClock.siteBuild)
            .run(console: console)
        return Run(status: status, out: output.withLock { $0 }, err: errors.withLock { $0 })
    }

    static let ordersHost = APIFacts(apiName: "orders").host

    // The front end's answer for a gateway host with no stage (or base path mapping) behind the
    // path: 403 {"message":"Forbidden"} with ForbiddenException, as serve answers it
    // (GatewayResponse.forbidden: OWASP/Serverless-Goat issue #14; AWS Knowledge Center:
    // api-gateway-403-custom-domain).
    @Test("an unknown stage on an execute-api URL and an unmapped base path print the front end's 403 as a transcript, exit 0",
          arguments: ["https://\(ordersHost)/staging/items/7", "https://docs.example.com/other/items/7?x=1"])
    func frontEndAnswerAsText(url: String) async throws {
        let run = await invoke(url)
        #expect(run.status == .success, "\(run.err)")
        #expect(run.err == "")
        let path = String(url.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })
        #expect(run.out.hasPrefix("GET \(path) HTTP/1.1\n"))
        #expect(run.out.contains("\nHTTP/1.1 403 Forbidden\nContent-Type: application/json\nx-amzn-ErrorType: ForbiddenException\n\n{\"message\":\"Forbidden\"}\n"))
        #expect(run.out.contains("\nTrace:\n  endpoint  fail"))
    }

    @Test("the front end's 403 in --format json: the response serve gives, the endpoint's failed trace entry")
    func frontEndAnswerAsJSON() async throws {
        let run = await invoke("https://\(Self.ordersHost)/staging/items/7", format: .json)
        #expect(run.status == .success, "\(run.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let response = try #require(object["response"] as? [String: Any])
        #expect(response["status"] as? Int == 403)
        #expect(response["body"] as? String == #"{"message":"Forbidden"}"#)
        #expect(response["headers"] as? [String: String] == ["Content-Type": "application/json", "x-amzn-ErrorType": "ForbiddenException"])
        #expect((object["request"] as? [String: Any])?["path"] as? String == "/staging/items/7")
        let trace = try #require(object["trace"] as? [[String: Any]])
        #expect(trace.count == 1)
        #expect(trace.first?["stage"] as? String == "endpoint")
        #expect(trace.first?["outcome"] as? String == "fail")
        #expect(trace.first?["detail"] as? String == "API 'orders' has no stage 'staging'")
    }

    static let internalId = APIFacts(apiName: "internal").apiId

    // DG: apigateway-private-api-test-invoke-url: the Route53 alias `{rest-api-id}-{vpce-id}` and
    // the endpoint's own name with `x-apigw-api-id`; the path form states its endpoint with
    // X-Portico-Source-Vpce.
    @Test("a PRIVATE API answers the URLs that go through its VPC endpoint, and X-Portico-Source-Vpce", arguments: [
        ("https://\(internalId)-vpce-0123456789abcdef0.execute-api.us-east-1.amazonaws.com/prod/status", [String]()),
        ("https://vpce-0123456789abcdef0-1ab2cd3e.execute-api.us-east-1.vpce.amazonaws.com/prod/status", ["x-apigw-api-id: \(internalId)"]),
        ("/status", ["X-Portico-Source-Vpce: vpce-0123456789abcdef0"]),
    ])
    func privateAPI(target: String, headers: [String]) async throws {
        let run = await invoke(target, format: .json, fixture: "private", headers: headers)
        #expect(run.status == .success, "\(run.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let response = try #require(object["response"] as? [String: Any])
        #expect(response["status"] as? Int == 200)
        #expect(response["body"] as? String == #"{"vpce": "through"}"#)
    }

    @Test("a PRIVATE API's public URL prints AWS's 403: the resource policy's implicit deny")
    func privateAPIFromTheInternet() async throws {
        let run = await invoke("https://\(Self.internalId).execute-api.us-east-1.amazonaws.com/prod/status", fixture: "private")
        #expect(run.status == .success, "\(run.err)")
        #expect(run.out.contains("\nx-amzn-ErrorType: AccessDeniedException\n"))
        #expect(run.out.contains(#"{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:"#
                                 + Self.internalId + #"/prod/GET/status because no resource-based policy allows the execute-api:Invoke action"}"#))
    }

    @Test("an API name the project does not have, given with --api, stays a usage error")
    func unknownAPIName() async {
        let run = await invoke("/items/7", api: "nosuch")
        #expect(run.status == .usage)
        #expect(run.out == "")
        #expect(run.err.contains("no API named 'nosuch'"))
    }
}

/// `portico invoke --metrics`: the request's CloudWatch metrics in Prometheus's text format
/// after the transcript (DG: api-gateway-metrics-and-dimensions: Count and 4XXError by ApiName
/// and ApiName+Stage; no method set without metricsEnabled).
@Suite("Invoke --metrics")
struct InvokeMetricsTests {
    func invoke(_ target: String, format: InvokeAction.Format) async -> (PorticoCommands.ExitStatus, String) {
        let output = Mutex<String>("")
        let console = Console(out: { text in output.withLock { $0 += text } }, err: { _ in }, interactive: false)
        var action = InvokeAction(projectRoot: fixtureURL("minimal").path, api: nil, stage: nil, method: "get", headers: [],
                                  body: nil, format: format, target: target, seed: 5, clock: FixedClock.siteBuild)
        action.printsMetrics = true
        let status = await action.run(console: console)
        return (status, output.withLock { $0 })
    }

    @Test("text: the transcript, then the metrics of the one request, families in name order")
    func text() async throws {
        let (status, out) = await invoke("/nowhere", format: .text)
        #expect(status == .success)
        let metrics = try #require(out.components(separatedBy: "\nMetrics (Prometheus text format):\n").last)
        let counters = metrics.split(separator: "\n").filter { !$0.contains("Latency") }
        #expect(counters == [
            "# TYPE aws_apigateway_4XXError counter",
            #"aws_apigateway_4XXError{ApiName="orders"} 1"#,
            #"aws_apigateway_4XXError{ApiName="orders",Stage="prod"} 1"#,
            "# TYPE aws_apigateway_5XXError counter",
            #"aws_apigateway_5XXError{ApiName="orders"} 0"#,
            #"aws_apigateway_5XXError{ApiName="orders",Stage="prod"} 0"#,
            "# TYPE aws_apigateway_Count counter",
            #"aws_apigateway_Count{ApiName="orders"} 1"#,
            #"aws_apigateway_Count{ApiName="orders",Stage="prod"} 1"#,
        ])
        #expect(metrics.contains("# TYPE aws_apigateway_Latency histogram\n"))
        #expect(metrics.contains(#"aws_apigateway_Latency_count{ApiName="orders",Stage="prod"} 1"#))
    }

    @Test("json: the same text as the transcript's metrics member")
    func json() async throws {
        let (status, out) = await invoke("/items/7", format: .json)
        #expect(status == .success)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let metrics = try #require(object["metrics"] as? String)
        #expect(metrics.contains(#"aws_apigateway_Count{ApiName="orders",Stage="prod"} 1"#))
        #expect(metrics.contains(#"aws_apigateway_4XXError{ApiName="orders",Stage="prod"} 0"#))
    }
}
