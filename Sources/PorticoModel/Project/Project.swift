import Diagnostics

/// Everything a docs project declares: the site, its APIs with their stages, loaded and
/// checked. Built once by ``ProjectLoader``; the gateway and the site only read it.
public struct Project: Sendable {
    /// The folder that holds `portico.yml` (`Content/`).
    public var contentDirectory: String
    public var site: SiteSettings
    public var apis: [APIDeployment]

    public init(contentDirectory: String, site: SiteSettings, apis: [APIDeployment]) {
        self.contentDirectory = contentDirectory
        self.site = site
        self.apis = apis
    }

    public func api(named name: String) -> APIDeployment? {
        apis.first { $0.name == name }
    }
}

public struct SiteSettings: Sendable, Equatable {
    public var title: String
    public var description: String?

    public init(title: String, description: String? = nil) {
        self.title = title
        self.description = description
    }
}

/// One API of the project as it is deployed: its definition and its stages.
public struct APIDeployment: Sendable {
    public var name: String
    /// The definition's path relative to the content folder, as the user wrote it.
    public var definitionPath: String
    public var endpointType: EndpointType
    public var stages: [Stage]
    public var definition: RestAPI
    public var location: SourceLocation

    public init(name: String, definitionPath: String, endpointType: EndpointType, stages: [Stage], definition: RestAPI, location: SourceLocation) {
        self.name = name
        self.definitionPath = definitionPath
        self.endpointType = endpointType
        self.stages = stages
        self.definition = definition
        self.location = location
    }

    public func stage(named name: String) -> Stage? {
        stages.first { $0.stageName == name }
    }
}

/// API Gateway's endpoint types; raw values are AWS's spelling.
public enum EndpointType: String, Sendable, CaseIterable {
    case edge = "EDGE"
    case regional = "REGIONAL"
    case `private` = "PRIVATE"
}

/// A stage, keyed as `aws apigateway get-stage` prints it.
public struct Stage: Sendable, Equatable {
    public var stageName: String
    public var variables: [String: String]
    public var description: String?

    public init(stageName: String, variables: [String: String] = [:], description: String? = nil) {
        self.stageName = stageName
        self.variables = variables
        self.description = description
    }
}
