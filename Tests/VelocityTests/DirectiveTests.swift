import Testing
import Velocity

// Expected outputs were checked against Apache Velocity 1.7 (Debian package `velocity` 1.7-6).
@Suite("Directives and whitespace")
struct DirectiveTests {
    @Test("#if, #elseif and #else pick one branch")
    func conditionals() throws {
        #expect(try render("#if($n == 1)one#elseif($n == 3)three#else other#end") == "three")
        #expect(try render("#if(false)a#else b#end") == " b")
        #expect(try render("#{if}(true)a#{else}b#{end}") == "a")
        #expect(try render("#if(true)a#{else}b#end") == "a")
    }

    @Test("#elseb is text, not #else")
    func elseNeedsWordBoundary() throws {
        #expect(try render("#if(true)a#elseb#end") == "a#elseb")
    }

    @Test("a directive line's newline is eaten, not its indentation", arguments: [
        ("#if(true)\na\n#else\nb\n#end\nc", "a\nc"),
        ("#if(false)\na\n#else\nb\n#end\nc", "b\nc"),
        ("  #if(true)\n  a\n  #end\nb\n", "    a\n  b\n"),
        ("#if(false)\na\n  #else  \nb\n  #end  \nc", "b\n  c"),
        ("#if(true) x #end y", " x  y"),
        ("#if (true)\na#end", "a"),
        ("#foreach($i in $list)\n  $i\n#end\n", "  x\n  y\n  z\n"),
        ("#foreach($i in [1..2])\n  #if($i == 1)\n    one\n  #else\n    other\n  #end\n#end\n", "      one\n        other\n  "),
    ])
    func directiveLines(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test("#set eats its indentation and newline when nothing else precedes it", arguments: [
        ("  #set($x = 1)\nv$x\n", "v1\n"),
        ("#set( $x = 1 )  \nv", "v"),
        ("#set($x = 1) \r\nb", "b"),
        ("#set($x = 1)   x\nv", "   x\nv"),
        ("x #set($x = 1)\nv", "x v"),
        ("a\n  #set($x=1)\nb", "a\n  b"),
        ("$a  #set($x=1)b", "Ab"),
        ("#if(true)\n  #set($x=1)\nb#end", "b"),
        ("#set($x=1)\n\n#set($y=2)\nb", "\nb"),
    ])
    func setWhitespace(source: String, expected: String) throws {
        #expect(try render(source) == expected)
    }

    @Test("comments: ## eats its newline, #* *# does not")
    func comments() throws {
        #expect(try render("a ## comment\nb") == "a b")
        #expect(try render("  ## c\nb") == "  b")
        #expect(try render("a #* c *#\nb") == "a \nb")
        #expect(try render("#** doc *#x") == "x")
    }

    @Test("#[[ ]]# content is not parsed")
    func unparsed() throws {
        #expect(try render("#[[ $a #if ]]#\nz") == " $a #if \nz")
    }

    @Test("#foreach exposes $foreach and $velocityCount")
    func loopVariables() throws {
        #expect(try render("#foreach($i in $list)$velocityCount $foreach.index $foreach.count $velocityHasNext;#end") == "1 0 1 true;2 1 2 true;3 2 3 false;")
        #expect(try render("#foreach($i in $list)$i#if($foreach.hasNext),#end#end") == "x,y,z")
        #expect(try render("#foreach($i in [1..2])#foreach($j in [1..2])$foreach.parent.count$foreach.count #end#end") == "11 12 21 22 ")
        #expect(try render("$foreach.index") == "$foreach.index")
    }

    @Test("#foreach over a map visits its values; entrySet gives key and value")
    func mapLoops() throws {
        #expect(try render("#foreach($x in $map)$x,#end") == "v,1,")
        #expect(try render("#foreach($x in $map.entrySet())$x.key=$x.value,#end") == "k=v,n=1,")
    }

    @Test("#foreach over nothing renders nothing and restores the loop variable")
    func emptyLoop() throws {
        #expect(try render("#foreach($i in $nope)x#end.") == ".")
        #expect(try render("#set($i = 'before')#foreach($i in [1..2])$i#end $i") == "12 before")
    }

    @Test("#break leaves the loop, #stop ends the template")
    func breakAndStop() throws {
        #expect(try render("#foreach($i in [1..3])$i#if($i == 2)#break#end#end") == "12")
        #expect(try render("a#stop after") == "a")
    }

    @Test("#set with a null value leaves the variable unchanged")
    func setNull() throws {
        #expect(try render("#set($x = $nope)$x\n#set($y = 1)#set($y = $nope)$y") == "$x\n1")
    }

    @Test("#set into a map property")
    func setProperty() throws {
        #expect(try render("#set( $map.k = 'w' )$map.k") == "w")
    }

    @Test("a loop accumulates with #set")
    func accumulate() throws {
        #expect(try render("#set($i = 0)#foreach($x in [1..5])#set($i = $i + $x)#end$i") == "15")
    }
}

// Expected outputs were checked against Apache Velocity 1.7 (Debian package `velocity` 1.7-6).
@Suite("#define")
struct DefineTests {
    @Test("a #define block renders where it is referenced, in the context of that moment")
    func lateBinding() throws {
        #expect(try render("#define($b)x$a#end[$b][$!b]#set($a = 'Z')[$b] $b.length()") == "[xA][xA][xZ] $b.length()")
    }

    @Test("a block that refers to itself prints the reference as written")
    func selfReference() throws {
        #expect(try render("#define($b)$b#end$b") == "$b")
    }

    @Test("a block is defined only from its #define on, and is true in #if")
    func order() throws {
        #expect(try render("#set($s = \"<$blk>\")#define($blk)B#end$s #set($t = \"<$blk>\")$t") == "<$blk><B>")
        #expect(try render("#define($b) x #end#if($b)yes#end") == "yes")
    }

    @Test("the loop block of a widely used mapping template renders a map as JSON")
    func loopBlock() throws {
        let source = """
            #define( $loop )
              {#foreach($key in $map.keySet())"$key": "$map.get($key)"#if($foreach.hasNext), #end#end}
            #end
            {
              "m": $loop
            }
            """
        #expect(try render(source) == "{\n  \"m\":   {\"k\": \"v\", \"n\": \"1\"}\n\n}")
    }

    @Test("#define needs a reference and an #end")
    func errors() {
        #expect(failure("#define(x)a#end") == VelocityError(message: "Expected a reference such as $name in #define", line: 1, column: 9))
        #expect(failure("#define($x)a") == VelocityError(message: "#define has no matching #end", line: 1, column: 1))
    }
}

// Expected outputs were checked against Apache Velocity 1.7 (Debian package `velocity` 1.7-6);
// the differential corpus (scripts/velocity/corpus/50-macros.vtl) holds many more.
@Suite("#macro")
struct MacroTests {
    @Test("a macro takes arguments separated by spaces or commas, and may be called before it is defined")
    func arguments() throws {
        #expect(try render("#m(1)#macro(m $x $y)[$x|$y]#end#m('a' 'b')#m($a, $n)#{m}(1 2)") == "[1|$y][a|b][A|3][1|2]")
    }

    @Test("arguments are passed by name: evaluated each time the parameter is used")
    func callByName() throws {
        #expect(try render("#macro(m $x)$x $x#end#set($l = [])#m($l.add(1))$l") == "true true[1, 1]")
        #expect(try render("#macro(m $x)#set($i = 9)$x#end#set($i = 5)#m($i)") == "9")
    }

    @Test("an undefined argument prints as the caller wrote it")
    func undefinedArgument() throws {
        #expect(try render("#macro(m $x)[$x][$!x]#end#m($nope)#m()") == "[$nope][][$x][]")
    }

    @Test("#set on a parameter is local; #set on other variables is global")
    func scope() throws {
        #expect(try render("#macro(m $x)#set($x = 5)#set($g = 'G')$x#end#set($v = 1)#m($v)$v$g") == "51G")
    }

    @Test("a macro line vanishes like any directive line")
    func whitespace() throws {
        #expect(try render("#macro(m $x)\n  line $x\n#end\n#m(1)\n#m(2)\nend") == "  line 1\n  line 2\nend")
    }

    @Test("a block macro call passes its body as $bodyContent")
    func blockCall() throws {
        #expect(try render("#macro(m)<$bodyContent>#end#@m()body $a#end") == "<body A>")
        #expect(try render("#@nomacro()body#end") == "#@nomacro()body#end")
    }

    @Test("recursion deeper than 20 calls is an error at the call")
    func depthLimit() {
        // Velocity 1.7's velocimacro.max.depth default is 20.
        let source = "#macro(r $i)#set($j = $i + 1)#r($j)#end\n#r(0)"
        #expect(failure(source) == VelocityError(message: "Macro #r called more than 20 levels deep", line: 1, column: 30))
    }
}
