import Diagnostics
import Yams

/// One `Api` or `HttpApi` event of a SAM function: the route it adds to an API.
struct SAMEvent {
    let function: String
    /// The function's name as the project declares it, and its ARN.
    let functionARN: String
    let name: String
    /// The event's resolved `Properties`.
    let properties: Node
    let node: Node
    /// The API it belongs to: `RestApiId` / `ApiId`, else the implicit API.
    let api: String
}

/// SAM functions' events, by API.
enum SAMEvents {
    /// The logical ids SAM gives the APIs it creates for events that name none
    /// (AWS SAM Developer Guide: sam-specification-generated-resources-function).
    static let implicitRestAPI = "ServerlessRestApi"
    static let implicitHTTPAPI = "ServerlessHttpApi"
}

extension TemplateTranslation {
    /// `AWS::Serverless::Function` and `AWS::Lambda::Function` with local code become the
    /// project's functions: `python3.x` runtimes run under Portico's bootstrap, `nodejs*` under
    /// its Node.js one. Code in S3, inline code, container images and other runtimes are read
    /// but cannot run here: a located warning says so, and requests that reach such a function
    /// get the answer API Gateway gives when it cannot invoke one.
    func translateFunctions() {
        for resource in resources where resource.type == "AWS::Serverless::Function" || resource.type == "AWS::Lambda::Function" {
            handled.insert(resource.logicalId)
            let properties = properties(of: resource)
            let name = LocalResourceValues.functionName(resource)
            let isSAM = resource.type == "AWS::Serverless::Function"
            let mark = resource.node.mark
            guard let code = localCode(properties, isSAM: isSAM, function: name) else { continue }
            let runtimeText = text(properties, "Runtime") ?? ""
            let runtime: String
            if runtimeText.hasPrefix("python3") {
                runtime = "python3"
            } else if runtimeText.hasPrefix("nodejs") {
                runtime = "nodejs"
            } else {
                let what = TemplateNode.text(properties, "PackageType") == "Image" ? "a container image" : "runtime '\(runtimeText)'"
                diagnostics.warning(.templateUnsupported,
                                    "function '\(name)' uses \(what), which Portico does not run (it runs python3.x and nodejs functions); requests that reach it fail as for a function that cannot be invoked",
                                    at: location(of: TemplateNode.value(properties, "Runtime") ?? resource.node))
                continue
            }
            var pairs: [(String, Node)] = [("name", TemplateNode.string(name, at: mark)),
                                           ("runtime", TemplateNode.string(runtime, at: TemplateNode.value(properties, "Runtime")?.mark ?? mark))]
            if let handler = TemplateNode.value(properties, "Handler") { pairs.append(("handler", handler)) }
            pairs.append(("code", code))
            if let timeout = TemplateNode.value(properties, "Timeout") { pairs.append(("timeout", timeout)) }
            if let memory = TemplateNode.value(properties, "MemorySize") { pairs.append(("memorySize", memory)) }
            if let variables = TemplateNode.value(TemplateNode.value(properties, "Environment"), "Variables") {
                pairs.append(("environment", variables))
            }
            functions.append(TemplateNode.mapping(pairs, at: mark))
        }
    }

    /// The function's code folder from the content folder: SAM's `CodeUri` (the template's own
    /// folder when left out, as `sam build` takes it), or CloudFormation's `Code` written as a
    /// local path (the form `aws cloudformation package` uploads).
    private func localCode(_ properties: Node, isSAM: Bool, function: String) -> Node? {
        let key = isSAM ? "CodeUri" : "Code"
        guard let value = TemplateNode.value(properties, key) else {
            if isSAM, TemplateNode.value(properties, "InlineCode") == nil {
                return TemplateNode.string(layout.fromContent("."), at: properties.mark)
            }
            diagnostics.warning(.templateUnsupported, "function '\(function)' has inline code, which Portico does not run; keep the code in a folder and name it in \(isSAM ? "CodeUri" : "Code")",
                                at: location(of: properties))
            return nil
        }
        guard let path = value.string, !path.hasPrefix("s3://") else {
            diagnostics.warning(.templateUnsupported, "the code of function '\(function)' is in S3, which Portico cannot read; name a local folder in \(key)",
                                at: location(of: value))
            return nil
        }
        return TemplateNode.string(layout.fromContent(path), at: value.mark)
    }

    /// Every `Api` (REST) or `HttpApi` event of the template's SAM functions, in template order.
    func samEvents(ofType type: String) -> [SAMEvent] {
        var events: [SAMEvent] = []
        let apiKey = type == "Api" ? "RestApiId" : "ApiId"
        let implicit = type == "Api" ? SAMEvents.implicitRestAPI : SAMEvents.implicitHTTPAPI
        for resource in resources(ofType: "AWS::Serverless::Function") {
            let properties = properties(of: resource)
            let name = LocalResourceValues.functionName(resource)
            for (eventName, event) in TemplateNode.pairs(TemplateNode.value(properties, "Events")) where TemplateNode.text(event, "Type") == type {
                let eventProperties = TemplateNode.value(event, "Properties") ?? TemplateNode.mapping([], at: event.mark)
                let api = text(eventProperties, apiKey) ?? implicit
                events.append(SAMEvent(function: name, functionARN: LocalResourceValues.functionARN(name), name: eventName,
                                       properties: eventProperties, node: event, api: api))
            }
        }
        return events
    }
}
