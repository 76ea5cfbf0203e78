import Foundation
import PorticoGateway
import Testing

@Suite("Resource matching")
struct ResourceMatcherTests {
    let matcher = ResourceMatcher(resourcePaths: ["/", "/items", "/items/{id}", "/items/special", "/files/{proxy+}", "/{proxy+}"])

    @Test("static segments beat parameters, which beat greedy parameters", arguments: [
        ("/items/special", "/items/special"),
        ("/items/42", "/items/{id}"),
        ("/items", "/items"),
        ("/files/a/b/c.txt", "/files/{proxy+}"),
        ("/other/thing", "/{proxy+}"),
        ("/", "/"),
    ])
    func precedence(path: String, resource: String) {
        #expect(matcher.match(path: path)?.resourcePath == resource)
    }

    @Test("a trailing slash is ignored for matching")
    func trailingSlash() {
        #expect(matcher.match(path: "/items/42/")?.resourcePath == "/items/{id}")
    }

    @Test("greedy parameters keep inner double slashes")
    func doubleSlash() {
        let match = ResourceMatcher(resourcePaths: ["/{proxy+}"]).match(path: "/proxy-value//double-slash")
        #expect(match?.parameters.first?.value == "proxy-value//double-slash")
    }

    @Test("path parameters stay percent-encoded")
    func percentEncoding() {
        let match = matcher.match(path: "/items/test%2Balias@gmail.com")
        #expect(match?.parameters.first?.name == "id")
        #expect(match?.parameters.first?.value == "test%2Balias@gmail.com")
    }

    @Test("an empty segment does not satisfy a {param}")
    func emptyParameter() {
        #expect(ResourceMatcher(resourcePaths: ["/items/{id}/x"]).match(path: "/items//x") == nil)
    }

    @Test("query strings decode + as space and %2B as +, keeping order and repeats")
    func queryDecoding() {
        let parsed = QueryString.parse("q=a+b&plus=%2B&price=10&price=20&flag")
        #expect(parsed.map(\.name) == ["q", "plus", "price", "price", "flag"])
        #expect(parsed.map(\.value) == ["a b", "+", "10", "20", ""])
    }
}

@Suite("Dates and ids")
struct DateAndIDTests {
    @Test("HTTP dates and CLF times match the calendar", arguments: [
        (0.0, "Thu, 01 Jan 1970 00:00:00 GMT", "01/Jan/1970:00:00:00 +0000"),
        (1_767_268_800.0, "Thu, 01 Jan 2026 12:00:00 GMT", "01/Jan/2026:12:00:00 +0000"),
        (951_782_400.0, "Tue, 29 Feb 2000 00:00:00 GMT", "29/Feb/2000:00:00:00 +0000"),
        (1_798_761_599.0, "Thu, 31 Dec 2026 23:59:59 GMT", "31/Dec/2026:23:59:59 +0000"),
        (4_102_444_800.0, "Fri, 01 Jan 2100 00:00:00 GMT", "01/Jan/2100:00:00:00 +0000"),
    ])
    func dates(seconds: Double, http: String, clf: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(HTTPDate.format(date) == http)
        #expect(HTTPDate.commonLogFormat(date) == clf)
    }

    @Test("request ids are version-4 UUIDs in lower case")
    func uuids() {
        var ids = IdentifierGenerator(seed: 42)
        for _ in 0..<100 {
            let id = ids.uuid()
            #expect(id.count == 36)
            #expect(UUID(uuidString: id) != nil)
            #expect(Array(id)[14] == "4")
            #expect("89ab".contains(Array(id)[19]))
            #expect(id == id.lowercased())
        }
    }
}
