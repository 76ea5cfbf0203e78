import Velocity

/// One template of the differential corpus and what Apache Velocity 1.7 rendered for it.
struct DifferentialCase: Sendable {
    enum Expected: Sendable, Equatable {
        case output(String)
        /// Velocity 1.7 refused the template (parse error or exception while rendering).
        case error
    }

    let name: String
    let template: String
    let expected: Expected

    init(_ name: String, _ template: String, _ expected: Expected) {
        self.name = name
        self.template = template
        self.expected = expected
    }

    /// What Portico renders for the template, with the runner's variables.
    func portico() -> Expected {
        do {
            let template = try VelocityTemplate(source: template)
            return .output(try template.render(VelocityEnvironment(variables: differentialVariables)).output)
        } catch {
            return .error
        }
    }
}

/// The variables scripts/velocity/DifferentialRunner.java puts in every Velocity 1.7 context,
/// as Portico values (Java Integer → .int, Double → .double, ArrayList → .list,
/// LinkedHashMap → .map).
let differentialVariables: [String: VelocityValue] = [
    "a": .string("A"),
    "n": .int(3),
    "list": .list([.string("x"), .string("y"), .string("z")]),
    "map": .map(OrderedMap([("k", .string("v")), ("n", .int(1))])),
    "empty": .string(""),
    "d": .double(2.5),
    "t": .bool(true),
    "s": .string("Hello, World"),
    "q": .string("it's \"q\"\\"),
    "nums": .list([.int(3), .int(1), .int(2)]),
    "items": .list([
        .map(OrderedMap([("sku", .string("a1")), ("qty", .int(2))])),
        .map(OrderedMap([("sku", .string("b2")), ("qty", .int(1)), ("tags", .list([.string("red"), .string("blue")]))])),
    ]),
]
