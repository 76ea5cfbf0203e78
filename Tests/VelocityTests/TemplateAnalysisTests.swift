import Testing
import Velocity

/// What a template tells its caller at parse time, so the caller can prepare less: the
/// `$context` entries it reads, and the output of a template that is text only.
@Suite("Template analysis")
struct TemplateAnalysisTests {
    /// A `$context` like the gateway's, with a nested map.
    static let context = OrderedMap([
        ("accountId", .string("123456789012")), ("path", .string("/prod/items/42")),
        ("identity", .map(OrderedMap([("sourceIp", .string("203.0.113.9")), ("user", .null)]))),
        ("requestId", .string("41408e55")), ("stage", .string("prod")),
        ("responseOverride", .map(OrderedMap([("header", .map(OrderedMap()))]))),
    ])

    static func environment(_ context: OrderedMap) -> VelocityEnvironment {
        .apiGateway(body: "", parameters: InputParameters(), context: .map(context), stageVariables: .map(OrderedMap()))
    }

    @Test("templates that read $context entries by name list those names", arguments: [
        ("$context.stage $context.requestId", ["stage", "requestId"]),
        ("$context.identity.sourceIp", ["identity"]),
        ("#if($context.stage == 'prod')live#end", ["stage"]),
        ("#set($where = \"at $context.path\")$where", ["path"]),
        ("\\$context.stage", ["stage"]),
        ("$!{context.requestId}", ["requestId"]),
        ("#macro(show $x)[$x]#end#show($context.stage)", ["stage"]),
        ("$context.stage.length() $context.missing", ["stage", "missing"]),
        ("$input.params('id') has no context", []),
    ])
    func namesRead(source: String, names: [String]) throws {
        let template = try VelocityTemplate(source: source)
        #expect(template.contextNamesRead == Set(names))
        // Given only those entries, the template renders as with the whole map.
        let pruned = OrderedMap(Self.context.entries.filter { names.contains($0.key) }.map { ($0.key, $0.value) })
        #expect(try template.render(Self.environment(pruned)).output == template.render(Self.environment(Self.context)).output)
    }

    @Test("templates that use $context any other way need all of it", arguments: [
        "$context",
        "#if($context)x#end",
        "$context.keySet()",
        "$context['stage']",
        "#set($c = $context)$c.stage",
        "#set($context.responseOverride.status = 404)",
        "$context.responseOverride.header.put('X-A', 'b')",
        "#foreach($context in [1, 2])$context#end",
        "#macro(show $x)$x.stage#end#show($context)",
        "#set($s = \"$context\")$s",
    ])
    func wholeContext(source: String) throws {
        #expect(try VelocityTemplate(source: source).contextNamesRead == nil)
    }

    @Test("a template of text only has a constant output, what any rendering writes", arguments: [
        (#"{"statusCode": 200}"#, #"{"statusCode": 200}"#),
        ("a ## a comment\nb", "a b"),
        ("#* a block comment *#c\n", "c\n"),
        ("", ""),
    ])
    func constantOutput(source: String, output: String) throws {
        let template = try VelocityTemplate(source: source)
        #expect(template.constantOutput == output)
        #expect(try template.render(VelocityEnvironment()).output == output)
    }

    @Test("a template with a reference or a directive has no constant output", arguments: [
        "$a", "#if(true)x#end", "#set($x = 1)", "x $!y",
    ])
    func notConstant(source: String) throws {
        #expect(try VelocityTemplate(source: source).constantOutput == nil)
    }
}

/// `$input`'s parameters read from the caller's own lists give what maps of them give.
@Suite("Parameter lists")
struct ParameterListTests {
    static let path = [(name: "id", value: "1"), (name: "id", value: "2")]
    static let query = [(name: "page", value: "3"), (name: "id", value: "q"), (name: "page", value: "4")]
    static let headers = [(name: "X-A", value: "1"), (name: "x-a", value: "2"), (name: "X-A", value: "3"), (name: "Accept", value: "*/*")]

    static let lists = VelocityEnvironment.apiGateway(
        body: "", parameters: InputParameters(path: NamedTexts(path), querystring: NamedTexts(query), headers: NamedTexts(headers)),
        context: .map(OrderedMap()), stageVariables: .map(OrderedMap()))
    static let maps = request(path: path.map { ($0.name, $0.value) }, query: query.map { ($0.name, $0.value) },
                              headers: headers.map { ($0.name, $0.value) })

    @Test("a repeated name gives its last value; a header matches ignoring case after exact names", arguments: [
        ("$input.params('id')", "2"),
        ("$input.params('page')", "4"),
        ("$input.params('X-A') $input.params('x-a')", "3 2"),
        ("$input.params('x-A')", "3"),
        ("$input.params('accept')", "*/*"),
        ("[$input.params('none')]", "[]"),
        ("$input.params()", "{path={id=2}, querystring={page=4, id=q}, header={X-A=3, x-a=2, Accept=*/*}}"),
    ])
    func sameAsMaps(source: String, output: String) throws {
        #expect(try map(source, Self.lists) == output)
        #expect(try map(source, Self.maps) == output)
    }
}
