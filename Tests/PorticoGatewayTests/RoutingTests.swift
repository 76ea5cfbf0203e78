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

    @Test("a trailing slash is ignored for matching (AWS-BEHAVIOUR fact 21)")
    func trailingSlash() {
        #expect(matcher.match(path: "/items/42/")?.resourcePath == "/items/{id}")
    }

    @Test("greedy parameters keep inner double slashes (fact 22)")
    func doubleSlash() {
        let match = ResourceMatcher(resourcePaths: ["/{proxy+}"]).match(path: "/proxy-value//double-slash")
        #expect(match?.parameters.first?.value == "proxy-value//double-slash")
    }

    @Test("path parameters stay percent-encoded (fact 23)")
    func percentEncoding() {
        let match = matcher.match(path: "/items/test%2Balias@gmail.com")
        #expect(match?.parameters.first?.name == "id")
        #expect(match?.parameters.first?.value == "test%2Balias@gmail.com")
    }

    @Test("an empty segment does not satisfy a {param}")
    func emptyParameter() {
        #expect(ResourceMatcher(resourcePaths: ["/items/{id}/x"]).match(path: "/items//x") == nil)
    }

    @Test("query strings decode + as space and %2B as +, keeping order and repeats (facts 23–24)")
    func queryDecoding() {
        let parsed = QueryString.parse("q=a+b&plus=%2B&price=10&price=20&flag")
        #expect(parsed.map(\.name) == ["q", "plus", "price", "price", "flag"])
        #expect(parsed.map(\.value) == ["a b", "+", "10", "20", ""])
    }
}
