import Testing
import Velocity

// Expected outputs were checked against Apache Velocity 1.7 (Debian package `velocity` 1.7-6).
@Suite("References")
struct ReferenceTests {
    @Test("plain text passes through byte for byte")
    func plainText() throws {
        let text = "{\n  \"a\": [1, 2],\t'q' ~ é 🚀 \r\n}"
        #expect(try render(text) == text)
    }

    @Test("simple, braced and quiet references render their values")
    func simpleForms() throws {
        #expect(try render("$a ${a}bc $!a $!{a}") == "A Abc A A")
    }

    @Test("undefined references render as written; quiet ones render nothing")
    func undefined() throws {
        #expect(try render("$nope ${nope} $!nope $!{nope}|") == "$nope ${nope}  |")
        #expect(try render("$nope.foo $nope.foo() $a.nope $a.nope()") == "$nope.foo $nope.foo() $a.nope $a.nope()")
        #expect(try render("$!nope.foo x") == " x")
    }

    @Test("identifiers may contain hyphens as in Velocity 1.7")
    func hyphenatedIdentifiers() throws {
        #expect(try render("$a-b $a- $a_b") == "$a-b $a- $a_b")
    }

    @Test("a dollar or dot that starts no reference is text")
    func strayDollar() throws {
        #expect(try render("$a$a $a.$a $a..x $a. 5$ $ 1") == "AA A.A A..x A. 5$ $ 1")
    }

    @Test("properties, methods and indexes chain")
    func chains() throws {
        #expect(try render("$map $list $map.k $map.get('n') $list[1] $map['k']") == "{k=v, n=1} [x, y, z] v 1 y v")
        #expect(try render("$a.length() $a.toLowerCase() ${a.toLowerCase()}x") == "1 a ax")
    }

    @Test("escaped references print literally when defined and keep the backslash when not")
    func escapedReferences() throws {
        #expect(try render(#"\$a \$nope \\$a \\$nope \\\$a \\\$nope"#) == #"$a \$nope \A \\$nope \$a \\$nope"#)
        #expect(try render(#"\$!a \$!nope"#) == #"$!a \$!nope"#)
    }

    @Test("escaped directives print as text")
    func escapedDirectives() throws {
        #expect(try render(##"\#if(true) x \#end \#foo \\#if(true)y#end"##) == ##"#if(true) x #end \#foo \y"##)
    }

    @Test("a backslash before other text is kept")
    func plainBackslash() throws {
        #expect(try render(#"a\b \\ \n"#) == #"a\b \\ \n"#)
    }
}

@Suite("Undefined references")
struct UndefinedReferenceTests {
    @Test("API Gateway renders undefined and null references as empty text")
    func gatewayRendersEmpty() throws {
        // API Gateway prints null objects as empty strings (toqoz/api-gateway-mapping-template
        // issue #5 and PR #4); a missing $input.path renders empty (recorded AWS response: LocalStack
        // tests/aws/services/apigateway/test_apigateway_common.snapshot.json, test_input_path_template_formatting).
        let environment = request(body: #"{"a":1,"n":null}"#)
        #expect(try map(#"{"x":"$input.path('$').item2","y":"$nope.z","n":"$input.path('$.n')","a":$input.path('$.a')}"#, environment) == #"{"x":"","y":"","n":"","a":1}"#)
    }

    @Test("plain Velocity prints undefined references as written, as Velocity 1.7 does")
    func literalInPlainVelocity() throws {
        #expect(try render(#"{"x":"$nope.item2"}"#) == #"{"x":"$nope.item2"}"#)
    }

    @Test("an API Gateway environment can opt back into Velocity 1.7's literal references")
    func optOut() throws {
        var environment = request(body: #"{"a":1}"#)
        environment.undefinedReferencesRenderEmpty = false
        #expect(try map(#"{"x":"$input.path('$').item2"}"#, environment) == #"{"x":"$input.path('$').item2"}"#)
    }
}
