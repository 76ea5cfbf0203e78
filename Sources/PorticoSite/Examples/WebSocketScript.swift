import Diagnostics
import PorticoGateway

/// A fenced ```` ```websocket example ```` block: a script for one or more clients of a
/// WebSocket API, run through the gateway at build time and drawn as a transcript.
///
/// Info string: `websocket example api=chat stage=prod as=pusher` (`api` and `stage` may be
/// left out when the project has one; `as=` names the IAM user that signs the `@connections`
/// calls). One statement a line; a line that starts with `#` is a comment:
///
/// ```
/// A> connect ?name=ana              the upgrade ($connect), with a query string
///    X-Team: blue                   …and headers, indented under it
/// B> connect ?name=bob expect=401   an upgrade that must be refused with 401
/// A> send {"action": "join"}        a text frame from A
/// A< {"joined": "*"}                the next frame A receives must be this (* matches any run)
/// @post B {"from": "server"}        @connections: POST data to B's connection
/// @get A                            @connections: GET A's connection
/// @delete A                         @connections: DELETE A's connection
/// @wait 11min                       the page's clock moves on (idle timeouts act)
/// A< close 1001                     A's connection must have been closed with this code
/// B> disconnect 1000                B closes (1000 unless given): $disconnect runs
/// ```
public struct WebSocketScript: Sendable, Equatable {
    public var api: String?
    public var stage: String?
    /// The identity that signs `@connections` calls (`as=`).
    public var caller: String?
    public var statements: [Statement]
    /// Where the block's fence opens, in the note.
    public var location: SourceLocation

    public struct Statement: Sendable, Equatable {
        public var action: Action
        /// Where the statement's line is, in the note.
        public var location: SourceLocation
    }

    public enum Action: Sendable, Equatable {
        case connect(client: String, query: String?, headers: [HTTPHeader], expectedStatus: Int?)
        case send(client: String, text: String)
        case expectFrame(client: String, pattern: String)
        case expectClose(client: String, code: UInt16)
        case disconnect(client: String, code: UInt16)
        case manage(method: String, client: String, body: String)
        case wait(Duration)

        /// The client the statement is about (nil for `@wait`).
        public var client: String? {
            switch self {
            case .connect(let client, _, _, _), .send(let client, _), .expectFrame(let client, _), .expectClose(let client, _),
                 .disconnect(let client, _), .manage(_, let client, _): client
            case .wait: nil
            }
        }
    }

    static let attributes = ["api", "stage", "as"]

    /// Whether an info string marks a WebSocket example (`websocket example …`).
    public static func isExample(info: String) -> Bool {
        let words = info.split(separator: " ", omittingEmptySubsequences: true)
        return words.first == "websocket" && words.dropFirst().contains("example")
    }

    /// Parses the info string and the script; `contentStart` is where the first line of the
    /// script sits in the note. Every malformed line gets its own located error.
    public static func parse(info: String, text: String, location: SourceLocation, contentStart: SourceLocation,
                             diagnostics: inout DiagnosticEngine) -> WebSocketScript? {
        var script = WebSocketScript(statements: [], location: location)
        for word in info.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2) {
            let parts = word.split(separator: "=", maxSplits: 1)
            switch parts.count == 2 ? String(parts[0]) : "" {
            case "api": script.api = String(parts[1])
            case "stage": script.stage = String(parts[1])
            case "as": script.caller = String(parts[1])
            default:
                diagnostics.warning(.exampleAttribute, "ignoring '\(word)'; websocket example attributes are \(attributes.map { $0 + "=" }.joined(separator: ", "))", at: location)
            }
        }
        var problems = DiagnosticEngine()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        for (index, line) in lines.enumerated() {
            let at = SourceLocation(file: "", line: index + 1, column: 1).shifted(into: contentStart)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            // An indented `Name: value` under a connect is one of its headers.
            if line.first == " " || line.first == "\t", case .connect(let client, let query, var headers, let expected)? = script.statements.last?.action,
               let colon = trimmed.firstIndex(of: ":"), colon != trimmed.startIndex, !trimmed[..<colon].contains(" ") {
                headers.append(HTTPHeader(String(trimmed[..<colon]), trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
                script.statements[script.statements.count - 1].action = .connect(client: client, query: query, headers: headers, expectedStatus: expected)
                continue
            }
            switch statement(trimmed) {
            case .success(let action): script.statements.append(Statement(action: action, location: at))
            case .failure(let problem): problems.error(.exampleScript, problem.message, at: at)
            }
        }
        diagnostics.emit(contentsOf: problems.diagnostics)
        guard !problems.hasErrors else { return nil }
        guard !script.statements.isEmpty else {
            diagnostics.error(.exampleEmpty, "the websocket example holds no statement (such as 'A> connect')", at: location)
            return nil
        }
        return script
    }

    struct Problem: Error {
        var message: String
    }

    /// One statement, from a line without its indent.
    static func statement(_ line: String) -> Result<Action, Problem> {
        if line.hasPrefix("@") {
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
            switch words[0] {
            case "@wait":
                switch HTTPRequestFile.waitDirective(line[...]) {
                case .success(let duration)?: return .success(.wait(duration))
                case .failure(.tooLong(let text))?: return .failure(Problem(message: "'@wait \(text)' is longer than 31 days"))
                default: return .failure(Problem(message: "'\(line)' is not a wait; write for example '@wait 2s' (ms, s, min, h)"))
                }
            case "@post", "@get", "@delete":
                let method = words[0].dropFirst().uppercased()
                guard words.count >= 2, isClientName(words[1]) else {
                    return .failure(Problem(message: "'\(words[0])' names the client whose connection it calls: '\(words[0]) A\(method == "POST" ? " DATA" : "")'"))
                }
                if method == "POST" {
                    guard words.count == 3 else { return .failure(Problem(message: "'@post \(words[1])' sends data: '@post \(words[1]) {\"text\": \"hi\"}'")) }
                    return .success(.manage(method: method, client: words[1], body: words[2]))
                }
                guard words.count == 2 else { return .failure(Problem(message: "'\(words[0])' takes only a client name")) }
                return .success(.manage(method: method, client: words[1], body: ""))
            default:
                return .failure(Problem(message: "unknown directive '\(words[0])'; the directives are @wait, @post, @get and @delete"))
            }
        }
        guard let arrow = line.firstIndex(where: { $0 == ">" || $0 == "<" }), isClientName(String(line[..<arrow])) else {
            return .failure(Problem(message: "expected 'NAME> connect|send|disconnect …', 'NAME< FRAME' or a directive (@wait, @post, @get, @delete); found '\(line.prefix(60))'"))
        }
        let client = String(line[..<arrow])
        let rest = line[line.index(after: arrow)...].drop { $0 == " " }
        if line[arrow] == "<" {
            let words = rest.split(separator: " ")
            if words.count == 2, words[0] == "close" {
                guard let code = UInt16(words[1]), (1000...4999).contains(code) else {
                    return .failure(Problem(message: "'close \(words[1])' is not a close code (1000 to 4999)"))
                }
                return .success(.expectClose(client: client, code: code))
            }
            guard !rest.isEmpty else { return .failure(Problem(message: "'\(client)<' expects a frame: write the text it must be ('*' matches any run)")) }
            return .success(.expectFrame(client: client, pattern: String(rest)))
        }
        let verb = rest.prefix { $0 != " " }
        let argument = rest.dropFirst(verb.count).drop { $0 == " " }
        switch verb {
        case "connect":
            var query: String?, expected: Int?
            for word in argument.split(separator: " ") {
                if word.hasPrefix("expect=") {
                    guard let status = Int(word.dropFirst(7)), (100...599).contains(status) else {
                        return .failure(Problem(message: "'\(word)' is not an HTTP status"))
                    }
                    expected = status
                } else if word.hasPrefix("?") {
                    query = String(word.dropFirst())
                } else {
                    return .failure(Problem(message: "'connect' takes a query string ('?name=ana') and expect=STATUS; found '\(word)'"))
                }
            }
            return .success(.connect(client: client, query: query, headers: [], expectedStatus: expected))
        case "send":
            guard !argument.isEmpty else { return .failure(Problem(message: "'send' needs the text of the frame: '\(client)> send {\"action\": \"echo\"}'")) }
            return .success(.send(client: client, text: String(argument)))
        case "disconnect":
            guard argument.isEmpty || UInt16(argument).map({ (1000...4999).contains($0) }) == true else {
                return .failure(Problem(message: "'disconnect \(argument)' is not a close code (1000 to 4999)"))
            }
            return .success(.disconnect(client: client, code: UInt16(argument) ?? 1000))
        default:
            return .failure(Problem(message: "unknown client action '\(verb)'; a client can connect, send and disconnect"))
        }
    }

    static func isClientName(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter, first.isASCII else { return false }
        return text.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") && $0.isASCII }
    }

    /// Whether a frame's text is what a `NAME<` line expects: equal, with `*` matching any run
    /// of characters (none included).
    public static func matches(_ text: String, pattern: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return text == pattern }
        var rest = text[...]
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let found = rest.range(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        let last = parts[parts.count - 1]
        return rest.count >= last.count && rest.hasSuffix(last)
    }
}
