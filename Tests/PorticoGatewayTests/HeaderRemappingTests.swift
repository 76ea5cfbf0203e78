import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing
import TestSupport
import Velocity

/// What API Gateway does with the headers it treats specially on the way to an integration:
/// which of the client's reach the method request and a Lambda proxy event, which mapping
/// targets it refuses with a 500, which mapped headers never reach an HTTP backend. Every
/// expected value is the one LocalStack recorded against AWS in
/// tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json,
/// TestApiGatewayHeaderRemapping::test_apigateway_header_remapping_aws[AWS|AWS_PROXY] and
/// test_apigateway_header_remapping_http[HTTP|HTTP_PROXY]; the API, the client's headers and the
/// mappings are that test's (test_apigateway_integrations.py: REQUEST_PARAMETERS, HEADERS, invoke_api).
@Suite("Integration request header remapping", .serialized)
struct HeaderRemappingTests {
    /// The recorded test's HEADERS: what the full template reads with `$input.params()`.
    static let names = ["Accept", "Accept-Charset", "Accept-Encoding", "Age", "Authorization", "Connection", "Content-Encoding",
                        "Content-Length", "Content-MD5", "Content-Type", "Date", "Expect", "Host", "Max-Forwards", "Pragma",
                        "Proxy-Authenticate", "Range", "Referer", "Server", "TE", "Transfer-Encoding", "Trailer", "Upgrade",
                        "User-Agent", "Via", "Warn", "WWW-Authenticate"]

    /// The recorded test's REQUEST_PARAMETERS, as `integration.request.header.NAME` → source.
    static let mappings: [(String, String)] = [
        ("Accept", "'text/html'"), ("Accept-Charset", "'UTF-16'"), ("Accept-Encoding", "'zstd'"), ("Age", "'request_params_age'"),
        ("Authorization", "'request_params_authorization'"), ("Content-Encoding", "'compress'"), ("Content-Length", "'0'"),
        ("Content-MD5", "'request_params_Content-MD5'"), ("Content-Type", "'application/json'"), ("Date", "'request_params_Date'"),
        ("Expect", "'200-ok'"), ("Host", "method.request.header.Host"), ("Max-Forwards", "'2'"), ("Pragma", "'no-cache'"),
        ("Range", "'bytes=0-499'"), ("Referer", "'https://example.com/page'"), ("Server", "'https://example.com/page'"),
        ("Trailer", "'user-agent'"), ("Transfer-Encoding", "'deflate'"), ("Upgrade", "'HTTP/2.0'"), ("User-Agent", "'Override-Agent'"),
        ("Warn", #"'110 anderson/1.3.37 "Response is stale"'"#), ("WWW-Authenticate", "'Basic YWxhZGRpbjpvcGVuc2VzYW1l'"),
        ("Connection", "'keep-alive'"), ("Proxy-Authenticate", #"'Basic realm="Access to the internal site"'"#), ("TE", "'gzip'"),
        ("Via", "'othersite.net'"),
    ]

    /// The special cases the recorded test moves to a method of their own, by integration type.
    static let refusedForAWS = ["Content-Length", "Transfer-Encoding", "Authorization", "Connection", "Expect", "Proxy-Authenticate", "TE"]
    static let refusedForHTTP = ["Content-Length", "Transfer-Encoding"]

    static let uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn/invocations"

    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self).replacingOccurrences(of: "\\/", with: "/")
    }

    /// A GET method with `type`, mapping `mapped` (all of REQUEST_PARAMETERS but `refused`, or
    /// one special case), and the full template when `template` is set.
    static func method(_ path: String, type: String, mapped: [(String, String)], template: Bool = false) -> String {
        let target = type.hasPrefix("http") ? "http://backend.example\(path)" : uri
        var lines = [
            "  \(path):",
            "    get:",
            "      parameters: [{name: Host, in: header, schema: {type: string}}]",
            "      x-amazon-apigateway-integration:",
            "        type: \(type)",
            "        httpMethod: POST",
            "        uri: \(target)",
            "        responses: {default: {statusCode: \"200\"}}",
        ]
        if !mapped.isEmpty {
            lines.append("        requestParameters:")
            for (name, source) in mapped { lines.append("          integration.request.header.\(name): \(quoted(source))") }
        }
        if template {
            let body = "{" + names.map { "\"\($0)\": \"$input.params('\($0)')\"" }.joined(separator: ",") + "}"
            lines += ["        requestTemplates:", "          application/json: \(quoted(body))"]
        }
        let text = lines.joined(separator: "\n") + "\n"
        return text
    }

    static var definition: String {
        var text = "openapi: 3.0.1\ninfo: {title: Remapping, version: \"1\"}\npaths:\n"
        for type in ["aws", "aws_proxy", "http", "http_proxy"] {
            let refused = type.hasPrefix("aws") ? refusedForAWS : refusedForHTTP
            text += method("/\(type)/no-param", type: type, mapped: [])
            text += method("/\(type)/full", type: type, mapped: mappings.filter { !refused.contains($0.0) }, template: true)
            for name in refused {
                text += method("/\(type)/\(name.lowercased())", type: type, mapped: mappings.filter { $0.0 == name })
            }
        }
        return text
    }

    static func gateway(_ recorder: EdgeHeaderTests.Recorder) throws -> (Gateway, TemporaryDirectory) {
        let root = try TemporaryDirectory()
        try root.write([
            // REGIONAL, as the recorded test creates it ("to prevent the cloudfront header from
            // modifying the apigw headers").
            "Content/portico.yml": """
                apis: [{name: remap, definition: apis/api.yaml, endpointType: REGIONAL, stages: [{stageName: test}]}]
                functions: [{name: fn, runtime: command, command: [true]}]

                """,
            "Content/apis/api.yaml": definition,
        ])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted)")
        return (Gateway(project: project, clock: FixedClock.siteBuild, services: GatewayServices(functions: recorder, http: recorder)), root)
    }

    static let host = APIFacts(apiName: "remap").host

    /// The recorded test's invoke_api headers, after the Host its client sends.
    static let clientHeaders = [
        HTTPHeader("Host", host),
        HTTPHeader("Accept", "application/json"), HTTPHeader("Accept-Charset", "UTF-8"), HTTPHeader("Accept-Encoding", "br"),
        HTTPHeader("Age", "request_Age"), HTTPHeader("Authorization", "Unauthorized"), HTTPHeader("Connection", "close"),
        HTTPHeader("Content-Encoding", "deflate"), HTTPHeader("Content-MD5", "request_Content-MD5"),
        HTTPHeader("Content-Type", "application/json"), HTTPHeader("Date", "request_Date"), HTTPHeader("Expect", "100-continue"),
        HTTPHeader("Max-Forwards", "2"), HTTPHeader("Pragma", "cache"), HTTPHeader("Proxy-Authenticate", "Basic"),
        HTTPHeader("Range", "bytes=500-999"), HTTPHeader("Referer", "https://example.com/"), HTTPHeader("Server", "https://example.com/"),
        HTTPHeader("TE", "deflate"), HTTPHeader("Trailer", "Expires"), HTTPHeader("Transfer-Encoding", "chunked"),
        HTTPHeader("Upgrade", "HTTP/2.0"), HTTPHeader("User-Agent", "localStack/0.0"), HTTPHeader("Via", "p.example.net"),
        HTTPHeader("Warn", "299 localStack/0.0"), HTTPHeader("WWW-Authenticate", "Basic YWxhZGRpbjpvcGVuc2VzYW1l"),
    ]

    static func send(_ gateway: Gateway, _ path: String) async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 7)
        return try await gateway.invoke(GatewayRequest(method: "GET", path: path, headers: clientHeaders), api: "remap", stage: "test", ids: &ids)
    }

    /// Names and values sorted by name, compared as HTTP compares names.
    static func sorted(_ headers: [(String, String)]) -> [String] {
        headers.map { "\($0.0.lowercased()): \($0.1)" }.sorted()
    }

    @Test("$input.params() sees none of the client's Connection, Content-MD5, Expect, Max-Forwards, Proxy-Authenticate, Server, TE, Trailer, Transfer-Encoding, Upgrade, WWW-Authenticate")
    func methodRequest() async throws {
        let recorder = EdgeHeaderTests.Recorder()
        let (gateway, root) = try Self.gateway(recorder)
        defer { root.remove() }
        for type in ["aws", "http"] {
            let t = try await Self.send(gateway, "/\(type)/full")
            // Recorded: test_apigateway_header_remapping_aws[AWS] and _http[HTTP], full-integration.body.
            // Date and Via are hidden there ("<Date>", "<via:1>"): the client's values here.
            #expect(t.integrationRequest?.body == """
                {"Accept": "application/json","Accept-Charset": "UTF-8","Accept-Encoding": "br","Age": "request_Age",\
                "Authorization": "Unauthorized","Connection": "","Content-Encoding": "deflate","Content-Length": "",\
                "Content-MD5": "","Content-Type": "application/json","Date": "request_Date","Expect": "",\
                "Host": "\(Self.host)","Max-Forwards": "","Pragma": "cache","Proxy-Authenticate": "",\
                "Range": "bytes=500-999","Referer": "https://example.com/","Server": "","TE": "","Transfer-Encoding": "",\
                "Trailer": "","Upgrade": "","User-Agent": "localStack/0.0","Via": "p.example.net",\
                "Warn": "299 localStack/0.0","WWW-Authenticate": ""}
                """, "\(type)")
            #expect(t.response.status == 200)
        }
    }

    @Test("a Lambda proxy event has the client's headers but those, and request parameters do not change it")
    func lambdaProxyEvent() async throws {
        let recorder = EdgeHeaderTests.Recorder()
        let (gateway, root) = try Self.gateway(recorder)
        defer { root.remove() }
        for path in ["/aws_proxy/no-param", "/aws_proxy/full"] {
            let t = try await Self.send(gateway, path)
            let headers = try EdgeHeaderTests.eventHeaders(recorder.lastEvent)
            // Recorded: test_apigateway_header_remapping_aws[AWS_PROXY], no-param-integration.headers
            // and full-integration.headers (the same). Hidden there, and the client's or Portico's here:
            // Date, Host, Via, X-Amzn-Trace-Id, X-Forwarded-For, -Port, -Proto.
            #expect(Self.sorted(headers) == Self.sorted([
                ("Accept", "application/json"), ("Accept-Charset", "UTF-8"), ("Accept-Encoding", "br"), ("Age", "request_Age"),
                ("Authorization", "Unauthorized"), ("Content-Encoding", "deflate"), ("Content-Type", "application/json"),
                ("Date", "request_Date"), ("Host", Self.host), ("Pragma", "cache"), ("Range", "bytes=500-999"),
                ("Referer", "https://example.com/"), ("User-Agent", "localStack/0.0"), ("Via", "p.example.net"),
                ("Warn", "299 localStack/0.0"), ("X-Amzn-Trace-Id", t.header("X-Amzn-Trace-Id") ?? ""),
                ("X-Forwarded-For", "127.0.0.1"), ("X-Forwarded-Port", "443"), ("X-Forwarded-Proto", "https"),
            ]), "\(path)")
        }
    }

    @Test("a mapping into a header API Gateway refuses answers 500 before the integration is called", arguments:
        refusedForAWS.map { ("aws", $0) } + refusedForAWS.map { ("aws_proxy", $0) }
        + refusedForHTTP.map { ("http", $0) } + refusedForHTTP.map { ("http_proxy", $0) })
    func refused(type: String, header: String) async throws {
        let recorder = EdgeHeaderTests.Recorder()
        let (gateway, root) = try Self.gateway(recorder)
        defer { root.remove() }
        let t = try await Self.send(gateway, "/\(type)/\(header.lowercased())")
        // Recorded: test_apigateway_header_remapping_aws[AWS|AWS_PROXY] (content-length,
        // transfer-encoding, authorization, connection, expect, proxy-authenticate, te) and
        // test_apigateway_header_remapping_http[HTTP|HTTP_PROXY] (content-length, transfer-encoding):
        // status 500, body {"message": "Internal server error"}, x-amzn-ErrorType
        // InternalServerErrorException and no X-Amzn-Trace-Id (Connection is the server's framing).
        #expect(t.response.status == 500)
        #expect(t.response.body == #"{"message":"Internal server error"}"#)
        #expect(t.response.headers.map(\.name).sorted() == ["Content-Length", "Content-Type", "Date", "x-amz-apigw-id",
                                                            "x-amzn-ErrorType", "x-amzn-RequestId"])
        #expect(t.header("x-amzn-ErrorType") == "InternalServerErrorException")
        #expect(recorder.lastEvent == nil && recorder.lastRequest == nil)
        #expect(t.trace.first { $0.stage == .integrationRequest }?.detail
                == "integration.request.header.\(header): request parameters of \(type.uppercased()) integrations may not set \(header)")
    }

    @Test("an HTTP backend gets the mapped headers but Connection, Expect, Proxy-Authenticate, TE and Via")
    func httpFull() async throws {
        let recorder = EdgeHeaderTests.Recorder()
        let (gateway, root) = try Self.gateway(recorder)
        defer { root.remove() }
        let t = try await Self.send(gateway, "/http/full")
        let sent = try #require(recorder.lastRequest).headers
        // Recorded: test_apigateway_header_remapping_http[HTTP], full-integration.headers, less the
        // Content-Length the HTTP client frames (the echo server wrote Content-Md5 and
        // Www-Authenticate in its own casing; Date is hidden there).
        #expect(Self.sorted(sent.map { ($0.name, $0.value) }) == Self.sorted([
            ("Accept", "text/html"), ("Accept-Charset", "UTF-16"), ("Accept-Encoding", "zstd"), ("Age", "request_params_age"),
            ("Authorization", "request_params_authorization"), ("Content-Encoding", "compress"),
            ("Content-MD5", "request_params_Content-MD5"), ("Content-Type", "application/json"), ("Date", "request_params_Date"),
            ("Host", Self.host), ("Max-Forwards", "2"), ("Pragma", "no-cache"), ("Range", "bytes=0-499"),
            ("Referer", "https://example.com/page"), ("Server", "https://example.com/page"), ("Trailer", "user-agent"),
            ("Upgrade", "HTTP/2.0"), ("User-Agent", "Override-Agent"), ("Warn", #"110 anderson/1.3.37 "Response is stale""#),
            ("WWW-Authenticate", "Basic YWxhZGRpbjpvcGVuc2VzYW1l"), ("X-Amzn-Apigateway-Api-Id", apiIdentifier(for: "remap")),
            ("X-Amzn-Trace-Id", t.header("X-Amzn-Trace-Id") ?? sent.value(for: "X-Amzn-Trace-Id") ?? ""),
        ]))
    }

    @Test("an HTTP_PROXY backend gets the client's headers but the special ones and Via")
    func httpProxy() async throws {
        let recorder = EdgeHeaderTests.Recorder()
        let (gateway, root) = try Self.gateway(recorder)
        defer { root.remove() }
        _ = try await Self.send(gateway, "/http_proxy/no-param")
        let sent = try #require(recorder.lastRequest).headers
        // Recorded: test_apigateway_header_remapping_http[HTTP_PROXY], no-param-integration.headers
        // (Host there is the backend's, set by the HTTP client; Content-Length its framing).
        // Also sent by Portico and not in that recording: the client's Content-Encoding and
        // X-Forwarded-For, -Port, -Proto (an open difference, see IntegrationHeaderRules).
        #expect(Self.sorted(sent.map { ($0.name, $0.value) }) == Self.sorted([
            ("Accept", "application/json"), ("Accept-Charset", "UTF-8"), ("Accept-Encoding", "br"), ("Age", "request_Age"),
            ("Authorization", "Unauthorized"), ("Content-Type", "application/json"), ("Date", "request_Date"), ("Pragma", "cache"),
            ("Range", "bytes=500-999"), ("Referer", "https://example.com/"), ("User-Agent", "localStack/0.0"),
            ("Warn", "299 localStack/0.0"), ("X-Amzn-Apigateway-Api-Id", apiIdentifier(for: "remap")),
            ("X-Amzn-Trace-Id", sent.value(for: "X-Amzn-Trace-Id") ?? ""),
            ("Content-Encoding", "deflate"), ("X-Forwarded-For", "127.0.0.1"), ("X-Forwarded-Port", "443"), ("X-Forwarded-Proto", "https"),
        ]))
    }
}
