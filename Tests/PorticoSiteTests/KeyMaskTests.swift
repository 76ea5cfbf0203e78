import PorticoGateway
import PorticoModel
@testable import PorticoSite
import Testing

@Suite("Key masking")
struct KeyMaskTests {
    static let value = "VALUE-0123456789abcdefXYZ123"
    static let masked = String(repeating: "*", count: 22) + "XYZ123"

    @Test("every field of a transcript that may carry the key is masked: a Lambda event, a template's output, a log line")
    func transcript() {
        let v = Self.value
        let event = #"{"requestContext": {"identity": {"apiKey": "\#(v)", "apiKeyId": "abc"}}, "headers": {"X-API-Key": "\#(v)"}}"#
        let original = Transcript(
            api: "shop", stage: "prod",
            request: GatewayRequest(method: "POST", path: "/items?k=\(v)", headers: [HTTPHeader("X-API-Key", v)], body: "key=\(v)"),
            response: GatewayResponse(status: 200, headers: [HTTPHeader("X-Echo", v)], body: #"{"apiKey": "\#(v)"}"#),
            trace: [TraceEntry(stage: .integration, outcome: .proceed, detail: "sent \(v)")],
            integrationRequest: IntegrationRequest(type: .awsProxy, method: "POST", uri: "arn:\(v)", headers: [HTTPHeader("X-Key", v)],
                                                   body: event, template: "t \(v)"),
            logs: ["START", "event \(event)"])
        let shown = KeyMask(values: [v, "other-key-value-000000000"]).mask(original)
        let text = "\(shown)" + String(decoding: shown.request.body, as: UTF8.self)
        #expect(!text.contains(v))
        #expect(shown.request.headers == [HTTPHeader("X-API-Key", Self.masked)])
        #expect(shown.request.path == "/items?k=\(Self.masked)")
        #expect(shown.request.body == Array("key=\(Self.masked)".utf8))
        #expect(shown.response.body == #"{"apiKey": "\#(Self.masked)"}"#)
        #expect(shown.integrationRequest?.body.contains(#""apiKey": "\#(Self.masked)""#) == true)
        #expect(shown.logs[1].hasPrefix("event {\"requestContext\": {\"identity\": {\"apiKey\": \"\(Self.masked)\""))
        #expect(shown.trace.map(\.detail) == ["sent \(Self.masked)"])
        #expect(shown.response.status == 200 && shown.logs[0] == "START")
    }

    @Test("drawn HTML is masked in every form the drawing may write a value: as it is, HTML-escaped, JSON-escaped")
    func html() {
        let value = #"a&b"c<d>\0123456789tail"#
        let mask = KeyMask(values: [value])
        let forms = [value, value.htmlEscaped, String(value.jsonQuoted.dropFirst().dropLast()), String(value.jsonQuoted.dropFirst().dropLast()).htmlEscaped]
        for form in forms {
            let html = mask.maskHTML("<p>\(form)</p>")
            #expect(!html.contains(form), "\(form)")
            #expect(html.contains("89tail"))
        }
    }

    @Test("a value inside a longer one: the longer is masked whole")
    func nested() {
        let mask = KeyMask(values: ["short-value-0123456789", "prefix-short-value-0123456789"])
        #expect(mask.mask("x prefix-short-value-0123456789 y") == "x " + String(repeating: "*", count: 23) + "456789 y")
    }

    @Test("no keys: nothing changes, and nothing is searched")
    func empty() {
        let mask = KeyMask(values: [])
        #expect(mask.isEmpty)
        #expect(mask.mask("anything") == "anything")
    }
}
