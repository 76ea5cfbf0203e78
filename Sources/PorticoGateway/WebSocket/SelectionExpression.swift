import Velocity

/// A WebSocket selection expression (`routeSelectionExpression`, `templateSelectionExpression`,
/// …), parsed once when the gateway is made and evaluated per message.
///
/// The rules are AWS's (DG: apigateway-websocket-api-selection-expressions): a variable starts
/// with `$`; `${…}` delimits one explicitly; several variables may be mixed with static text,
/// and the result is evaluated once (a value that itself looks like `$…` is not read again);
/// `\$` is a literal dollar sign (`\$default` → `$default`). A variable that cannot be read
/// (a JSON path that is not in the body) is the empty string, and an object or array selected
/// from the body is stringified (DG: websocket-api-develop-routes, "Route selection
/// expressions": `${request.body.action}-${request.body.invalidPath}` → `join-`).
public struct SelectionExpression: Sendable, Equatable {
    /// One piece of the expression: static text or a variable.
    public enum Part: Sendable, Equatable {
        case text(String)
        /// `request.body.<JSONPath>`: the path, without `request.body`.
        case body(path: String)
        /// `request.header.<name>`, `request.querystring.<name>`, `context.<name>`,
        /// `stageVariables.<name>`, `integration.response.statuscode`: read from the
        /// ``SelectionSource``; the name as written.
        case variable(String)
    }

    public let source: String
    public let parts: [Part]

    public init(_ source: String) {
        self.source = source
        parts = Self.parse(source)
    }

    /// Whether the expression is static text only (`\$default`, `action`).
    public var isStatic: Bool { parts.allSatisfy { if case .text = $0 { true } else { false } } }

    /// Whether it reads the message body (only a JSON message can then be routed by it).
    public var readsBody: Bool { parts.contains { if case .body = $0 { true } else { false } } }

    /// The key the expression evaluates to.
    public func evaluate(in source: SelectionSource) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .body(let path): out += source.body(path)
            case .variable(let name): out += source.variable(name) ?? ""
            }
        }
        return out
    }

    /// Characters an unwrapped variable name is made of: `$request.body.action`,
    /// `$request.header.x-api-key`, `$request.body.items[0]`. Anything else ends it
    /// (`$request.body.service/$request.body.action` is two variables around a `/`).
    private static func continuesName(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "_.-[]'*@".contains(character)
    }

    private static func parse(_ source: String) -> [Part] {
        var parts: [Part] = []
        var text = ""
        var index = source.startIndex
        func flushText() {
            if !text.isEmpty { parts.append(.text(text)); text = "" }
        }
        while index < source.endIndex {
            let character = source[index]
            let next = source.index(after: index)
            if character == "\\", next < source.endIndex, source[next] == "$" {
                text.append("$")
                index = source.index(after: next)
                continue
            }
            guard character == "$", next < source.endIndex else {
                text.append(character)
                index = next
                continue
            }
            let name: Substring
            if source[next] == "{", let close = source[next...].firstIndex(of: "}") {
                name = source[source.index(after: next)..<close]
                index = source.index(after: close)
            } else {
                var end = next
                while end < source.endIndex, continuesName(source[end]) { end = source.index(after: end) }
                // A name ends before a trailing dot: `$request.body.action.` is `action` then `.`.
                while end > next, source[source.index(before: end)] == "." { end = source.index(before: end) }
                guard end > next else {
                    text.append(character)
                    index = next
                    continue
                }
                name = source[next..<end]
                index = end
            }
            flushText()
            parts.append(variable(String(name)))
        }
        flushText()
        return parts
    }

    private static func variable(_ name: String) -> Part {
        if name == "request.body" { return .body(path: "$") }
        if name.hasPrefix("request.body.") { return .body(path: "$." + name.dropFirst("request.body.".count)) }
        if name.hasPrefix("request.body[") { return .body(path: "$" + name.dropFirst("request.body".count)) }
        return .variable(name)
    }
}

/// What a selection expression reads: the message body and the values of named variables.
public struct SelectionSource {
    public var bodyText: String?
    /// `request.header.x`, `context.routeKey`, `integration.response.statuscode`, …
    public var variables: (String) -> String?

    public init(body: String?, variables: @escaping (String) -> String? = { _ in nil }) {
        bodyText = body
        self.variables = variables
    }

    /// The value the JSON path selects in the body, stringified; "" when there is none.
    func body(_ path: String) -> String {
        guard let bodyText, let value = JSONBodyPath.select(path, in: bodyText) else { return "" }
        return JSONBodyPath.text(value)
    }

    func variable(_ name: String) -> String? {
        variables(name)
    }
}
