import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import PorticoGateway

/// Sends the gateway's integration requests to real HTTP backends with async-http-client.
///
/// As API Gateway does, it never follows a redirect (a 3xx comes back as it is), never
/// decompresses, keeps the response's header names as received and in their order, and
/// bounds what it reads: a response body over `maxResponseBody` (10 MB, API Gateway's
/// payload limit) fails. `timeout` covers the whole exchange, body included. Call
/// `shutdown()` before letting go of it (async-http-client requires it).
public final class HTTPClientTransport: HTTPTransport {
    /// API Gateway's payload limit: 10 MB.
    public static let defaultMaxResponseBody = 10 * 1024 * 1024

    public let maxResponseBody: Int
    private let client: HTTPClient

    public init(maxResponseBody: Int = HTTPClientTransport.defaultMaxResponseBody) {
        self.maxResponseBody = maxResponseBody
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        configuration.httpVersion = .http1Only
        // A refused connection fails at once, as API Gateway's does, instead of being retried
        // until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    public func send(_ request: OutboundHTTPRequest, timeout: Duration) async -> OutboundHTTPResult {
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
                                                        + timeout.components.attoseconds / 1_000_000_000)
        // The client's deadline usually ends the request; the time limit makes sure the caller
        // is answered even when a connection attempt does not heed it.
        return await withTimeLimit(timeout, fallback: .timeout) {
            do {
                return try await self.perform(request, deadline: deadline)
            } catch {
                return Self.result(for: error, url: request.url, limit: self.maxResponseBody)
            }
        }
    }

    /// Closes the connections; the transport cannot send afterwards.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// Headers that describe one hop's connection or framing: the client sets its own.
    private static let hopByHop: Set<String> = ["connection", "content-length", "transfer-encoding", "keep-alive", "upgrade", "te"]

    private func perform(_ request: OutboundHTTPRequest, deadline: NIODeadline) async throws -> OutboundHTTPResult {
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = HTTPMethod(rawValue: request.method)
        for header in request.headers where !Self.hopByHop.contains(header.name.lowercased()) {
            outbound.headers.add(name: header.name, value: header.value)
        }
        if !request.body.isEmpty {
            outbound.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let response = try await client.execute(outbound, deadline: deadline)
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > maxResponseBody {
            throw BodyTooLarge()
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: maxResponseBody)
        } catch is NIOTooManyBytesError {
            throw BodyTooLarge()
        }
        let headers = response.headers.map { HTTPHeader($0.name, $0.value) }
        return .response(status: Int(response.status.code), headers: headers, body: Array(body.readableBytesView))
    }

    private struct BodyTooLarge: Error {}

    private static func result(for error: any Error, url: String, limit: Int) -> OutboundHTTPResult {
        if error is BodyTooLarge {
            return .failed("the response body is larger than \(limit) bytes")
        }
        if let error = error as? HTTPClientError {
            if [.deadlineExceeded, .readTimeout, .connectTimeout, .cancelled].contains(error) {
                return .timeout
            }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(error) || "\(error)".contains("unsupportedScheme") {
                return .failed("the integration URL \(url) is not valid: \(error)")
            }
            return .failed("the request to \(url) failed: \(error)")
        }
        if error is CancellationError { return .timeout }
        return .failed("the request to \(url) failed: \(error)")
    }
}
