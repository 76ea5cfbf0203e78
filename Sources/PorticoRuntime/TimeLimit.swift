import Synchronization

/// Runs `work`, but answers `fallback` once `limit` has passed, without waiting for `work`
/// to notice: `work` is then cancelled and left to end on its own.
///
/// A task group cannot do this: leaving the group waits for every child, so a child that does
/// not react to cancellation (a connection attempt inside a client library, a wait for a
/// process that ignores SIGTERM) would hold the caller past its limit for as long as it likes.
/// Cancelling the caller cancels `work` and answers `fallback` at once.
func withTimeLimit<T: Sendable>(_ limit: Duration, fallback: T, _ work: @escaping @Sendable () async -> T) async -> T {
    let answer = FirstAnswer<T>()
    let worker = Task { answer.give(await work()) }
    let timer = Task {
        try? await Task.sleep(for: limit)
        answer.give(fallback)
    }
    return await withTaskCancellationHandler {
        let result = await answer.value
        worker.cancel()
        timer.cancel()
        return result
    } onCancel: {
        answer.give(fallback)
    }
}

/// The first of several answers, handed to one waiter; later answers are dropped.
private final class FirstAnswer<T: Sendable>: Sendable {
    private enum State {
        case empty
        case waiting(CheckedContinuation<T, Never>)
        case answered(T)
        case taken
    }

    private let state = Mutex<State>(.empty)

    func give(_ value: T) {
        let waiter: CheckedContinuation<T, Never>? = state.withLock { state in
            switch state {
            case .empty:
                state = .answered(value)
                return nil
            case .waiting(let continuation):
                state = .taken
                return continuation
            case .answered, .taken:
                return nil
            }
        }
        waiter?.resume(returning: value)
    }

    var value: T {
        get async {
            await withCheckedContinuation { continuation in
                let ready: T? = state.withLock { state in
                    switch state {
                    case .empty:
                        state = .waiting(continuation)
                        return nil
                    case .answered(let value):
                        state = .taken
                        return value
                    case .waiting, .taken:
                        preconditionFailure("FirstAnswer has one waiter")
                    }
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
