import Velocity

/// The variables the Velocity 1.7 reference runs used, so expected outputs can be checked
/// against the real engine: $a = "A", $n = 3, $list = [x, y, z], $map = {k=v, n=1}, $empty = "".
let sampleVariables: [String: VelocityValue] = [
    "a": .string("A"),
    "n": .int(3),
    "list": .list([.string("x"), .string("y"), .string("z")]),
    "map": .map(OrderedMap([("k", .string("v")), ("n", .int(1))])),
    "empty": .string(""),
]

/// Renders plain Velocity with `sampleVariables`.
func render(_ source: String, _ variables: [String: VelocityValue] = sampleVariables) throws -> String {
    try VelocityTemplate(source: source).render(VelocityEnvironment(variables: variables)).output
}

/// The error a template fails with, at parse or render time.
func failure(_ source: String, _ environment: VelocityEnvironment = VelocityEnvironment(variables: sampleVariables)) -> VelocityError? {
    do {
        _ = try VelocityTemplate(source: source).render(environment)
        return nil
    } catch {
        return error
    }
}

/// An API Gateway request environment.
func request(
    body: String = "",
    path: [(String, String)] = [],
    query: [(String, String)] = [],
    headers: [(String, String)] = [],
    context: VelocityValue = .map(OrderedMap()),
    stageVariables: [(String, String)] = []
) -> VelocityEnvironment {
    .apiGateway(body: body, pathParameters: path, queryParameters: query, headers: headers,
                context: context, stageVariables: stageVariables)
}

/// Renders a mapping template for one request.
func map(_ source: String, _ environment: VelocityEnvironment) throws -> String {
    try VelocityTemplate(source: source).render(environment).output
}
