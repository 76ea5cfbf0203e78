@testable import PorticoGateway
import Testing

/// The status a MOCK request template's output names (recorded AWS response: LocalStack
/// tests/aws/services/apigateway/test_apigateway_basic.snapshot.json, test_mock_integration_response): the quick
/// reading of the usual `{"statusCode": 200}` must agree with the full JSON reading, and leave
/// every other form to it.
@Suite("MOCK status codes")
struct MockStatusTests {
    @Test("the usual form is read quickly, with any whitespace", arguments: [
        (#"{"statusCode": 200}"#, 200),
        (#"{"statusCode":404}"#, 404),
        ("\n{\n  \"statusCode\" : 503\n}\n", 503),
        ("\t{ \"statusCode\":\t0 }", 0),
    ])
    func canonical(body: String, status: Int) {
        #expect(MockStatus.canonical(body) == status)
        #expect(MockStatus.parse(body) == status)
    }

    @Test("other forms are left to the full reading, which decides", arguments: [
        (#"{"statusCode": 200, "extra": 1}"#, 200 as Int?),     // more keys: still JSON
        (#"{"statusCode": 200.5}"#, nil),                       // not an integer
        (#"{"statusCode": "200"}"#, nil),                       // a string, not a number
        (#"{"statusCode": 0200}"#, 200),                        // invalid JSON: the unquoted-form reader takes the digits
        ("{statusCode: 201}", 201),                             // the unquoted form AWS accepts (recorded, as above)
        (#"{"statusCode": 200} trailing"#, 200),                // not JSON; the unquoted-form reader finds it
        ("", nil),
    ])
    func others(body: String, status: Int?) {
        #expect(MockStatus.canonical(body) == nil)
        #expect(MockStatus.parse(body) == status)
    }
}
