import Foundation
import Synchronization

/// Properties, indexes and the Java methods templates call on strings, lists and maps.
extension Renderer {
    mutating func property(of value: VelocityValue, _ name: String, at offset: Int) throws(LocatedError) -> VelocityValue {
        switch value {
        case .map(let map):
            return map[name] ?? .null
        case .object(let object):
            return try objectProperty(object, name, at: offset)
        case .string(let s):
            return name == "empty" ? .bool(s.isEmpty) : .null
        case .list(let items), .jsonList(let items):
            return name == "empty" ? .bool(items.isEmpty) : .null
        default:
            return .null
        }
    }

    private mutating func objectProperty(_ object: VelocityObject, _ name: String, at offset: Int) throws(LocatedError) -> VelocityValue {
        switch object.kind {
        case .input:
            // An empty body renders as {} (recorded AWS response: LocalStack
            // tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
            // test_input_body_formatting › response-raw-body).
            if name == "body" { return .string(environment.body.isEmpty ? "{}" : environment.body) }
            return .null
        case .loop(let depth):
            guard depth < loops.count else { return .null }
            let state = loops[depth]
            switch name {
            case "index": return .int(state.index)
            case "count": return .int(state.index + 1)
            case "hasNext": return .bool(state.hasNext)
            case "first": return .bool(state.index == 0)
            case "last": return .bool(!state.hasNext)
            case "parent": return depth > 0 ? .object(VelocityObject(kind: .loop(depth: depth - 1))) : .null
            default: return .null
            }
        case .entry(let key, let value):
            switch name {
            case "key": return .string(key)
            case "value": return value
            default: return .null
            }
        case .util, .missingPath, .block:
            return .null
        }
    }

    mutating func index(_ value: VelocityValue, _ key: VelocityValue, at offset: Int) throws(LocatedError) -> VelocityValue {
        switch value {
        case .list(let items), .jsonList(let items):
            guard var i = Self.integer(key) else { return .null }
            if i < 0 { i += items.count }
            guard i >= 0, i < items.count else {
                throw LocatedError(message: "Index \(i) out of bounds for length \(items.count)", offset: offset)
            }
            return items[i]
        case .map(let map):
            return map[key.javaString] ?? .null
        case .object:
            return try property(of: value, key.javaString, at: offset)
        default:
            return .null
        }
    }

    /// A method call on a value that is not changed by it.
    mutating func call(_ target: VelocityValue, _ name: String, _ args: [VelocityValue], at offset: Int) throws(LocatedError) -> VelocityValue {
        let result = try dispatch(target, name, args, at: offset)
        if case .string(let s) = result, s.utf8.count > limits.outputBytes {
            throw LocatedError(message: "String exceeds \(limits.outputBytes) bytes", offset: offset)
        }
        return result
    }

    private mutating func dispatch(_ target: VelocityValue, _ name: String, _ args: [VelocityValue], at offset: Int) throws(LocatedError) -> VelocityValue {
        // $input and $util first: they carry nearly every call of a mapping template.
        if case .object(let object) = target {
            switch object.kind {
            case .input: return try inputMethod(name, args, at: offset)
            case .util: return try utilMethod(name, args, at: offset)
            default: break
            }
        }
        // Methods every object has.
        switch (name, args.count) {
        case ("toString", 0):
            if case .object(let o) = target {
                if case .entry = o.kind { return .string(target.javaString) }
                return .null
            }
            return .string(target.javaString)
        case ("equals", 1):
            return .bool(Self.equals(target, args[0]))
        default: break
        }
        if !args.isEmpty {
            switch name {
            case "length", "size", "isEmpty", "keySet", "values", "entrySet":
                // Velocity 1.7 calls the one method of that name and Java refuses the arguments.
                switch target {
                case .string, .list, .jsonList, .map:
                    throw LocatedError(message: "Invocation of method '\(name)' threw java.lang.IllegalArgumentException: wrong number of arguments", offset: offset)
                default: break
                }
            default: break
            }
        }
        switch target {
        case .string(let s): return try stringMethod(s, name, args, at: offset)
        case .list(let items), .jsonList(let items): return try listMethod(items, name, args, at: offset)
        case .map(let map): return mapMethod(map, name, args)
        case .int, .double: return numberMethod(target, name, args)
        case .bool(let b):
            if name == "booleanValue" && args.isEmpty { return .bool(b) }
            return .null
        case .object(let object):
            switch object.kind {
            case .input: return try inputMethod(name, args, at: offset)
            case .util: return try utilMethod(name, args, at: offset)
            case .loop, .entry:
                // Getters: getIndex(), hasNext(), isFirst(), getKey() …
                guard args.isEmpty else { return .null }
                var property = name
                for prefix in ["get", "is"] where name.hasPrefix(prefix) && name.count > prefix.count {
                    let rest = name.dropFirst(prefix.count)
                    property = rest.prefix(1).lowercased() + rest.dropFirst()
                }
                return try objectProperty(object, property, at: offset)
            case .missingPath, .block:
                return .null
            }
        case .null:
            return .null
        }
    }

    private mutating func numberMethod(_ target: VelocityValue, _ name: String, _ args: [VelocityValue]) -> VelocityValue {
        guard args.isEmpty else {
            if name == "compareTo", args.count == 1, let c = Self.compareNumbers(target, args[0]) { return .int(c) }
            return .null
        }
        switch name {
        case "intValue", "longValue":
            if case .double(let d) = target, d.isFinite, abs(d) < 9.2e18 { return .int(Int(d)) }
            return target
        case "doubleValue", "floatValue": return .double(Self.number(target) ?? 0)
        default: return .null
        }
    }

    // MARK: Strings

    private mutating func stringArgument(_ args: [VelocityValue], _ i: Int) -> String? {
        guard i < args.count else { return nil }
        if case .null = args[i] { return nil }
        return args[i].javaString
    }

    /// Java picks a method by its arguments' types: text methods take strings (a null one
    /// throws NullPointerException), positions take integers; with other arguments there is no
    /// such method and the reference stays undefined (nil here). Checked against Velocity 1.7.
    private static func javaSignatureMismatch(_ name: String, _ args: [VelocityValue], at offset: Int) throws(LocatedError) -> Bool {
        func isString(_ i: Int) throws(LocatedError) -> Bool {
            if args[i].isNullLike {
                throw LocatedError(message: "Invocation of method '\(name)' threw java.lang.NullPointerException", offset: offset)
            }
            if case .string = args[i] { return true }
            return false
        }
        func isInt(_ i: Int) -> Bool {
            if case .int = args[i] { return true }
            return false
        }
        switch name {
        case "indexOf", "lastIndexOf", "split":
            guard try isString(0) else { return true }
            return args.count == 2 && !isInt(1)
        case "contains", "startsWith", "endsWith", "concat", "compareTo", "matches":
            return try !isString(0)
        case "replace", "replaceAll", "replaceFirst":
            // Java has only the two-argument forms: with another count there is no such method.
            guard args.count == 2 else { return true }
            let first = try isString(0)
            let second = try isString(1)
            return !first || !second
        case "substring", "charAt":
            for i in args.indices where !isInt(i) { return true }
            return false
        case "equalsIgnoreCase":
            if args[0].isNullLike { return false }
            if case .string = args[0] { return false }
            return true
        default:
            return false
        }
    }

    private mutating func stringMethod(_ s: String, _ name: String, _ args: [VelocityValue], at offset: Int) throws(LocatedError) -> VelocityValue {
        if !args.isEmpty, try Self.javaSignatureMismatch(name, args, at: offset) { return .null }
        switch (name, args.count) {
        case ("length", 0): return .int(s.utf16.count)
        case ("isEmpty", 0): return .bool(s.isEmpty)
        case ("toLowerCase", 0): return .string(s.lowercased())
        case ("toUpperCase", 0): return .string(s.uppercased())
        case ("trim", 0): return .string(s.trimmingWhitespace())
        case ("toString", 0): return .string(s)
        case ("hashCode", 0):
            var h: Int32 = 0
            for unit in s.utf16 { h = h &* 31 &+ Int32(unit) }
            return .int(Int(h))
        case ("substring", 1), ("substring", 2):
            let units = Array(s.utf16)
            guard let begin = Self.integer(args[0]) else { return .null }
            let end = args.count == 2 ? (Self.integer(args[1]) ?? -1) : units.count
            guard begin >= 0, end <= units.count, begin <= end else {
                throw LocatedError(message: "substring(\(begin), \(end)) is out of range for a string of length \(units.count)", offset: offset)
            }
            return .string(String(decoding: units[begin..<end], as: UTF16.self))
        case ("charAt", 1):
            let units = Array(s.utf16)
            guard let i = Self.integer(args[0]), i >= 0, i < units.count else {
                throw LocatedError(message: "charAt index out of range for a string of length \(units.count)", offset: offset)
            }
            return .string(String(decoding: [units[i]], as: UTF16.self))
        case ("indexOf", 1), ("indexOf", 2), ("lastIndexOf", 1):
            guard let needle = stringArgument(args, 0) else { return .null }
            let haystack = Array(s.utf16)
            let pattern = Array(needle.utf16)
            let from = args.count == 2 ? max(0, Self.integer(args[1]) ?? 0) : 0
            if name == "lastIndexOf" { return .int(Self.lastIndex(of: pattern, in: haystack)) }
            return .int(Self.index(of: pattern, in: haystack, from: from))
        case ("contains", 1):
            guard let needle = stringArgument(args, 0) else { return .bool(false) }
            return .bool(needle.isEmpty || s.contains(needle))
        case ("startsWith", 1):
            guard let prefix = stringArgument(args, 0) else { return .bool(false) }
            return .bool(s.utf8.starts(with: prefix.utf8))
        case ("endsWith", 1):
            guard let suffix = stringArgument(args, 0) else { return .bool(false) }
            return .bool(s.utf8.reversed().starts(with: suffix.utf8.reversed()))
        case ("equalsIgnoreCase", 1):
            guard let other = stringArgument(args, 0) else { return .bool(false) }
            return .bool(s.lowercased() == other.lowercased())
        case ("concat", 1):
            return .string(s + (stringArgument(args, 0) ?? ""))
        case ("compareTo", 1):
            guard let other = stringArgument(args, 0) else { return .null }
            let a = Array(s.utf16), b = Array(other.utf16)
            for (x, y) in zip(a, b) where x != y { return .int(Int(x) - Int(y)) }
            return .int(a.count - b.count)
        case ("replace", 2):
            guard let target = stringArgument(args, 0), let replacement = stringArgument(args, 1) else { return .null }
            if target.isEmpty {
                // Java inserts the replacement between every character.
                var result = replacement
                for ch in s { result.append(ch); result += replacement }
                return .string(result)
            }
            return .string(s.replacingOccurrences(of: target, with: replacement))
        case ("replaceAll", 2), ("replaceFirst", 2):
            guard let pattern = stringArgument(args, 0), let template = stringArgument(args, 1) else { return .null }
            let regex = try Self.regex(pattern, at: offset)
            let ns = s as NSString
            let range = NSRange(location: 0, length: ns.length)
            let escaped = Self.javaReplacementTemplate(template)
            let found = try Self.guardedMatches(regex, in: s, range: range, first: name == "replaceFirst", at: offset)
            guard !found.isEmpty else { return .string(s) }
            var pieces: [String] = []
            var start = 0
            var length = 0
            for match in found {
                pieces.append(ns.substring(with: NSRange(location: start, length: match.range.location - start)))
                pieces.append(regex.value.replacementString(for: match, in: s, offset: 0, template: escaped))
                length += pieces[pieces.count - 2].utf8.count + pieces[pieces.count - 1].utf8.count
                guard length <= limits.outputBytes else {
                    throw LocatedError(message: "String exceeds \(limits.outputBytes) bytes", offset: offset)
                }
                start = match.range.location + match.range.length
            }
            pieces.append(ns.substring(from: start))
            return .string(pieces.joined())
        case ("matches", 1):
            guard let pattern = stringArgument(args, 0) else { return .bool(false) }
            let regex = try Self.regex("^(?:" + pattern + ")$", at: offset)
            let ns = s as NSString
            return .bool(!(try Self.guardedMatches(regex, in: s, range: NSRange(location: 0, length: ns.length), first: true, anchored: true, at: offset)).isEmpty)
        case ("split", 1), ("split", 2):
            guard let pattern = stringArgument(args, 0) else { return .null }
            let limit = args.count == 2 ? (Self.integer(args[1]) ?? 0) : 0
            return .list(try Self.split(s, pattern, limit: limit, at: offset).map { .string($0) })
        default:
            return .null
        }
    }

    static func index(of pattern: [UInt16], in haystack: [UInt16], from: Int) -> Int {
        if pattern.isEmpty { return min(from, haystack.count) }
        guard haystack.count >= pattern.count, from <= haystack.count - pattern.count else { return -1 }
        outer: for i in from...(haystack.count - pattern.count) {
            for j in 0..<pattern.count where haystack[i + j] != pattern[j] { continue outer }
            return i
        }
        return -1
    }

    static func lastIndex(of pattern: [UInt16], in haystack: [UInt16]) -> Int {
        if pattern.isEmpty { return haystack.count }
        guard haystack.count >= pattern.count else { return -1 }
        outer: for i in stride(from: haystack.count - pattern.count, through: 0, by: -1) {
            for j in 0..<pattern.count where haystack[i + j] != pattern[j] { continue outer }
            return i
        }
        return -1
    }

    /// Java's `String.split`: a one-character pattern that is not a regex metacharacter splits
    /// literally; trailing empty strings are dropped when `limit` is 0.
    static func split(_ s: String, _ pattern: String, limit: Int, at offset: Int) throws(LocatedError) -> [String] {
        if s.isEmpty { return [""] }
        var parts: [String] = []
        let metacharacters = Set(".$|()[{^?*+\\")
        if pattern.count == 1, let ch = pattern.first, !metacharacters.contains(ch) {
            var current = ""
            for c in s {
                if c == ch, limit <= 0 || parts.count < limit - 1 {
                    parts.append(current)
                    current = ""
                } else {
                    current.append(c)
                }
            }
            parts.append(current)
        } else {
            let regex = try Self.regex(pattern, at: offset)
            let ns = s as NSString
            var start = 0
            for match in try guardedMatches(regex, in: s, range: NSRange(location: 0, length: ns.length), first: false, at: offset) {
                if limit > 0 && parts.count == limit - 1 { break }
                if match.range.length == 0 && match.range.location == 0 { continue }
                if match.range.length == 0 && match.range.location >= ns.length { break }
                parts.append(ns.substring(with: NSRange(location: start, length: match.range.location - start)))
                start = match.range.location + match.range.length
            }
            parts.append(ns.substring(from: start))
        }
        if limit == 0 {
            while parts.count > 1, parts.last?.isEmpty == true { parts.removeLast() }
            if parts.count == 1, parts[0].isEmpty, !s.isEmpty { return [] }
        }
        return parts
    }

    /// Java replacement strings use `$1` and `\x` escapes, as NSRegularExpression templates do.
    static func javaReplacementTemplate(_ template: String) -> String { template }

    /// How long one `matches`, `replaceAll`, `replaceFirst` or `split` may spend matching. A
    /// pattern that backtracks catastrophically (`(a+)+b` on a long run of `a`) fails with an
    /// error instead of hanging the request.
    static let regexTimeLimit: Duration = .milliseconds(250)

    /// The matches of `regex` in `s` (only the first with `first`), watched by a clock: ICU
    /// reports progress during long matches and the search stops at `regexTimeLimit`.
    static func guardedMatches(
        _ regex: CompiledRegex, in s: String, range: NSRange, first: Bool, anchored: Bool = false, at offset: Int
    ) throws(LocatedError) -> [NSTextCheckingResult] {
        let clock = ContinuousClock()
        let deadline = clock.now + regexTimeLimit
        var found: [NSTextCheckingResult] = []
        var timedOut = false
        var options: NSRegularExpression.MatchingOptions = [.reportProgress]
        if anchored { options.insert(.anchored) }
        regex.value.enumerateMatches(in: s, options: options, range: range) { match, _, stop in
            if let match {
                found.append(match)
                if first { stop.pointee = true }
            }
            if clock.now > deadline {
                timedOut = true
                stop.pointee = true
            }
        }
        if timedOut {
            throw LocatedError(message: "Regular expression took longer than \(regexTimeLimit) to match (catastrophic backtracking?)", offset: offset)
        }
        return found
    }

    struct CompiledRegex: @unchecked Sendable {
        let value: NSRegularExpression
    }

    private static let regexCache = Mutex<[String: CompiledRegex]>([:])

    static func regex(_ pattern: String, at offset: Int) throws(LocatedError) -> CompiledRegex {
        if let cached = regexCache.withLock({ $0[pattern] }) { return cached }
        guard let compiled = try? NSRegularExpression(pattern: pattern) else {
            throw LocatedError(message: "Invalid regular expression: \(pattern)", offset: offset)
        }
        let regex = CompiledRegex(value: compiled)
        regexCache.withLock { cache in
            if cache.count > 256 { cache.removeAll() }
            cache[pattern] = regex
        }
        return regex
    }

    // MARK: Lists and maps

    private mutating func listMethod(_ items: [VelocityValue], _ name: String, _ args: [VelocityValue], at offset: Int) throws(LocatedError) -> VelocityValue {
        switch (name, args.count) {
        case ("size", 0): return .int(items.count)
        case ("isEmpty", 0): return .bool(items.isEmpty)
        case ("get", 1):
            guard case .int(let i) = args[0] else { return .null }
            guard i >= 0, i < items.count else {
                throw LocatedError(message: "Index \(i) out of bounds for length \(items.count)", offset: offset)
            }
            return items[i]
        case ("contains", 1): return .bool(items.contains { Self.equals($0, args[0]) })
        case ("indexOf", 1): return .int(items.firstIndex { Self.equals($0, args[0]) } ?? -1)
        case ("subList", 2):
            guard let from = Self.integer(args[0]), let to = Self.integer(args[1]), from >= 0, to <= items.count, from <= to else {
                throw LocatedError(message: "subList range out of bounds for length \(items.count)", offset: offset)
            }
            return .list(Array(items[from..<to]))
        default: return .null
        }
    }

    private mutating func mapMethod(_ map: OrderedMap, _ name: String, _ args: [VelocityValue]) -> VelocityValue {
        switch (name, args.count) {
        case ("size", 0): return .int(map.count)
        case ("isEmpty", 0): return .bool(map.isEmpty)
        case ("get", 1): return map[args[0].javaString] ?? .null
        case ("containsKey", 1): return .bool(map[args[0].javaString] != nil)
        case ("containsValue", 1): return .bool(map.values.contains { Self.equals($0, args[0]) })
        case ("keySet", 0): return .list(map.keys.map { .string($0) })
        case ("values", 0): return .list(map.values)
        case ("entrySet", 0): return .list(map.entries.map { .object(VelocityObject(kind: .entry($0.key, $0.value))) })
        default: return .null
        }
    }

    /// Methods that change a list or map; the caller writes the container back.
    static func mutate(_ container: inout VelocityValue, _ name: String, _ args: [VelocityValue], limits: VelocityLimits, at offset: Int) throws(LocatedError) -> VelocityValue {
        switch container {
        case .list(var items), .jsonList(var items):
            let isJSON: Bool
            if case .jsonList = container { isJSON = true } else { isJSON = false }
            container = .null
            defer { container = isJSON ? .jsonList(items) : .list(items) }
            switch (name, args.count) {
            case ("add", 1):
                guard items.count < limits.totalIterations else {
                    throw LocatedError(message: "List exceeds \(limits.totalIterations) elements", offset: offset)
                }
                items.append(args[0])
                return .bool(true)
            case ("add", 2):
                guard let i = Self.integer(args[0]), i >= 0, i <= items.count else {
                    throw LocatedError(message: "Index out of bounds for length \(items.count)", offset: offset)
                }
                items.insert(args[1], at: i)
                return .null
            case ("addAll", 1):
                guard let more = args[0].listElements else { return .bool(false) }
                guard items.count + more.count <= limits.totalIterations else {
                    throw LocatedError(message: "List exceeds \(limits.totalIterations) elements", offset: offset)
                }
                items.append(contentsOf: more)
                return .bool(!more.isEmpty)
            case ("set", 2):
                guard let i = Self.integer(args[0]), i >= 0, i < items.count else {
                    throw LocatedError(message: "Index out of bounds for length \(items.count)", offset: offset)
                }
                let previous = items[i]
                items[i] = args[1]
                return previous
            case ("remove", 1):
                if case .int(let i) = args[0] {
                    guard i >= 0, i < items.count else {
                        throw LocatedError(message: "Index \(i) out of bounds for length \(items.count)", offset: offset)
                    }
                    return items.remove(at: i)
                }
                if let i = items.firstIndex(where: { Self.equals($0, args[0]) }) {
                    items.remove(at: i)
                    return .bool(true)
                }
                return .bool(false)
            case ("clear", 0):
                items.removeAll()
                return .null
            default:
                return .null
            }
        case .map(var map):
            container = .null
            defer { container = .map(map) }
            switch (name, args.count) {
            case ("put", 2):
                let key = args[0].javaString
                let previous = map[key] ?? .null
                map[key] = args[1]
                return previous
            case ("putAll", 1):
                if case .map(let other) = args[0] {
                    for (key, value) in other.entries { map[key] = value }
                }
                return .null
            case ("remove", 1):
                let key = args[0].javaString
                let previous = map[key] ?? .null
                map[key] = nil
                return previous
            case ("clear", 0):
                map = OrderedMap()
                return .null
            default:
                return .null
            }
        default:
            return .null
        }
    }
}
