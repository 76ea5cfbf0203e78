import Diagnostics
import Foundation
import Yams

/// Resolves CloudFormation's intrinsic functions in a template, long form (`Fn::Sub:`) and short
/// tags (`!Sub`) alike (CloudFormation User Guide: intrinsic-function-reference), into plain
/// nodes that keep the marks of what they replace.
///
/// Values come from `Parameters` (portico.yml's overrides, then `Default`), the
/// ``PseudoParameters``, `Mappings`, `Conditions` and the resources' local names and ARNs
/// (``LocalResourceValues``). A value that cannot exist locally — `Fn::ImportValue`, a
/// certificate's ARN, a custom resource's attribute, a parameter with no value — becomes a
/// stated placeholder (`<unresolved: !ImportValue shared-vpc>`) with a located warning, and the
/// rest of the template still loads. `AWS::NoValue` removes the key or item it stands for.
final class IntrinsicResolver {
    let source: YAMLSource
    /// The template's folder, for `AWS::Include` of a local file.
    let directory: String
    /// How diagnostics name that folder (the project path the user typed).
    let displayDirectory: String
    var diagnostics = DiagnosticEngine()
    let resources: [String: TemplateResource]
    private var parameters: [String: Node] = [:]
    private let mappings: Node?
    private let conditionNodes: [String: Node]
    private var conditionValues: [String: Bool] = [:]
    private var evaluating: Set<String> = []
    private var placeholdersReported: Set<String> = []

    init(template: Node, source: YAMLSource, directory: String, displayDirectory: String, overrides: [String: String],
         resources: [String: TemplateResource]) {
        self.source = source
        self.directory = directory
        self.displayDirectory = displayDirectory
        self.resources = resources
        mappings = TemplateNode.value(template, "Mappings")
        conditionNodes = Dictionary(TemplateNode.pairs(TemplateNode.value(template, "Conditions")).map { ($0.key, $0.value) },
                                    uniquingKeysWith: { first, _ in first })
        readParameters(TemplateNode.value(template, "Parameters"), overrides: overrides)
    }

    /// The placeholder written where a value cannot be had locally.
    static func placeholder(_ expression: String) -> String { "<unresolved: \(expression)>" }

    // MARK: - Parameters

    /// Each parameter's value: the override from portico.yml, else its `Default`; list types
    /// (`CommaDelimitedList`, `List<…>`) split at commas. SSM parameter types name a value in
    /// Parameter Store, which is not here: without an override they are placeholders.
    private func readParameters(_ section: Node?, overrides: [String: String]) {
        for (name, declaration) in TemplateNode.pairs(section) {
            let type = TemplateNode.text(declaration, "Type") ?? "String"
            let mark = declaration.mark
            let text: String
            if let override = overrides[name] {
                text = override
            } else if !type.hasPrefix("AWS::SSM::"), case .scalar(let scalar)? = TemplateNode.value(declaration, "Default") {
                text = scalar.string
            } else {
                let why = type.hasPrefix("AWS::SSM::") ? "its value is read from Parameter Store" : "it has no Default"
                parameters[name] = TemplateNode.string(placeholder("!Ref \(name)", reason: "parameter '\(name)' has no local value: \(why) and portico.yml's 'parameters' gives none",
                                                                   at: source.location(of: declaration)), at: mark)
                continue
            }
            let allowed = TemplateNode.items(TemplateNode.value(declaration, "AllowedValues")).compactMap(\.string)
            if !allowed.isEmpty, !allowed.contains(text) {
                diagnostics.error(.templateShape, "value '\(text)' of parameter '\(name)' is not one of its AllowedValues: \(allowed.joined(separator: ", "))",
                                  at: source.location(of: declaration))
            }
            if type == "CommaDelimitedList" || type.hasPrefix("List<") {
                parameters[name] = TemplateNode.sequence(text.split(separator: ",", omittingEmptySubsequences: false).map {
                    TemplateNode.string(String($0), at: mark)
                }, at: mark)
            } else {
                parameters[name] = TemplateNode.string(text, at: mark)
            }
        }
    }

    // MARK: - Resolving

    /// `node` with every intrinsic function replaced by its value; nil when it is `AWS::NoValue`.
    func resolve(_ node: Node) -> Node? {
        if let (function, argument) = Self.intrinsic(node) {
            return evaluate(function, argument, at: node)
        }
        switch node {
        case .mapping(let mapping):
            var pairs: [(Node, Node)] = []
            pairs.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                if let resolved = resolve(value) { pairs.append((key, resolved)) }
            }
            return .mapping(.init(pairs, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            return .sequence(.init(sequence.compactMap(resolve), sequence.tag, sequence.style, sequence.mark))
        default:
            return node
        }
    }

    /// The function and its argument when `node` is an intrinsic function call: a short tag
    /// (`!GetAtt A.B`), or a mapping whose one key is `Ref` or `Fn::…`.
    static func intrinsic(_ node: Node) -> (String, Node)? {
        let tag = node.tag.description
        if tag.hasPrefix("!") {
            let name = String(tag.dropFirst())
            return (name == "Ref" || name == "Condition" ? name : "Fn::\(name)", TemplateNode.untagged(node))
        }
        guard case .mapping(let mapping) = node, mapping.count == 1, let (key, value) = mapping.first.map({ ($0.key.string ?? "", $0.value) }),
              key == "Ref" || key.hasPrefix("Fn::") else { return nil }
        return (key, value)
    }

    private func evaluate(_ function: String, _ argument: Node, at node: Node) -> Node? {
        let mark = node.mark
        switch function {
        case "Ref":
            guard let name = argument.string else { return malformed("Ref", "a name", argument) }
            return ref(name, at: node)
        case "Fn::GetAtt":
            return getAtt(argument, at: node)
        case "Fn::Sub":
            return sub(argument, at: node)
        case "Fn::Join":
            let arguments = TemplateNode.items(argument)
            guard arguments.count == 2, let delimiter = resolve(arguments[0])?.string, let list = resolve(arguments[1]),
                  case .sequence(let items) = list else { return malformed("Fn::Join", "[delimiter, [values]]", argument) }
            var parts: [String] = []
            for item in items {
                guard let text = item.string else { return malformed("Fn::Join", "a list of strings to join", item) }
                parts.append(text)
            }
            return TemplateNode.string(parts.joined(separator: delimiter), at: mark)
        case "Fn::Select":
            let arguments = TemplateNode.items(argument)
            guard arguments.count == 2, let indexText = resolve(arguments[0])?.string, let index = Int(indexText),
                  let list = resolve(arguments[1]), case .sequence(let items) = list else {
                return malformed("Fn::Select", "[index, [values]]", argument)
            }
            guard items.indices.contains(index) else {
                diagnostics.error(.templateIntrinsic, "Fn::Select index \(index) is outside the list of \(items.count) values", at: source.location(of: node))
                return nil
            }
            return items[index]
        case "Fn::Split":
            let arguments = TemplateNode.items(argument)
            guard arguments.count == 2, let delimiter = resolve(arguments[0])?.string, !delimiter.isEmpty,
                  let text = resolve(arguments[1])?.string else { return malformed("Fn::Split", "[delimiter, string]", argument) }
            return TemplateNode.sequence(text.components(separatedBy: delimiter).map { TemplateNode.string($0, at: mark) }, at: mark)
        case "Fn::FindInMap":
            return findInMap(argument, at: node)
        case "Fn::If":
            let arguments = TemplateNode.items(argument)
            guard arguments.count == 3, let name = arguments[0].string else { return malformed("Fn::If", "[condition, value if true, value if false]", argument) }
            return resolve(condition(named: name, at: arguments[0]) ? arguments[1] : arguments[2])
        case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition":
            return TemplateNode.plain(conditionValue(node) ? "true" : "false", at: mark)
        case "Fn::Base64":
            guard let text = resolve(argument)?.string else { return malformed("Fn::Base64", "a string", argument) }
            return TemplateNode.string(Data(text.utf8).base64EncodedString(), at: mark)
        case "Fn::GetAZs":
            return TemplateNode.sequence(PseudoParameters.availabilityZones.map { TemplateNode.string($0, at: mark) }, at: mark)
        case "Fn::Length":
            guard let list = resolve(argument), case .sequence(let items) = list else { return malformed("Fn::Length", "a list", argument) }
            return TemplateNode.plain(String(items.count), at: mark)
        case "Fn::ImportValue":
            let name = resolve(argument)?.string ?? "…"
            return TemplateNode.string(placeholder("!ImportValue \(name)", reason: "values exported by other stacks do not exist locally",
                                                   at: source.location(of: node)), at: mark)
        case "Fn::Transform":
            return include(argument, at: node)?.root
        default:
            diagnostics.error(.templateIntrinsic, "intrinsic function '\(function)' is not supported", at: source.location(of: node))
            return TemplateNode.string(Self.placeholder(function), at: mark)
        }
    }

    private func malformed(_ function: String, _ expected: String, _ node: Node) -> Node? {
        diagnostics.error(.templateIntrinsic, "\(function) expects \(expected), found \(node.kindDescription)", at: source.location(of: node))
        return TemplateNode.string(Self.placeholder(function), at: node.mark)
    }

    /// Reports (once per expression) that `expression` has no local value; returns its placeholder.
    func placeholder(_ expression: String, reason: String, at location: SourceLocation) -> String {
        let text = Self.placeholder(expression)
        if placeholdersReported.insert(expression).inserted {
            diagnostics.warning(.templatePlaceholder, "\(expression) cannot be resolved locally (\(reason)); it stands for '\(text)'", at: location)
        }
        return text
    }

    // MARK: - Ref, Fn::GetAtt, Fn::Sub

    private func ref(_ name: String, at node: Node) -> Node? {
        let mark = node.mark
        if name == "AWS::NoValue" { return nil }
        if name == "AWS::NotificationARNs" { return TemplateNode.sequence([], at: mark) }
        if let value = PseudoParameters.value(of: name) { return TemplateNode.string(value, at: mark) }
        if let value = parameters[name] {
            if case .scalar(let scalar) = value { return TemplateNode.string(scalar.string, at: mark) }
            return value
        }
        if let resource = resources[name] {
            if let value = LocalResourceValues.ref(resource) { return TemplateNode.string(value, at: mark) }
            return TemplateNode.string(placeholder("!Ref \(name)", reason: "resource type \(resource.type) has no local stand-in", at: source.location(of: node)), at: mark)
        }
        return unknownName(name, at: node, expression: "!Ref \(name)")
    }

    private func unknownName(_ name: String, at node: Node, expression: String) -> Node {
        var message = "'\(name)' is not a parameter, pseudo parameter or resource of the template"
        if let suggestion = closestMatch(to: name, in: Array(parameters.keys) + Array(resources.keys)) { message += "; did you mean '\(suggestion)'?" }
        diagnostics.error(.templateUnknownName, message, at: source.location(of: node))
        return TemplateNode.string(Self.placeholder(expression), at: node.mark)
    }

    private func getAtt(_ argument: Node, at node: Node) -> Node? {
        var logicalId: String?
        var attribute: String?
        if let text = argument.string, let dot = text.firstIndex(of: ".") {
            logicalId = String(text[..<dot])
            attribute = String(text[text.index(after: dot)...])
        } else {
            let items = TemplateNode.items(argument)
            if items.count == 2 {
                logicalId = items[0].string
                attribute = resolve(items[1])?.string
            }
        }
        guard let logicalId, let attribute else { return malformed("Fn::GetAtt", "'Resource.Attribute' or [Resource, Attribute]", argument) }
        return attributeValue(logicalId, attribute, at: node)
    }

    private func attributeValue(_ logicalId: String, _ attribute: String, at node: Node) -> Node {
        let expression = "!GetAtt \(logicalId).\(attribute)"
        guard let resource = resources[logicalId] else { return unknownName(logicalId, at: node, expression: expression) }
        if let value = LocalResourceValues.attribute(resource, attribute) { return TemplateNode.string(value, at: node.mark) }
        return TemplateNode.string(placeholder(expression, reason: "attribute '\(attribute)' of resource type \(resource.type) has no local value",
                                               at: source.location(of: node)), at: node.mark)
    }

    /// `Fn::Sub`: `${Name}` is a parameter, pseudo parameter, resource or one of the given
    /// variables; `${Resource.Attribute}` is `Fn::GetAtt`; `${!Literal}` is `${Literal}`.
    private func sub(_ argument: Node, at node: Node) -> Node? {
        var template: String?
        var variables: [String: Node] = [:]
        if let text = argument.string {
            template = text
        } else {
            let items = TemplateNode.items(argument)
            if items.count == 2 {
                template = items[0].string
                for (name, value) in TemplateNode.pairs(items[1]) {
                    if let resolved = resolve(value) { variables[name] = resolved }
                }
            }
        }
        guard let template else { return malformed("Fn::Sub", "a string or [string, {variables}]", argument) }
        var result = ""
        var rest = Substring(template)
        while let open = rest.range(of: "${") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                result += rest[open.lowerBound...]
                rest = ""
                break
            }
            let name = String(rest[open.upperBound..<close]).trimmingCharacters(in: .whitespaces)
            rest = rest[rest.index(after: close)...]
            if name.hasPrefix("!") {
                result += "${\(name.dropFirst())}"
                continue
            }
            let value: Node?
            if let variable = variables[name] {
                value = variable
            } else if let dot = name.firstIndex(of: "."), !name.hasPrefix("AWS::") {
                value = attributeValue(String(name[..<dot]), String(name[name.index(after: dot)...]), at: node)
            } else {
                value = ref(name, at: node)
            }
            guard let text = value?.string else {
                diagnostics.error(.templateIntrinsic, "'${\(name)}' in Fn::Sub is not a string", at: source.location(of: node))
                continue
            }
            result += text
        }
        result += rest
        return TemplateNode.string(result, at: node.mark)
    }

    private func findInMap(_ argument: Node, at node: Node) -> Node? {
        let arguments = TemplateNode.items(argument)
        guard arguments.count >= 3 else { return malformed("Fn::FindInMap", "[map, top-level key, second-level key]", argument) }
        let keys = arguments.prefix(3).map { resolve($0)?.string }
        guard let map = keys[0], let top = keys[1], let second = keys[2] else {
            return malformed("Fn::FindInMap", "[map, top-level key, second-level key] of strings", argument)
        }
        guard let mapping = TemplateNode.value(mappings, map) else {
            diagnostics.error(.templateUnknownName, "Fn::FindInMap names map '\(map)', which 'Mappings' does not define", at: source.location(of: node))
            return TemplateNode.string(Self.placeholder("!FindInMap [\(map), \(top), \(second)]"), at: node.mark)
        }
        guard let value = TemplateNode.value(TemplateNode.value(mapping, top), second) else {
            diagnostics.error(.templateUnknownName, "map '\(map)' has no value at '\(top)' › '\(second)'", at: source.location(of: node))
            return TemplateNode.string(Self.placeholder("!FindInMap [\(map), \(top), \(second)]"), at: node.mark)
        }
        return resolve(value)
    }

    // MARK: - Conditions

    /// The value of the condition `name` from `Conditions`, evaluated once.
    func condition(named name: String, at node: Node) -> Bool {
        if let value = conditionValues[name] { return value }
        guard let definition = conditionNodes[name] else {
            var message = "condition '\(name)' is not defined under 'Conditions'"
            if let suggestion = closestMatch(to: name, in: Array(conditionNodes.keys)) { message += "; did you mean '\(suggestion)'?" }
            diagnostics.error(.templateCondition, message, at: source.location(of: node))
            return false
        }
        guard evaluating.insert(name).inserted else {
            diagnostics.error(.templateCondition, "condition '\(name)' depends on itself", at: source.location(of: definition))
            return false
        }
        let value = conditionValue(definition)
        evaluating.remove(name)
        conditionValues[name] = value
        return value
    }

    /// A condition function's value: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not` or `Condition`.
    private func conditionValue(_ node: Node) -> Bool {
        guard let (function, argument) = Self.intrinsic(node) ?? Self.conditionReference(node) else {
            if let text = node.string, let flag = Bool(yamlScalar: text) { return flag }
            diagnostics.error(.templateCondition, "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition, found \(node.kindDescription)",
                              at: source.location(of: node))
            return false
        }
        let items = TemplateNode.items(argument)
        switch function {
        case "Condition":
            guard let name = argument.string else { return malformedCondition(function, node) }
            return condition(named: name, at: node)
        case "Fn::Equals":
            guard items.count == 2 else { return malformedCondition(function, node) }
            return Self.comparable(resolve(items[0])) == Self.comparable(resolve(items[1]))
        case "Fn::And":
            guard (2...10).contains(items.count) else { return malformedCondition(function, node) }
            return items.map(conditionValue).allSatisfy { $0 }
        case "Fn::Or":
            guard (2...10).contains(items.count) else { return malformedCondition(function, node) }
            return items.map(conditionValue).contains(true)
        case "Fn::Not":
            guard items.count == 1 else { return malformedCondition(function, node) }
            return !conditionValue(items[0])
        default:
            if let resolved = resolve(node)?.string, let flag = Bool(yamlScalar: resolved) { return flag }
            return malformedCondition(function, node)
        }
    }

    /// `{Condition: Name}` inside a condition function (the one place that key is a function).
    private static func conditionReference(_ node: Node) -> (String, Node)? {
        guard case .mapping(let mapping) = node, mapping.count == 1, let pair = mapping.first, pair.key.string == "Condition" else { return nil }
        return ("Condition", pair.value)
    }

    private func malformedCondition(_ function: String, _ node: Node) -> Bool {
        diagnostics.error(.templateCondition, "\(function) is written wrongly here (Fn::Equals takes 2 values, Fn::And and Fn::Or 2 to 10 conditions, Fn::Not 1)",
                          at: source.location(of: node))
        return false
    }

    /// A value as `Fn::Equals` compares it: text, or a list's items.
    private static func comparable(_ node: Node?) -> [String]? {
        switch node {
        case .scalar(let scalar)?: [scalar.string]
        case .sequence(let sequence)?: sequence.map { $0.string ?? "" }
        default: nil
        }
    }

    // MARK: - AWS::Include

    /// `Fn::Transform` with `Name: AWS::Include` and a local `Location`: the file's document,
    /// its own intrinsic functions resolved, with the source its marks belong to. Other
    /// transforms, and files in S3, are reported and give nothing.
    func include(_ argument: Node, at node: Node) -> (root: Node, source: YAMLSource)? {
        let name = TemplateNode.text(argument, "Name") ?? ""
        guard name == "AWS::Include" else {
            diagnostics.error(.templateInclude, "Fn::Transform '\(name)' is not supported; only AWS::Include of a local file is", at: source.location(of: node))
            return nil
        }
        guard let locationNode = TemplateNode.value(TemplateNode.value(argument, "Parameters"), "Location"),
              let location = resolve(locationNode)?.string else {
            diagnostics.error(.templateInclude, "AWS::Include needs Parameters › Location", at: source.location(of: node))
            return nil
        }
        if location.hasPrefix("s3://") || location.hasPrefix("https://") {
            diagnostics.warning(.templateInclude, "AWS::Include of '\(location)' cannot be read locally; keep the file beside the template and name it by a relative path",
                                at: source.location(of: locationNode))
            return nil
        }
        let path = location.hasPrefix("/") ? location : (directory as NSString).appendingPathComponent(location)
        let display = location.hasPrefix("/") ? location : (displayDirectory as NSString).appendingPathComponent(location)
        guard FileManager.default.fileExists(atPath: path) else {
            diagnostics.error(.templateInclude, "AWS::Include file '\(location)' does not exist", at: source.location(of: locationNode))
            return nil
        }
        guard let included = YAMLSource.read(path: path, displayPath: display, diagnostics: &diagnostics),
              let root = included.compose(diagnostics: &diagnostics) else { return nil }
        let nested = IntrinsicResolver(sharing: self, source: included)
        let resolved = nested.resolve(root)
        diagnostics.emit(contentsOf: nested.diagnostics.diagnostics)
        return resolved.map { ($0, included) }
    }

    /// A resolver for an included file: the same values, diagnostics located in that file.
    private init(sharing other: IntrinsicResolver, source: YAMLSource) {
        self.source = source
        directory = other.directory
        displayDirectory = other.displayDirectory
        resources = other.resources
        parameters = other.parameters
        mappings = other.mappings
        conditionNodes = other.conditionNodes
        conditionValues = other.conditionValues
        placeholdersReported = other.placeholdersReported
    }
}
