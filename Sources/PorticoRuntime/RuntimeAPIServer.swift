import Foundation
import HTTPTypes
import Hummingbird
import PorticoGateway
import Synchronization

/// What the Runtime API hands a function's process when it asks for its next event.
struct NextEvent: Sendable {
    var requestID: String
    var payload: [UInt8]
    var deadlineMs: Int64
    var functionARN: String
    var traceID: String
}

/// What the Runtime API endpoints need from the function they serve.
protocol RuntimeAPIHandler: Sendable {
    /// nil: no event will come (the runtime is shutting down).
    func nextEvent() async -> NextEvent?
    func invocationResponse(requestID: String, payload: [UInt8], tooLarge: Bool) async -> RuntimeAPIReply
    func invocationError(requestID: String, errorType: String?, payload: [UInt8]) async -> RuntimeAPIReply
    func initError(errorType: String?, payload: [UInt8]) async -> RuntimeAPIReply
}

/// The status and JSON body an endpoint answers, as Lambda's Runtime API does.
struct RuntimeAPIReply: Sendable {
    var status: HTTPResponse.Status
    var body: String

    static let accepted = RuntimeAPIReply(status: .accepted, body: #"{"status":"OK"}"#)
    static let invalidRequestID = RuntimeAPIReply(status: .badRequest,
        body: #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#)
    static let payloadTooLarge = RuntimeAPIReply(status: .contentTooLarge,
        body: #"{"errorMessage":"Exceeded maximum allowed payload size (\#(LambdaLimits.maxResponsePayload) bytes).","errorType":"RequestEntityTooLarge"}"#)
    static let invalidState = RuntimeAPIReply(status: .forbidden,
        body: #"{"errorMessage":"Invalid state transition","errorType":"InvalidStateTransition"}"#)
}

/// One Lambda Runtime API endpoint (`127.0.0.1:PORT`, what `AWS_LAMBDA_RUNTIME_API` names)
/// for one function, as each Lambda execution environment has its own:
///
/// ```
/// GET  /2018-06-01/runtime/invocation/next            long poll → the event + Lambda-Runtime-* headers
/// POST /2018-06-01/runtime/invocation/{id}/response   202 {"status":"OK"}
/// POST /2018-06-01/runtime/invocation/{id}/error      Lambda-Runtime-Function-Error-Type
/// POST /2018-06-01/runtime/init/error                 the handler could not be loaded
/// ```
final class RuntimeAPIServer: Sendable {
    private let listener: LoopbackListener
    var port: Int { listener.port }

    private init(listener: LoopbackListener) {
        self.listener = listener
    }

    static func start(handler: some RuntimeAPIHandler, startTimeout: Duration = .seconds(10)) async throws -> RuntimeAPIServer {
        let router = Router()
        let base = "/2018-06-01/runtime"
        router.get("\(base)/invocation/next") { _, _ -> Response in
            guard let event = await handler.nextEvent() else {
                return reply(RuntimeAPIReply(status: .internalServerError,
                    body: #"{"errorMessage":"The runtime is shutting down","errorType":"ShuttingDown"}"#))
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[RuntimeHeaders.requestID] = event.requestID
            headers[RuntimeHeaders.deadline] = String(event.deadlineMs)
            headers[RuntimeHeaders.functionARN] = event.functionARN
            headers[RuntimeHeaders.traceID] = event.traceID
            return Response(status: .ok, headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: event.payload)))
        }
        router.post("\(base)/invocation/:id/response") { request, context -> Response in
            let id = context.parameters.get("id") ?? ""
            do {
                let body = try await request.body.collect(upTo: LambdaLimits.maxResponsePayload)
                return reply(await handler.invocationResponse(requestID: id, payload: Array(body.readableBytesView), tooLarge: false))
            } catch {
                return reply(await handler.invocationResponse(requestID: id, payload: [], tooLarge: true))
            }
        }
        router.post("\(base)/invocation/:id/error") { request, context -> Response in
            let id = context.parameters.get("id") ?? ""
            let type = request.headers[RuntimeHeaders.errorType]
            let body = (try? await request.body.collect(upTo: LambdaLimits.maxResponsePayload)).map { Array($0.readableBytesView) } ?? []
            return reply(await handler.invocationError(requestID: id, errorType: type, payload: body))
        }
        router.post("\(base)/init/error") { request, _ -> Response in
            let type = request.headers[RuntimeHeaders.errorType]
            let body = (try? await request.body.collect(upTo: LambdaLimits.maxResponsePayload)).map { Array($0.readableBytesView) } ?? []
            return reply(await handler.initError(errorType: type, payload: body))
        }

        let listener = try await LoopbackListener.start(router, label: "the Runtime API server", startTimeout: startTimeout)
        return RuntimeAPIServer(listener: listener)
    }

    /// Closes the listener and its connections (answer the long polls first).
    func stop(timeout: Duration = .seconds(2)) async {
        await listener.stop(timeout: timeout)
    }

    private static func reply(_ reply: RuntimeAPIReply) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: reply.status, headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
    }
}

enum RuntimeHeaders {
    static let requestID = HTTPField.Name("Lambda-Runtime-Aws-Request-Id")!
    static let deadline = HTTPField.Name("Lambda-Runtime-Deadline-Ms")!
    static let functionARN = HTTPField.Name("Lambda-Runtime-Invoked-Function-Arn")!
    static let traceID = HTTPField.Name("Lambda-Runtime-Trace-Id")!
    static let errorType = HTTPField.Name("Lambda-Runtime-Function-Error-Type")!
}

struct RuntimeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A value set once, awaited with a bound.
final class OneShot<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [Int: CheckedContinuation<Value?, Never>] = [:]
        var expired: Set<Int> = []
        var nextTicket = 0
    }
    private let state = Mutex(State())

    func fulfil(_ value: Value) {
        let waiters = state.withLock { state -> [CheckedContinuation<Value?, Never>] in
            guard state.value == nil else { return [] }
            state.value = value
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume(returning: value) }
    }

    /// The value, or nil if it was not set within `timeout`.
    func value(timeout: Duration) async -> Value? {
        let ticket = state.withLock { state in
            state.nextTicket += 1
            return state.nextTicket
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.expire(ticket)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let now: Value?? = state.withLock { state in
                if let value = state.value { return .some(value) }
                if state.expired.remove(ticket) != nil { return .some(nil) }
                state.waiters[ticket] = continuation
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    private func expire(_ ticket: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Value?, Never>? in
            if let waiter = state.waiters.removeValue(forKey: ticket) { return waiter }
            if state.value == nil { state.expired.insert(ticket) }
            return nil
        }
        waiter?.resume(returning: nil)
    }
}
