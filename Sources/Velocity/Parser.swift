/// Turns template text into `Node`s, following Velocity 1.7's lexical rules:
///
/// - A directive's closing `)` (of `#set`, `#if`, `#elseif`, `#foreach`) eats the spaces and
///   tabs after it when a newline follows, and that newline.
/// - `#else` and `#end` eat the same trailing whitespace and newline.
/// - `#set` also eats the spaces and tabs before it when nothing else stands between the
///   previous token (a reference, a directive, a comment, the template start) and it, so an
///   indented `#set` line on its own vanishes; indentation before other directives stays.
/// - `##` comments run through the end of the line, newline included.
struct TemplateParser {
    static let maximumNesting = 100

    private let bytes: [UInt8]
    private var pos = 0
    /// Added to local offsets so sub-parsers (string literals) report template offsets.
    private let baseOffset: Int
    private var nesting = 0
    var symbols: SymbolTable
    /// Set when a `#set` assigns into `$context` (request/response overrides).
    var setsContext = false
    /// The names of `$context.NAME…` references, and whether `$context` is used any other way.
    var contextUse = ContextUse()
    /// Bodies of `#define` directives and block macro calls, referenced by index.
    var blocks: [[Node]] = []
    /// Macros defined by `#macro`, first definition wins (Velocity 1.7's default).
    var macros: [String: Macro] = [:]
    /// Names of every `#macro` in the whole text, found before parsing so that a call may
    /// come before the definition, as in Velocity 1.7.
    var macroNames: Set<String> = []
    /// The text runs of all nodes, one after another (`TextSpan`s point into it).
    var text: [UInt8] = []
    static let maximumMacroDepth = 20

    init(bytes: [UInt8], baseOffset: Int = 0, symbols: SymbolTable) {
        self.bytes = bytes
        self.baseOffset = baseOffset
        self.symbols = symbols
        macroNames = Self.scanMacroNames(bytes)
    }

    /// The names after every `#macro(` / `#{macro}(` of the text (strings included).
    static func scanMacroNames(_ bytes: [UInt8]) -> Set<String> {
        var names: Set<String> = []
        let plain = Array("#macro".utf8), braced = Array("#{macro}".utf8)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "#") else { i += 1; continue }
            var j: Int
            if bytes[i...].starts(with: plain) { j = i + plain.count }
            else if bytes[i...].starts(with: braced) { j = i + braced.count }
            else { i += 1; continue }
            while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D { j += 1 }
            guard j < bytes.count, bytes[j] == UInt8(ascii: "(") else { i = j; continue }
            j += 1
            while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D { j += 1 }
            let start = j
            if j < bytes.count, isLetter(bytes[j]) {
                while j < bytes.count, isWordPart(bytes[j]) { j += 1 }
                names.insert(String(decoding: bytes[start..<j], as: UTF8.self))
            }
            i = j
        }
        return names
    }

    private enum Terminator {
        case endOfText
        case end(offset: Int)
        case elseBranch(offset: Int)
        case elseIf(Expression, offset: Int)
    }

    // MARK: Template level

    mutating func parseTemplate() throws(LocatedError) -> [Node] {
        let (nodes, terminator) = try parseBlock()
        switch terminator {
        case .endOfText: return nodes
        case .end(let offset): throw LocatedError(message: "#end without a matching #if or #foreach", offset: offset)
        case .elseBranch(let offset): throw LocatedError(message: "#else without a matching #if", offset: offset)
        case .elseIf(_, let offset): throw LocatedError(message: "#elseif without a matching #if", offset: offset)
        }
    }

    private func error(_ message: String, at local: Int) -> LocatedError {
        LocatedError(message: message, offset: baseOffset + local)
    }

    private func byte(at index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private static func isIdentifierStart(_ b: UInt8) -> Bool { isLetter(b) || b == UInt8(ascii: "_") }

    /// Velocity 1.7 identifiers may contain `-`.
    private static func isIdentifierPart(_ b: UInt8) -> Bool {
        isLetter(b) || isDigit(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    private static func isWordPart(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) || b == UInt8(ascii: "_") }

    private func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// Parses nodes up to `#end`, `#else`, `#elseif` or the end of the text.
    private mutating func parseBlock() throws(LocatedError) -> ([Node], Terminator) {
        var nodes: [Node] = []
        var pending: [UInt8] = []

        func flush(_ nodes: inout [Node], _ pending: inout [UInt8]) {
            guard !pending.isEmpty else { return }
            // Offsets past 4 GiB wrap; VelocityTemplate refuses such a template.
            nodes.append(.text(TextSpan(start: UInt32(truncatingIfNeeded: text.count), count: UInt32(truncatingIfNeeded: pending.count))))
            text.append(contentsOf: pending)
            pending.removeAll(keepingCapacity: true)
        }

        while pos < bytes.count {
            let b = bytes[pos]
            switch b {
            case UInt8(ascii: "$"):
                let start = pos
                if let reference = try parseReference() {
                    flush(&nodes, &pending)
                    nodes.append(.reference(reference))
                    if case .method? = reference.accessors.last, bytes[pos - 1] == UInt8(ascii: ")") {
                        skipWordAfterCall(into: &pending)
                    }
                } else if start + 1 == bytes.count || (start + 2 == bytes.count && bytes[start + 1] == UInt8(ascii: "!")) {
                    throw error("Unexpected end of template after '$'", at: bytes.count)
                } else if let quirk = dollarsBeforeDirective(at: start) {
                    switch quirk {
                    case .drop(let resume):
                        // Velocity 1.7's lexer drops `$` (or `$!`) written directly before
                        // #if, #set, #else, #elseif, #end and #*.
                        pos = resume
                    case .text(let end):
                        // … and turns other directives after it into text (`$#stop`).
                        pending.append(contentsOf: bytes[start..<end])
                        pos = end
                    case .unparsed(let contentStart, let close):
                        // … and prints `$#[[x]]#` as `[x`.
                        pending.append(UInt8(ascii: "["))
                        pending.append(contentsOf: bytes[contentStart..<close])
                        pos = close + 3
                    }
                } else if byte(at: start + 1) == UInt8(ascii: "!"), let after = byte(at: start + 2),
                          after != UInt8(ascii: "$"), after != UInt8(ascii: "{") {
                    // 1.7 prints `$!` that starts no reference as `$` (`$!1` → `$1`).
                    pos = start + 2
                    pending.append(b)
                } else {
                    pos = start + 1
                    pending.append(b)
                }
            case UInt8(ascii: "\\"):
                var run = pos
                while run < bytes.count, bytes[run] == UInt8(ascii: "\\") { run += 1 }
                let count = run - pos
                if byte(at: run) == UInt8(ascii: "$"), pos > 0,
                   bytes[pos - 1] == UInt8(ascii: "#") || bytes[pos - 1] == UInt8(ascii: "$") {
                    // 1.7: after a `#` or `$` that is text, backslashes escape nothing.
                    pending.append(contentsOf: bytes[pos..<run])
                    pos = run
                } else if byte(at: run) == UInt8(ascii: "$"), case .drop(let resume)? = dollarsBeforeDirective(at: run) {
                    // 1.7 drops `\$` written directly before #if, #set, #else, #elseif, #end.
                    pos = resume
                } else if byte(at: run) == UInt8(ascii: "$") {
                    let saved = pos
                    pos = run
                    if let reference = try parseReference() {
                        flush(&nodes, &pending)
                        nodes.append(.escapedReference(reference, escapes: count))
                    } else {
                        pos = saved
                        pending.append(contentsOf: bytes[saved..<run])
                        pos = run
                    }
                } else if byte(at: run) == UInt8(ascii: "#"), let word = directiveWord(at: run), Self.directiveNames.contains(word.name) {
                    // `\\#if` prints one backslash, but 1.7 prints `\\#set`'s backslashes as written.
                    let kept = word.name == "set" && count % 2 == 0 ? count : count / 2
                    pending.append(contentsOf: repeatElement(UInt8(ascii: "\\"), count: kept))
                    if count % 2 == 1 {
                        // An escaped directive prints as text (a token of its own, as far as
                        // #set's leading whitespace goes); what follows it is parsed as usual.
                        if pending.last == UInt8(ascii: "#") { pending.removeLast() } // 1.7 drops a `#` just before it
                        pending.append(contentsOf: bytes[run..<word.end])
                        flush(&nodes, &pending)
                        pos = word.end
                    } else {
                        pos = run
                        flush(&nodes, &pending)
                    }
                } else {
                    pending.append(contentsOf: bytes[pos..<run])
                    pos = run
                }
            case UInt8(ascii: "#"):
                let start = pos
                let next = byte(at: pos + 1)
                if next == nil {
                    throw error("Unexpected end of template after '#'", at: bytes.count)
                }
                if next == UInt8(ascii: "#") {
                    // Line comment, newline included.
                    flush(&nodes, &pending)
                    pos += 2
                    while pos < bytes.count, bytes[pos] != 0x0A, bytes[pos] != 0x0D { pos += 1 }
                    skipNewline()
                    continue
                }
                if next == UInt8(ascii: "*") {
                    flush(&nodes, &pending)
                    guard let close = find([UInt8(ascii: "*"), UInt8(ascii: "#")], from: pos + 2) else {
                        throw error("Unterminated comment: #* needs a closing *#", at: start)
                    }
                    pos = close + 2
                    continue
                }
                if next == UInt8(ascii: "["), byte(at: pos + 2) == UInt8(ascii: "[") {
                    guard let close = find([UInt8(ascii: "]"), UInt8(ascii: "]"), UInt8(ascii: "#")], from: pos + 3) else {
                        throw error("Unterminated unparsed block: #[[ needs a closing ]]#", at: start)
                    }
                    pending.append(contentsOf: bytes[(pos + 3)..<close])
                    pos = close + 3
                    continue
                }
                if next == UInt8(ascii: "@"), let word = directiveWord(at: pos + 1) {
                    // A block macro call; without such a macro, 1.7 prints it all as written.
                    flush(&nodes, &pending)
                    pos = word.end
                    nodes.append(try parseMacroCall(name: word.name, start: start, block: true))
                    continue
                }
                guard let word = directiveWord(at: pos) else {
                    pending.append(b)
                    pos += 1
                    continue
                }
                switch word.name {
                case "set":
                    if pending.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { pending.removeAll(keepingCapacity: true) }
                    flush(&nodes, &pending)
                    pos = word.end
                    nodes.append(try parseSet(start: start))
                case "if":
                    flush(&nodes, &pending)
                    pos = word.end
                    nodes.append(try parseIf(start: start))
                case "foreach":
                    flush(&nodes, &pending)
                    pos = word.end
                    nodes.append(try parseForeach(start: start))
                case "elseif":
                    flush(&nodes, &pending)
                    pos = word.end
                    let condition = try parseCondition(directive: "#elseif", start: start)
                    return (nodes, .elseIf(condition, offset: baseOffset + start))
                case "else":
                    flush(&nodes, &pending)
                    pos = word.end
                    eatTrailingNewline()
                    return (nodes, .elseBranch(offset: baseOffset + start))
                case "end":
                    flush(&nodes, &pending)
                    pos = word.end
                    eatTrailingNewline()
                    return (nodes, .end(offset: baseOffset + start))
                case "break":
                    flush(&nodes, &pending)
                    pos = word.end
                    nodes.append(.breakLoop)
                case "stop":
                    flush(&nodes, &pending)
                    pos = word.end
                    nodes.append(.stop)
                case "define":
                    flush(&nodes, &pending)
                    pos = word.end
                    nodes.append(try parseDefine(start: start))
                case "macro":
                    flush(&nodes, &pending)
                    pos = word.end
                    try parseMacro(start: start)
                case "include", "parse", "evaluate":
                    throw error("#\(word.name) is not supported in API Gateway mapping templates", at: start)
                default:
                    if macroNames.contains(word.name) {
                        flush(&nodes, &pending)
                        pos = word.end
                        nodes.append(try parseMacroCall(name: word.name, start: start, block: false))
                    } else if let paren = openParenAfterWord(word.end) {
                        // An unknown `#name(args)`: Velocity 1.7 parses the arguments and, finding
                        // no macro when rendering, prints the call as written.
                        pos = paren
                        _ = try parseMacroArguments(name: word.name)
                        pending.append(contentsOf: bytes[start..<pos])
                    } else {
                        pending.append(contentsOf: bytes[pos..<word.end])
                        pos = word.end
                    }
                }
            default:
                pending.append(b)
                pos += 1
            }
        }
        flush(&nodes, &pending)
        return (nodes, .endOfText)
    }

    /// What Velocity 1.7's lexer does with `$`, `$$`, `$!` … written directly before a `#`.
    private enum DollarBeforeHash {
        /// Drops the dollars: the directive at this position is parsed as usual.
        case drop(Int)
        /// The dollars and the directive word up to this position are text.
        case text(Int)
        /// `$#[[x]]#` prints `[x`: content start and the position of `]]#`.
        case unparsed(Int, Int)
    }

    private func dollarsBeforeDirective(at start: Int) -> DollarBeforeHash? {
        var k = start
        while k < bytes.count, bytes[k] == UInt8(ascii: "$") { k += 1 }
        if byte(at: k) == UInt8(ascii: "!") { k += 1 }
        guard byte(at: k) == UInt8(ascii: "#") else { return nil }
        if byte(at: k + 1) == UInt8(ascii: "*") { return .drop(k) }
        if byte(at: k + 1) == UInt8(ascii: "["), byte(at: k + 2) == UInt8(ascii: "["),
           let close = find([UInt8(ascii: "]"), UInt8(ascii: "]"), UInt8(ascii: "#")], from: k + 3) {
            return .unparsed(k + 3, close)
        }
        guard let word = directiveWord(at: k) else { return nil }
        switch word.name {
        case "if", "set", "else", "elseif", "end": return .drop(k)
        default:
            return Self.directiveNames.contains(word.name) || macroNames.contains(word.name) ? .text(word.end) : nil
        }
    }

    /// Velocity 1.7's lexer quirk after a reference that ends with a method call: in
    /// `$a.m()x.y.z` the word `x` is text and `.y.z` vanishes.
    private mutating func skipWordAfterCall(into pending: inout [UInt8]) {
        guard let first = byte(at: pos), Self.isIdentifierStart(first) else { return }
        var i = pos
        while i < bytes.count, Self.isIdentifierPart(bytes[i]) { i += 1 }
        let wordEnd = i
        var sawDot = false
        while byte(at: i) == UInt8(ascii: "."), let next = byte(at: i + 1), Self.isIdentifierStart(next) {
            sawDot = true
            i += 1
            while i < bytes.count, Self.isIdentifierPart(bytes[i]) { i += 1 }
        }
        guard sawDot else { return }
        pending.append(contentsOf: bytes[pos..<wordEnd])
        pos = i
    }

    private static let directiveNames: Set<String> = ["set", "if", "elseif", "else", "end", "foreach", "break", "stop", "macro", "include", "parse", "evaluate", "define"]

    /// `#word` or `#{word}` at `start` (which holds `#`). For unbraced words, `else`/`end`/… must
    /// not run on into more letters (`#elseb` is text).
    private func directiveWord(at start: Int) -> (name: String, end: Int)? {
        var i = start + 1
        let braced = byte(at: i) == UInt8(ascii: "{")
        if braced { i += 1 }
        let wordStart = i
        while i < bytes.count, Self.isWordPart(bytes[i]) { i += 1 }
        guard i > wordStart, Self.isLetter(bytes[wordStart]) else { return nil }
        let name = text(wordStart..<i)
        if braced {
            guard byte(at: i) == UInt8(ascii: "}") else { return nil }
            i += 1
        }
        return (name, i)
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard needle.count > 0, bytes.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] {
                var matched = true
                for j in 1..<needle.count where bytes[i + j] != needle[j] { matched = false; break }
                if matched { return i }
            }
            i += 1
        }
        return nil
    }

    private mutating func skipNewline() {
        if byte(at: pos) == 0x0D { pos += 1; if byte(at: pos) == 0x0A { pos += 1 } }
        else if byte(at: pos) == 0x0A { pos += 1 }
    }

    /// Spaces and tabs then a newline are eaten; spaces alone are kept.
    private mutating func eatTrailingNewline() {
        var i = pos
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        if i < bytes.count, bytes[i] == 0x0A || bytes[i] == 0x0D {
            pos = i
            skipNewline()
        }
    }

    private mutating func enter(at local: Int) throws(LocatedError) {
        nesting += 1
        if nesting > Self.maximumNesting {
            throw error("Template nested more than \(Self.maximumNesting) levels deep", at: local)
        }
    }

    // MARK: Directives

    private mutating func expectOpenParen(directive: String, start: Int) throws(LocatedError) {
        while let b = byte(at: pos), b == 0x20 || b == 0x09 { pos += 1 }
        guard byte(at: pos) == UInt8(ascii: "(") else {
            throw error("Expected '(' after \(directive)", at: pos)
        }
        pos += 1
    }

    private mutating func expectCloseParen(directive: String) throws(LocatedError) {
        skipSpace()
        guard byte(at: pos) == UInt8(ascii: ")") else {
            throw error(pos < bytes.count ? "Expected ')' to close \(directive)" : "Unexpected end of template in \(directive)", at: pos)
        }
        pos += 1
        eatTrailingNewline()
    }

    private mutating func parseCondition(directive: String, start: Int) throws(LocatedError) -> Expression {
        try expectOpenParen(directive: directive, start: start)
        skipSpace()
        let condition = try parseExpression()
        try expectCloseParen(directive: directive)
        return condition
    }

    private mutating func parseSet(start: Int) throws(LocatedError) -> Node {
        try expectOpenParen(directive: "#set", start: start)
        skipSpace()
        guard byte(at: pos) == UInt8(ascii: "$"), let target = try parseReference() else {
            throw error("Expected a reference to assign in #set", at: pos)
        }
        skipSpace()
        guard byte(at: pos) == UInt8(ascii: "="), byte(at: pos + 1) != UInt8(ascii: "=") else {
            throw error("Expected '=' in #set", at: pos)
        }
        pos += 1
        skipSpace()
        if target.slot == SymbolTable.context { setsContext = true }
        let value = try parseExpression()
        try expectCloseParen(directive: "#set")
        return .set(target: target, value: value, offset: baseOffset + start)
    }

    private mutating func parseIf(start: Int) throws(LocatedError) -> Node {
        try enter(at: start)
        defer { nesting -= 1 }
        var condition = try parseCondition(directive: "#if", start: start)
        var branches: [Branch] = []
        while true {
            let (body, terminator) = try parseBlock()
            branches.append(Branch(condition: condition, body: body))
            switch terminator {
            case .end:
                return .ifChain(IfChain(branches: branches, otherwise: nil))
            case .elseIf(let next, _):
                condition = next
            case .elseBranch:
                let (otherwise, last) = try parseBlock()
                switch last {
                case .end: return .ifChain(IfChain(branches: branches, otherwise: otherwise))
                case .endOfText: throw error("#if has no matching #end", at: start)
                case .elseBranch(let offset), .elseIf(_, let offset):
                    throw LocatedError(message: "#else must be the last branch of #if", offset: offset)
                }
            case .endOfText:
                throw error("#if has no matching #end", at: start)
            }
        }
    }

    private mutating func parseDefine(start: Int) throws(LocatedError) -> Node {
        try enter(at: start)
        defer { nesting -= 1 }
        try expectOpenParen(directive: "#define", start: start)
        skipSpace()
        guard byte(at: pos) == UInt8(ascii: "$"), let variable = try parseReference(), variable.accessors.isEmpty else {
            throw error("Expected a reference such as $name in #define", at: pos)
        }
        try expectCloseParen(directive: "#define")
        let (body, terminator) = try parseBlock()
        switch terminator {
        case .end:
            blocks.append(body)
            return .define(variable: variable.slot, block: blocks.count - 1)
        case .endOfText: throw error("#define has no matching #end", at: start)
        case .elseBranch(let offset): throw LocatedError(message: "#else without a matching #if", offset: offset)
        case .elseIf(_, let offset): throw LocatedError(message: "#elseif without a matching #if", offset: offset)
        }
    }

    private mutating func parseForeach(start: Int) throws(LocatedError) -> Node {
        try enter(at: start)
        defer { nesting -= 1 }
        try expectOpenParen(directive: "#foreach", start: start)
        skipSpace()
        guard byte(at: pos) == UInt8(ascii: "$"), let variable = try parseReference(), variable.accessors.isEmpty else {
            throw error("Expected a loop variable such as $item in #foreach", at: pos)
        }
        skipSpace()
        guard byte(at: pos) == UInt8(ascii: "i"), byte(at: pos + 1) == UInt8(ascii: "n"),
              let after = byte(at: pos + 2), !Self.isWordPart(after) else {
            throw error("Expected 'in' in #foreach", at: pos)
        }
        pos += 2
        skipSpace()
        let iterable = try parseExpression()
        try expectCloseParen(directive: "#foreach")
        let (body, terminator) = try parseBlock()
        switch terminator {
        case .end:
            return .foreach(Loop(variable: variable.slot, iterable: iterable, body: body, offset: baseOffset + start))
        case .endOfText: throw error("#foreach has no matching #end", at: start)
        case .elseBranch(let offset): throw LocatedError(message: "#else without a matching #if", offset: offset)
        case .elseIf(_, let offset): throw LocatedError(message: "#elseif without a matching #if", offset: offset)
        }
    }

    // MARK: Macros

    /// The position just after `(` when only whitespace stands between `end` and it.
    private func openParenAfterWord(_ end: Int) -> Int? {
        var k = end
        while let b = byte(at: k), b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { k += 1 }
        return byte(at: k) == UInt8(ascii: "(") ? k + 1 : nil
    }

    /// `#macro(name $a $b)body#end` (commas between parameters are allowed).
    private mutating func parseMacro(start: Int) throws(LocatedError) {
        try enter(at: start)
        defer { nesting -= 1 }
        try expectOpenParen(directive: "#macro", start: start)
        skipSpace()
        let nameStart = pos
        while let b = byte(at: pos), Self.isWordPart(b) { pos += 1 }
        guard pos > nameStart, Self.isLetter(bytes[nameStart]) else {
            throw error("Expected a macro name as the first argument of #macro", at: nameStart)
        }
        let name = text(nameStart..<pos)
        var parameters: [Int] = []
        while true {
            skipSpace()
            guard let b = byte(at: pos) else { throw error("Unexpected end of template in #macro", at: pos) }
            if b == UInt8(ascii: ")") { break }
            if b == UInt8(ascii: ",") { pos += 1; continue }
            guard b == UInt8(ascii: "$"), let parameter = try parseReference(), parameter.accessors.isEmpty else {
                throw error("Expected a parameter such as $name in #macro", at: pos)
            }
            parameters.append(parameter.slot)
        }
        pos += 1
        eatTrailingNewline()
        let (body, terminator) = try parseBlock()
        switch terminator {
        case .end:
            if macros[name] == nil, Self.directiveNames.contains(name) == false {
                macros[name] = Macro(parameters: parameters, body: body)
            }
        case .endOfText: throw error("#macro has no matching #end", at: start)
        case .elseBranch(let offset): throw LocatedError(message: "#else without a matching #if", offset: offset)
        case .elseIf(_, let offset): throw LocatedError(message: "#elseif without a matching #if", offset: offset)
        }
    }

    /// The arguments of a macro call, up to and including `)`: values separated by
    /// whitespace or commas (no operators, as in Velocity 1.7).
    private mutating func parseMacroArguments(name: String) throws(LocatedError) -> [Expression] {
        var arguments: [Expression] = []
        while true {
            skipSpace()
            guard let b = byte(at: pos) else { throw error("Unexpected end of template in #\(name)", at: pos) }
            if b == UInt8(ascii: ")") { pos += 1; return arguments }
            if b == UInt8(ascii: ","), !arguments.isEmpty { pos += 1; skipSpace() }
            try enter(at: pos)
            arguments.append(try parsePrimaryOrNumber())
            nesting -= 1
        }
    }

    private mutating func parsePrimaryOrNumber() throws(LocatedError) -> Expression {
        skipSpace()
        if byte(at: pos) == UInt8(ascii: "-") {
            guard let next = byte(at: pos + 1), Self.isDigit(next) else { throw error("Unexpected '-' in macro arguments", at: pos) }
            pos += 1
            switch parseNumber() {
            case .literal(.int(let i)): return .literal(.int(-i))
            case .literal(.double(let d)): return .literal(.double(-d))
            case let other: return other
            }
        }
        return try parsePrimary()
    }

    /// `#name(args)`, `#name` or, with `block`, `#@name(args)body#end`.
    private mutating func parseMacroCall(name: String, start: Int, block: Bool) throws(LocatedError) -> Node {
        try enter(at: start)
        defer { nesting -= 1 }
        var arguments: [Expression] = []
        if let paren = openParenAfterWord(pos) {
            pos = paren
            arguments = try parseMacroArguments(name: name)
            eatTrailingNewline()
        }
        var body: Int?
        if block {
            let (nodes, terminator) = try parseBlock()
            switch terminator {
            case .end:
                blocks.append(nodes)
                body = blocks.count - 1
            case .endOfText: throw error("#@\(name) has no matching #end", at: start)
            case .elseBranch(let offset): throw LocatedError(message: "#else without a matching #if", offset: offset)
            case .elseIf(_, let offset): throw LocatedError(message: "#elseif without a matching #if", offset: offset)
            }
        }
        return .macroCall(MacroCall(name: name, arguments: arguments, body: body, source: text(start..<pos), offset: baseOffset + start))
    }

    // MARK: References

    /// Parses `$a`, `$!a`, `${a}`, `$!{a}` with `.prop`, `.method(args)` and `[index]` after it,
    /// starting at `$`. Returns nil (position unchanged) when the text is not a reference.
    private mutating func parseReference() throws(LocatedError) -> Reference? {
        let start = pos
        var i = pos + 1
        var quiet = false
        if byte(at: i) == UInt8(ascii: "!") { quiet = true; i += 1 }
        var braced = false
        if byte(at: i) == UInt8(ascii: "{") { braced = true; i += 1 }
        guard let first = byte(at: i), Self.isIdentifierStart(first) else { return nil }
        let nameStart = i
        while i < bytes.count, Self.isIdentifierPart(bytes[i]) { i += 1 }
        let name = text(nameStart..<i)
        pos = i
        var accessors: [Accessor] = []
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "."), let next = byte(at: pos + 1), Self.isLetter(next) {
                let dot = pos
                var j = pos + 1
                while j < bytes.count, Self.isIdentifierPart(bytes[j]) { j += 1 }
                let member = text((pos + 1)..<j)
                pos = j
                if byte(at: pos) == UInt8(ascii: "(") {
                    var k = pos + 1
                    while let b = byte(at: k), b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { k += 1 }
                    if k == bytes.count {
                        // 1.7 prints `$a.b(` at the end of the text as written.
                        pos = start
                        return nil
                    }
                    pos += 1
                    let arguments = try parseArguments(closing: UInt8(ascii: ")"), what: "method call")
                    accessors.append(.method(MethodCall(
                        name: member, arguments: arguments, offset: baseOffset + dot,
                        receiver: name, isFirstAccessor: accessors.isEmpty)))
                } else {
                    accessors.append(.property(member, offset: baseOffset + dot))
                }
            } else if b == UInt8(ascii: "[") {
                // Velocity 1.7 reads `[` after a reference as an index, whatever follows.
                let open = pos
                pos += 1
                skipSpace()
                if byte(at: pos) == UInt8(ascii: "]") { throw error("Expected an index inside '[ ]'", at: pos) }
                // Velocity 1.7 takes one value as an index (a literal or a reference), no arithmetic.
                try enter(at: pos)
                let index = try parseUnary()
                nesting -= 1
                skipSpace()
                guard byte(at: pos) == UInt8(ascii: "]") else { throw error("Expected ']' to close the index", at: pos) }
                pos += 1
                accessors.append(.index(index, offset: baseOffset + open))
            } else {
                break
            }
        }
        if braced {
            guard byte(at: pos) == UInt8(ascii: "}") else {
                throw error("Expected '}' to close '${'", at: pos)
            }
            pos += 1
        }
        let slot = symbols.slot(for: name)
        if slot == SymbolTable.context {
            if accessors.contains(where: {
                if case .method(let call) = $0 { return Renderer.isMutating(call.name) }
                return false
            }) {
                setsContext = true
            }
            contextUse.note(accessors.first)
        }
        return Reference(
            slot: slot, name: name, accessors: accessors, quiet: quiet,
            source: text(start..<pos), offset: baseOffset + start)
    }

    private mutating func parseArguments(closing: UInt8, what: String) throws(LocatedError) -> [Expression] {
        var arguments: [Expression] = []
        skipSpace()
        if byte(at: pos) == closing { pos += 1; return arguments }
        while true {
            skipSpace()
            arguments.append(try parseExpression())
            skipSpace()
            guard let b = byte(at: pos) else { throw error("Unexpected end of template in \(what)", at: pos) }
            if b == UInt8(ascii: ",") { pos += 1; continue }
            if b == closing { pos += 1; return arguments }
            throw error("Expected ',' or '\(Character(Unicode.Scalar(closing)))' in \(what)", at: pos)
        }
    }

    // MARK: Expressions

    private mutating func skipSpace() {
        while let b = byte(at: pos), b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { pos += 1 }
    }

    private mutating func matchSymbol(_ symbol: String) -> Bool {
        let utf8 = Array(symbol.utf8)
        guard pos + utf8.count <= bytes.count else { return false }
        for (k, c) in utf8.enumerated() where bytes[pos + k] != c { return false }
        pos += utf8.count
        return true
    }

    private mutating func matchWord(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard pos + utf8.count <= bytes.count else { return false }
        for (k, c) in utf8.enumerated() where bytes[pos + k] != c { return false }
        if let after = byte(at: pos + utf8.count), Self.isWordPart(after) { return false }
        pos += utf8.count
        return true
    }

    mutating func parseExpression() throws(LocatedError) -> Expression {
        try enter(at: pos)
        defer { nesting -= 1 }
        return try parseBinary(level: 0)
    }

    /// A binary operator as a symbol and, for most, a word (`&&` or `and`).
    private struct OperatorSpelling {
        var symbol: String
        var word: String?
        var op: BinaryOperator
    }

    /// Binary operators by precedence, loosest first. Within a level the spellings are tried
    /// in order, so `<=` is matched before `<`.
    private static let binaryLevels: [[OperatorSpelling]] = [
        [OperatorSpelling(symbol: "||", word: "or", op: .or)],
        [OperatorSpelling(symbol: "&&", word: "and", op: .and)],
        [OperatorSpelling(symbol: "==", word: "eq", op: .equal), OperatorSpelling(symbol: "!=", word: "ne", op: .notEqual)],
        [OperatorSpelling(symbol: "<=", word: "le", op: .lessOrEqual), OperatorSpelling(symbol: ">=", word: "ge", op: .greaterOrEqual),
         OperatorSpelling(symbol: "<", word: "lt", op: .less), OperatorSpelling(symbol: ">", word: "gt", op: .greater)],
        [OperatorSpelling(symbol: "+", op: .add), OperatorSpelling(symbol: "-", op: .subtract)],
        [OperatorSpelling(symbol: "*", op: .multiply), OperatorSpelling(symbol: "/", op: .divide),
         OperatorSpelling(symbol: "%", op: .remainder)],
    ]

    /// `operand (operator operand)*` at one precedence level, grouping to the left; the
    /// operands are expressions of the next tighter level, and past the last, unary ones.
    private mutating func parseBinary(level: Int) throws(LocatedError) -> Expression {
        guard level < Self.binaryLevels.count else { return try parseUnary() }
        var left = try parseBinary(level: level + 1)
        while true {
            skipSpace()
            let at = pos
            guard let op = matchOperator(atLevel: level) else { return left }
            skipSpace()
            left = .binary(op, left, try parseBinary(level: level + 1), offset: baseOffset + at)
        }
    }

    /// Reads an operator of the level at `pos`, if one is there.
    private mutating func matchOperator(atLevel level: Int) -> BinaryOperator? {
        for spelling in Self.binaryLevels[level] {
            if matchSymbol(spelling.symbol) { return spelling.op }
            if let word = spelling.word, matchWord(word) { return spelling.op }
        }
        return nil
    }

    private mutating func parseUnary() throws(LocatedError) -> Expression {
        skipSpace()
        let at = pos
        if byte(at: pos) == UInt8(ascii: "!"), byte(at: pos + 1) != UInt8(ascii: "=") {
            pos += 1
            try enter(at: at)
            defer { nesting -= 1 }
            return .not(try parseUnary())
        }
        if matchWord("not") {
            try enter(at: at)
            defer { nesting -= 1 }
            return .not(try parseUnary())
        }
        if byte(at: pos) == UInt8(ascii: "-") {
            // Velocity 1.7 has no unary minus: `-` is only the sign of a number literal.
            guard let next = byte(at: pos + 1), Self.isDigit(next) else {
                throw error("Unexpected '-' in expression", at: pos)
            }
            pos += 1
            switch parseNumber() {
            case .literal(.int(let i)): return .literal(.int(-i))
            case .literal(.double(let d)): return .literal(.double(-d))
            case let other: return other
            }
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(LocatedError) -> Expression {
        skipSpace()
        let start = pos
        guard let b = byte(at: pos) else { throw error("Unexpected end of template: expected a value", at: pos) }
        switch b {
        case UInt8(ascii: "$"):
            guard let reference = try parseReference() else {
                throw error("Expected a reference after '$'", at: start)
            }
            return .reference(reference)
        case UInt8(ascii: "\""):
            return try parseDoubleQuoted()
        case UInt8(ascii: "'"):
            return try parseSingleQuoted()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return parseNumber()
        case UInt8(ascii: "["):
            pos += 1
            try enter(at: start)
            defer { nesting -= 1 }
            if byte(at: pos) == UInt8(ascii: "]") { pos += 1; return .list([]) }
            skipSpace()
            if byte(at: pos) == UInt8(ascii: "]") { throw error("Expected a value in the list (1.7 refuses '[ ]')", at: pos) }
            let first = try parseExpression()
            skipSpace()
            if matchSymbol("..") {
                skipSpace()
                let last = try parseExpression()
                for bound in [first, last] {
                    switch bound {
                    case .literal(.int), .reference: break
                    default: throw error("A range bound must be an integer or a reference", at: start)
                    }
                }
                skipSpace()
                guard byte(at: pos) == UInt8(ascii: "]") else { throw error("Expected ']' to close the range", at: pos) }
                pos += 1
                return .range(first, last, offset: baseOffset + start)
            }
            var items = [first]
            while true {
                skipSpace()
                guard let c = byte(at: pos) else { throw error("Unexpected end of template in list", at: pos) }
                if c == UInt8(ascii: "]") { pos += 1; return .list(items) }
                guard c == UInt8(ascii: ",") else { throw error("Expected ',' or ']' in list", at: pos) }
                pos += 1
                skipSpace()
                items.append(try parseExpression())
            }
        case UInt8(ascii: "{"):
            pos += 1
            try enter(at: start)
            defer { nesting -= 1 }
            var entries: [MapEntry] = []
            skipSpace()
            if byte(at: pos) == UInt8(ascii: "}") { pos += 1; return .map(entries) }
            while true {
                skipSpace()
                let key = try parseExpression()
                skipSpace()
                guard byte(at: pos) == UInt8(ascii: ":") else { throw error("Expected ':' in map", at: pos) }
                pos += 1
                skipSpace()
                let value = try parseExpression()
                entries.append(MapEntry(key: key, value: value))
                skipSpace()
                guard let c = byte(at: pos) else { throw error("Unexpected end of template in map", at: pos) }
                if c == UInt8(ascii: "}") { pos += 1; return .map(entries) }
                guard c == UInt8(ascii: ",") else { throw error("Expected ',' or '}' in map", at: pos) }
                pos += 1
            }
        case UInt8(ascii: "("):
            pos += 1
            let inner = try parseExpression()
            skipSpace()
            guard byte(at: pos) == UInt8(ascii: ")") else { throw error("Expected ')'", at: pos) }
            pos += 1
            return inner
        default:
            if matchWord("true") { return .literal(.bool(true)) }
            if matchWord("false") { return .literal(.bool(false)) }
            if matchWord("null") { return .literal(.null) }
            if b == UInt8(ascii: ")") { throw error("Expected a value before ')'", at: pos) }
            throw error("Unexpected '\(Character(Unicode.Scalar(b)))' in expression", at: pos)
        }
    }

    private mutating func parseNumber() -> Expression {
        let start = pos
        while let b = byte(at: pos), Self.isDigit(b) { pos += 1 }
        var isDouble = false
        if byte(at: pos) == UInt8(ascii: "."), let next = byte(at: pos + 1), Self.isDigit(next) {
            isDouble = true
            pos += 1
            while let b = byte(at: pos), Self.isDigit(b) { pos += 1 }
        }
        if let e = byte(at: pos), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var j = pos + 1
            if let s = byte(at: j), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { j += 1 }
            if let d = byte(at: j), Self.isDigit(d) {
                isDouble = true
                pos = j
                while let b = byte(at: pos), Self.isDigit(b) { pos += 1 }
            }
        }
        let literal = text(start..<pos)
        if !isDouble, let value = Int(literal) { return .literal(.int(value)) }
        return .literal(.double(Double(literal) ?? 0))
    }

    /// `'…'`: no interpolation; `''` stands for one quote.
    private mutating func parseSingleQuoted() throws(LocatedError) -> Expression {
        let start = pos
        pos += 1
        var content: [UInt8] = []
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "'") {
                if byte(at: pos + 1) == UInt8(ascii: "'") { content.append(b); pos += 2; continue }
                pos += 1
                return .literal(.string(String(decoding: content, as: UTF8.self)))
            }
            content.append(b)
            pos += 1
        }
        throw error("Unterminated string literal", at: start)
    }

    /// `"…"`: a template of its own; `""` stands for one quote (a backslash escapes nothing).
    private mutating func parseDoubleQuoted() throws(LocatedError) -> Expression {
        let start = pos
        pos += 1
        var content: [UInt8] = []
        var interpolates = false
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                if byte(at: pos + 1) == UInt8(ascii: "\"") { content.append(b); pos += 2; continue }
                pos += 1
                guard interpolates else { return .literal(.string(String(decoding: content, as: UTF8.self))) }
                // Velocity 1.7 parses an interpolated string with a space added at its end, and
                // takes the last character off what it renders, unless the string holds `##`
                // (ASTStringLiteral's "<MORE> kludge"): so `"$"` is a dollar sign, not a
                // reference cut short.
                let padded = !content.indices.dropLast().contains { content[$0] == UInt8(ascii: "#") && content[$0 + 1] == UInt8(ascii: "#") }
                var inner = TemplateParser(bytes: padded ? content + [0x20] : content, baseOffset: baseOffset + start + 1, symbols: symbols)
                inner.nesting = nesting + 1
                inner.blocks = blocks
                inner.macros = macros
                inner.macroNames = macroNames
                inner.text = text
                let nodes = try inner.parseTemplate()
                text = inner.text
                symbols = inner.symbols
                setsContext = setsContext || inner.setsContext
                contextUse.merge(inner.contextUse)
                blocks = inner.blocks
                macros = inner.macros
                if nodes.count == 1, case .text(let span) = nodes[0] {
                    // All text: its last character is the added space.
                    let literal = String(decoding: text[Int(span.start)..<Int(span.start + span.count)], as: UTF8.self)
                    text.removeLast(Int(span.count))
                    return .literal(.string(padded ? String(literal.dropLast()) : literal))
                }
                if nodes.isEmpty { return .literal(.string("")) }
                return .interpolated(nodes, dropsLastCharacter: padded)
            }
            if b == UInt8(ascii: "$") || b == UInt8(ascii: "#") { interpolates = true }
            content.append(b)
            pos += 1
        }
        throw error("Unterminated string literal", at: start)
    }
}

/// How a template uses `$context`: which entries it reads by name (`$context.stage`,
/// `$context.identity.sourceIp`), and whether it uses the map any other way (as a whole, with
/// a method or an index, as a loop variable or a macro argument).
struct ContextUse: Sendable {
    private(set) var names: Set<String> = []
    private(set) var whole = false

    mutating func note(_ firstAccessor: Accessor?) {
        if case .property(let name, _)? = firstAccessor {
            names.insert(name)
        } else {
            whole = true
        }
    }

    mutating func merge(_ other: ContextUse) {
        names.formUnion(other.names)
        whole = whole || other.whole
    }
}
