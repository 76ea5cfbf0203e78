/// Reads DynamoDB expressions: a small recursive-descent parser over tokens, with the
/// request's `ExpressionAttributeNames` (`#n`) and `ExpressionAttributeValues` (`:v`)
/// substituted as it goes. Errors are DynamoDB's ValidationExceptions, prefixed with the
/// expression's parameter name as DynamoDB prefixes them (`Invalid UpdateExpression: …`).
///
/// Precedence, lowest first (DG Expressions.OperatorsAndFunctions, "Precedence in
/// conditions"): OR, AND, NOT, then comparisons, BETWEEN, IN and functions.
struct ExpressionParser {
    /// The request's placeholders, and which ones the expressions used: DynamoDB refuses a
    /// request that declares a placeholder no expression uses.
    struct Placeholders {
        var names: [String: String]
        var values: [String: AttributeValue]
        var usedNames: Set<String> = []
        var usedValues: Set<String> = []

        /// The unused-placeholder errors, names first (DG Expressions.ExpressionAttributeNames).
        func checkAllUsed() throws(DynamoDBError) {
            let names = Set(self.names.keys).subtracting(usedNames).sorted()
            if !names.isEmpty {
                throw .validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {\(names.joined(separator: ", "))}")
            }
            let values = Set(self.values.keys).subtracting(usedValues).sorted()
            if !values.isEmpty {
                throw .validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {\(values.joined(separator: ", "))}")
            }
        }
    }

    private enum Token: Equatable {
        case word(String)
        case name(String)      // #alias
        case value(String)     // :placeholder
        case number(Int)
        case symbol(String)
    }

    private let kind: String
    private var tokens: [Token] = []
    /// Where each token is in the expression (scalar offsets), for the errors' `near` text.
    private var spans: [Range<Int>] = []
    private var source: [Unicode.Scalar] = []
    private var position = 0

    /// - Parameter kind: the parameter the expression came in (`UpdateExpression`,
    ///   `ConditionExpression`, `KeyConditionExpression`, `FilterExpression`).
    private init(kind: String, text: String) throws(DynamoDBError) {
        self.kind = kind
        source = Array(text.unicodeScalars)
        (tokens, spans) = try Self.tokenize(source, kind: kind)
    }

    static func condition(_ text: String, kind: String, placeholders: inout Placeholders) throws(DynamoDBError) -> Condition {
        var parser = try ExpressionParser(kind: kind, text: text)
        guard !parser.tokens.isEmpty else { throw .validation("Invalid \(kind): The expression can not be empty;") }
        let condition = try parser.orCondition(&placeholders)
        try parser.expectEnd()
        return condition
    }

    /// A ProjectionExpression: document paths separated by commas.
    static func projection(_ text: String, placeholders: inout Placeholders) throws(DynamoDBError) -> [DocumentPath] {
        var parser = try ExpressionParser(kind: "ProjectionExpression", text: text)
        guard !parser.tokens.isEmpty else { throw .validation("Invalid ProjectionExpression: The expression can not be empty;") }
        var paths = [try parser.path(&placeholders)]
        while parser.take(.symbol(",")) { paths.append(try parser.path(&placeholders)) }
        try parser.expectEnd()
        return paths
    }

    static func update(_ text: String, placeholders: inout Placeholders) throws(DynamoDBError) -> UpdateActions {
        let kind = "UpdateExpression"
        var parser = try ExpressionParser(kind: kind, text: text)
        guard !parser.tokens.isEmpty else { throw .validation("Invalid \(kind): The expression can not be empty;") }
        var actions = UpdateActions()
        var seen: Set<String> = []
        while parser.position < parser.tokens.count {
            guard case .word(let clause) = parser.tokens[parser.position] else { throw parser.syntaxError() }
            let upper = clause.uppercased()
            guard ["SET", "REMOVE", "ADD", "DELETE"].contains(upper) else { throw parser.syntaxError() }
            guard seen.insert(upper).inserted else {
                throw .validation("Invalid \(kind): The \"\(upper)\" section can only be used once in an update expression;")
            }
            parser.position += 1
            repeat {
                let path = try parser.path(&placeholders)
                switch upper {
                case "SET":
                    try parser.expect(.symbol("="))
                    actions.set.append((path, try parser.setValue(&placeholders)))
                case "REMOVE":
                    actions.remove.append(path)
                case "ADD":
                    actions.add.append((path, try parser.operand(&placeholders)))
                default:
                    actions.delete.append((path, try parser.operand(&placeholders)))
                }
            } while parser.take(.symbol(","))
        }
        // Two actions on one path, or on overlapping paths, are refused (DG
        // Expressions.UpdateExpressions: "you can't use the same path in more than one action").
        let paths = actions.paths
        for (index, path) in paths.enumerated() {
            for other in paths[(index + 1)...] where other.elements.starts(with: path.elements) || path.elements.starts(with: other.elements) {
                throw .validation("Invalid \(kind): Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [\(Self.bracketed(path))], path two: [\(Self.bracketed(other))]")
            }
        }
        return actions
    }

    private static func bracketed(_ path: DocumentPath) -> String {
        path.elements.map { element in
            switch element {
            case .name(let name): name
            case .index(let index): "[\(index)]"
            }
        }.joined(separator: ", ")
    }

    // MARK: Conditions

    private mutating func orCondition(_ placeholders: inout Placeholders) throws(DynamoDBError) -> Condition {
        var condition = try andCondition(&placeholders)
        while takeWord("OR") { condition = .or(condition, try andCondition(&placeholders)) }
        return condition
    }

    private mutating func andCondition(_ placeholders: inout Placeholders) throws(DynamoDBError) -> Condition {
        var condition = try notCondition(&placeholders)
        while takeWord("AND") { condition = .and(condition, try notCondition(&placeholders)) }
        return condition
    }

    private mutating func notCondition(_ placeholders: inout Placeholders) throws(DynamoDBError) -> Condition {
        if takeWord("NOT") { return .not(try notCondition(&placeholders)) }
        return try simpleCondition(&placeholders)
    }

    private mutating func simpleCondition(_ placeholders: inout Placeholders) throws(DynamoDBError) -> Condition {
        if take(.symbol("(")) {
            let inner = try orCondition(&placeholders)
            try expect(.symbol(")"))
            return inner
        }
        if case .word(let word)? = peek, peek(at: 1) == .symbol("(") {
            switch word {
            case "attribute_exists", "attribute_not_exists":
                position += 2
                let path = try path(&placeholders)
                try expect(.symbol(")"))
                return word == "attribute_exists" ? .exists(path) : .notExists(path)
            case "attribute_type":
                position += 2
                let path = try path(&placeholders)
                try expect(.symbol(","))
                let type = try operand(&placeholders)
                try expect(.symbol(")"))
                return .attributeType(path, type)
            case "begins_with", "contains":
                position += 2
                let first = try operand(&placeholders)
                try expect(.symbol(","))
                let second = try operand(&placeholders)
                try expect(.symbol(")"))
                return word == "contains" ? .contains(first, second) : .beginsWith(first, second)
            default:
                break
            }
        }
        let left = try operand(&placeholders)
        if takeWord("BETWEEN") {
            let low = try operand(&placeholders)
            guard takeWord("AND") else { throw syntaxError() }
            return .between(left, low, try operand(&placeholders))
        }
        if takeWord("IN") {
            try expect(.symbol("("))
            var list = [try operand(&placeholders)]
            while take(.symbol(",")) { list.append(try operand(&placeholders)) }
            try expect(.symbol(")"))
            return .within(left, list)
        }
        guard case .symbol(let symbol)? = peek, let comparator = Comparator(rawValue: symbol) else { throw syntaxError() }
        position += 1
        return .compare(left, comparator, try operand(&placeholders))
    }

    // MARK: Operands

    /// The right side of `SET path = …`: an operand, or two joined by `+` / `-`.
    private mutating func setValue(_ placeholders: inout Placeholders) throws(DynamoDBError) -> Operand {
        let left = try operand(&placeholders)
        if take(.symbol("+")) { return .plus(left, try operand(&placeholders)) }
        if take(.symbol("-")) { return .minus(left, try operand(&placeholders)) }
        return left
    }

    private mutating func operand(_ placeholders: inout Placeholders) throws(DynamoDBError) -> Operand {
        switch peek {
        case .value(let name)?:
            position += 1
            let key = ":" + name
            guard let value = placeholders.values[key] else {
                throw .validation("Invalid \(kind): An expression attribute value used in expression is not defined; attribute value: \(key)")
            }
            placeholders.usedValues.insert(key)
            return .value(value)
        case .word(let word)? where peek(at: 1) == .symbol("("):
            position += 2
            let result: Operand
            switch word {
            case "if_not_exists":
                let path = try path(&placeholders)
                try expect(.symbol(","))
                result = .ifNotExists(path, try operand(&placeholders))
            case "list_append":
                let first = try operand(&placeholders)
                try expect(.symbol(","))
                result = .listAppend(first, try operand(&placeholders))
            case "size":
                result = .size(try path(&placeholders))
            default:
                throw .validation("Invalid \(kind): Invalid function name; function: \(word)")
            }
            try expect(.symbol(")"))
            return result
        default:
            return .path(try path(&placeholders))
        }
    }

    private mutating func path(_ placeholders: inout Placeholders) throws(DynamoDBError) -> DocumentPath {
        var elements = [DocumentPath.Element.name(try pathName(&placeholders))]
        while true {
            if take(.symbol(".")) {
                elements.append(.name(try pathName(&placeholders)))
            } else if take(.symbol("[")) {
                guard case .number(let index)? = peek else { throw syntaxError() }
                position += 1
                try expect(.symbol("]"))
                elements.append(.index(index))
            } else {
                return DocumentPath(elements: elements)
            }
        }
    }

    private mutating func pathName(_ placeholders: inout Placeholders) throws(DynamoDBError) -> String {
        switch peek {
        case .name(let alias)?:
            position += 1
            let key = "#" + alias
            guard let name = placeholders.names[key] else {
                throw .validation("Invalid \(kind): An expression attribute name used in the document path is not defined; attribute name: \(key)")
            }
            placeholders.usedNames.insert(key)
            return name
        case .word(let word)? where !Self.keywords.contains(word.uppercased()):
            position += 1
            return word
        default:
            throw syntaxError()
        }
    }

    /// The expression language's own words, which cannot name an attribute without `#`.
    private static let keywords: Set<String> = ["AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE"]

    // MARK: Tokens

    private var peek: Token? { position < tokens.count ? tokens[position] : nil }

    private func peek(at offset: Int) -> Token? {
        position + offset < tokens.count ? tokens[position + offset] : nil
    }

    private mutating func take(_ token: Token) -> Bool {
        guard peek == token else { return false }
        position += 1
        return true
    }

    private mutating func takeWord(_ word: String) -> Bool {
        guard case .word(let text)? = peek, text.uppercased() == word else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ token: Token) throws(DynamoDBError) {
        guard take(token) else { throw syntaxError() }
    }

    private func expectEnd() throws(DynamoDBError) {
        guard position == tokens.count else { throw syntaxError() }
    }

    /// DynamoDB's syntax error: the token where reading stopped and the expression's text
    /// from the token before it to the one after (`Syntax error; token: "=", near: "SET = :v"`);
    /// `<EOF>` at the end.
    private func syntaxError() -> DynamoDBError {
        guard position < tokens.count else {
            let last = spans.last.map { String(String.UnicodeScalarView(source[$0])) } ?? ""
            return .validation("Invalid \(kind): Syntax error; token: \"<EOF>\", near: \"\(last)\"")
        }
        let from = spans[max(0, position - 1)].lowerBound, to = spans[min(tokens.count - 1, position + 1)].upperBound
        let near = String(String.UnicodeScalarView(source[from..<to]))
        let token = String(String.UnicodeScalarView(source[spans[position]]))
        return .validation("Invalid \(kind): Syntax error; token: \"\(token)\", near: \"\(near)\"")
    }

    private static func tokenize(_ scalars: [Unicode.Scalar], kind: String) throws(DynamoDBError) -> ([Token], [Range<Int>]) {
        var tokens: [Token] = []
        var spans: [Range<Int>] = []
        var index = 0
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
        }
        while index < scalars.count {
            let scalar = scalars[index]
            let start = index, before = tokens.count
            defer { if tokens.count > before { spans.append(start..<index) } }
            if scalar.properties.isWhitespace {
                index += 1
            } else if scalar == "#" || scalar == ":" {
                var end = index + 1
                while end < scalars.count, isWordScalar(scalars[end]) { end += 1 }
                let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
                guard !name.isEmpty else {
                    throw .validation("Invalid \(kind): Syntax error; token: \"\(scalar)\", near: \"\(String(String.UnicodeScalarView(scalars[index..<min(scalars.count, index + 2)])))\"")
                }
                tokens.append(scalar == "#" ? .name(name) : .value(name))
                index = end
            } else if ("0"..."9").contains(scalar), tokens.last == .symbol("[") {
                var end = index
                while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
                tokens.append(.number(Int(String(String.UnicodeScalarView(scalars[index..<end]))) ?? Int.max))
                index = end
            } else if isWordScalar(scalar) {
                var end = index
                while end < scalars.count, isWordScalar(scalars[end]) { end += 1 }
                tokens.append(.word(String(String.UnicodeScalarView(scalars[index..<end]))))
                index = end
            } else {
                let two = index + 1 < scalars.count ? String(scalar) + String(scalars[index + 1]) : ""
                if ["<>", "<=", ">="].contains(two) {
                    tokens.append(.symbol(two))
                    index += 2
                } else if "=<>()[],.+-".unicodeScalars.contains(scalar) {
                    tokens.append(.symbol(String(scalar)))
                    index += 1
                } else {
                    throw .validation("Invalid \(kind): Syntax error; token: \"\(scalar)\", near: \"\(scalar)\"")
                }
            }
        }
        return (tokens, spans)
    }
}
