import Foundation
import PorticoModel

/// AWS service integrations (type `AWS`, a URI `arn:aws:apigateway:{region}:{service}:path/…`
/// or `…:action/{Action}`; API reference: Integration `uri`): the URI gets the stage variables
/// and the mapped path parameters (`integration.request.path.NAME`), then S3, Kinesis or DynamoDB answers
/// as the service does, and the integration response selects by that answer's status as for HTTP.
///
/// ```
/// arn:aws:apigateway:us-east-1:s3:path/{bucket}/{key}   GET · PUT · HEAD · DELETE an object,
///                                                      GET a bucket (ListObjects)
/// arn:aws:apigateway:us-east-1:kinesis:action/PutRecord | PutRecords   body: the Kinesis JSON request
/// arn:aws:apigateway:us-east-1:dynamodb:action/PutItem | GetItem | Query …  body: the DynamoDB JSON request
/// ```
struct AWSServiceIntegration {
    let services: GatewayServices

    func invoke(_ exchange: Exchange, integration: Integration) async -> StageOutcome {
        let mapping = RequestParameterMapping(integration.requestParameters, exchange: exchange)
        let uri = Self.render(integration.uri ?? "", exchange: exchange, pathParameters: mapping.path)
        exchange.integrationRequest?.uri = uri
        guard integration.type == .aws else {
            return .fail(.internalServerError, "AWS_PROXY integrations call Lambda functions; '\(uri)' names none")
        }
        guard let service = AWSServiceURI(uri) else {
            return .fail(.internalServerError, "the integration URI '\(uri)' is not an AWS service URI (arn:aws:apigateway:{region}:{service}:path|action/…)")
        }
        let method = Self.method(of: integration, exchange: exchange)
        exchange.integrationRequest?.method = method
        switch service.service {
        case "s3":
            guard let buckets = services.buckets else {
                return .fail(.internalServerError, "S3 integrations cannot run: no buckets are attached to this gateway")
            }
            guard let (bucket, key) = service.s3Location else {
                return .fail(.internalServerError, "Portico simulates S3's path-based API (s3:path/{bucket}/{key}), not '\(uri)'")
            }
            return await S3Integration(store: buckets).invoke(exchange, method: method, bucket: bucket, key: Self.percentDecoded(key),
                                                              query: mapping.querystring, headers: mapping.headers)
        case "kinesis":
            guard let streams = services.streams else {
                return .fail(.internalServerError, "Kinesis integrations cannot run: no streams are attached to this gateway")
            }
            guard case .action(let action, _) = service.target else {
                return .fail(.internalServerError, "Kinesis integrations call an action (kinesis:action/PutRecord), not '\(uri)'")
            }
            return await KinesisIntegration(store: streams).invoke(exchange, action: action, headers: mapping.headers)
        case "dynamodb":
            guard let tables = services.tables else {
                return .fail(.internalServerError, "DynamoDB integrations cannot run: no tables are attached to this gateway")
            }
            guard case .action(let action, _) = service.target else {
                return .fail(.internalServerError, "DynamoDB integrations call an action (dynamodb:action/PutItem), not '\(uri)'")
            }
            return DynamoDBIntegration(tables: tables).invoke(exchange, action: action, headers: mapping.headers)
        default:
            exchange.logs.append("Execution failed due to configuration error: AWS service '\(service.service)' is not simulated by Portico")
            return .fail(.internalServerError, "Portico simulates the S3, Kinesis and DynamoDB AWS service integrations, not '\(service.service)'")
        }
    }

    /// The URI with `${stageVariables.NAME}` and the mapped `{NAME}` path parameters filled in.
    static func render(_ uri: String, exchange: Exchange, pathParameters: [String: String]) -> String {
        var rendered = HTTPIntegration.substituteStageVariables(in: uri, exchange: exchange)
        for (name, value) in pathParameters.sorted(by: { $0.key < $1.key }) {
            rendered = rendered.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return rendered
    }

    /// The integration's `httpMethod`; ANY (or none) sends the client's method.
    static func method(of integration: Integration, exchange: Exchange) -> String {
        let method = (integration.httpMethod ?? "ANY").uppercased()
        return method == "ANY" ? exchange.request.method.uppercased() : method
    }

    /// A URI path as the service reads it: percent-escapes decoded (`my%20cat.png` → `my cat.png`).
    static func percentDecoded(_ text: String) -> String {
        text.removingPercentEncoding ?? text
    }
}

/// Request ids as AWS services print them, derived from the API Gateway request id so a
/// site build shows the same ids every time.
struct ServiceRequestIDs {
    /// S3's `x-amz-request-id`: 16 upper-case hex digits.
    let s3RequestId: String
    /// `x-amz-id-2`: 48 random bytes in base64.
    let extendedId: String
    /// Kinesis's `x-amzn-RequestId`: a UUID.
    let uuid: String

    init(_ exchange: Exchange) {
        var generator = IdentifierGenerator(seedText: "aws-service:" + exchange.context.requestId)
        s3RequestId = String(generator.next(), radix: 16, uppercase: true).leftPadded(to: 16)
        extendedId = Base64.encode((0..<6).flatMap { _ in
            let value = generator.next()
            return (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        })
        uuid = generator.uuid()
    }
}
