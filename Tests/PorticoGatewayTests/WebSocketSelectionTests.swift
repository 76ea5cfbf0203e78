import PorticoGateway
import Testing

@Suite("WebSocket selection expressions")
struct WebSocketSelectionTests {
    /// The DG's message and table (DG: websocket-api-develop-routes, "Route selection expressions").
    static let message = #"{"service" : "chat", "action" : "join", "data" : {"room" : "room1234"}}"#

    @Test("evaluate as the DG's table says", arguments: [
        ("$request.body.action", "join"),
        ("${request.body.action}", "join"),
        ("${request.body.service}/${request.body.action}", "chat/join"),
        ("${request.body.action}-${request.body.invalidPath}", "join-"),
        ("action", "action"),
        (#"\$default"#, "$default"),
    ])
    func documentedExamples(expression: String, expected: String) {
        #expect(SelectionExpression(expression).evaluate(in: SelectionSource(body: Self.message)) == expected)
    }

    @Test("an object selected from the body is stringified (DG: 'the result will be stringified')")
    func objectsAreStringified() {
        #expect(SelectionExpression("$request.body.data").evaluate(in: SelectionSource(body: Self.message)) == #"{"room":"room1234"}"#)
        #expect(SelectionExpression("$request.body.data.room").evaluate(in: SelectionSource(body: Self.message)) == "room1234")
    }

    @Test("unwrapped variables end where a name cannot go on")
    func unwrappedVariables() {
        let expression = SelectionExpression("$request.body.service/$request.body.action")
        #expect(expression.parts == [.body(path: "$.service"), .text("/"), .body(path: "$.action")])
        #expect(expression.evaluate(in: SelectionSource(body: Self.message)) == "chat/join")
        #expect(SelectionExpression(#"\$default"#).isStatic)
        #expect(SelectionExpression("${integration.response.statuscode}").evaluate(in: SelectionSource(body: nil) { $0 == "integration.response.statuscode" ? "200" : nil }) == "200")
    }
}
