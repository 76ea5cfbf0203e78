import Yams

/// SAM's `Globals` section: properties shared by every function, API and HTTP API, merged
/// into each resource's own as SAM's globals plugin does (samtranslator/plugins/globals/
/// globals.py, `_do_merge`): mappings merge key by key, lists are the global items then the
/// resource's, and anything else — a scalar, an intrinsic function, values of different
/// kinds — is the resource's own.
struct SAMGlobals {
    /// Globals keys and the resource types they apply to.
    static let sections = ["Function": "AWS::Serverless::Function", "Api": "AWS::Serverless::Api",
                           "HttpApi": "AWS::Serverless::HttpApi", "SimpleTable": "AWS::Serverless::SimpleTable",
                           "StateMachine": "AWS::Serverless::StateMachine", "LayerVersion": "AWS::Serverless::LayerVersion"]

    /// Global properties by resource type.
    let properties: [String: Node]

    init(_ section: Node?) {
        var properties: [String: Node] = [:]
        for (key, value) in TemplateNode.pairs(section) {
            if let type = Self.sections[key] { properties[type] = value }
        }
        self.properties = properties
    }

    /// The properties a resource of `type` has once the globals are merged in (`local` nil:
    /// the resource wrote none, as the implicit APIs do).
    func applied(to local: Node?, type: String) -> Node? {
        guard let global = properties[type] else { return local }
        guard let local else { return global }
        return Self.merge(global, local)
    }

    static func merge(_ global: Node, _ local: Node) -> Node {
        if IntrinsicResolver.intrinsic(global) != nil || IntrinsicResolver.intrinsic(local) != nil { return local }
        switch (global, local) {
        case (.mapping(let globalMapping), .mapping(let localMapping)):
            var pairs = Array(globalMapping)
            for (key, value) in localMapping {
                if let index = pairs.firstIndex(where: { $0.key.string == key.string }) {
                    pairs[index] = (key, merge(pairs[index].value, value))
                } else {
                    pairs.append((key, value))
                }
            }
            return .mapping(.init(pairs, localMapping.tag, localMapping.style, localMapping.mark))
        case (.sequence(let globalItems), .sequence(let localItems)):
            return .sequence(.init(Array(globalItems) + Array(localItems), localItems.tag, localItems.style, localItems.mark))
        default:
            return local
        }
    }
}
