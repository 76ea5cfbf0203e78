@testable import PorticoGateway
import Foundation
import Testing
import Velocity

/// The pieces that let a request skip work the gateway can do once: the `$context` a template
/// needs, the static segments of the resource tree, the date texts of a second, the method's
/// case.
@Suite("Prepared request pieces")
struct PreparedRequestTests {
    @Test("a selection keeps the named entries only, in AWS's order, and ignores other names")
    func contextSelection() throws {
        let selection = ContextSelection(names: ["stage", "requestId", "noSuchEntry"])
        #expect(selection.count == 2)
        #expect(selection.contains("stage") && selection.contains("requestId") && !selection.contains("identity"))
        #expect(ContextSelection(names: nil) == .all)
        #expect(ContextSelection.all.count == ContextTable.templateEntries.count)

        let exchange = try ContextLayoutTests().exchange()
        let map = RequestContext.templateMap(of: exchange, selecting: selection)
        #expect(map.keys == ["requestId", "stage"])
        #expect(map["requestId"] == .string("41408e55-8290-47f5-ac1c-80f394c63007"))
        #expect(RequestContext.templateMap(of: exchange, selecting: ContextSelection(names: [])).isEmpty)
    }

    @Test("error and identity are made only when selected, each as in the whole map")
    func selectedMaps() throws {
        let exchange = try ContextLayoutTests().exchange()
        let full = RequestContext.templateMap(of: exchange, error: .missingAuthenticationToken)
        let some = RequestContext.templateMap(of: exchange, error: .missingAuthenticationToken,
                                              selecting: ContextSelection(names: ["error", "identity", "responseOverride"]))
        #expect(some.keys == ["identity", "error", "responseOverride"])
        for key in some.keys { #expect(some[key] == full[key], "\(key)") }
        // Without a failure there is no error entry, selected or not.
        #expect(RequestContext.templateMap(of: exchange, selecting: ContextSelection(names: ["error"])).isEmpty)
    }

    @Test("a template library gives each template the entries it reads")
    func libraryPreparesSelections() throws {
        let gateway = try GatewayHarness().gateway
        var checked = 0
        for api in gateway.project.apis {
            for operation in api.definition.operations {
                for template in operation.integration?.requestTemplates ?? [] {
                    let prepared = try #require(gateway.environment.templates.prepared(for: template))
                    #expect(prepared.context == ContextSelection(names: prepared.template.contextNamesRead))
                    checked += 1
                }
            }
        }
        #expect(checked > 0)
    }

    @Test("segment tables find keys by bytes and grow past their first slots")
    func segmentTable() {
        var table = SegmentTable()
        #expect(table["items"] == nil)
        for index in 0..<40 { table.insert("segment\(index)", value: index) }
        table.insert("segment3", value: 99)   // already there: the first value stays
        for index in 0..<40 { #expect(table["segment\(index)"] == index) }
        #expect(table["segment40"] == nil)
        #expect(table[""] == nil)
        #expect(table["segment"] == nil)
    }

    @Test("segments compare as Swift strings do when either side is not ASCII")
    func segmentTableUnicode() {
        var table = SegmentTable()
        table.insert("caf\u{E9}", value: 1)        // é as one scalar
        table.insert("K", value: 2)
        #expect(table["cafe\u{301}"] == 1)          // é as e + combining acute: canonically equal
        #expect(table["\u{212A}"] == 2)              // KELVIN SIGN is canonically K
        var kelvin = SegmentTable()
        kelvin.insert("\u{212A}", value: 3)
        #expect(kelvin["K"] == 3)
        #expect(kelvin["k"] == nil)
    }

    @Test("a path whose segments are equivalent Unicode reaches the same resource")
    func unicodeRouting() {
        let matcher = ResourceMatcher(resourcePaths: ["/caf\u{E9}/{id}", "/other"])
        #expect(matcher.match(path: "/cafe\u{301}/7")?.resourcePath == "/caf\u{E9}/{id}")
        #expect(matcher.match(path: "/cafe\u{301}/7")?.parameters.first?.value == "7")
    }

    @Test("many static siblings: each path reaches its own resource")
    func manySiblings() {
        let paths = (0..<30).map { "/other\($0)/{id}" } + ["/items/{id}", "/items/special"]
        let matcher = ResourceMatcher(resourcePaths: paths)
        for index in 0..<30 { #expect(matcher.match(path: "/other\(index)/x")?.resourcePath == "/other\(index)/{id}") }
        #expect(matcher.match(path: "/items/special")?.resourcePath == "/items/special")
        #expect(matcher.match(path: "/items/42")?.resourcePath == "/items/{id}")
        #expect(matcher.match(path: "/other30/x") == nil)
    }

    @Test("the date texts of a second are made once and are those of HTTPDate")
    func dateTexts() {
        let dates = DateTexts()
        let noon = Date(timeIntervalSince1970: 1_767_268_800)
        let first = dates.texts(for: noon)
        #expect(first.httpDate == "Thu, 01 Jan 2026 12:00:00 GMT")
        #expect(first.commonLogFormat == "01/Jan/2026:12:00:00 +0000")
        let later = dates.texts(for: noon.addingTimeInterval(0.75))
        #expect(later.second == first.second && later.httpDate == first.httpDate)
        let next = dates.texts(for: noon.addingTimeInterval(1.25))
        #expect(next.httpDate == "Thu, 01 Jan 2026 12:00:01 GMT")
        #expect(next.commonLogFormat == HTTPDate.commonLogFormat(noon.addingTimeInterval(1)))
        // Before 1970 the second is the one below, as HTTPDate rounds it.
        #expect(dates.texts(for: Date(timeIntervalSince1970: -0.5)).httpDate == "Wed, 31 Dec 1969 23:59:59 GMT")
    }

    @Test("methods are upper-cased as uppercased() does, without a new string when already so", arguments: [
        ("GET", "GET"), ("get", "GET"), ("Patch", "PATCH"), ("M-SEARCH", "M-SEARCH"), ("stra\u{DF}e", "STRASSE"),
    ])
    func uppercase(method: String, expected: String) {
        #expect(method.asciiUppercasedIfNeeded() == expected)
        #expect(method.asciiUppercasedIfNeeded() == method.uppercased())
    }

    @Test("query strings: malformed escapes stay as written, empty pairs are dropped", arguments: [
        ("a=%2", [("a", "%2")]),
        ("%=%", [("%", "%")]),
        ("b=%zz&&c", [("b", "%zz"), ("c", "")]),
        ("=v&k=", [("", "v"), ("k", "")]),
        ("x=%41%42+%e2%82%ac", [("x", "AB \u{20AC}")]),
        ("bad=%ff", [("bad", "\u{FFFD}")]),
    ])
    func queryStrings(raw: String, expected: [(String, String)]) {
        let parsed = QueryString.parse(raw)
        #expect(parsed.map(\.name) == expected.map(\.0))
        #expect(parsed.map(\.value) == expected.map(\.1))
    }
}
