/// Every diagnostic id Portico prints, by area. The raw values are part of Portico's
/// interface (golden files, scripts and editors match them): add ids, never rename one.

// MARK: - Files and YAML

extension DiagnosticID {
    /// A file that cannot be read at all.
    public static let fileUnreadable = DiagnosticID("file.unreadable")
    /// A file larger than Portico reads.
    public static let fileTooLarge = DiagnosticID("file.too-large")
    /// A file that is not UTF-8 text (or holds a NUL byte).
    public static let fileEncoding = DiagnosticID("file.encoding")
    /// YAML or JSON that does not parse.
    public static let yamlSyntax = DiagnosticID("yaml.syntax")
    /// A YAML or JSON file with no document in it.
    public static let yamlEmpty = DiagnosticID("yaml.empty")
    /// A key written twice in one mapping.
    public static let yamlDuplicateKey = DiagnosticID("yaml.duplicate-key")
    /// Collections nested deeper than Portico reads.
    public static let yamlTooDeep = DiagnosticID("yaml.too-deep")
    /// Aliases (or values) that expand to more nodes than Portico reads.
    public static let yamlTooLarge = DiagnosticID("yaml.too-large")
}

// MARK: - Definitions in general

extension DiagnosticID {
    /// A value of the wrong kind (a list where a mapping belongs, text where a number does, …).
    public static let modelType = DiagnosticID("model.type")
    /// A required key left out.
    public static let modelMissingKey = DiagnosticID("model.missing-key")
    /// A key Portico does not know, with the closest known one suggested.
    public static let modelUnknownKey = DiagnosticID("model.unknown-key")
}

// MARK: - OpenAPI documents

extension DiagnosticID {
    /// A definition larger than API Gateway imports (6 MB).
    public static let openAPITooLarge = DiagnosticID("openapi.too-large")
    /// Not OpenAPI 3 (missing `openapi`, or swagger 2.0).
    public static let openAPIVersion = DiagnosticID("openapi.version")
    /// A path that does not start with '/'.
    public static let openAPIPath = DiagnosticID("openapi.path")
    /// A greedy path variable (`{proxy+}`) that is not the last segment.
    public static let openAPIGreedyNotLast = DiagnosticID("openapi.greedy-not-last")
    /// A local `$ref` whose target does not exist.
    public static let openAPIUnknownRef = DiagnosticID("openapi.unknown-ref")
    /// A chain of `$ref`s that leads back to itself.
    public static let openAPIRefCycle = DiagnosticID("openapi.ref-cycle")
    /// A parameter whose `in` is not path, query, header or cookie.
    public static let openAPIParameterLocation = DiagnosticID("openapi.parameter-location")
    /// A `security` entry naming a scheme `components.securitySchemes` does not declare.
    public static let openAPIUnknownAuthorizer = DiagnosticID("openapi.unknown-authorizer")
    /// An `x-amazon-apigateway-request-validator` naming an undeclared validator.
    public static let openAPIUnknownValidator = DiagnosticID("openapi.unknown-validator")
    /// An `x-amazon-apigateway-auth` type other than NONE or AWS_IAM.
    public static let openAPIAuthType = DiagnosticID("openapi.auth-type")
    /// A security scheme `type` OpenAPI does not define.
    public static let openAPISecuritySchemeType = DiagnosticID("openapi.security-scheme-type")
    /// An `x-amazon-apigateway-authtype` that is reserved by AWS or that Portico does not know.
    public static let openAPISecuritySchemeAuthType = DiagnosticID("openapi.security-scheme-authtype")
    /// An `x-amazon-apigateway-authorizer` type API Gateway does not have.
    public static let openAPIAuthorizerType = DiagnosticID("openapi.authorizer-type")
    /// An authorizer result TTL outside 0 to 3600 seconds.
    public static let openAPIAuthorizerTTL = DiagnosticID("openapi.authorizer-ttl")
    /// An HTTP API Lambda authorizer's payload format: a version other than 1.0 or 2.0, simple
    /// responses with 1.0, or a type HTTP APIs do not have (token).
    public static let openAPIAuthorizerPayloadFormat = DiagnosticID("openapi.authorizer-payload-format")
    /// A Lambda authorizer without an `authorizerUri`, or one that names no Lambda function.
    public static let openAPIAuthorizerURI = DiagnosticID("openapi.authorizer-uri")
    /// An authorizer identity source that is not a form its API accepts, or a REST Lambda
    /// authorizer's identity sources that its type cannot use.
    public static let openAPIIdentitySource = DiagnosticID("openapi.identity-source")
    /// An `identityValidationExpression` that is not a regular expression.
    public static let openAPIIdentityValidationExpression = DiagnosticID("openapi.identity-validation-expression")
    /// An unknown `x-amazon-apigateway-api-key-source`.
    public static let openAPIAPIKeySource = DiagnosticID("openapi.api-key-source")
    /// A gateway response key that is not a gateway response type.
    public static let openAPIGatewayResponseType = DiagnosticID("openapi.gateway-response-type")
    /// A gateway response parameter whose target or source a gateway response cannot use.
    public static let openAPIGatewayResponseParameter = DiagnosticID("openapi.gateway-response-parameter")
    /// An unknown endpoint type in `x-amazon-apigateway-endpoint-configuration`.
    public static let openAPIEndpointType = DiagnosticID("openapi.endpoint-type")
    /// A minimum compression size outside 0 to 10485760 bytes.
    public static let openAPIMinimumCompressionSize = DiagnosticID("openapi.minimum-compression-size")
    /// A binary media type API Gateway keeps but never matches (`*/png`, `image~1png`).
    public static let openAPIBinaryMediaType = DiagnosticID("openapi.binary-media-type")
    /// An `x-amazon-apigateway-policy` that is not a policy document IAM accepts.
    public static let openAPIPolicy = DiagnosticID("openapi.policy")
}

// MARK: - Integrations

extension DiagnosticID {
    /// An integration type API Gateway does not have.
    public static let integrationType = DiagnosticID("integration.type")
    /// An unknown `passthroughBehavior`.
    public static let integrationPassthrough = DiagnosticID("integration.passthrough")
    /// An integration response selection pattern that is not a regular expression.
    public static let integrationSelectionPattern = DiagnosticID("integration.selection-pattern")
    /// A `timeoutInMillis` outside what API Gateway allows.
    public static let integrationTimeout = DiagnosticID("integration.timeout")
    /// An unknown `connectionType`.
    public static let integrationConnectionType = DiagnosticID("integration.connection-type")
    /// An unknown `contentHandling`.
    public static let integrationContentHandling = DiagnosticID("integration.content-handling")
    /// A `payloadFormatVersion` other than 1.0 or 2.0.
    public static let integrationPayloadFormat = DiagnosticID("integration.payload-format")
    /// A `requestParameters` entry whose target or source an integration request cannot use.
    public static let integrationParameter = DiagnosticID("integration.parameter")
    /// A `requestParameters` source naming a method request parameter the method does not declare.
    public static let integrationUndeclaredParameter = DiagnosticID("integration.undeclared-parameter")
    /// An integration response parameter whose target or source an integration response cannot use.
    public static let integrationResponseParameter = DiagnosticID("integration.response-parameter")
    /// A `cacheKeyParameters` entry that is not a method request parameter.
    public static let integrationCacheKey = DiagnosticID("integration.cache-key")
}

// MARK: - WebSocket APIs

extension DiagnosticID {
    /// A `protocolType` other than WEBSOCKET in a WebSocket API file.
    public static let webSocketProtocolType = DiagnosticID("websocket.protocol-type")
    /// An `apiKeySelectionExpression` AWS does not accept.
    public static let webSocketAPIKeySelection = DiagnosticID("websocket.api-key-selection")
    /// An authorizer type other than REQUEST.
    public static let webSocketAuthorizerType = DiagnosticID("websocket.authorizer-type")
    /// An authorizer identity source that is not a form WebSocket APIs accept.
    public static let webSocketIdentitySource = DiagnosticID("websocket.identity-source")
    /// A route `authorizationType` other than NONE, AWS_IAM or CUSTOM.
    public static let webSocketAuthorizationType = DiagnosticID("websocket.authorization-type")
    /// A route key declared twice.
    public static let webSocketDuplicateRoute = DiagnosticID("websocket.duplicate-route")
    /// An integration name declared twice.
    public static let webSocketDuplicateIntegration = DiagnosticID("websocket.duplicate-integration")
    /// A route naming an authorizer 'authorizers' does not declare.
    public static let webSocketUnknownAuthorizer = DiagnosticID("websocket.unknown-authorizer")
    /// A route targeting an integration 'integrations' does not declare.
    public static let webSocketUnknownIntegration = DiagnosticID("websocket.unknown-integration")
}

// MARK: - What AWS refuses to import

extension DiagnosticID {
    /// A JWT authorizer on a REST API.
    public static let awsJWTOnRest = DiagnosticID("aws.jwt-on-rest")
    /// A MOCK integration on an HTTP API.
    public static let awsMockOnHTTP = DiagnosticID("aws.mock-on-http")
    /// A route that requires an API key on an HTTP API.
    public static let awsAPIKeyOnHTTP = DiagnosticID("aws.api-key-on-http")
    /// Request validators on an HTTP API.
    public static let awsValidatorOnHTTP = DiagnosticID("aws.validator-on-http")
    /// Custom gateway responses on an HTTP API.
    public static let awsGatewayResponseOnHTTP = DiagnosticID("aws.gateway-response-on-http")
    /// An endpoint type other than REGIONAL on an HTTP API.
    public static let awsEndpointTypeOnHTTP = DiagnosticID("aws.endpoint-type-on-http")
    /// Another REST-only feature on an HTTP API: mapping templates, integration responses,
    /// resource policies, binary media types, a stage cache, canary, X-Ray, methodSettings.
    public static let awsRestOnlyOnHTTP = DiagnosticID("aws.rest-only-on-http")
    /// An HTTP-only stage setting on a REST API: autoDeploy, routeSettings, the `$default` stage.
    public static let awsHTTPOnlyOnRest = DiagnosticID("aws.http-only-on-rest")
    /// A usage plan that names an HTTP API.
    public static let awsUsagePlanOnHTTP = DiagnosticID("aws.usage-plan-on-http")
    /// Authorization on a WebSocket route other than $connect.
    public static let awsWebSocketAuthorizerNotConnect = DiagnosticID("aws.websocket-authorizer-not-connect")
}

// MARK: - The project (portico.yml)

extension DiagnosticID {
    /// No portico.yml where the project should be.
    public static let projectMissing = DiagnosticID("project.missing")
    /// An enumerated setting with a value it does not take.
    public static let projectValue = DiagnosticID("project.value")
    /// An API `type` other than REST, HTTP or WEBSOCKET.
    public static let projectAPIType = DiagnosticID("project.api-type")
    /// An API whose definition file does not exist.
    public static let projectDefinitionMissing = DiagnosticID("project.definition-missing")
    /// An API name declared twice.
    public static let projectDuplicateAPI = DiagnosticID("project.duplicate-api")
    /// An API with no stage.
    public static let projectNoStage = DiagnosticID("project.no-stage")
    /// A stage name declared twice for one API.
    public static let projectDuplicateStage = DiagnosticID("project.duplicate-stage")
    /// An unknown API `endpointType`.
    public static let projectEndpointType = DiagnosticID("project.endpoint-type")
    /// A stage variable name AWS does not accept.
    public static let projectStageVariable = DiagnosticID("project.stage-variable")
    /// A stage variable the definition uses that no stage defines.
    public static let projectUndefinedStageVariable = DiagnosticID("project.undefined-stage-variable")
    /// A `cacheClusterSize` API Gateway does not offer.
    public static let projectCacheClusterSize = DiagnosticID("project.cache-cluster-size")
    /// A cache TTL outside 0 to 3600 seconds.
    public static let projectCacheTTL = DiagnosticID("project.cache-ttl")
    /// A stage's or canary's `deploymentId` that names no deployment of its API.
    public static let projectUnknownDeployment = DiagnosticID("project.unknown-deployment")
    /// A deployment whose snapshot file does not exist, or does not hold an API of its API's kind.
    public static let projectDeploymentSnapshot = DiagnosticID("project.deployment-snapshot")
    /// `portico deploy` could not edit portico.yml without reformatting it.
    public static let projectEditRefused = DiagnosticID("project.edit-refused")
    /// A deployment id declared twice for one API, or not made of letters and digits.
    public static let projectDeploymentId = DiagnosticID("project.deployment-id")
    /// A canary `percentTraffic` outside 0 to 100.
    public static let projectCanaryPercent = DiagnosticID("project.canary-percent")
    /// A method setting or throttle key that is not '*/*' or '/path/METHOD'.
    public static let projectMethodSettingKey = DiagnosticID("project.method-setting-key")
    /// A method setting or throttle naming no method of its API.
    public static let projectUnknownMethod = DiagnosticID("project.unknown-method")
    /// A reference to an API the project does not define.
    public static let projectUnknownAPI = DiagnosticID("project.unknown-api")
    /// A reference to a stage its API does not define.
    public static let projectUnknownStage = DiagnosticID("project.unknown-stage")
    /// A usage plan name declared twice.
    public static let projectDuplicateUsagePlan = DiagnosticID("project.duplicate-usage-plan")
    /// A reference to a usage plan the project does not define.
    public static let projectUnknownUsagePlan = DiagnosticID("project.unknown-usage-plan")
    /// An unknown quota period.
    public static let projectQuotaPeriod = DiagnosticID("project.quota-period")
    /// An API key value shorter than AWS accepts.
    public static let projectAPIKeyValue = DiagnosticID("project.api-key-value")
    public static let projectDuplicateAPIKey = DiagnosticID("project.duplicate-api-key")
    public static let projectAPIKeyPlansOverlap = DiagnosticID("project.api-key-plans-overlap")
    /// A domain mapping one base path twice.
    public static let projectDuplicateBasePath = DiagnosticID("project.duplicate-base-path")
    /// A domain's securityPolicy other than TLS_1_0 or TLS_1_2.
    public static let projectSecurityPolicy = DiagnosticID("project.security-policy")
    /// A function name declared twice.
    public static let projectDuplicateFunction = DiagnosticID("project.duplicate-function")
    /// A function runtime Portico cannot run.
    public static let projectFunctionRuntime = DiagnosticID("project.function-runtime")
    /// A function timeout outside 1 to 900 seconds.
    public static let projectFunctionTimeout = DiagnosticID("project.function-timeout")
    /// A function memory size outside 128 to 10240 MB.
    public static let projectFunctionMemory = DiagnosticID("project.function-memory")
    /// A function code folder that does not exist.
    public static let projectFunctionCodeMissing = DiagnosticID("project.function-code-missing")
    /// A reference to a function the project does not define.
    public static let projectUnknownFunction = DiagnosticID("project.unknown-function")
    /// A backend name declared twice.
    public static let projectDuplicateBackend = DiagnosticID("project.duplicate-backend")
    /// A reference to a backend the project does not define.
    public static let projectUnknownBackend = DiagnosticID("project.unknown-backend")
    /// A user pool an authorizer names that `identities.userPools` does not declare.
    public static let projectUnknownUserPool = DiagnosticID("project.unknown-user-pool")
    /// A user pool id that is not `{region}_{letters and digits}`.
    public static let projectUserPoolId = DiagnosticID("project.user-pool-id")
    /// A group a user belongs to that their user pool does not define.
    public static let projectUnknownGroup = DiagnosticID("project.unknown-group")
    /// An IAM user's identity policy that is not a valid policy document.
    public static let projectIAMPolicy = DiagnosticID("project.iam-policy")
    /// An access key id two IAM users share.
    public static let projectDuplicateAccessKey = DiagnosticID("project.duplicate-access-key")
    /// A bucket name declared twice.
    public static let projectDuplicateBucket = DiagnosticID("project.duplicate-bucket")
    /// A bucket name S3 does not accept.
    public static let projectBucketName = DiagnosticID("project.bucket-name")
    /// A bucket folder outside Content/.
    public static let projectBucketFolder = DiagnosticID("project.bucket-folder")
    /// A bucket folder that does not exist (the bucket starts empty).
    public static let projectBucketFolderMissing = DiagnosticID("project.bucket-folder-missing")
    /// A reference to a bucket the project does not define.
    public static let projectUnknownBucket = DiagnosticID("project.unknown-bucket")
    /// A stream name declared twice.
    public static let projectDuplicateStream = DiagnosticID("project.duplicate-stream")
    /// A stream name Kinesis does not accept.
    public static let projectStreamName = DiagnosticID("project.stream-name")
    /// A stream shard count outside 1 to 500.
    public static let projectStreamShards = DiagnosticID("project.stream-shards")
    /// A table name declared twice.
    public static let projectDuplicateTable = DiagnosticID("project.duplicate-table")
    /// A table name DynamoDB does not accept.
    public static let projectTableName = DiagnosticID("project.table-name")
    /// A table's key schema DynamoDB would refuse (no HASH key, two, a key without its type…).
    public static let projectTableKeySchema = DiagnosticID("project.table-key-schema")
    /// An attribute type other than S, N or B, or a key type other than HASH or RANGE.
    public static let projectTableAttributeType = DiagnosticID("project.table-attribute-type")
    /// An AWS service integration Portico does not simulate.
    public static let projectUnsimulatedService = DiagnosticID("project.unsimulated-service")
    /// A VPC endpoint or VPC identifier not of EC2's shape (`vpce-` / `vpc-` and 8 or 17 hex digits).
    public static let projectVPCEndpointId = DiagnosticID("project.vpc-endpoint-id")
    /// A VPC endpoint declared twice.
    public static let projectDuplicateVPCEndpoint = DiagnosticID("project.duplicate-vpc-endpoint")
    /// An API's `vpcEndpointIds` naming a VPC endpoint `vpcEndpoints` does not declare.
    public static let projectUnknownVPCEndpoint = DiagnosticID("project.unknown-vpc-endpoint")
    /// `vpcEndpointIds` on an API that is not PRIVATE.
    public static let projectVPCEndpointOnPublicAPI = DiagnosticID("project.vpc-endpoint-on-public-api")
    /// A PRIVATE API without a resource policy: AWS does not deploy it, and every call is refused.
    public static let projectPrivateAPIWithoutPolicy = DiagnosticID("project.private-api-without-policy")
}

// MARK: - Templates and diagrams

extension DiagnosticID {
    /// A mapping template that does not parse.
    public static let templateSyntax = DiagnosticID("template.syntax")
    /// A Velocity error placed in the file that embeds the template (the default id).
    public static let velocityError = DiagnosticID("velocity.error")
    /// A Mermaid diagram that does not parse.
    public static let diagramSyntax = DiagnosticID("diagram.syntax")
    /// Mermaid syntax Portico does not draw.
    public static let diagramUnsupported = DiagnosticID("diagram.unsupported")
    /// A Mermaid node using a class no `classDef` defines.
    public static let diagramUndefinedClass = DiagnosticID("diagram.undefined-class")
    /// A diagram larger than Portico lays out.
    public static let diagramLimit = DiagnosticID("diagram.limit")
    /// Graphviz failing, or warning, while laying out a diagram.
    public static let diagramGraphviz = DiagnosticID("diagram.graphviz")
    /// A Graphviz installation without its layout or SVG plugins.
    public static let diagramGraphvizPlugins = DiagnosticID("diagram.graphviz-plugins")
}

// MARK: - Notes, examples and the site

extension DiagnosticID {
    /// A note that is not UTF-8 text.
    public static let noteUnreadable = DiagnosticID("note.unreadable")
    /// Front matter opened with '---' and never closed.
    public static let noteFrontMatter = DiagnosticID("note.front-matter")
    /// A `portico` table fence naming no table Portico has, or missing its API.
    public static let noteTable = DiagnosticID("note.table")
    /// A link to a note or file the site does not have.
    public static let linkBroken = DiagnosticID("link.broken")
    /// A link to an anchor its page does not have.
    public static let linkAnchor = DiagnosticID("link.anchor")
    /// An example fence holding no request.
    public static let exampleEmpty = DiagnosticID("example.empty")
    /// An example attribute Portico ignores (not name=value, or not one it knows).
    public static let exampleAttribute = DiagnosticID("example.attribute")
    /// An example request line that is not 'METHOD path [HTTP/1.1]'.
    public static let exampleRequestLine = DiagnosticID("example.request-line")
    /// An example header line that is not 'Name: value'.
    public static let exampleHeader = DiagnosticID("example.header")
    /// An `expect=` that is not a list of status codes, or not one per request.
    public static let exampleExpect = DiagnosticID("example.expect")
    /// An example whose answer is not what its `expect=` says.
    public static let exampleExpectation = DiagnosticID("example.expectation")
    /// An example whose answer drifts from the definition: a status no method response
    /// declares, or a body its response model does not describe (an error with `--strict`).
    public static let exampleResponse = DiagnosticID("example.response")
    /// An example naming no API of the project, or none at all.
    public static let exampleAPI = DiagnosticID("example.api")
    /// An example against an API kind examples cannot run yet.
    public static let exampleAPIKind = DiagnosticID("example.api-kind")
    /// An example that names no stage, or one its gateway cannot run.
    public static let exampleStage = DiagnosticID("example.stage")
    /// An `@wait` line that is malformed, or used where the gateway's clock is real.
    public static let exampleWait = DiagnosticID("example.wait")
    /// A `key=` naming no API key of the project, or set beside an `X-API-Key` header.
    public static let exampleKey = DiagnosticID("example.key")
    /// An `as=` naming no identity of the project, or one that cannot be sent as.
    public static let exampleCaller = DiagnosticID("example.as")
    /// A `repeat=` or `rate=` out of range, or a burst that cannot be sent.
    public static let exampleRepeat = DiagnosticID("example.repeat")
    /// A `websocket example` line that is no statement of the script language.
    public static let exampleScript = DiagnosticID("example.script")
    /// A `websocket example` whose frames or close codes are not what its `NAME<` lines expect.
    public static let exampleFrame = DiagnosticID("example.frame")
    /// A note whose text holds the value of one of the project's API keys.
    public static let noteKeyValue = DiagnosticID("note.key-value")
    /// A theme template that does not load.
    public static let themeTemplate = DiagnosticID("theme.template")
    /// A site file that cannot be written.
    public static let siteWrite = DiagnosticID("site.write")
    /// A backend process that does not start (serve).
    public static let backendStart = DiagnosticID("backend.start")
}

// MARK: - SAM and CloudFormation templates

extension DiagnosticID {
    /// No template where one was asked for or expected.
    public static let templateMissing = DiagnosticID("template.missing")
    /// A file that is not a template (no `Resources`), or a section of the wrong shape.
    public static let templateShape = DiagnosticID("template.shape")
    /// An intrinsic function written wrongly (`!Select` without a list, `!Sub` of a list, …).
    public static let templateIntrinsic = DiagnosticID("template.intrinsic")
    /// A `!Ref`, `!GetAtt` or `${…}` that names no parameter, pseudo parameter or resource.
    public static let templateUnknownName = DiagnosticID("template.unknown-name")
    /// A value that cannot exist locally (an imported value, a certificate, a custom
    /// resource's attribute, a parameter without a value): replaced by a stated placeholder.
    public static let templatePlaceholder = DiagnosticID("template.placeholder")
    /// A condition that is not defined, or that refers to itself.
    public static let templateCondition = DiagnosticID("template.condition")
    /// `Fn::Transform` of `AWS::Include` whose file cannot be read, or another transform.
    public static let templateInclude = DiagnosticID("template.include")
    /// A resource Portico does not simulate: listed once, with where it is declared.
    public static let templateIgnored = DiagnosticID("template.ignored")
    /// A resource Portico reads but cannot run as declared (code in S3, an unsupported runtime, …).
    public static let templateUnsupported = DiagnosticID("template.unsupported")
}
