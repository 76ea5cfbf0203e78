/// Walks a parsed template for one rendering. Lives only for that rendering, on one thread.
struct Renderer {
    enum Flow { case normal, breakLoop, stop }

    struct LoopState {
        var index: Int
        var hasNext: Bool
    }

    let template: VelocityTemplate
    let environment: VelocityEnvironment
    let limits: VelocityLimits
    var slots: [VelocityValue]
    var out = ""
    var loops: [LoopState] = []
    var totalIterations = 0
    /// `$input`'s body as JSON, read on first use.
    var parsedBody: Result<VelocityValue, JSONParseError>?

    init(template: VelocityTemplate, environment: VelocityEnvironment) {
        self.template = template
        self.environment = environment
        self.limits = template.limits
        slots = Array(repeating: .null, count: template.names.count)
        if environment.hasGatewayObjects {
            slots[SymbolTable.input] = .object(VelocityObject(kind: .input))
            slots[SymbolTable.util] = .object(VelocityObject(kind: .util))
            slots[SymbolTable.context] = environment.context
            slots[SymbolTable.stageVariables] = environment.stageVariables
        }
        if !environment.variables.isEmpty {
            for (i, name) in template.names.enumerated() {
                if let value = environment.variables[name] { slots[i] = value }
            }
        }
    }

    mutating func run() throws(LocatedError) -> VelocityRendering {
        out.reserveCapacity(512)
        _ = try render(template.nodes)
        let collect = environment.hasGatewayObjects && template.setsContext
        return VelocityRendering(output: out, overrides: collect ? overrides() : ContextOverrides())
    }

    // MARK: Nodes

    mutating func render(_ nodes: [Node]) throws(LocatedError) -> Flow {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .reference(let reference, let escapes):
                try renderReference(reference, escapes: escapes)
            case .set(let target, let value, let offset):
                try assign(target, try evaluate(value), offset: offset)
            case .ifChain(let branches, let otherwise):
                var taken = false
                for branch in branches where Self.truthy(try evaluate(branch.condition)) {
                    taken = true
                    let flow = try render(branch.body)
                    if flow != .normal { return flow }
                    break
                }
                if !taken, let otherwise {
                    let flow = try render(otherwise)
                    if flow != .normal { return flow }
                }
            case .foreach(let variable, let iterable, let body, let offset):
                let flow = try renderForeach(variable: variable, iterable: iterable, body: body, offset: offset)
                if flow == .stop { return .stop }
            case .breakLoop:
                return .breakLoop
            case .stop:
                return .stop
            }
        }
        return .normal
    }

    private mutating func renderReference(_ reference: Reference, escapes: Int) throws(LocatedError) {
        let value = try resolve(reference)
        let defined: Bool
        if case .null = value { defined = false } else { defined = true }
        if escapes == 0 {
            if defined {
                try write(value, at: reference.offset)
            } else if !reference.quiet && !environment.undefinedReferencesRenderEmpty {
                out += reference.source
            }
            return
        }
        // Velocity 1.7: `\$a` prints `$a` when $a is defined and `\$a` when it is not; each
        // `\\` pair before the `$` prints one backslash.
        let half = String(repeating: "\\", count: escapes / 2)
        if escapes % 2 == 1 {
            out += half
            if !defined { out += "\\" }
            out += reference.source
        } else if defined {
            out += half
            try write(value, at: reference.offset)
        } else {
            out += String(repeating: "\\", count: escapes)
            if !reference.quiet { out += reference.source }
        }
    }

    mutating func write(_ value: VelocityValue, at offset: Int) throws(LocatedError) {
        if case .string(let s) = value {
            out += s
            if out.utf8.count > limits.outputBytes { throw outputTooLarge(at: offset) }
            return
        }
        do {
            try value.write(to: &out, limit: limits.outputBytes)
        } catch {
            throw outputTooLarge(at: offset)
        }
    }

    mutating func outputTooLarge(at offset: Int) -> LocatedError {
        LocatedError(message: "Template output exceeds \(limits.outputBytes) bytes", offset: offset)
    }

    private mutating func renderForeach(variable: Int, iterable: Expression, body: [Node], offset: Int) throws(LocatedError) -> Flow {
        let collection = try evaluate(iterable)
        let items: [VelocityValue]
        switch collection {
        case .list(let elements), .jsonList(let elements): items = elements
        case .map(let map): items = map.values
        default: items = []
        }
        guard !items.isEmpty else { return .normal }
        let saved = (slots[variable], slots[SymbolTable.foreach], slots[SymbolTable.velocityCount], slots[SymbolTable.velocityHasNext])
        func restore() {
            slots[variable] = saved.0
            slots[SymbolTable.foreach] = saved.1
            slots[SymbolTable.velocityCount] = saved.2
            slots[SymbolTable.velocityHasNext] = saved.3
            loops.removeLast()
        }
        let depth = loops.count
        loops.append(LoopState(index: 0, hasNext: items.count > 1))
        let loopObject = VelocityValue.object(VelocityObject(kind: .loop(depth: depth)))
        var result = Flow.normal
        for (index, item) in items.enumerated() {
            if index >= limits.foreachIterations {
                restore()
                // AWS-BEHAVIOUR fact 62.
                throw LocatedError(message: "#foreach exceeded the limit of \(limits.foreachIterations) iterations", offset: offset)
            }
            totalIterations += 1
            if totalIterations > limits.totalIterations {
                restore()
                throw LocatedError(message: "Loops exceeded the limit of \(limits.totalIterations) iterations in one rendering", offset: offset)
            }
            let hasNext = index + 1 < items.count
            loops[depth] = LoopState(index: index, hasNext: hasNext)
            slots[variable] = item
            slots[SymbolTable.foreach] = loopObject
            slots[SymbolTable.velocityCount] = .int(index + 1)
            slots[SymbolTable.velocityHasNext] = .bool(hasNext)
            let flow: Flow
            do {
                flow = try render(body)
            } catch {
                restore()
                throw error
            }
            if out.utf8.count > limits.outputBytes {
                restore()
                throw outputTooLarge(at: offset)
            }
            if flow == .breakLoop { break }
            if flow == .stop { result = .stop; break }
        }
        restore()
        return result
    }

    // MARK: References

    mutating func resolve(_ reference: Reference) throws(LocatedError) -> VelocityValue {
        var current = slots[reference.slot]
        if reference.accessors.isEmpty { return current }
        for i in reference.accessors.indices {
            if current.isNullLike { return .null }
            switch reference.accessors[i] {
            case .property(let name, let offset):
                current = try property(of: current, name, at: offset)
            case .index(let expression, let offset):
                current = try index(current, try evaluate(expression), at: offset)
            case .method(let name, let argumentExpressions, let offset):
                var arguments: [VelocityValue] = []
                arguments.reserveCapacity(argumentExpressions.count)
                for expression in argumentExpressions { arguments.append(try evaluate(expression)) }
                if Self.mutatingMethods.contains(name), current.listElements != nil || { if case .map = current { return true } else { return false } }() {
                    var container = current
                    current = .null
                    let result = try mutate(&container, name, arguments, at: offset)
                    writeBack(slot: reference.slot, path: reference.accessors[0..<i], value: container)
                    current = result
                } else {
                    current = try call(current, name, arguments, at: offset)
                }
            }
        }
        return current
    }

    static let mutatingMethods: Set<String> = ["add", "addAll", "put", "putAll", "remove", "clear", "set"]

    /// Stores a mutated container back where the reference found it (values are copied, so
    /// `$list.add(1)` has to write the new list back into `$list`).
    private mutating func writeBack(slot: Int, path: ArraySlice<Accessor>, value: VelocityValue) {
        var root = slots[slot]
        slots[slot] = .null
        _ = try? replace(in: &root, path: path, with: value)
        slots[slot] = root
    }

    private mutating func replace(in value: inout VelocityValue, path: ArraySlice<Accessor>, with newValue: VelocityValue) throws(LocatedError) -> Bool {
        guard let first = path.first else {
            value = newValue
            return true
        }
        let rest = path.dropFirst()
        let key: VelocityValue
        switch first {
        case .property(let name, _): key = .string(name)
        case .index(let expression, _): key = try evaluate(expression)
        case .method(let name, let arguments, _):
            guard name == "get", arguments.count == 1 else { return false }
            key = try evaluate(arguments[0])
        }
        switch value {
        case .map(var map):
            let name = key.javaString
            guard var child = map[name] else { return false }
            value = .null
            map[name] = .null
            let done = try replace(in: &child, path: rest, with: newValue)
            map[name] = child
            value = .map(map)
            return done
        case .list(var items), .jsonList(var items):
            let isJSON: Bool
            if case .jsonList = value { isJSON = true } else { isJSON = false }
            guard case .int(var i) = key else { return false }
            if i < 0 { i += items.count }
            guard i >= 0, i < items.count else { return false }
            value = .null
            var child = items[i]
            items[i] = .null
            let done = try replace(in: &child, path: rest, with: newValue)
            items[i] = child
            value = isJSON ? .jsonList(items) : .list(items)
            return done
        default:
            return false
        }
    }

    /// `#set`: a null value leaves the target unchanged (Velocity 1.7's default).
    private mutating func assign(_ target: Reference, _ value: VelocityValue, offset: Int) throws(LocatedError) {
        if case .null = value { return }
        var stored = value
        if case .object(let object) = value, object.kind == .missingPath { stored = .string("") }
        guard let last = target.accessors.last else {
            slots[target.slot] = stored
            return
        }
        var root = slots[target.slot]
        if case .null = root { return }
        slots[target.slot] = .null
        defer { slots[target.slot] = root }
        let path = target.accessors.dropLast()
        // Resolve the container, put into it, write it back.
        var container = root
        for accessor in path {
            switch accessor {
            case .property(let name, let at): container = try property(of: container, name, at: at)
            case .index(let expression, let at): container = try index(container, try evaluate(expression), at: at)
            case .method(let name, let arguments, let at):
                var values: [VelocityValue] = []
                for argument in arguments { values.append(try evaluate(argument)) }
                container = try call(container, name, values, at: at)
            }
        }
        switch (last, container) {
        case (.property(let name, _), .map(var map)):
            container = .null
            map[name] = stored
            _ = try replace(in: &root, path: path, with: .map(map))
        case (.index(let expression, let at), .map(var map)):
            let key = try evaluate(expression).javaString
            container = .null
            map[key] = stored
            _ = try replace(in: &root, path: path, with: .map(map))
            _ = at
        case (.index(let expression, let at), .list(var items)):
            guard case .int(var i) = try evaluate(expression) else { return }
            if i < 0 { i += items.count }
            guard i >= 0, i < items.count else {
                throw LocatedError(message: "Index \(i) out of bounds for length \(items.count)", offset: at)
            }
            container = .null
            items[i] = stored
            _ = try replace(in: &root, path: path, with: .list(items))
        default:
            break
        }
    }

    // MARK: Expressions

    static func truthy(_ value: VelocityValue) -> Bool {
        switch value {
        case .null: false
        case .bool(let b): b
        case .object(let object): object.kind != .missingPath
        default: true
        }
    }

    mutating func evaluate(_ expression: Expression) throws(LocatedError) -> VelocityValue {
        switch expression {
        case .literal(let value):
            return value
        case .interpolated(let nodes):
            let saved = out
            out = ""
            do {
                _ = try render(nodes)
            } catch {
                out = saved
                throw error
            }
            let text = out
            out = saved
            return .string(text)
        case .reference(let reference):
            return try resolve(reference)
        case .list(let expressions):
            var items: [VelocityValue] = []
            items.reserveCapacity(expressions.count)
            for item in expressions { items.append(try evaluate(item)) }
            return .list(items)
        case .range(let from, let to, let offset):
            guard let low = Self.integer(try evaluate(from)), let high = Self.integer(try evaluate(to)) else {
                throw LocatedError(message: "Range bounds must be integers", offset: offset)
            }
            let count = abs(high - low) + 1
            guard count <= limits.rangeSize else {
                throw LocatedError(message: "Range of \(count) elements exceeds the limit of \(limits.rangeSize)", offset: offset)
            }
            return .list(low <= high ? (low...high).map { .int($0) } : (high...low).reversed().map { .int($0) })
        case .map(let entries):
            var map = OrderedMap()
            for entry in entries {
                map[try evaluate(entry.key).javaString] = try evaluate(entry.value)
            }
            return .map(map)
        case .not(let operand):
            return .bool(!Self.truthy(try evaluate(operand)))
        case .negate(let operand, _):
            switch try evaluate(operand) {
            case .int(let i): return i == Int.min ? .double(-Double(i)) : .int(-i)
            case .double(let d): return .double(-d)
            default: return .null
            }
        case .binary(let op, let left, let right, let offset):
            switch op {
            case .or:
                if Self.truthy(try evaluate(left)) { return .bool(true) }
                return .bool(Self.truthy(try evaluate(right)))
            case .and:
                if !Self.truthy(try evaluate(left)) { return .bool(false) }
                return .bool(Self.truthy(try evaluate(right)))
            default:
                var l = try evaluate(left)
                var r = try evaluate(right)
                if op == .add {
                    // Velocity 1.7 concatenates an undefined reference as its source text.
                    if case .null = l, case .string = r, case .reference(let reference) = left { l = .string(reference.source) }
                    if case .null = r, case .string = l, case .reference(let reference) = right { r = .string(reference.source) }
                }
                return try binary(op, l, r, at: offset)
            }
        }
    }

    static func integer(_ value: VelocityValue) -> Int? {
        switch value {
        case .int(let i): i
        case .double(let d) where d.isFinite && d == d.rounded() && abs(d) < 9e15: Int(d)
        case .string(let s): Int(s.trimmingWhitespace())
        default: nil
        }
    }

    private mutating func binary(_ op: BinaryOperator, _ l: VelocityValue, _ r: VelocityValue, at offset: Int) throws(LocatedError) -> VelocityValue {
        switch op {
        case .equal: return .bool(Self.equals(l, r))
        case .notEqual: return .bool(!Self.equals(l, r))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let c = Self.compareNumbers(l, r) else { return .bool(false) }
            switch op {
            case .less: return .bool(c < 0)
            case .lessOrEqual: return .bool(c <= 0)
            case .greater: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        case .add:
            if case .string(let a) = l {
                return try concatenate(a, r.javaString, at: offset)
            }
            if case .string(let b) = r, !l.isNullLike {
                return try concatenate(l.javaString, b, at: offset)
            }
            return arithmetic(op, l, r)
        default:
            return arithmetic(op, l, r)
        }
    }

    private mutating func concatenate(_ a: String, _ b: String, at offset: Int) throws(LocatedError) -> VelocityValue {
        guard a.utf8.count + b.utf8.count <= limits.outputBytes else {
            throw LocatedError(message: "String exceeds \(limits.outputBytes) bytes", offset: offset)
        }
        return .string(a + b)
    }

    private mutating func arithmetic(_ op: BinaryOperator, _ l: VelocityValue, _ r: VelocityValue) -> VelocityValue {
        switch (l, r) {
        case (.int(let a), .int(let b)):
            switch op {
            case .add:
                let (v, o) = a.addingReportingOverflow(b)
                return o ? .double(Double(a) + Double(b)) : .int(v)
            case .subtract:
                let (v, o) = a.subtractingReportingOverflow(b)
                return o ? .double(Double(a) - Double(b)) : .int(v)
            case .multiply:
                let (v, o) = a.multipliedReportingOverflow(by: b)
                return o ? .double(Double(a) * Double(b)) : .int(v)
            case .divide:
                if b == 0 || (a == Int.min && b == -1) { return .null }
                return .int(a / b)
            case .remainder:
                if b == 0 || (a == Int.min && b == -1) { return .null }
                return .int(a % b)
            default: return .null
            }
        default:
            guard let a = Self.number(l), let b = Self.number(r) else { return .null }
            switch op {
            case .add: return .double(a + b)
            case .subtract: return .double(a - b)
            case .multiply: return .double(a * b)
            case .divide: return b == 0 ? .null : .double(a / b)
            case .remainder: return b == 0 ? .null : .double(a.truncatingRemainder(dividingBy: b))
            default: return .null
            }
        }
    }

    static func number(_ value: VelocityValue) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    static func compareNumbers(_ l: VelocityValue, _ r: VelocityValue) -> Int? {
        if case .int(let a) = l, case .int(let b) = r { return a < b ? -1 : (a > b ? 1 : 0) }
        guard let a = number(l), let b = number(r) else { return nil }
        return a < b ? -1 : (a > b ? 1 : 0)
    }

    /// Velocity 1.7 equality: numbers by value, same kinds by value, different kinds by their
    /// text; null equals only null. `$input.path` of a missing path equals null and "" (fact 55).
    static func equals(_ l: VelocityValue, _ r: VelocityValue) -> Bool {
        switch (l, r) {
        case (.object(let a), _) where a.kind == .missingPath:
            if r.isNullLike { return true }
            if case .string(let s) = r { return s.isEmpty }
            return false
        case (_, .object(let b)) where b.kind == .missingPath:
            return equals(r, l)
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            return compareNumbers(l, r) == 0
        default:
            if let a = l.listElements, let b = r.listElements { return a.count == b.count && zip(a, b).allSatisfy { equals($0, $1) } }
            if case .map(let a) = l, case .map(let b) = r { return a == b }
            return l.javaString == r.javaString
        }
    }

    // MARK: Overrides

    private mutating func overrides() -> ContextOverrides {
        var result = ContextOverrides()
        guard case .map(let context) = slots[SymbolTable.context] else { return result }
        func strings(_ value: VelocityValue?) -> [String: String] {
            guard case .map(let map)? = value else { return [:] }
            var dictionary: [String: String] = [:]
            for (key, value) in map.entries where !value.isNullLike { dictionary[key] = value.javaString }
            return dictionary
        }
        if case .map(let request)? = context["requestOverride"] {
            result.requestHeaders = strings(request["header"])
            result.requestPath = strings(request["path"])
            result.requestQuerystring = strings(request["querystring"])
        }
        if case .map(let response)? = context["responseOverride"] {
            result.responseHeaders = strings(response["header"])
            if let status = response["status"] { result.responseStatus = Self.integer(status) }
        }
        return result
    }
}

extension String {
    /// Java's `trim()`: strips characters up to U+0020 from both ends.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }),
              let last = scalars.lastIndex(where: { $0.value > 0x20 }) else { return "" }
        return String(scalars[first...last])
    }
}
