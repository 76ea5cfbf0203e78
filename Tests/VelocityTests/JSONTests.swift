import Testing
import Velocity

@Suite("JSON values")
struct JSONTests {
    @Test("objects keep their key order")
    func order() throws {
        let value = try JSONValueParser.parse(#"{"z":1,"a":{"y":[1,2.5,"s",true,null]},"m":-3e2}"#)
        guard case .map(let map) = value else { Issue.record("expected a map"); return }
        #expect(map.keys == ["z", "a", "m"])
        #expect(map["m"] == .double(-300))
        #expect(map["a"] == .map(OrderedMap([("y", .jsonList([.int(1), .double(2.5), .string("s"), .bool(true), .null]))])))
    }

    @Test("string escapes decode, surrogate pairs included")
    func escapes() throws {
        #expect(try JSONValueParser.parse(#""a\"\\\/\n\u00e9\ud83d\ude80""#) == .string("a\"\\/\né🚀"))
    }

    @Test("invalid JSON is rejected", arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "01x", "\"\u{01}\"", "1 2"])
    func invalid(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValueParser.parse(text) }
    }
}
