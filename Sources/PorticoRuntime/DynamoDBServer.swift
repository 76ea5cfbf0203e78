import Foundation
import HTTPTypes
import Hummingbird
import PorticoGateway

/// The embedded DynamoDB's HTTP endpoint on 127.0.0.1 (a free port), what the functions'
/// `AWS_ENDPOINT_URL_DYNAMODB` names: boto3 (1.28 and later) and the other AWS SDKs read
/// that variable and send their signed JSON calls here unchanged (AWS SDKs and Tools
/// Reference Guide: feature-ss-endpoints, "Service-specific endpoints"). The endpoint checks
/// each signature and answers as DynamoDB does (``DynamoDBEndpoint``).
public final class DynamoDBServer: Sendable {
    private let listener: LoopbackListener
    public var port: Int { listener.port }

    /// `http://127.0.0.1:{port}`.
    public var url: String { "http://127.0.0.1:\(port)" }

    private init(listener: LoopbackListener) {
        self.listener = listener
    }

    /// The most a request body may be: DynamoDB's request size limit (16 MB, DG
    /// ServiceQuotas, "API-specific limits": BatchWriteItem's 16 MB is the largest call).
    static let maximumBody = 16 * 1024 * 1024

    public static func start(endpoint: DynamoDBEndpoint, startTimeout: Duration = .seconds(10)) async throws -> DynamoDBServer {
        let router = Router()
        router.post("/") { request, _ -> Response in
            let body = (try? await request.body.collect(upTo: maximumBody)).map { Array($0.readableBytesView) } ?? []
            var headers: [HTTPHeader] = []
            // HTTP/1.1's Host travels as the request's authority in HTTPTypes; the signature covers it.
            if let authority = request.head.authority { headers.append(HTTPHeader("Host", authority)) }
            for field in request.headers { headers.append(HTTPHeader(field.name.rawName, field.value)) }
            let gatewayRequest = GatewayRequest(method: "POST", path: request.head.path ?? "/", headers: headers, bytes: body)
            let answer = endpoint.answer(gatewayRequest, requestId: UUID().uuidString.uppercased())
            var fields = HTTPFields()
            for header in answer.headers where !header.hasName("Content-Length") {
                if let name = HTTPField.Name(header.name) { fields[name] = header.value }
            }
            return Response(status: HTTPResponse.Status(code: answer.status), headers: fields,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
        }
        return DynamoDBServer(listener: try await LoopbackListener.start(router, label: "the DynamoDB endpoint", startTimeout: startTimeout))
    }

    public func stop(timeout: Duration = .seconds(2)) async {
        await listener.stop(timeout: timeout)
    }
}
