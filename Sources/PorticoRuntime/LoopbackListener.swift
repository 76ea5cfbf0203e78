import Hummingbird
import Logging

/// A Hummingbird router served on 127.0.0.1 at a free port, in a task of its own: what each
/// Runtime API endpoint and the embedded DynamoDB's endpoint run on. `start` returns once the
/// port is bound (or fails after `startTimeout`); `stop` cancels the task and waits at most
/// `timeout` for it to end.
struct LoopbackListener: Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    static func start(_ router: Router<BasicRequestContext>, label: String, startTimeout: Duration) async throws -> LoopbackListener {
        let bound = OneShot<Result<Int, any Error>>()
        var logger = Logger(label: label)
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in bound.fulfil(.success(channel.localAddress?.port ?? 0)) },
            logger: logger
        )
        let task = Task {
            do {
                try await app.runService(gracefulShutdownSignals: [])
            } catch {
                bound.fulfil(.failure(error))
                throw error
            }
            bound.fulfil(.failure(CancellationError()))
        }
        guard let result = await bound.value(timeout: startTimeout) else {
            task.cancel()
            throw RuntimeError("\(label) did not start within \(startTimeout)")
        }
        return LoopbackListener(port: try result.get(), task: task)
    }

    func stop(timeout: Duration) async {
        task.cancel()
        let finished = OneShot<Void>()
        let task = task
        Task { _ = await task.result; finished.fulfil(()) }
        _ = await finished.value(timeout: timeout)
    }
}
