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

    @Test("decimals read exactly as a correctly rounding parser reads them", arguments: [
        "0.1", "-2.5", "42.5", "0.99", "249.99", "1.29", "123456789.123456", "9007199254740.993",
        "0.000001", "3.14159265358979", "1.7976931348623157", "2.2250738585072014e-308", "1e23", "-0.0",
        "123456789012345678.5", "0.30000000000000004",
    ])
    func decimals(text: String) throws {
        // Short decimals take a fast path (significand / 10^k); it must agree with Double(text).
        let expected = try #require(Double(text))
        guard case .double(let parsed) = try JSONValueParser.parse(text) else { Issue.record("not a double"); return }
        #expect(parsed.bitPattern == expected.bitPattern)
    }

    @Test("a repeated key keeps its first position and its last value")
    func repeatedKey() throws {
        guard case .map(let map) = try JSONValueParser.parse(#"{"a":1,"b":2,"a":{"c":3}}"#) else { Issue.record("not a map"); return }
        #expect(map.keys == ["a", "b"])
        #expect(map["a"] == .map(OrderedMap([("c", .int(3))])))
    }

    @Test("invalid JSON is rejected", arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "01x", "\"\u{01}\"", "1 2"])
    func invalid(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValueParser.parse(text) }
    }
}
