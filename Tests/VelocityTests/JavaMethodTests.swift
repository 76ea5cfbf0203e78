import Testing
import Velocity

// Expected outputs were checked against Apache Velocity 1.7 (Debian package `velocity` 1.7-6).
@Suite("Java methods")
struct JavaMethodTests {
    @Test("string methods")
    func strings() throws {
        #expect(try render("$a.substring(0,1) $a.indexOf('z') $a.concat('b') $a.compareTo('B')") == "A -1 Ab -1")
        #expect(try render("#set($s = 'Hello')$s.matches('H.*') $s.matches('ell') $s.startsWith('He') $s.endsWith('lo') $s.trim() $s.charAt(1)") == "true false true true Hello e")
        #expect(try render("#set($s = '  pad  ')[$s.trim()] $s.length() $s.isEmpty() $empty.isEmpty()") == "[pad] 7 false true")
        #expect(try render("#set($a2 = 'abc')$a2.toUpperCase().substring(1) $a2.contains('bc') $a2.equals('abc') $a2.lastIndexOf('c')") == "BC true true 2")
        #expect(try render("$a.equals('A') $a.matches('[A-Z]') $a.isEmpty() $a.contains('A') $a.indexOf('A') $a.startsWith('A')") == "true true false true 0 true")
    }

    @Test("replace is literal, replaceAll and replaceFirst take regular expressions")
    func replacing() throws {
        #expect(try render("#set($s = 'a1b22c')$s.replaceAll('[0-9]+', '-') $s.replaceFirst('\\d', 'X') $s.replaceAll('(\\d)', '<$1>')") == "a-b-c aXb22c a<1>b<2><2>c")
        #expect(try render("#set($s = 'a.b')$s.replace('.', '-') $s.replaceAll('.', '-')") == "a-b ---")
        #expect(try render("#set($q = \"it's\")$q.replace(\"'\", \"\\'\")") == "it\\'s")
    }

    @Test("split drops trailing empty strings as Java does")
    func split() throws {
        #expect(try render("#set($s = 'a,b,,c,,')$s.split(',').size() #foreach($p in $s.split(','))[$p]#end") == "4 [a][b][][c]")
        #expect(try render("#set($s = 'a.b.c')$s.split('\\.').size() $s.split('.').size()") == "3 0")
    }

    @Test("list methods, and add changes the list")
    func lists() throws {
        #expect(try render("#set($x = [1..3])$x.size() $x.contains(2) $x.isEmpty() $x.get(2) $x.indexOf(3)") == "3 true false 3 2")
        #expect(try render("#set($l = [])$l.add(1)$l.add('two')$l") == "truetrue[1, two]")
        #expect(try render("$list.add('w') $list") == "true [x, y, z, w]")
        #expect(try render("#if($list.empty)E#else NE#end $list.isEmpty()") == " NE false")
        #expect(try render("$list[-1] $list.get(0)$list.get(1)") == "z xy")
    }

    @Test("map methods, and put changes the map")
    func maps() throws {
        #expect(try render("$map.keySet().size() $map.containsKey('k') $map.size() $map.keySet() $map.values() $map.entrySet()") == "2 true 2 [k, n] [v, 1] [k=v, n=1]")
        #expect(try render("#set($x={})$x.put('a',1)$x") == "$x.put('a',1){a=1}")
        #expect(try render("#set($m = {})#set($m.x = 1)$m") == "{x=1}")
        #expect(try render("#set($m = {'a': {'b': []}})$m.a.b.add(1)$m") == "true{a={b=[1]}}")
    }

    @Test("number methods and toString")
    func numbers() throws {
        #expect(try render("$n.toString() #set($d=2.50)$d.intValue()") == "32")
    }

    @Test("an unknown method leaves the reference as written")
    func unknownMethod() throws {
        #expect(try render("$a.frobnicate() $a.length") == "$a.frobnicate() $a.length")
    }

    @Test("an out-of-range get is an error at the call")
    func outOfRange() {
        let error = failure("ab $list.get(9)")
        #expect(error == VelocityError(message: "Index 9 out of bounds for length 3", line: 1, column: 9))
    }
}
