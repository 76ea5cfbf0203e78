import Foundation
import PorticoModel
import Testing
@testable import PorticoGateway

/// Patterns are the author's, the text they meet is the caller's or the integration's: a
/// pattern that backtracks catastrophically must not hold a gateway thread. The hang guards
/// below are bounds against hours, not speed claims.
@Suite("Regular expressions against callers' text are bounded in time")
struct BoundedRegexMatchTests {
    /// `(a+)+b` against 40 `a` and no `b`: 2^40 ways to split the run before ICU gives up.
    static let catastrophic = "(a+)+b"
    static let run = String(repeating: "a", count: 40)

    @Test("a selection pattern that backtracks catastrophically times out; ordinary ones still match")
    func selectionPatterns() {
        let patterns = SelectionPatterns(patterns: [Self.catastrophic, "5\\d{2}"])
        let clock = ContinuousClock()
        let started = clock.now
        #expect(patterns.match(Self.catastrophic, Self.run) == .timedOut)
        #expect(clock.now - started < .seconds(30))
        #expect(patterns.match(Self.catastrophic, "aab") == .matched)
        #expect(patterns.match("5\\d{2}", "503") == .matched)
        // Whole-subject match, as Java's String.matches (DG: handle-errors-in-lambda-integration).
        #expect(patterns.match("5\\d{2}", "5030") == .unmatched)
    }

    @Test("a schema pattern that times out refuses the body as not matching")
    func schemaPattern() throws {
        let schema = try JSONInstance.parse(#"{"properties": {"name": {"type": "string", "pattern": "^(a+)+b$"}}}"#).get()
        let body = try JSONInstance.parse(#"{"name": "\#(Self.run)"}"#).get()
        let clock = ContinuousClock()
        let started = clock.now
        let messages = JSONSchemaValidator().validate(body, against: schema)
        #expect(messages == [#"ECMA 262 regex "^(a+)+b$" does not match input string "\#(Self.run)""#])
        #expect(clock.now - started < .seconds(30))
        let good = try JSONInstance.parse(#"{"name": "aab"}"#).get()
        #expect(JSONSchemaValidator().validate(good, against: schema) == [])
    }

    @Test("a regular expression that never ends its match on a long text reports a time-out")
    func bounded() throws {
        let regex = try NSRegularExpression(pattern: "^(a|aa)+$")
        let text = String(repeating: "a", count: 60) + "!"
        #expect(BoundedRegexMatch.first(regex, in: text, limit: .milliseconds(50)) == .timedOut)
        #expect(BoundedRegexMatch.first(regex, in: "aaaa") == .matched)
        #expect(BoundedRegexMatch.first(regex, in: "") == .unmatched)
    }
}
