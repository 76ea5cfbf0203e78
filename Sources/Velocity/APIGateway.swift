import Foundation
import Synchronization

/// `$input` and `$util` as API Gateway defines them (developer guide page
/// api-gateway-mapping-template-reference).
/// The methods of `$input` and `$util`, told apart by name and argument count.
enum GatewayMethod: Sendable, Equatable {
    // $input
    case path, json, params, allParams, body
    // $util
    case escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode

    init?(name: String, argumentCount: Int) {
        switch (name, argumentCount) {
        case ("path", 1): self = .path
        case ("json", 1): self = .json
        case ("params", 1): self = .params
        case ("params", 0): self = .allParams
        case ("getBody", 0): self = .body
        case ("escapeJavaScript", 1): self = .escapeJavaScript
        case ("parseJson", 1): self = .parseJson
        case ("urlEncode", 1): self = .urlEncode
        case ("urlDecode", 1): self = .urlDecode
        case ("base64Encode", 1): self = .base64Encode
        case ("base64Decode", 1): self = .base64Decode
        default: return nil
        }
    }

    var isInput: Bool {
        switch self {
        case .path, .json, .params, .allParams, .body: true
        case .escapeJavaScript, .parseJson, .urlEncode, .urlDecode, .base64Encode, .base64Decode: false
        }
    }
}

extension Renderer {
    /// Whether `value` is the object (`$input` or `$util`) that has `method`.
    static func receives(_ method: GatewayMethod, _ value: VelocityValue) -> Bool {
        guard case .object(let object) = value else { return false }
        switch object.kind {
        case .input: return method.isInput
        case .util: return !method.isInput
        default: return false
        }
    }

    /// A call of a method of `$input` or `$util` on that object, as parsed: its argument (it
    /// has at most one) is evaluated without building an argument list.
    mutating func callGateway(_ method: GatewayMethod, _ call: MethodCall) throws(LocatedError) -> VelocityValue {
        let argument = call.arguments.isEmpty ? VelocityValue.null : try evaluate(call.arguments[0])
        let result = try gateway(method, argument, path: call.path, at: call.offset)
        if case .string(let s) = result, s.utf8.count > limits.outputBytes {
            throw LocatedError(message: "String exceeds \(limits.outputBytes) bytes", offset: call.offset)
        }
        return result
    }

    /// A method called on `$input` by name (through a path that was not parsed as such).
    mutating func inputMethod(_ name: String, _ args: [VelocityValue], at offset: Int) throws(LocatedError) -> VelocityValue {
        guard let method = GatewayMethod(name: name, argumentCount: args.count), method.isInput else { return .null }
        return try gateway(method, args.first ?? .null, path: nil, at: offset)
    }

    /// A method called on `$util` by name.
    mutating func utilMethod(_ name: String, _ args: [VelocityValue], at offset: Int) throws(LocatedError) -> VelocityValue {
        guard let method = GatewayMethod(name: name, argumentCount: args.count), !method.isInput else { return .null }
        return try gateway(method, args[0], path: nil, at: offset)
    }

    /// `$input.*` and `$util.*` (DG: api-gateway-mapping-template-reference). `path` is the
    /// argument's JSONPath when it was compiled at parse time.
    private mutating func gateway(_ method: GatewayMethod, _ argument: VelocityValue, path: JSONPath.Compiled?, at offset: Int) throws(LocatedError) -> VelocityValue {
        switch method {
        case .path:
            switch try jsonPath(path, argument, at: offset) {
            case .missing: return .object(VelocityObject(kind: .missingPath))
            case .found(let value): return value
            }
        case .json:
            switch try jsonPath(path, argument, at: offset) {
            case .missing: return .string("")
            case .found(let value): return .string(JSONWriter.string(value))
            }
        case .params:
            return environment.parameter(argument.javaString)
        case .allParams:
            return environment.allParameters
        case .body:
            return .string(environment.body.isEmpty ? "{}" : environment.body)
        case .escapeJavaScript, .parseJson, .urlEncode, .urlDecode, .base64Encode, .base64Decode:
            if case .null = argument { return .null }
            return try util(method, argument.javaString, at: offset)
        }
    }

    /// `$input`'s body as JSON, parsed on first use; a body that is not JSON fails the call.
    private mutating func body(at offset: Int) throws(LocatedError) -> VelocityValue {
        if let parsedBody { return parsedBody }
        if bodyError == nil {
            if environment.body.utf8.allSatisfy({ $0 <= 0x20 }) {
                parsedBody = .map(OrderedMap())
            } else {
                do {
                    parsedBody = try JSONByteParser.parse(environment.body)
                } catch {
                    bodyError = error
                }
            }
        }
        if let bodyError { throw LocatedError(message: "The request body is not valid JSON: \(bodyError.message)", offset: offset) }
        return parsedBody ?? .null
    }

    private mutating func jsonPath(_ compiled: JSONPath.Compiled?, _ argument: VelocityValue, at offset: Int) throws(LocatedError) -> JSONPath.Result {
        let root = try body(at: offset)
        if let compiled { return JSONPath.evaluate(compiled, in: root) }
        do {
            return JSONPath.evaluate(try JSONPath.compile(argument.javaString), in: root)
        } catch {
            throw LocatedError(message: error.message, offset: offset)
        }
    }

    private func util(_ method: GatewayMethod, _ text: String, at offset: Int) throws(LocatedError) -> VelocityValue {
        switch method {
        case .escapeJavaScript:
            return .string(Util.escapeJavaScript(text))
        case .parseJson:
            do {
                return try JSONValueParser.parse(text)
            } catch {
                throw LocatedError(message: "$util.parseJson: \(error)", offset: offset)
            }
        case .urlEncode:
            return .string(Util.urlEncode(text))
        case .urlDecode:
            guard let decoded = Util.urlDecode(text) else {
                throw LocatedError(message: "$util.urlDecode: malformed escape in \(text)", offset: offset)
            }
            return .string(decoded)
        case .base64Encode:
            return .string(Data(text.utf8).base64EncodedString())
        case .base64Decode:
            guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
                throw LocatedError(message: "$util.base64Decode: invalid base64 text", offset: offset)
            }
            return .string(String(decoding: data, as: UTF8.self))
        case .path, .json, .params, .allParams, .body:
            return .null
        }
    }
}

enum Util {
    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Commons Lang 2.6 `StringEscapeUtils.escapeJavaScript`, which API Gateway uses: `"` `'`
    /// `\` and `/` get a backslash; `\b \n \t \f \r` are written as such; other control
    /// characters and every UTF-16 unit above U+007F become `\uXXXX` (upper-case hex); DEL
    /// (U+007F) passes unchanged, as in Commons Lang; `'` becomes `\'`, as the developer guide
    /// says (DG: api-gateway-mapping-template-reference).
    ///
    /// JSON text is escaped like any other text, so `"$util.escapeJavaScript($input.json('$'))"`
    /// is a valid JSON string, which is how real templates use it.
    static func escapeJavaScript(_ text: String) -> String {
        guard needsJavaScriptEscapes(text) else { return text }
        var out = ByteBuffer(capacity: text.utf8.count + 16)
        escapeJavaScript(text, into: &out)
        return out.string
    }

    /// Whether `escapeJavaScript` changes the text.
    static func needsJavaScriptEscapes(_ text: String) -> Bool {
        text.utf8.contains(where: escapesInJavaScript)
    }

    /// Whether `escapeJavaScript` replaces this byte (or the character it starts).
    @inline(__always)
    static func escapesInJavaScript(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x22, 0x27, 0x2F, 0x5C, 0x00..<0x20, 0x80...: true
        default: false
        }
    }

    /// `escapeJavaScript`, appended to `out`: runs of characters that need no escape are
    /// copied whole.
    static func escapeJavaScript(_ text: String, into out: inout ByteBuffer) {
        let escaped: Void? = text.utf8.withContiguousStorageIfAvailable { escapeJavaScript($0, into: &out) }
        if escaped == nil {
            var copy = text
            copy.withUTF8 { escapeJavaScript($0, into: &out) }
        }
    }

    private static func escapeJavaScript(_ utf8: UnsafeBufferPointer<UInt8>, into out: inout ByteBuffer) {
        @inline(__always) func escaped(_ byte: UInt8) { out.append(0x5C); out.append(byte) }
        @inline(__always) func unicode(_ unit: UInt32) {
            out.append(0x5C)
            out.append(UInt8(ascii: "u"))
            out.append(Util.hexDigits[Int((unit >> 12) & 0xF)])
            out.append(Util.hexDigits[Int((unit >> 8) & 0xF)])
            out.append(Util.hexDigits[Int((unit >> 4) & 0xF)])
            out.append(Util.hexDigits[Int(unit & 0xF)])
        }
        var i = 0
        var run = 0
        while i < utf8.count {
            let byte = utf8[i]
            guard escapesInJavaScript(byte) else { i += 1; continue }
            if run < i { out.append(UnsafeBufferPointer(rebasing: utf8[run..<i])) }
            switch byte {
            case 0x22, 0x27, 0x5C, 0x2F: escaped(byte); i += 1
            case 0x08: escaped(UInt8(ascii: "b")); i += 1
            case 0x0A: escaped(UInt8(ascii: "n")); i += 1
            case 0x09: escaped(UInt8(ascii: "t")); i += 1
            case 0x0C: escaped(UInt8(ascii: "f")); i += 1
            case 0x0D: escaped(UInt8(ascii: "r")); i += 1
            case 0x00..<0x20: unicode(UInt32(byte)); i += 1
            default:
                // A multi-byte UTF-8 sequence (the text is valid UTF-8): its scalar, as
                // one or two UTF-16 units.
                var scalar: UInt32
                if byte < 0xE0 {
                    scalar = UInt32(byte & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F); i += 2
                } else if byte < 0xF0 {
                    scalar = UInt32(byte & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F); i += 3
                } else {
                    scalar = UInt32(byte & 0x07) << 18 | UInt32(utf8[i + 1] & 0x3F) << 12
                        | UInt32(utf8[i + 2] & 0x3F) << 6 | UInt32(utf8[i + 3] & 0x3F)
                    i += 4
                }
                if scalar >= 0x10000 {
                    scalar -= 0x10000
                    unicode(0xD800 + (scalar >> 10))
                    unicode(0xDC00 + (scalar & 0x3FF))
                } else {
                    unicode(scalar)
                }
            }
            run = i
        }
        if run < utf8.count { out.append(UnsafeBufferPointer(rebasing: utf8[run..<utf8.count])) }
    }

    /// `application/x-www-form-urlencoded`, as Java's `URLEncoder`
    /// (DG: api-gateway-mapping-template-reference).
    static func urlEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + String(hex4(UInt32(byte)).suffix(2))
            }
        }
        return out
    }

    static func urlDecode(_ text: String) -> String? {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            let b = utf8[i]
            if b == UInt8(ascii: "+") {
                bytes.append(0x20)
                i += 1
            } else if b == UInt8(ascii: "%") {
                guard i + 2 < utf8.count,
                      let value = UInt8(String(decoding: utf8[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
                i += 3
            } else {
                bytes.append(b)
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// JSONPath as API Gateway evaluates it (Jayway): `$`, `.key`, `['key']`, `[n]`, `[*]`, `.*`,
/// `..key`, unions `['a','b']` / `[0,1]` and slices `[a:b]`. A definite path (no wildcard,
/// deep scan, union or slice) yields one value; any other yields a JSON array of the matches.
enum JSONPath {
    enum Result: Equatable {
        case missing
        case found(VelocityValue)
    }

    struct Failure: Error {
        var message: String
    }

    fileprivate enum Step: Sendable {
        case key(String)
        case index(Int)
        case wildcard
        case deep(String?)
        case keys([String])
        case indices([Int])
        case slice(Int?, Int?)
    }

    /// A path parsed into steps.
    struct Compiled: Sendable {
        fileprivate var steps: [Step]
        fileprivate var definite: Bool
    }

    /// Paths are nearly always literals in the template, so each is parsed once per process.
    private static let cache = Mutex<[String: Compiled]>([:])

    static func compile(_ path: String) throws(Failure) -> Compiled {
        if let compiled = cache.withLock({ $0[path] }) { return compiled }
        let (steps, definite) = try parse(path)
        let compiled = Compiled(steps: steps, definite: definite)
        cache.withLock { cache in
            if cache.count >= 512 { cache.removeAll() }
            cache[path] = compiled
        }
        return compiled
    }

    /// `decodingStrings`: a string the path goes on into is first read as JSON, as API Gateway
    /// reads a Lambda custom error's `errorMessage` for header mappings
    /// (DG: handle-errors-in-lambda-integration).
    static func evaluate(_ compiled: Compiled, in root: VelocityValue, decodingStrings: Bool = false) -> Result {
        let steps = compiled.steps, definite = compiled.definite
        if definite {
            // One value at each step: walk it without building lists.
            var value = root
            for step in steps {
                if decodingStrings { value = decoded(value) }
                switch step {
                case .key(let key):
                    guard case .map(let map) = value, let child = map[key] else { return .missing }
                    value = child
                case .index(let i):
                    guard let items = value.listElements else { return .missing }
                    let j = i < 0 ? items.count + i : i
                    guard j >= 0, j < items.count else { return .missing }
                    value = items[j]
                default:
                    var next: [VelocityValue] = []
                    apply(step, to: value, into: &next)
                    guard let first = next.first else { return .missing }
                    value = first
                }
            }
            return .found(value)
        }
        var current = [root]
        for step in steps {
            if decodingStrings { current = current.map(decoded) }
            var next: [VelocityValue] = []
            for value in current { apply(step, to: value, into: &next) }
            current = next
        }
        if definite { return current.first.map { .found($0) } ?? .missing }
        return .found(.jsonList(current))
    }

    /// A string holding a JSON object or array, read; any other value as it is.
    private static func decoded(_ value: VelocityValue) -> VelocityValue {
        guard case .string(let text) = value, let parsed = try? JSONByteParser.parse(text) else { return value }
        switch parsed {
        case .map, .jsonList, .list: return parsed
        default: return value
        }
    }

    private static func apply(_ step: Step, to value: VelocityValue, into out: inout [VelocityValue]) {
        switch step {
        case .key(let key):
            if case .map(let map) = value, let child = map[key] { out.append(child) }
        case .keys(let keys):
            if case .map(let map) = value { for key in keys { if let child = map[key] { out.append(child) } } }
        case .index(let i):
            if let items = value.listElements {
                let j = i < 0 ? items.count + i : i
                if j >= 0, j < items.count { out.append(items[j]) }
            }
        case .indices(let indices):
            for i in indices { apply(.index(i), to: value, into: &out) }
        case .slice(let from, let to):
            if let items = value.listElements {
                var low = from ?? 0, high = to ?? items.count
                if low < 0 { low = max(0, items.count + low) }
                if high < 0 { high = max(0, items.count + high) }
                high = min(high, items.count)
                if low < high { out.append(contentsOf: items[low..<high]) }
            }
        case .wildcard:
            if case .map(let map) = value { out.append(contentsOf: map.values) }
            else if let items = value.listElements { out.append(contentsOf: items) }
        case .deep(let key):
            deepScan(value, key: key, into: &out, depth: 0)
        }
    }

    private static func deepScan(_ value: VelocityValue, key: String?, into out: inout [VelocityValue], depth: Int) {
        guard depth < JSONValueParser.maximumDepth else { return }
        if case .map(let map) = value {
            if let key { if let child = map[key] { out.append(child) } } else { out.append(contentsOf: map.values) }
            for child in map.values { deepScan(child, key: key, into: &out, depth: depth + 1) }
        } else if let items = value.listElements {
            if key == nil { out.append(contentsOf: items) }
            for child in items { deepScan(child, key: key, into: &out, depth: depth + 1) }
        }
    }

    private static func parse(_ text: String) throws(Failure) -> ([Step], Bool) {
        var chars = Array(text.trimmingWhitespace())
        if chars.first == "$" { chars.removeFirst() }
        else if !chars.isEmpty && chars.first != "." && chars.first != "[" { chars.insert(".", at: 0) }
        var steps: [Step] = []
        var definite = true
        var i = 0
        func name(from start: Int) -> (String, Int) {
            var j = start
            while j < chars.count, chars[j] != ".", chars[j] != "[" { j += 1 }
            return (String(chars[start..<j]), j)
        }
        while i < chars.count {
            if chars[i] == "." {
                if i + 1 < chars.count, chars[i + 1] == "." {
                    definite = false
                    let (key, j) = name(from: i + 2)
                    if key.isEmpty, j < chars.count, chars[j] == "[" {
                        steps.append(.deep(nil)); i = j; continue
                    }
                    steps.append(.deep(key == "*" ? nil : key))
                    i = j
                    continue
                }
                let (key, j) = name(from: i + 1)
                guard !key.isEmpty else { throw Failure(message: "Invalid JSONPath: \(text)") }
                if key == "*" { definite = false; steps.append(.wildcard) } else { steps.append(.key(key)) }
                i = j
            } else if chars[i] == "[" {
                guard let close = closingBracket(chars, from: i + 1) else { throw Failure(message: "Invalid JSONPath: \(text)") }
                let inside = String(chars[(i + 1)..<close]).trimmingWhitespace()
                i = close + 1
                if inside == "*" { definite = false; steps.append(.wildcard); continue }
                let parts = splitUnion(inside)
                if parts.allSatisfy({ $0.hasPrefix("'") || $0.hasPrefix("\"") }) {
                    let keys = parts.map { String($0.dropFirst().dropLast()) }
                    if keys.count == 1 { steps.append(.key(keys[0])) } else { definite = false; steps.append(.keys(keys)) }
                } else if inside.contains(":") {
                    let bounds = inside.split(separator: ":", omittingEmptySubsequences: false).map { Int(String($0).trimmingWhitespace()) }
                    definite = false
                    steps.append(.slice(bounds.first ?? nil, bounds.count > 1 ? bounds[1] : nil))
                } else {
                    let numbers = parts.compactMap { Int($0) }
                    guard numbers.count == parts.count, !numbers.isEmpty else { throw Failure(message: "Unsupported JSONPath: \(text)") }
                    if numbers.count == 1 { steps.append(.index(numbers[0])) } else { definite = false; steps.append(.indices(numbers)) }
                }
            } else {
                throw Failure(message: "Invalid JSONPath: \(text)")
            }
        }
        return (steps, definite)
    }

    private static func closingBracket(_ chars: [Character], from start: Int) -> Int? {
        var quote: Character?
        var j = start
        while j < chars.count {
            let c = chars[j]
            if let q = quote { if c == q { quote = nil } }
            else if c == "'" || c == "\"" { quote = c }
            else if c == "]" { return j }
            j += 1
        }
        return nil
    }

    private static func splitUnion(_ inside: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for c in inside {
            if let q = quote {
                current.append(c)
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
                current.append(c)
            } else if c == "," {
                parts.append(current.trimmingWhitespace())
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current.trimmingWhitespace())
        return parts
    }
}

/// A JSONPath read outside a template: the body sources of parameter mappings,
/// `method.request.body.PATH` and `integration.response.body.PATH`
/// (DG: request-response-data-mappings), evaluated as `$input.path` evaluates its path.
public enum JSONBodyPath {
    /// The value `path` (`a.b`, `items[0].id`, `$.a`) selects in the JSON text `body`; nil when
    /// the body is not JSON, the path does not parse, or it selects nothing or JSON null.
    /// `decodingStrings`: a string the path goes on into is read as JSON first (Lambda custom errors).
    public static func select(_ path: String, in body: String, decodingStrings: Bool = false) -> VelocityValue? {
        guard let compiled = try? JSONPath.compile(path), let root = try? JSONByteParser.parse(body) else { return nil }
        switch JSONPath.evaluate(compiled, in: root, decodingStrings: decodingStrings) {
        case .missing, .found(.null): return nil
        case .found(let value): return value
        }
    }

    /// A selected value as a header carries it: a string as it is, anything else as its
    /// compact JSON text, keys in document order (DG: handle-errors-in-lambda-integration:
    /// `"error_status":"500"`, `"error_trace":"{\"function\":\"abc()\",\"line\":123,\"file\":\"abc.js\"}"`).
    public static func text(_ value: VelocityValue) -> String {
        if case .string(let text) = value { return text }
        return JSONWriter.string(value)
    }
}
