import Testing
import Velocity

@Suite("Syntax errors and limits")
struct ErrorTests {
    @Test("syntax errors are located by line and column", arguments: [
        ("#if(true)\nx", "#if has no matching #end", 1, 1),
        ("a\n  #end", "#end without a matching #if or #foreach", 2, 3),
        ("#else", "#else without a matching #if", 1, 1),
        ("#elseif(true)", "#elseif without a matching #if", 1, 1),
        ("#set($x = )", "Expected a value before ')'", 1, 11),
        ("#set(x = 1)", "Expected a reference to assign in #set", 1, 6),
        ("#set($x 1)", "Expected '=' in #set", 1, 9),
        ("#foreach($i of $list)#end", "Expected 'in' in #foreach", 1, 13),
        ("#foreach($i in $list)\nx", "#foreach has no matching #end", 1, 1),
        ("#if true", "Expected '(' after #if", 1, 5),
        ("line\n#if($a == )#end", "Expected a value before ')'", 2, 11),
        ("$a.b(1,", "Unexpected end of template: expected a value", 1, 8),
        ("$a.b(1 2)", "Expected ',' or ')' in method call", 1, 8),
        ("#* open", "Unterminated comment: #* needs a closing *#", 1, 1),
        ("#[[ open", "Unterminated unparsed block: #[[ needs a closing ]]#", 1, 1),
        ("#set($x = 'open)", "Unterminated string literal", 1, 11),
        ("#macro(m)x", "#macro has no matching #end", 1, 1),
        ("#macro()#end", "Expected a macro name as the first argument of #macro", 1, 8),
        ("#macro(m)#end#m(1", "Unexpected end of template in #m", 1, 18),
        ("#include('x')", "#include is not supported in API Gateway mapping templates", 1, 1),
        ("#if(true)a#else b#else c#end", "#else must be the last branch of #if", 1, 18),
    ])
    func syntaxErrors(source: String, message: String, line: Int, column: Int) {
        #expect(failure(source) == VelocityError(message: message, line: line, column: column))
    }

    @Test("a #foreach of more than 1000 iterations is an error")
    func foreachLimit() throws {
        // API Gateway caps a #foreach at 1000 iterations (DG: limits).
        #expect(failure("x\n#foreach($i in [1..1001])#end") == VelocityError(message: "#foreach exceeded the limit of 1000 iterations", line: 2, column: 1))
        #expect(try render("#set($c = 0)#foreach($i in [1..1000])#set($c = $c + 1)#end$c") == "1000")
        #expect(try render("#foreach($i in [1..5000])#if($i == 3)#break#end$i#end") == "12")
    }

    @Test("nested loops are bounded in total")
    func totalIterations() {
        let source = "#foreach($a in [1..1000])#foreach($b in [1..1000])#end#end"
        #expect(failure(source)?.message == "Loops exceeded the limit of 100000 iterations in one rendering")
    }

    @Test("ranges are bounded")
    func rangeLimit() {
        #expect(failure("#set($r = [1..100000])") == VelocityError(message: "Range of 100000 elements exceeds the limit of 10000", line: 1, column: 11))
    }

    @Test("output that doubles each pass hits the size limit instead of exhausting memory")
    func outputLimit() {
        let source = "#set($s = 'xxxxxxxxxxxxxxxx')#foreach($i in [1..40])#set($s = \"$s$s\")#end$s"
        #expect(failure(source)?.message.contains("exceeds 10485760 bytes") == true)
    }

    @Test("deep nesting is refused at parse time, not by the stack")
    func nestingLimit() {
        let source = String(repeating: "#if(true)", count: 150) + String(repeating: "#end", count: 150)
        #expect(failure(source)?.message == "Template nested more than 100 levels deep")
        let parens = "#set($x = " + String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500) + ")"
        #expect(failure(parens)?.message == "Template nested more than 100 levels deep")
    }

    @Test("deeply nested JSON is refused")
    func jsonDepth() {
        let body = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(failure("$input.path('$')", request(body: body))?.message == "The request body is not valid JSON: JSON nested too deeply")
    }

    @Test("an error converts into a diagnostic in the embedding file")
    func diagnostic() {
        let error = VelocityError(message: "boom", line: 2, column: 3)
        let diagnostic = error.diagnostic(embeddedAt: .init(file: "api.yaml", line: 10, column: 7))
        #expect(diagnostic.description == "api.yaml:11:3: error: boom [velocity.error]")
    }
}

@Suite("Hostile values")
struct HostileValueTests {
    @Test("a list wrapped in itself past the depth limit fails to print instead of overflowing the stack")
    func deepValue() {
        let source = "#set($l = [])#foreach($i in [1..700])#set($l = [$l])#end\n$l"
        #expect(failure(source) == VelocityError(message: "Value nested more than 600 levels deep", line: 2, column: 1))
    }

    @Test("range bounds that overflow are refused")
    func rangeOverflow() {
        #expect(failure("#set($r = [-9223372036854775807..9223372036854775807])")?.message == "Range of too many elements exceeds the limit of 10000")
    }

    @Test("a list cannot grow past the element budget through addAll")
    func listGrowth() {
        let source = "#set($l = [1..1000])#set($all = [])#foreach($i in [1..200])#if($all.addAll($l))#end#end"
        #expect(failure(source)?.message == "List exceeds 100000 elements")
    }

    @Test("a missing path assigned with #set still equals null and renders empty")
    func missingPathVariable() throws {
        let template = "#set($x = $input.path('$.none'))[$x]#if($x == $null) null#end#if(!$x) falsy#end"
        #expect(try map(template, request(body: "{}")) == "[] null falsy") // a missing path, as recorded on AWS: LocalStack test_apigateway_common.snapshot.json, test_input_path_template_formatting
    }
}

@Suite("Mutation in place")
struct MutationTests {
    @Test("growing a list with add in nested loops stays linear")
    func linearGrowth() throws {
        let source = "#set($l = [])#foreach($a in [1..90])#foreach($b in [1..1000])#if($l.add($b))#end#end#end$l.size()"
        #expect(try render(source) == "90000")
    }

    @Test("nested containers change in place through properties, indexes and get")
    func nestedPaths() throws {
        let source = "#set($m = {'a': [{'b': []}]})#if($m.a[0].b.add(1))#end#if($m.get('a').get(0).b.add(2))#end#set($m.a[0].c = 3)$m"
        #expect(try render(source) == "{a=[{b=[1, 2], c=3}]}")
    }

    @Test("adding to a value that is not a variable changes a temporary copy")
    func temporary() throws {
        #expect(try map("#set($t = '[1]')$util.parseJson($t).add(2) $t", request()) == "true [1]")
    }
}
