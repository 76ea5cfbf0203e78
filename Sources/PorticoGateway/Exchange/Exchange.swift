import PorticoModel

/// Everything one request accumulates on its way through the pipeline: request-scoped facts
/// only. Stages read what earlier stages decided and add their own decision.
///
/// A class, owned by the one task that runs the request: stages mutate it in place, so an
/// `await` between stages never copies the whole request state in and out. What the stages
/// decide is internal to the gateway (the transcript is what others read): the compiler then
/// proves accesses to it exclusive when it builds the module, where a public stored property
/// is checked at run time on every access.
public final class Exchange {
    public let request: GatewayRequest
    /// The API and stage the request is for, with what the gateway prepared for them.
    public let deployed: DeployedStage
    public var api: APIDeployment { deployed.api }
    public var stage: Stage { deployed.stage }
    /// How the client addressed the API and stage (its host, a custom domain's mapping).
    public let endpoint: Endpoint
    var context: RequestContext
    /// When the request arrived, on the gateway's monotonic clock: what latencies, token
    /// buckets and time-to-live entries measure from.
    public let arrival: GatewayInstant
    /// What the gateway remembers about this request's stage between requests.
    public let state: StageState

    /// The request's headers as API Gateway receives them: the client's for REGIONAL and
    /// PRIVATE endpoints; for an EDGE endpoint, what CloudFront made of them
    /// (``EdgeRequestHeaders``); without the headers that never make it into a method request
    /// (``IntegrationHeaderRules/methodRequest(_:)``). What mappings, `$input.params()` and
    /// validation read; the transcript's request stays what the client sent.
    lazy var receivedHeaders: [HTTPHeader] = deployed.isEdge
        ? EdgeRequestHeaders.headers(IntegrationHeaderRules.methodRequest(request.headers), requestId: context.requestId)
        : IntegrationHeaderRules.methodRequest(request.headers)

    /// The request's headers as integrations see them: the received ones, plus what API
    /// Gateway's front end adds (Host, X-Amzn-Trace-Id, X-Forwarded-*; see the endpoint stage),
    /// made on first use from facts fixed before the first stage runs.
    lazy var forwardedHeaders: [HTTPHeader] = EndpointStage.frontEndHeaders(of: self)

    /// The body as the gateway takes it: binary (base64) when its Content-Type is one of the
    /// API's binary media types, else text (DG: api-gateway-payload-encodings). Decided once,
    /// when a stage first needs it.
    lazy var payload: Payload = ContentConversion.methodRequest(request, binaryTypes: deployed.binaryMediaTypes)

    /// Set by routing.
    var route: RouteMatch?
    /// Decoded query parameters in request order (recorded AWS response: LocalStack
    /// tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
    /// test_lambda_aws_proxy_integration › invocation-payload-with-params-encoding, -encoding-multi).
    var queryParameters: [(name: String, value: String)] = []

    /// The ARN the request invokes, `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}`
    /// (``ExecuteAPIARN``): what resource policies and authorizers' policies are evaluated on, and
    /// a Lambda authorizer's `methodArn`. Made when first read.
    lazy var methodARN: String = deployed.arn.method(context.httpMethod, routedPath: request.routedPath)

    /// What the resource policy stage decided, for the authorization check that finishes the
    /// decision with its own part (``AuthorizationFlow``); nil when the API has no resource policy.
    var resourcePolicy: ResourcePolicyDecision?
    /// Who the authorization stage admitted (nil: no check ran, or it admitted anyone).
    var caller: AuthorizedCaller?
    /// What a Lambda authorizer was sent and returned, for the transcript.
    var authorizerRun: AuthorizerRun?
    /// The API key the api-key stage accepted, with the usage plan it is metered by.
    var client: APIClient?
    /// The token buckets the throttling stage read (see ``Transcript/buckets``).
    var buckets: [BucketReading] = []

    /// What the cache stage looked up on the way in, for its way out.
    var cacheLookup: CacheLookup?

    /// What the integration request stage built for the integration.
    var integrationRequest: IntegrationRequest?
    /// What the integration answered.
    var integrationResult: IntegrationResult?
    /// How long the integration took, from the request sent to the answer received; nil when
    /// none was called. What `IntegrationLatency` and `$context.integrationLatency` report.
    var integrationLatency: Duration?
    /// From the request's arrival to its answer, set when the answer is complete (the
    /// observability stage): `Latency` and `$context.responseLatency`.
    var responseLatency: Duration?
    /// Overrides set by mapping templates through `$context.requestOverride` / `responseOverride`.
    var responseStatusOverride: Int?
    var responseHeaderOverrides: [HTTPHeader] = []

    /// Set when an HTTP API's cors stage answered a preflight itself: its answer already
    /// carries the preflight's headers.
    var answeredPreflight = false

    /// A failure that a stage reported; the gateway-response stage turns it into the response.
    var failure: GatewayError?
    /// The answer, once there is one.
    var response: GatewayResponse?
    /// Log lines for the transcript (template output, function logs, …).
    var logs: [String] = []
    /// The request's line in its stage's access log; nil when the stage keeps none.
    var accessLogLine: String?
    /// The request's lines in its stage's execution log; empty when its method logs none.
    var executionLog: [String] = []

    /// Sets a header of the response, replacing one of the same name: what a response-phase
    /// stage outside this module may change (the response itself stays the gateway's).
    public func setResponseHeader(_ name: String, _ value: String) {
        response?.headers.set(name, value)
    }

    public init(request: GatewayRequest, deployed: DeployedStage, context: RequestContext, endpoint: Endpoint? = nil,
                arrival: GatewayInstant, state: StageState) {
        self.request = request
        self.deployed = deployed
        self.arrival = arrival
        self.state = state
        self.endpoint = endpoint ?? Endpoint(api: deployed.api.name, stage: deployed.stage.stageName)
        self.context = context
    }
}

/// The resource and method the request matched, with its path parameters.
public struct RouteMatch: Sendable, Equatable {
    public let method: RoutedMethod
    /// Path parameters as sent, still percent-encoded (recorded AWS response: LocalStack
    /// tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
    /// test_lambda_aws_proxy_integration › invocation-payload-with-path-encoded-email).
    public var pathParameters: [(name: String, value: String)]

    public init(method: RoutedMethod, pathParameters: [(name: String, value: String)]) {
        self.method = method
        self.pathParameters = pathParameters
    }

    public var operation: Operation { method.operation }

    public static func == (lhs: RouteMatch, rhs: RouteMatch) -> Bool {
        lhs.operation.path == rhs.operation.path && lhs.operation.method == rhs.operation.method
            && lhs.pathParameters.elementsEqual(rhs.pathParameters, by: { $0 == $1 })
    }
}

/// The request as the integration receives it.
public struct IntegrationRequest: Sendable, Equatable, Codable {
    /// Encoded as AWS's name (`MOCK`, `AWS_PROXY`, …), as the transcript prints it.
    public var type: IntegrationType
    public var method: String?
    public var uri: String?
    public var headers: [HTTPHeader]
    public var body: String
    /// The content type whose request template was applied, if any.
    public var template: String?
    /// The body is binary data, as base64 (see ``ContentConversion``).
    public var isBase64Encoded: Bool

    public init(type: IntegrationType, method: String?, uri: String?, headers: [HTTPHeader], body: String, template: String?,
                isBase64Encoded: Bool = false) {
        self.type = type
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.template = template
        self.isBase64Encoded = isBase64Encoded
    }
}

/// What an integration answered: the status that selection patterns match (HTTP status, or
/// the Lambda error message for Lambda), headers and body.
public struct IntegrationResult: Sendable, Equatable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: String
    /// For Lambda: the `errorMessage` of a function error; nil on success.
    public var errorMessage: String?
    /// What selection patterns are matched against: the status code for HTTP and MOCK, the
    /// Lambda error message (empty on success) for Lambda (DG: handle-errors-in-lambda-integration).
    public var selectionSubject: String
    /// The body is binary data (its Content-Type is one of the API's binary media types), as base64.
    public var isBase64Encoded: Bool
    /// A Lambda (non-proxy) function error: the body is Lambda's error JSON, whose `errorMessage`
    /// body-to-header mappings read as JSON when it holds some (DG: handle-errors-in-lambda-integration).
    public var isLambdaFunctionError: Bool

    public init(status: Int, headers: [HTTPHeader] = [], body: String = "", errorMessage: String? = nil,
                selectionSubject: String? = nil, isBase64Encoded: Bool = false, isLambdaFunctionError: Bool = false) {
        self.isLambdaFunctionError = isLambdaFunctionError
        self.status = status
        self.headers = headers
        self.body = body
        self.errorMessage = errorMessage
        self.selectionSubject = selectionSubject ?? String(status)
        self.isBase64Encoded = isBase64Encoded
    }
}
