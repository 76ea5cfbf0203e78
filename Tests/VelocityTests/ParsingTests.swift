import Testing
import Velocity

// Expected outputs were checked against Apache Velocity 1.7 (Debian package `velocity` 1.7-6).
@Suite("Lexing and parsing")
struct ParsingTests {
    @Test("directive edge cases of Velocity 1.7's lexer", arguments: [
        ("#foreach($i in [1..2])$i#break\n#end.", "1."),
        ("a#stop\n", "a"),
        ("#if(true)x#{end}\ny", "xy"),
        ("#if(false)x#{else}\ny#end", "y"),
        ("#if(true)\r\nx\r\n#end\r\ny", "x\r\ny"),
        ("#if(true)\tx#end", "\tx"),
        ("a ## end", "a "),
        ("#if(true)\n\t#set($x = 1)\n#end\ny", "y"),
        ("#foreach($i in $list)  \n$i\n#end", "x\ny\nz\n"),
        ("#if(true)#end\n\nz", "\nz"),
        ("#set($x = 1)#set($y = 2)\n$x$y", "12"),
        ("#if(true)\n#if(true)\nin\n#end\n#end\nout", "in\nout"),
        ("  #if(true)  \nx\n  #end  \ny", "  x\n  y"),
        ("#set($x=1)  ## comment\ny", "  y"),
        ("#[[raw]]#\nz", "raw\nz"),
        ("#* c *#  #set($x = 1)\nz", "z"),
        ("$a.substring(0,1)\n#set($x = 1)\nz", "A\nz"),
        ("#{set}($x = 1)$x", "1"),
        ("#set ($x = 1)$x", "1"),
        ("#set($x = 'a')#set($x = \"$x$x\")$x", "aa"),
        ("#if($a)\n  #if($n)\n    both\n  #end\n#end\n", "      both\n  "),
        ("#set($list2 = ['a', 'b'])#foreach($x in $list2)\n\"$x\"#if($foreach.hasNext),#end\n#end\n", "\"a\",\"b\""),
        ("#foreach($x in [1..3])#if($x == 2)#stop#end$x#end after", "1"),
    ])
    func lexerEdges(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test("unknown #words and a lone # are text")
    func unknownDirectives() throws {
        #expect(try render("a#b #foo(1) # #1 #{x}") == "a#b #foo(1) # #1 #{x}")
    }

    @Test("a directive inside a double-quoted string is evaluated")
    func directiveInString() throws {
        #expect(try render("#set($s = \"x#set($y = 2)$y\")$s") == "x2")
    }

    @Test("a template parses once and renders many times with different variables")
    func parseOnceRenderMany() throws {
        let template = try VelocityTemplate(source: "Hello $name!")
        #expect(try template.render(VelocityEnvironment(variables: ["name": .string("Ann")])).output == "Hello Ann!")
        #expect(try template.render(VelocityEnvironment(variables: ["name": .int(7)])).output == "Hello 7!")
        #expect(try template.render(VelocityEnvironment()).output == "Hello $name!")
    }

    @Test("renderings do not leak variables into each other")
    func isolation() throws {
        let template = try VelocityTemplate(source: "$!x#set($x = 'set')")
        #expect(try template.render(VelocityEnvironment()).output == "")
        #expect(try template.render(VelocityEnvironment()).output == "")
    }

    @Test("a template renders concurrently from many tasks")
    func concurrent() async throws {
        let template = try VelocityTemplate(source: "#foreach($i in [1..3])$i#end-$input.params('id')")
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<16 {
                group.addTask { try template.render(request(path: [("id", "\(i)")])).output }
            }
            var all: [String] = []
            for try await output in group { all.append(output) }
            return all.sorted()
        }
        #expect(outputs == (0..<16).map { "123-\($0)" }.sorted())
    }

    @Test("errors inside a double-quoted string point into the string")
    func errorInString() {
        #expect(failure("#set($s = \"a #if(true)\")") == VelocityError(message: "#if has no matching #end", line: 1, column: 14))
    }

    @Test("columns count UTF-8 bytes, lines count newlines")
    func positions() {
        #expect(failure("é\r\n\n  #end") == VelocityError(message: "#end without a matching #if or #foreach", line: 3, column: 3))
        #expect(failure("éé #end") == VelocityError(message: "#end without a matching #if or #foreach", line: 1, column: 6))
    }
}

// Found by comparing randomly generated templates with Apache Velocity 1.7's output.
@Suite("Velocity 1.7 lexer quirks")
struct LexerQuirkTests {
    @Test("a $ written directly before a directive or block comment is dropped", arguments: [
        ("a$#if(true)x#end", "ax"),
        ("a$!#* c *#b", "ab"),
        ("a$$#if(true)z#end", "az"),
        ("#if(true)a$#else b#end", "a"),
        ("a$#b", "a$#b"),
        ("a$## c\nb", "a$b"),
        ("a$ #if(true)x#end", "a$ x"),
    ])
    func dollarBeforeDirective(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test("an escaped directive is a token: #set after it eats the whitespace between")
    func escapedDirectiveToken() throws {
        #expect(try render("a\\#if\t#set($x = 1)$x") == "a#if1")
        #expect(try render("a#\\#end") == "a#end")
    }

    @Test("a keyword followed by a digit or underscore is not a directive")
    func keywordBoundary() {
        #expect(failure("#if(true)a#end5") == VelocityError(message: "#if has no matching #end", line: 1, column: 1))
    }

    @Test("a trailing $ or # is a syntax error, as in Velocity 1.7", arguments: [
        ("a$", 3), ("a$!", 4), ("a#", 3),
    ])
    func trailingMarker(source: String, column: Int) {
        #expect(failure(source)?.column == column)
        #expect(failure(source)?.line == 1)
    }

    @Test("an index after a reference must be complete")
    func indexErrors() {
        #expect(failure("$a[]") == VelocityError(message: "Expected an index inside '[ ]'", line: 1, column: 4))
        #expect(failure("x $a[1") == VelocityError(message: "Expected ']' to close the index", line: 1, column: 7))
        #expect(failure("${a") == VelocityError(message: "Expected '}' to close '${'", line: 1, column: 4))
    }

    @Test("a lone ${ or $!{ is text")
    func loneBraces() throws {
        #expect(try render("a${ b$!{ #{x") == "a${ b$!{ #{x")
    }
}

@Suite("Escaped #set")
struct EscapedSetTests {
    @Test("backslashes before #set print as written when even, halved when odd", arguments: [
        (##"a\\#set($x = 1)$x"##, ##"a\\1"##),
        (##"a\\\#set($x = 1)$x"##, ##"a\#set($x = 1)$x"##),
        (##"a\\#if(true)y#end"##, ##"a\y"##),
    ])
    func backslashes(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }
}
