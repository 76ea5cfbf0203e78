/// Walks a parsed template for one rendering. Lives only for that rendering, on one thread.
struct Renderer: ~Copyable {
    enum Flow { case normal, breakLoop, stop }

    struct LoopState {
        var index: Int
        var hasNext: Bool
    }

    let template: VelocityTemplate.Program
    /// The template's text, by address: `template` keeps it alive for the whole rendering.
    let text: UnsafePointer<UInt8>
    let environment: VelocityEnvironment
    let limits: VelocityLimits
    let slots: VariableSlots
    /// The output so far, as UTF-8 (appending bytes is much cheaper than growing a String).
    var out = ByteBuffer(capacity: 512)
    var loops: [LoopState] = []
    /// `#define` blocks being rendered, innermost last.
    var activeBlocks: [Int] = []
    static let maximumBlockDepth = 20
    var totalIterations = 0
    /// `$input`'s body as JSON, or why it is not JSON, once read.
    var parsedBody: VelocityValue?
    var bodyError: JSONParseError?

    /// A macro parameter: Velocity 1.7 passes arguments by name, so an argument expression is
    /// evaluated, in the caller's frame, each time the parameter is used; `#set` on the
    /// parameter gives it a value of its own.
    enum Binding {
        case expression(Expression, frame: Int)
        case value(VelocityValue)
    }

    struct MacroFrame {
        var bindings: [Int: Binding]
    }

    /// Frames of the macros being rendered; `frame` is the current one (0: the template).
    var frames: [MacroFrame] = []
    var frame = 0

    /// Where a variable's value lives, following parameters bound to plain references.
    enum Storage {
        case global(Int)
        case local(frame: Int, slot: Int)
        /// A parameter bound to an expression that is not a variable.
        case none
    }

    init(program: VelocityTemplate.Program, limits: VelocityLimits, environment: VelocityEnvironment) {
        self.template = program
        text = program.text.bytes.baseAddress!
        self.environment = environment
        self.limits = limits
        slots = VariableSlots(count: template.names.count)
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
        _ = try render(template.nodes)
        let collect = environment.hasGatewayObjects && template.setsContext
        return VelocityRendering(output: out.string, overrides: collect ? overrides() : .none)
    }

    // MARK: Nodes

    mutating func render(_ nodes: [Node]) throws(LocatedError) -> Flow {
        for node in nodes {
            switch node {
            case .text(let span):
                out.append(UnsafeBufferPointer(start: text + Int(span.start), count: Int(span.count)))
            case .reference(let reference):
                try renderReference(reference, escapes: 0)
            case .escapedReference(let reference, let escapes):
                try renderReference(reference, escapes: escapes)
            case .set(let target, let value, let offset):
                try assign(target, try evaluate(value), offset: offset)
            case .ifChain(let chain):
                var taken = false
                for branch in chain.branches where try condition(branch.condition) {
                    taken = true
                    let flow = try render(branch.body)
                    if flow != .normal { return flow }
                    break
                }
                if !taken, let otherwise = chain.otherwise {
                    let flow = try render(otherwise)
                    if flow != .normal { return flow }
                }
            case .foreach(let loop):
                if try renderForeach(loop) == .stop { return .stop }
            case .define(let variable, let block):
                slots[variable] = .object(VelocityObject(kind: .block(block)))
            case .macroCall(let call):
                if try renderMacro(call) == .stop { return .stop }
            case .breakLoop:
                return .breakLoop
            case .stop:
                return .stop
            }
        }
        return .normal
    }

    /// Renders a macro call; a call of an undefined macro prints as written.
    /// `#break` in a macro ends the macro; `#stop` ends the template.
    private mutating func renderMacro(_ call: MacroCall) throws(LocatedError) -> Flow {
        guard let macro = template.macros[call.name] else {
            out += call.source
            return .normal
        }
        guard frames.count < TemplateParser.maximumMacroDepth else {
            throw LocatedError(message: "Macro #\(call.name) called more than \(TemplateParser.maximumMacroDepth) levels deep", offset: call.offset)
        }
        var bindings: [Int: Binding] = [:]
        for (i, parameter) in macro.parameters.enumerated() where i < call.arguments.count {
            bindings[parameter] = .expression(call.arguments[i], frame: frame)
        }
        if let body = call.body {
            bindings[SymbolTable.bodyContent] = .value(.object(VelocityObject(kind: .block(body))))
        }
        frames.append(MacroFrame(bindings: bindings))
        let caller = frame
        frame = frames.count
        let flow = try render(macro.body)
        frame = caller
        frames.removeLast()
        return flow == .stop ? .stop : .normal
    }

    /// The value of a variable in the current frame.
    mutating func slotValue(_ slot: Int) throws(LocatedError) -> VelocityValue {
        if frame == 0 { return slots[slot] }
        guard let binding = frames[frame - 1].bindings[slot] else { return slots[slot] }
        switch binding {
        case .value(let value):
            return value
        case .expression(let expression, let caller):
            let saved = frame
            frame = caller
            defer { frame = saved }
            return try evaluate(expression)
        }
    }

    func storage(of slot: Int) -> Storage {
        var slot = slot
        var current = frame
        while current != 0, let binding = frames[current - 1].bindings[slot] {
            switch binding {
            case .value:
                return .local(frame: current, slot: slot)
            case .expression(.reference(let reference), let caller) where reference.accessors.isEmpty:
                slot = reference.slot
                current = caller
            case .expression:
                return .none
            }
        }
        return .global(slot)
    }

    /// Moves a variable's value out (leaving null) so it can be changed in place.
    mutating func takeValue(_ storage: Storage) -> VelocityValue {
        switch storage {
        case .global(let slot):
            let value = slots[slot]
            slots[slot] = .null
            return value
        case .local(let f, let slot):
            guard case .value(let value)? = frames[f - 1].bindings[slot] else { return .null }
            frames[f - 1].bindings[slot] = .value(.null)
            return value
        case .none:
            return .null
        }
    }

    mutating func putValue(_ value: VelocityValue, _ storage: Storage) {
        switch storage {
        case .global(let slot): slots[slot] = value
        case .local(let f, let slot): frames[f - 1].bindings[slot] = .value(value)
        case .none: break
        }
    }

    /// How an undefined reference prints: as written, except that a macro parameter bound to
    /// a reference prints that reference as written (Velocity 1.7).
    func undefinedSource(_ reference: Reference) -> String {
        if frame != 0, reference.accessors.isEmpty,
           case .expression(.reference(let argument), _)? = frames[frame - 1].bindings[reference.slot] {
            return argument.source
        }
        return reference.source
    }

    private mutating func renderReference(_ reference: Reference, escapes: Int) throws(LocatedError) {
        if escapes == 0, try writeEscapedJavaScript(reference) { return }
        let value = try resolve(reference)
        let defined: Bool
        if case .null = value { defined = false } else { defined = true }
        if escapes == 0 {
            if case .object(let object) = value, case .block(let block) = object.kind {
                // A #define block renders in the current context; one that refers to itself
                // prints the reference as written, as Velocity 1.7 does.
                if activeBlocks.contains(block) || activeBlocks.count >= Self.maximumBlockDepth
                    || block >= template.blocks.count {
                    out += reference.source
                    return
                }
                activeBlocks.append(block)
                defer { activeBlocks.removeLast() }
                _ = try render(template.blocks[block])
                return
            }
            if defined {
                try write(value, at: reference.offset)
            } else {
                writeUndefined(reference)
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

    private mutating func writeUndefined(_ reference: Reference) {
        if !reference.quiet && !environment.undefinedReferencesRenderEmpty {
            out += undefinedSource(reference)
        }
    }

    /// `$util.escapeJavaScript(…)` in text, the most printed call of mapping templates, escaped
    /// straight into the output instead of into a string first. False when the reference is
    /// something else (or `$util` has been replaced).
    private mutating func writeEscapedJavaScript(_ reference: Reference) throws(LocatedError) -> Bool {
        guard frame == 0, reference.accessors.count == 1, case .method(let call) = reference.accessors[0],
              call.gateway == .escapeJavaScript, Self.receives(.escapeJavaScript, slots[reference.slot]) else { return false }
        let argument = try evaluate(call.arguments[0])
        if case .null = argument {
            writeUndefined(reference)
            return true
        }
        let start = out.count
        Util.escapeJavaScript(argument.javaString, into: &out)
        if out.count - start > limits.outputBytes {
            throw LocatedError(message: "String exceeds \(limits.outputBytes) bytes", offset: call.offset)
        }
        if out.count > limits.outputBytes { throw outputTooLarge(at: reference.offset) }
        return true
    }

    mutating func write(_ value: VelocityValue, at offset: Int) throws(LocatedError) {
        switch value {
        case .string(let s):
            out += s
            if out.count > limits.outputBytes { throw outputTooLarge(at: offset) }
            return
        case .int(let i) where i >= 0 && i < 10_000:
            // Small counts and quantities, the most printed numbers, without a String.
            if i >= 1000 { out.append(UInt8(truncatingIfNeeded: 0x30 + i / 1000)) }
            if i >= 100 { out.append(UInt8(truncatingIfNeeded: 0x30 + i / 100 % 10)) }
            if i >= 10 { out.append(UInt8(truncatingIfNeeded: 0x30 + i / 10 % 10)) }
            out.append(UInt8(truncatingIfNeeded: 0x30 + i % 10))
            return
        default:
            break
        }
        do {
            try value.write(to: &out, limit: limits.outputBytes)
        } catch {
            if error.tooDeep { throw LocatedError(message: "Value nested more than \(maximumValueDepth) levels deep", offset: offset) }
            throw outputTooLarge(at: offset)
        }
    }

    mutating func outputTooLarge(at offset: Int) -> LocatedError {
        LocatedError(message: "Template output exceeds \(limits.outputBytes) bytes", offset: offset)
    }

    private mutating func renderForeach(_ loop: Loop) throws(LocatedError) -> Flow {
        let variable = loop.variable, body = loop.body, offset = loop.offset
        let collection = try evaluate(loop.iterable)
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
                // API Gateway caps a #foreach at 1000 iterations (DG: limits).
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
            if out.count > limits.outputBytes {
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
        var current = frame == 0 ? slots[reference.slot] : try slotValue(reference.slot)
        if reference.accessors.isEmpty { return current }
        for i in reference.accessors.indices {
            if current.isNullLike { return .null }
            switch reference.accessors[i] {
            case .property(let name, let offset):
                if case .map(let map) = current {
                    current = map[name] ?? .null
                } else {
                    current = try property(of: current, name, at: offset)
                }
            case .index(let expression, let offset):
                current = try index(current, try evaluate(expression), at: offset)
            case .method(let method):
                if let gateway = method.gateway, Self.receives(gateway, current) {
                    current = try callGateway(gateway, method)
                    continue
                }
                var arguments: [VelocityValue] = []
                arguments.reserveCapacity(method.arguments.count)
                for expression in method.arguments { arguments.append(try evaluate(expression)) }
                let isContainer: Bool
                switch current {
                case .list, .jsonList, .map: isContainer = true
                default: isContainer = false
                }
                if isContainer, Self.isMutating(method.name) {
                    current = .null
                    current = try mutateInPlace(reference, upTo: i, method.name, arguments, at: method.offset)
                } else {
                    current = try call(current, method.name, arguments, at: method.offset)
                }
            }
        }
        return current
    }

    static func isView(_ name: String) -> Bool { name == "keySet" || name == "values" || name == "entrySet" }

    static func isGrowing(_ name: String) -> Bool { name == "add" || name == "addAll" }

    static func isMutating(_ name: String) -> Bool {
        switch name {
        case "add", "addAll", "put", "putAll", "remove", "clear", "set": true
        default: false
        }
    }

    /// A step of a path into a variable, with its index already evaluated.
    enum PathKey {
        case name(String)
        case key(VelocityValue)
    }

    /// Evaluates the keys of `accessors` (properties, indexes, `get(key)`); nil when the path
    /// goes through another method and so cannot be written back.
    private mutating func pathKeys(_ accessors: ArraySlice<Accessor>) throws(LocatedError) -> [PathKey]? {
        var keys: [PathKey] = []
        keys.reserveCapacity(accessors.count)
        for accessor in accessors {
            switch accessor {
            case .property(let name, _): keys.append(.name(name))
            case .index(let expression, _): keys.append(.key(try evaluate(expression)))
            case .method(let method):
                guard method.name == "get", method.arguments.count == 1 else { return nil }
                keys.append(.key(try evaluate(method.arguments[0])))
            }
        }
        return keys
    }

    /// Runs `body` on the value at `keys` inside `value`, in place: each level is moved out
    /// while it is changed, so a list grown by `add` in a loop is never copied.
    /// Returns nil when the path leads nowhere.
    static func withValue(
        at keys: ArraySlice<PathKey>, in value: inout VelocityValue,
        _ body: (inout VelocityValue) throws(LocatedError) -> VelocityValue
    ) throws(LocatedError) -> VelocityValue? {
        guard let first = keys.first else { return try body(&value) }
        let rest = keys.dropFirst()
        switch value {
        case .map(var map):
            let name: String
            switch first {
            case .name(let n): name = n
            case .key(let k): name = k.javaString
            }
            guard var child = map[name] else { return nil }
            value = .null
            map[name] = .null
            defer {
                map[name] = child
                value = .map(map)
            }
            return try withValue(at: rest, in: &child, body)
        case .list(var items), .jsonList(var items):
            let isJSON: Bool
            if case .jsonList = value { isJSON = true } else { isJSON = false }
            guard case .key(let key) = first, var i = integer(key) else { return nil }
            if i < 0 { i += items.count }
            guard i >= 0, i < items.count else { return nil }
            value = .null
            var child = items[i]
            items[i] = .null
            defer {
                items[i] = child
                value = isJSON ? .jsonList(items) : .list(items)
            }
            return try withValue(at: rest, in: &child, body)
        default:
            return nil
        }
    }

    /// `$a.b.add(x)`: changes the list or map inside the variable itself (values are copied,
    /// so the change has to happen where the variable holds it).
    private mutating func mutateInPlace(_ reference: Reference, upTo end: Int, _ name: String, _ arguments: [VelocityValue], at offset: Int) throws(LocatedError) -> VelocityValue {
        let limits = self.limits
        let storage = storage(of: reference.slot)
        if case .none = storage {} else if let keys = try pathKeys(reference.accessors[0..<end]) {
            var root = takeValue(storage)
            let result: VelocityValue?
            do {
                result = try Self.withValue(at: keys[...], in: &root) { (container: inout VelocityValue) throws(LocatedError) -> VelocityValue in
                    try Self.mutate(&container, name, arguments, limits: limits, at: offset)
                }
            } catch {
                putValue(root, storage)
                throw error
            }
            putValue(root, storage)
            if let result { return result }
        }
        // Not a path into a variable (`$input.path('$').add(1)`): change a temporary copy.
        var container = try slotValue(reference.slot)
        for accessor in reference.accessors[0..<end] {
            if case .method(let method) = accessor, Self.isView(method.name), Self.isGrowing(name) {
                // keySet(), values() and entrySet() are views of the map that cannot grow.
                throw LocatedError(message: "\(method.name)() does not support \(name): UnsupportedOperationException", offset: method.offset)
            }
            switch accessor {
            case .property(let property, let at): container = try self.property(of: container, property, at: at)
            case .index(let expression, let at): container = try index(container, try evaluate(expression), at: at)
            case .method(let method):
                var values: [VelocityValue] = []
                for argument in method.arguments { values.append(try evaluate(argument)) }
                container = try call(container, method.name, values, at: method.offset)
            }
        }
        return try Self.mutate(&container, name, arguments, limits: limits, at: offset)
    }

    /// `#set`: a null value leaves the target unchanged (Velocity 1.7's default).
    private mutating func assign(_ target: Reference, _ value: VelocityValue, offset: Int) throws(LocatedError) {
        if case .null = value { return }
        guard let last = target.accessors.last else {
            if frame != 0, frames[frame - 1].bindings[target.slot] != nil {
                frames[frame - 1].bindings[target.slot] = .value(value)
            } else {
                slots[target.slot] = value
            }
            return
        }
        let storage = storage(of: target.slot)
        switch storage {
        case .none: return
        case .global(let slot): if case .null = slots[slot] { return }
        case .local: break
        }
        guard let keys = try pathKeys(target.accessors.dropLast()) else { return }
        let leaf: PathKey
        let leafOffset: Int
        switch last {
        case .property(let name, let at): leaf = .name(name); leafOffset = at
        case .index(let expression, let at): leaf = .key(try evaluate(expression)); leafOffset = at
        case .method: return
        }
        var root = takeValue(storage)
        defer { putValue(root, storage) }
        _ = try Self.withValue(at: keys[...], in: &root) { (container: inout VelocityValue) throws(LocatedError) -> VelocityValue in
            switch container {
            case .map(var map):
                container = .null
                switch leaf {
                case .name(let name): map[name] = value
                case .key(let key): map[key.javaString] = value
                }
                container = .map(map)
            case .list(var items), .jsonList(var items):
                let isJSON: Bool
                if case .jsonList = container { isJSON = true } else { isJSON = false }
                guard case .key(let key) = leaf, var i = Self.integer(key) else { return .null }
                if i < 0 { i += items.count }
                guard i >= 0, i < items.count else {
                    throw LocatedError(message: "Index \(i) out of bounds for length \(items.count)", offset: leafOffset)
                }
                container = .null
                items[i] = value
                container = isJSON ? .jsonList(items) : .list(items)
            default:
                break
            }
            return .null
        }
    }

    // MARK: Expressions

    /// An expression in a boolean position (`#if`, `!`, `&&`, `||`), as Velocity 1.7 judges it:
    /// a reference is true unless null or `false`; `true`, comparisons and logical operators
    /// are what they say; any other literal or arithmetic is false (`#if(7)` takes the else).
    mutating func condition(_ expression: Expression) throws(LocatedError) -> Bool {
        switch expression {
        case .reference(let reference):
            return Self.truthy(try resolve(reference))
        case .literal(.bool(let b)):
            return b
        case .not(let operand):
            return !(try condition(operand))
        case .binary(let op, _, _, _):
            switch op {
            case .or, .and, .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
                return Self.truthy(try evaluate(expression))
            case .add, .subtract, .multiply, .divide, .remainder:
                _ = try evaluate(expression)
                return false
            }
        case .literal, .interpolated, .list, .range, .map, .negate:
            _ = try evaluate(expression)
            return false
        }
    }

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
        case .interpolated(let nodes, let dropsLastCharacter):
            var saved = ByteBuffer()
            swap(&saved, &out)
            do {
                _ = try render(nodes)
            } catch {
                swap(&saved, &out)
                throw error
            }
            swap(&saved, &out)
            if dropsLastCharacter { saved.removeLastCharacter() }
            return .string(saved.string)
        case .reference(let reference):
            return try resolve(reference)
        case .list(let expressions):
            var items: [VelocityValue] = []
            items.reserveCapacity(expressions.count)
            for item in expressions { items.append(try evaluate(item)) }
            return .list(items)
        case .range(let from, let to, let offset):
            // Velocity 1.7 takes numbers (doubles truncated); anything else makes the range null.
            func bound(_ value: VelocityValue) -> Int? {
                switch value {
                case .int(let i): return i
                case .double(let d) where d.isFinite && abs(d) < 9e15: return Int(d)
                default: return nil
                }
            }
            guard let low = bound(try evaluate(from)), let high = bound(try evaluate(to)) else { return .null }
            let (difference, overflow) = high.subtractingReportingOverflow(low)
            let count = overflow || difference == Int.min ? Int.max : abs(difference) + 1
            guard count <= limits.rangeSize else {
                throw LocatedError(message: "Range of \(count == Int.max ? "too many" : String(count)) elements exceeds the limit of \(limits.rangeSize)", offset: offset)
            }
            return .list(low <= high ? (low...high).map { .int($0) } : (high...low).reversed().map { .int($0) })
        case .map(let entries):
            var map = OrderedMap()
            for entry in entries {
                map[try evaluate(entry.key).javaString] = try evaluate(entry.value)
            }
            return .map(map)
        case .not(let operand):
            return .bool(!(try condition(operand)))
        case .negate(let operand, _):
            switch try evaluate(operand) {
            case .int(let i): return i == Int.min ? .double(-Double(i)) : .int(-i)
            case .double(let d): return .double(-d)
            default: return .null
            }
        case .binary(let op, let left, let right, let offset):
            switch op {
            case .or:
                if try condition(left) { return .bool(true) }
                return .bool(try condition(right))
            case .and:
                if !(try condition(left)) { return .bool(false) }
                return .bool(try condition(right))
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
    /// text; null equals only null. `$input.path` of a missing path equals null and ""
    /// (recorded AWS response: LocalStack
    /// tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
    /// test_input_path_template_formatting).
    static func equals(_ l: VelocityValue, _ r: VelocityValue, depth: Int = 0) -> Bool {
        guard depth < maximumValueDepth else { return false }
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
            if let a = l.listElements, let b = r.listElements {
                return a.count == b.count && zip(a, b).allSatisfy { equals($0, $1, depth: depth + 1) }
            }
            if case .map(let a) = l, case .map(let b) = r {
                guard a.count == b.count else { return false }
                for entry in a.pairs {
                    guard let other = b[entry.key], equals(entry.value, other, depth: depth + 1) else { return false }
                }
                return true
            }
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
