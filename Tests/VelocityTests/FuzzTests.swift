import Testing
import Velocity

/// A small deterministic random generator (SplitMix64), so every run fuzzes the same inputs
/// and a failure can be replayed from its index.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Builds random templates from Velocity's constructs, and mutates known templates.
struct TemplateFuzzer {
    var random: SeededGenerator

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    static let texts = ["a", " ", "\n", "  ", "\t", "\r\n", "\\", "$", "#", "{", "}", "(", ")", "[", "]", "'", "\"", ",", ".", "!", "é", "🚀", "=", "@", "*"]
    static let references = [
        "$a", "${a}", "$!a", "$!{nope}", "$nope", "$map.k", "$map['n']", "$list[1]", "$list[-1]", "$list.get(0)",
        "$a.substring(0, 1)", "$s.length()", "$s.split(',')", "$s.replaceAll('[lo]+', '_')", "$s.matches('(\\w+), (\\w+)')",
        "$map.keySet()", "$list.size()", "$foreach.index", "$foreach.hasNext", "$velocityCount", "$input.path('$')",
        "$input.path('$.items[0]')", "$input.json('$.items')", "$input.params('id')", "$input.params()", "$input.body",
        "$util.escapeJavaScript($s)", "$util.parseJson('[1,{\"a\":2}]')", "$util.urlEncode($s)", "$util.base64Decode('aGk=')",
        "$context.requestId", "$stageVariables.name", "$x", "$x.add(1)", "$m.put('k', $x)", "$bodyContent", "$d",
    ]

    mutating func expression(_ depth: Int) -> String {
        if depth <= 0 || chance(35) {
            return pick(["1", "-2", "3.5", "'s'", "\"i$a\"", "true", "false", "$x", "$a", "$list", "$map", "$nope", "[]", "{}", "$input.path('$.items')"])
        }
        switch Int.random(in: 0..<7, using: &random) {
        case 0: return "[\(expression(depth - 1)), \(expression(depth - 1))]"
        case 1: return "[\(pick(["0", "1", "-3", "$n"]))..\(pick(["5", "1000", "$n", "-2"]))]"
        case 2: return "{\(expression(depth - 1)): \(expression(depth - 1))}"
        case 3: return "(\(expression(depth - 1)))"
        case 4: return "!\(expression(depth - 1))"
        default:
            let op = pick(["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||", "and", "or", "eq", "lt"])
            return "\(expression(depth - 1)) \(op) \(expression(depth - 1))"
        }
    }

    mutating func block(_ depth: Int) -> String {
        var out = ""
        for _ in 0..<Int.random(in: 0...4, using: &random) { out += fragment(depth) }
        return out
    }

    mutating func fragment(_ depth: Int) -> String {
        if depth <= 0 || chance(40) { return chance(50) ? pick(Self.texts) : pick(Self.references) }
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return "#set($\(pick(["x", "m", "y", "a"])) = \(expression(2)))"
        case 1: return "#if(\(expression(2)))\(block(depth - 1))#elseif(\(expression(1)))\(block(depth - 1))#else\(block(depth - 1))#end"
        case 2: return "#foreach($i in \(expression(2)))\(block(depth - 1))#end"
        case 3: return "#macro(m $p $q)\(block(depth - 1))#end"
        case 4: return "#m(\(expression(1)) \(expression(1)))"
        case 5: return "#define($d)\(block(depth - 1))#end"
        case 6: return pick(["#break", "#stop", "## note\n", "#* c *#", "#[[ $raw #if ]]#", "#{else}", "#end", "\\#if", "\\$a"])
        case 7: return "#@m(1)\(block(depth - 1))#end"
        case 8: return "\"\(block(depth - 1))\""
        case 9: return "#set($m = {})#set($m.k = \(expression(1)))"
        default: return pick(Self.texts) + pick(Self.references)
        }
    }

    mutating func generate() -> String { block(4) + block(3) }

    /// A few random edits (deletions, duplications, insertions, swaps) of `seed`.
    mutating func mutate(_ seed: String) -> String {
        var characters = Array(seed)
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let count = characters.count
            let i = count == 0 ? 0 : Int.random(in: 0..<count, using: &random)
            let j = count == 0 ? 0 : Int.random(in: i..<count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: if count > 0 { characters.removeSubrange(i...j) }
            case 1: if count > 0 { characters.insert(contentsOf: characters[i...j], at: j) }
            case 2: characters.insert(contentsOf: Array(fragment(2)), at: i)
            default: if count > 1 { characters.swapAt(i, j) }
            }
        }
        return String(characters)
    }
}

@Suite("Fuzzing")
struct FuzzTests {
    /// Templates that tried to hang or exhaust the engine once.
    static let hostile = [
        "#set($s = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')$s.matches('(a+)+b')",
        "#set($s = 'x')#foreach($i in [1..1000])#set($s = \"$s$s\")#end$s",
        "#macro(r $i)#r($i)#end#r(1)",
        "#define($b)$b$b#end$b",
        "#foreach($a in [1..1000])#foreach($b in [1..1000])$a#end#end",
        "#set($l = [])#foreach($i in [1..1000])#set($ok = $l.add($l))#end$l",
        String(repeating: "#if(true)", count: 300),
        String(repeating: "[", count: 300),
        String(repeating: "\"", count: 301),
        "$util.parseJson('" + String(repeating: "[", count: 5000) + "')",
    ]

    /// Small limits keep 2,000 renderings quick; the defaults are tested in ErrorTests.
    static var limits: VelocityLimits {
        var limits = VelocityLimits()
        limits.outputBytes = 64 * 1024
        limits.totalIterations = 5_000
        limits.rangeSize = 2_000
        return limits
    }

    static let environments: [VelocityEnvironment] = [
        VelocityEnvironment(variables: differentialVariables),
        .apiGateway(
            body: #"{"items":[{"id":1,"name":"a"},{"id":2}],"s":"x\"y"}"#, pathParameters: [("id", "7")],
            queryParameters: [("q", "1")], headers: [("Accept", "*/*")],
            context: .map(OrderedMap([("requestId", .string("r"))])), stageVariables: [("name", "dev")]),
    ]

    @Test("2,000 generated and mutated templates parse and render without crashing, hanging or passing a limit")
    func fuzz() {
        var fuzzer = TemplateFuzzer(random: SeededGenerator(state: 0x5EED_F00D))
        let seeds = Self.hostile + differentialCorpus.map(\.template)
        let clock = ContinuousClock()
        var rendered = 0
        for index in 0..<2_000 {
            let source = index % 2 == 0 ? fuzzer.generate() : fuzzer.mutate(fuzzer.pick(seeds))
            let start = clock.now
            guard let template = try? VelocityTemplate(source: source, limits: Self.limits) else { continue }
            for environment in Self.environments {
                if let rendering = try? template.render(environment) {
                    rendered += 1
                    #expect(rendering.output.utf8.count <= Self.limits.outputBytes, "case \(index): \(source.debugDescription)")
                }
            }
            let elapsed = clock.now - start
            #expect(elapsed < .seconds(2), "case \(index) took \(elapsed): \(source.debugDescription)")
        }
        #expect(rendered > 500) // the generator mostly writes templates that render
    }

    @Test("every hostile template fails with a located error or renders within the limits, quickly")
    func hostileTemplates() {
        let clock = ContinuousClock()
        for source in Self.hostile {
            let start = clock.now
            do {
                let rendering = try VelocityTemplate(source: source, limits: Self.limits).render(Self.environments[0])
                #expect(rendering.output.utf8.count <= Self.limits.outputBytes)
            } catch {
                #expect(error.line >= 1 && error.column >= 1)
            }
            #expect(clock.now - start < .seconds(3), "\(source.prefix(60))")
        }
    }

    @Test("a regular expression that backtracks catastrophically fails instead of hanging")
    func regexGuard() {
        let source = "#set($s = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')\n$s.matches('(a+)+b')"
        #expect(failure(source) == VelocityError(
            message: "Regular expression took longer than 0.25 seconds to match (catastrophic backtracking?)", line: 2, column: 3))
        #expect(failure("$s.replaceAll('(a|aa)+$', 'x')", VelocityEnvironment(variables: ["s": .string(String(repeating: "a", count: 60) + "!")]))?.message
            .hasPrefix("Regular expression took longer") == true)
    }

    /// Inputs libFuzzer found (Fuzz/FuzzVelocity, `make fuzz`), kept as they crashed.
    @Test("found by libFuzzer: replace, replaceAll and replaceFirst with one or three arguments are no such method, not a crash")
    func replaceArity() throws {
        // The input as found: `'x'' ,y'` is one argument (a doubled quote in a single-quoted string).
        let found = try render("#set($s = 'x')$s.replace('x'' ,y') #set($q = \"it's\")$q.replace(\"'\", \"\\'\")\n")
        // (1.7 gobbles the space before a `#set`.)
        #expect(found == "$s.replace('x'' ,y')it\\'s\n")
        // Java's String has no replace(CharSequence) and no three-argument replaceAll: Velocity
        // 1.7 leaves the reference as written.
        #expect(try render("$a.replace('A')|$a.replaceAll('A', 'b', 'c')|$a.replaceFirst()") == "$a.replace('A')|$a.replaceAll('A', 'b', 'c')|$a.replaceFirst()")
    }
}
