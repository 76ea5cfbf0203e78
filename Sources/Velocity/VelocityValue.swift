/// A string-keyed map that keeps insertion order, as API Gateway prints maps in their JSON
/// order. Re-putting an existing key keeps its position (like `LinkedHashMap`).
public struct OrderedMap: Sendable, Equatable {
    /// One key and its value. Public so a caller that knows its keys are distinct (the
    /// gateway's `$context`) can build a map's storage in one array, without a lookup per key.
    public struct Entry: Sendable {
        public var key: String
        public var value: VelocityValue

        public init(key: String, value: VelocityValue) {
            self.key = key
            self.value = value
        }
    }

    /// One array of pairs (one allocation per map); small maps are searched linearly, which
    /// beats hashing for the handful of keys JSON objects and `$context` usually hold.
    private(set) var pairs: [Entry] = []
    /// Key → position, built only once a map grows past `indexThreshold`.
    private var index: [String: Int]?
    /// Up to here a lookup compares lengths, then bytes, of at most this many keys, which costs
    /// less than building and hashing an index (a request's `$context` has 24 keys).
    private static let indexThreshold = 32

    public init() {}

    /// A map of entries whose keys are known to be distinct (the JSON parser checks; the
    /// gateway builds `$context` so).
    public init(uniqueEntries: [Entry]) {
        pairs = uniqueEntries
        if pairs.count > Self.indexThreshold { rebuildIndex() }
    }

    public init(_ pairs: [(String, VelocityValue)]) {
        self.pairs.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// A map from pairs whose keys the caller knows to be distinct (a `$context` made by the
    /// gateway): no lookup per insertion.
    public init(uniqueKeysWithValues pairs: some Collection<(String, VelocityValue)>) {
        var entries: [Entry] = []
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs { entries.append(Entry(key: key, value: value)) }
        self.init(uniqueEntries: entries)
    }

    /// A map of text values from name/value pairs in order; a repeated name keeps its first
    /// place and its last value, as the parameter maps of `$input.params()` do.
    public init(texts: [(name: String, value: String)]) {
        self.init(NamedTexts(texts))
    }

    /// A map of a parameter list: a repeated name keeps its first place and its last value.
    init(_ list: any ParameterList) {
        if let map = list as? OrderedMap {
            self = map
            return
        }
        pairs.reserveCapacity(list.count)
        for position in 0..<list.count {
            let name = list.name(at: position), length = name.utf8.count
            if let i = pairs.firstIndex(where: { $0.key.utf8.count == length && $0.key == name }) {
                pairs[i].value = list.value(at: position)
            } else {
                pairs.append(Entry(key: name, value: list.value(at: position)))
            }
        }
        if pairs.count > Self.indexThreshold { rebuildIndex() }
    }

    public var count: Int { pairs.count }
    public var isEmpty: Bool { pairs.isEmpty }

    /// The keys in insertion order.
    public var keys: [String] { pairs.map(\.key) }

    /// The values in insertion order.
    public var values: [VelocityValue] { pairs.map(\.value) }

    /// The entries in insertion order.
    public var entries: [(key: String, value: VelocityValue)] { pairs.map { ($0.key, $0.value) } }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        let length = key.utf8.count
        for i in pairs.indices where pairs[i].key.utf8.count == length && pairs[i].key == key { return i }
        return nil
    }

    public subscript(key: String) -> VelocityValue? {
        get {
            guard let i = position(of: key) else { return nil }
            return pairs[i].value
        }
        set {
            if let newValue {
                if let i = position(of: key) {
                    pairs[i].value = newValue
                } else {
                    if pairs.isEmpty { pairs.reserveCapacity(4) }
                    pairs.append(Entry(key: key, value: newValue))
                    if index != nil {
                        index?[key] = pairs.count - 1
                    } else if pairs.count > Self.indexThreshold {
                        rebuildIndex()
                    }
                }
            } else if let i = position(of: key) {
                pairs.remove(at: i)
                if index != nil { rebuildIndex() }
            }
        }
    }

    private mutating func rebuildIndex() {
        var built: [String: Int] = [:]
        built.reserveCapacity(pairs.count)
        for (i, entry) in pairs.enumerated() { built[entry.key] = i }
        index = built
    }

    /// Equal when both hold the same keys with equal values, in any order (as Java maps compare).
    public static func == (lhs: OrderedMap, rhs: OrderedMap) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for entry in lhs.pairs {
            guard let other = rhs[entry.key], other == entry.value else { return false }
        }
        return true
    }
}

/// A Velocity value.
///
/// Lists come in two kinds because API Gateway prints them differently: `.list` is a Java
/// `ArrayList` (a list literal, `keySet()`, …) and prints `[a, b]`; `.jsonList` is a JSON array
/// read by `$input.path` or `$util.parseJson` and prints as compact JSON (recorded AWS response:
/// LocalStack tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
/// test_input_path_template_formatting).
public enum VelocityValue: Sendable, Equatable {
    case null
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([VelocityValue])
    case jsonList([VelocityValue])
    case map(OrderedMap)
    /// A built-in object such as `$input`, `$util` or `$foreach`.
    case object(VelocityObject)

    /// The elements of either kind of list.
    var listElements: [VelocityValue]? {
        switch self {
        case .list(let items), .jsonList(let items): items
        default: nil
        }
    }

    var isNullLike: Bool {
        switch self {
        case .null: true
        case .object(let object): object.kind == .missingPath
        default: false
        }
    }
}

/// A built-in object exposed to templates.
public struct VelocityObject: Sendable, Equatable {
    /// Only `entry` is boxed, so `$input`, `$util`, `$foreach` and missing paths cost no
    /// allocation.
    enum Kind: Sendable, Equatable {
        case input
        case util
        /// `$foreach` of the loop at this depth (0 = outermost).
        case loop(depth: Int)
        /// What `$input.path` returns for a path that matches nothing: renders as empty text and
        /// compares equal to both `$null` and `""` (recorded AWS response: LocalStack
        /// test_apigateway_common.snapshot.json, test_input_path_template_formatting).
        case missingPath
        /// One entry of `$map.entrySet()`, with `.key` and `.value`.
        indirect case entry(String, VelocityValue)
        /// A `#define` block (index into the template's blocks), rendered where referenced.
        case block(Int)
    }

    let kind: Kind
}

// MARK: - Printing as Java's toString does

extension VelocityValue {
    /// Java-style text of a value (`{a=1, b=[1, 2]}`), written into `out` with a size budget.
    func write(to out: inout ByteBuffer, limit: Int, depth: Int = 0) throws(RenderLimit) {
        guard depth < maximumValueDepth else { throw RenderLimit(tooDeep: true) }
        switch self {
        case .null: out += "null"
        case .string(let s): out += s
        case .int(let i): out += String(i)
        case .double(let d): out += javaDouble(d)
        case .bool(let b): out += b ? "true" : "false"
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                try item.write(to: &out, limit: limit, depth: depth + 1)
                if out.count > limit { throw RenderLimit() }
            }
            out += "]"
        case .jsonList:
            try JSONWriter.write(self, to: &out, limit: limit, depth: depth)
        case .map(let map):
            out += "{"
            var first = true
            for entry in map.pairs {
                if !first { out += ", " }
                first = false
                out += entry.key
                out += "="
                try entry.value.write(to: &out, limit: limit, depth: depth + 1)
                if out.count > limit { throw RenderLimit() }
            }
            out += "}"
        case .object(let object):
            switch object.kind {
            case .missingPath: break
            case .entry(let key, let value):
                out += key
                out += "="
                try value.write(to: &out, limit: limit, depth: depth + 1)
            case .input, .util, .loop, .block: break
            }
        }
        if out.count > limit { throw RenderLimit() }
    }

    /// Java `String.valueOf` of the value, for values known to be small (keys, arguments, a
    /// Lambda authorizer's context values, which API Gateway hands on as strings).
    public var javaString: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        default:
            var out = ByteBuffer()
            try? write(to: &out, limit: Int.max)
            return out.string
        }
    }
}

/// Thrown by writers when text grows past its budget (or a value nests past
/// `maximumValueDepth`); turned into a located `VelocityError`.
struct RenderLimit: Error {
    var tooDeep = false
}

/// Values nested deeper than this are not printed or compared, so a template that wraps a
/// list in itself a thousand times cannot exhaust the stack.
let maximumValueDepth = 600

/// Java's `Double.toString`: `2.5`, `1000.0`, `1.0E7`, `1.0E-4`, `NaN`, `Infinity`.
func javaDouble(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
    if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
    let magnitude = abs(d)
    if magnitude >= 1e-3 && magnitude < 1e7 {
        if magnitude < 1e15, d == d.rounded(.towardZero) { return String(Int(d)) + ".0" }
        let text = d.description
        return text.utf8.contains(UInt8(ascii: ".")) ? text : text + ".0"
    }
    // Scientific: shortest digits, mantissa with at least one fractional digit.
    let text = "\(d)" // e.g. "1e+20", "1.5e-05", "12345678.0"
    var mantissa: String
    var exponent: Int
    if let eIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = String(text[..<eIndex])
        exponent = Int(text[text.index(after: eIndex)...].replacingOccurrences(of: "+", with: "")) ?? 0
    } else {
        mantissa = text
        exponent = 0
    }
    let negative = mantissa.hasPrefix("-")
    if negative { mantissa.removeFirst() }
    var digits = mantissa.replacingOccurrences(of: ".", with: "")
    let pointIndex = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
    // Normalise so there is exactly one non-zero digit before the point.
    var leadingZeros = 0
    for ch in digits { if ch == "0" { leadingZeros += 1 } else { break } }
    digits.removeFirst(min(leadingZeros, digits.count - 1))
    exponent += pointIndex - 1 - leadingZeros
    while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
    let head = digits.prefix(1)
    var tail = String(digits.dropFirst())
    if tail.isEmpty { tail = "0" }
    return (negative ? "-" : "") + head + "." + tail + "E" + String(exponent)
}

import Foundation
