import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
@testable import PorticoRuntime
import TestSupport
import Testing

/// An HTTP API project whose routes run real Python functions through the real HTTP API
/// pipeline: `pets` has routes of every kind and no `$default` route, served from the
/// `$default` stage; `shop` has a `$default` route and a named stage.
struct HTTPAPIProject {
    static let lambdaURI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:"

    static let portico = """
        apis:
          - {name: pets, definition: apis/pets.yaml, stages: [{stageName: $default, variables: {color: blue}}]}
          - {name: shop, definition: apis/shop.yaml, stages: [{stageName: prod}]}
        functions:
          - {name: echo, runtime: python3, handler: app.handler, code: functions/echo}
          - {name: hello, runtime: python3, handler: app.handler, code: functions/hello}

        """

    static func lambda(_ function: String, version: String = "2.0") -> String {
        """
              responses: {default: {description: ok}}
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: \(lambdaURI)\(function)/invocations
                payloadFormatVersion: "\(version)"
        """
    }

    static let pets = """
        openapi: 3.0.1
        info: {title: Pets, version: "1"}
        paths:
          /pets/dog/1:
            get:
        \(lambda("echo"))
          /pets/dog/{id}:
            get:
        \(lambda("echo"))
          /pets/{proxy+}:
            get:
        \(lambda("echo"))
          /{proxy+}:
            x-amazon-apigateway-any-method:
        \(lambda("echo"))
          /hello:
            get:
        \(lambda("hello"))
          /legacy:
            get:
        \(lambda("echo", version: "1.0"))

        """

    static let shop = """
        openapi: 3.0.1
        info: {title: Shop, version: "1"}
        paths:
          /orders:
            get:
        \(lambda("echo"))
          $default:
            x-amazon-apigateway-any-method:
              isDefaultRoute: true
        \(lambda("echo"))

        """

    /// Answers with the event it was given, as compact JSON text: a JSON string without a
    /// statusCode, so the body is the event itself (response inference).
    static let echo = """
        import json

        def handler(event, context):
            return json.dumps(event, separators=(",", ":"))
        """

    static let hello = """
        def handler(event, context):
            form = (event.get("queryStringParameters") or {}).get("form")
            if form == "string":
                return "Hello from Lambda!"
            if form == "object":
                return {"message": "Hello from Lambda!"}
            if form == "full":
                return {"statusCode": 201, "headers": {"x-kind": "full"}, "cookies": ["a=1; Secure", "b=2"], "body": "created"}
            if form == "error":
                raise ValueError("boom")
            if form == "bad":
                return {"statusCode": "abc"}
            return "unknown form"
        """

    let base: PythonGatewayProject
    var gateway: Gateway { base.gateway }

    init() throws {
        base = try PythonGatewayProject(files: [
            "Content/portico.yml": Self.portico, "Content/apis/pets.yaml": Self.pets, "Content/apis/shop.yaml": Self.shop,
            "Content/functions/echo/app.py": Self.echo, "Content/functions/hello/app.py": Self.hello,
        ], functions: ["echo", "hello"])
    }

    func send(_ path: String, api: String = "pets", stage: String = "$default") async throws -> Transcript {
        try await send("GET", path, api: api, stage: stage)
    }

    func send(_ method: String, _ path: String, api: String = "pets", stage: String = "$default",
              headers: [HTTPHeader] = [], body: String = "") async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 5)
        return try await gateway.invoke(GatewayRequest(method: method, path: path, headers: headers, body: body), api: api, stage: stage, ids: &ids)
    }

    static func run(_ body: (HTTPAPIProject) async throws -> Void) async throws {
        let project = try HTTPAPIProject()
        try await project.base.run(project, body)
    }
}

extension Transcript {
    /// The route key the echo function was invoked for.
    var echoedRouteKey: String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any] else { return nil }
        return object["routeKey"] as? String
    }
}

/// Two tests, each with one project (one runtime, its functions warm across the checks): a
/// project per check would start a dozen Python processes, enough on a two-core machine to
/// upset the runtime's own timing tests running beside.
@Suite("HTTP API with real Python functions", .serialized, .timeLimit(.minutes(2)))
struct HTTPAPITests {
    @Test("routing (most specific route, $default, 404) and the payload format 2.0 and 1.0 events, exactly")
    func routingAndEvents() async throws {
        try await HTTPAPIProject.run { project in
            try await mostSpecificRoute(project)
            try await notFound(project)
            try await eventShape(project)
            try await payloadOne(project)
            try await namedStage(project)
        }
    }

    @Test("2.0 responses: inference, statusCode with cookies, and the 500 of a function error or a malformed response")
    func responses() async throws {
        try await HTTPAPIProject.run { project in
            try await inference(project)
            try await fullResponse(project)
            try await failures(project)
        }
    }

    /// The example of DG: http-api-develop-routes, "Routing API requests": full match first,
    /// then path variables, then a greedy variable, then ANY; a method the most specific
    /// path lacks goes on to a less specific route.
    func mostSpecificRoute(_ project: HTTPAPIProject) async throws {
        let cases: [(method: String, path: String, route: String)] = [
            ("GET", "/pets/dog/1", "GET /pets/dog/1"),
            ("GET", "/pets/dog/2", "GET /pets/dog/{id}"),
            ("GET", "/pets/cat/1", "GET /pets/{proxy+}"),
            ("POST", "/pets/cat/1", "ANY /{proxy+}"),
            ("DELETE", "/pets/dog/1", "ANY /{proxy+}"),
        ]
        for (method, path, route) in cases {
            let transcript = try await project.send(method, path)
            #expect(transcript.echoedRouteKey == route, "\(method) \(path)")
        }
    }

    func notFound(_ project: HTTPAPIProject) async throws {
        let transcript = try await project.send("GET", "/orders/1", api: "shop", stage: "prod")
        // shop has a $default route: everything lands there.
        #expect(transcript.echoedRouteKey == "$default")
        let root = try await project.send("GET", "/")
        // DG: http-api-develop-routes: "If no routes match a request, API Gateway returns
        // {"message":"Not Found"} to the client." (pets has no route for `/`).
        #expect(root.response.status == 404)
        #expect(root.response.body == #"{"message":"Not Found"}"#)
        let requestId = try #require(root.header("apigw-requestid"))
        #expect(root.response.headers == [
            HTTPHeader("Date", "Thu, 01 Jan 2026 12:00:00 GMT"), HTTPHeader("Content-Type", "application/json"),
            HTTPHeader("Content-Length", "23"), HTTPHeader("apigw-requestid", requestId),
        ])
        #expect(requestId.count == 16 && requestId.hasSuffix("="))
    }

    /// DG: http-api-develop-integrations-lambda, "Payload format version" (2.0): lower-cased
    /// headers, comma-joined duplicates, cookies, rawPath, rawQueryString, routeKey,
    /// requestContext.http; stageVariables; decoded path and query parameters.
    func eventShape(_ project: HTTPAPIProject) async throws {
        let transcript = try await project.send("POST", "/pets/dog/a%20b?name=rex&tag=x&tag=y", headers: [
            HTTPHeader("Content-Type", "application/json"), HTTPHeader("Content-Length", "14"), HTTPHeader("Cookie", "session=abc; theme=dark"),
            HTTPHeader("X-Multi", "one"), HTTPHeader("x-multi", "two"), HTTPHeader("User-Agent", "curl/8.5.0"),
        ], body: #"{"name":"rex"}"#)
        #expect(transcript.response.status == 200)
        let id = try #require(transcript.header("apigw-requestid"))
        let apiId = apiIdentifier(for: "pets")
        let host = "\(apiId).execute-api.us-east-1.amazonaws.com"
        let trace = try #require(transcript.integrationRequest?.body.firstMatch(of: /"x-amzn-trace-id":"([^"]+)"/)?.1)
        #expect(transcript.response.body == """
            {"version":"2.0","routeKey":"ANY /{proxy+}","rawPath":"/pets/dog/a%20b","rawQueryString":"name=rex&tag=x&tag=y",\
            "cookies":["session=abc","theme=dark"],\
            "headers":{"host":"\(host)","content-type":"application/json","x-multi":"one,two","user-agent":"curl/8.5.0",\
            "x-amzn-trace-id":"\(trace)","x-forwarded-for":"127.0.0.1","x-forwarded-port":"443","x-forwarded-proto":"https"},\
            "queryStringParameters":{"name":"rex","tag":"x,y"},\
            "requestContext":{"accountId":"123456789012","apiId":"\(apiId)","domainName":"\(host)","domainPrefix":"\(apiId)",\
            "http":{"method":"POST","path":"/pets/dog/a%20b","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"curl/8.5.0"},\
            "requestId":"\(id)","routeKey":"ANY /{proxy+}","stage":"$default","time":"01/Jan/2026:12:00:00 +0000","timeEpoch":1767268800000},\
            "body":"{\\"name\\":\\"rex\\"}","pathParameters":{"proxy":"pets/dog/a b"},"isBase64Encoded":false,\
            "stageVariables":{"color":"blue"}}
            """)
    }

    func payloadOne(_ project: HTTPAPIProject) async throws {
        let transcript = try await project.send("/legacy")
        let body = try #require(transcript.integrationRequest?.body)
        #expect(body.hasPrefix(#"{"version":"1.0","resource":"/legacy","path":"/legacy","httpMethod":"GET","#))
    }

    /// DG: http-api-develop-integrations-lambda, "Lambda function response for format 2.0".
    func inference(_ project: HTTPAPIProject) async throws {
        let string = try await project.send("/hello?form=string")
        #expect(string.response.status == 200)
        #expect(string.response.body == "Hello from Lambda!")
        #expect(string.header("Content-Type") == "application/json")
        let object = try await project.send("/hello?form=object")
        #expect(object.response.status == 200)
        // The output as the function serialised it (Python's json.dumps).
        #expect(object.response.body == #"{"message": "Hello from Lambda!"}"#)
        #expect(object.header("Content-Type") == "application/json")
    }

    func fullResponse(_ project: HTTPAPIProject) async throws {
        let transcript = try await project.send("/hello?form=full")
        let id = try #require(transcript.header("apigw-requestid"))
        #expect(transcript.response.status == 201)
        #expect(transcript.response.body == "created")
        #expect(transcript.response.headers == [
            HTTPHeader("Date", "Thu, 01 Jan 2026 12:00:00 GMT"), HTTPHeader("Content-Type", "application/json"),
            HTTPHeader("Content-Length", "7"), HTTPHeader("x-kind", "full"),
            HTTPHeader("set-cookie", "a=1; Secure"), HTTPHeader("set-cookie", "b=2"), HTTPHeader("apigw-requestid", id),
        ])
    }

    /// DG: http-api-troubleshooting-lambda: a function error or a response API Gateway cannot
    /// read is answered 500 {"message":"Internal Server Error"} (REST answers 502).
    /// (The timeout's 503 is tested on the gateway with an in-process function that times
    /// out, HTTPAPIIntegrationFailureTests: a real process killed at its deadline loads this
    /// two-core machine enough to upset the runtime's own timing tests running beside.)
    func failures(_ project: HTTPAPIProject) async throws {
        for (path, status, body) in [("/hello?form=error", 500, #"{"message":"Internal Server Error"}"#),
                                     ("/hello?form=bad", 500, #"{"message":"Internal Server Error"}"#)] {
            let transcript = try await project.send(path)
            #expect(transcript.response.status == status, "\(path)")
            #expect(transcript.response.body == body, "\(path)")
            #expect(transcript.header("x-amzn-ErrorType") == nil)
            #expect(transcript.header("apigw-requestid") != nil)
        }
    }

    func namedStage(_ project: HTTPAPIProject) async throws {
        let transcript = try await project.send("/orders?x=1", api: "shop", stage: "prod")
        let body = transcript.response.body
        #expect(body.contains(#""routeKey":"GET /orders","rawPath":"/prod/orders","rawQueryString":"x=1""#))
        #expect(body.contains(#""path":"/prod/orders""#))
        #expect(body.contains(#""stage":"prod""#))
        #expect(!body.contains("stageVariables"))
    }
}
