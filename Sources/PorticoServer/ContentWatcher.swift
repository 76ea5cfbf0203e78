import Foundation
import Synchronization

/// Watches a folder for changes: with inotify on Linux, so an edit reaches the rebuild within
/// milliseconds, and by polling sizes and modification times where inotify is missing or
/// runs out of watches (it works on every file system, and in containers where inotify
/// events do not arrive). A poll of a 10,000-file folder costs a few milliseconds.
///
/// Changes that arrive while `onChange` runs (a rebuild) are merged into the next batch
/// rather than queued one by one, so a slow rebuild is followed by one more, not by many.
public struct ContentWatcher: Sendable {
    public enum Mechanism: String, Sendable {
        case inotify, polling
    }

    public let directory: String
    public let interval: Duration
    /// How changes are found; `.inotify` falls back to polling when it is not available.
    public let mechanism: Mechanism
    /// Folders with more files than this are watched only up to this many (sorted by path).
    public static let maximumFiles = 200_000
    /// An editor's save (temporary file, write, rename) ends within this quiet period.
    public static let quietPeriod: Duration = .milliseconds(5)
    /// A batch is delivered at most this long after its first change, even if changes go on.
    public static let maximumDelay: Duration = .milliseconds(100)
    /// How long a batch waits for a file still open for writing to be closed.
    public static let maximumWriteWait: Duration = .seconds(1)

    public init(directory: String, interval: Duration = .milliseconds(200), mechanism: Mechanism = .inotify) {
        self.directory = directory
        self.interval = interval
        self.mechanism = mechanism
    }

    public struct Stamp: Equatable, Sendable {
        var size: Int
        var modified: TimeInterval
    }

    /// Every regular file below the folder with its size and modification time.
    public func snapshot() -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        guard let enumerator = FileManager.default.enumerator(
            at: URL(fileURLWithPath: directory), includingPropertiesForKeys: [.fileSizeKey, .contentModificationDateKey, .isRegularFileKey],
            options: [.skipsHiddenFiles]) else { return stamps }
        for case let url as URL in enumerator {
            guard stamps.count < Self.maximumFiles else { break }
            guard let values = try? url.resourceValues(forKeys: [.fileSizeKey, .contentModificationDateKey, .isRegularFileKey]),
                  values.isRegularFile == true else { continue }
            stamps[url.path] = Stamp(size: values.fileSize ?? 0, modified: values.contentModificationDate?.timeIntervalSince1970 ?? 0)
        }
        return stamps
    }

    /// The paths that were added, removed or changed between two snapshots, sorted.
    public static func changes(from old: [String: Stamp], to new: [String: Stamp]) -> [String] {
        var changed = new.filter { old[$0.key] != $0.value }.map(\.key)
        changed += old.keys.filter { new[$0] == nil }
        return changed.sorted()
    }

    /// Watches until the task is cancelled, calling `onChange` with the changed paths (files,
    /// or folders standing for everything below them; the watched folder itself when changes
    /// were lost and everything should be looked at again). `onStart` says which mechanism
    /// runs, again if it changes.
    public func run(onStart: @Sendable (Mechanism) -> Void = { _ in }, onChange: @Sendable ([String]) async -> Void) async {
        #if canImport(Glibc)
        if mechanism == .inotify {
            let mailbox = ChangeMailbox(root: directory)
            if let watcher = InotifyWatcher.start(directory: directory, quietPeriod: Self.quietPeriod, maximumDelay: Self.maximumDelay,
                                                  maximumWriteWait: Self.maximumWriteWait, deliver: { mailbox.post($0) }) {
                onStart(.inotify)
                await withTaskCancellationHandler {
                    for await _ in mailbox.signals {
                        let batch = mailbox.take()
                        if !batch.isEmpty { await onChange(batch) }
                        if watcher.lostTrack.load(ordering: .relaxed) { break }
                    }
                } onCancel: {
                    mailbox.finish()
                }
                watcher.stop()
                if Task.isCancelled { return }
            }
        }
        #endif
        onStart(.polling)
        await poll(onChange: onChange)
    }

    /// Polls until the task is cancelled, calling `onChange` with the changed paths.
    func poll(onChange: @Sendable ([String]) async -> Void) async {
        var last = snapshot()
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { return }
            let now = snapshot()
            let changed = Self.changes(from: last, to: now)
            if !changed.isEmpty {
                last = now
                await onChange(changed)
            }
        }
    }
}

/// Changed paths between the watching thread and the rebuild loop: at most
/// ``maximumPaths`` of them (more are reported as the watched folder, meaning "everything"),
/// and one wake-up however many batches arrived.
final class ChangeMailbox: Sendable {
    static let maximumPaths = 10_000
    private let root: String
    private let pending = Mutex<(paths: Set<String>, overflowed: Bool)>(([], false))
    let signals: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init(root: String) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        signals = stream
        self.continuation = continuation
    }

    func post(_ paths: [String]) {
        pending.withLock { pending in
            for path in paths {
                if path == root || pending.paths.count >= Self.maximumPaths {
                    pending.overflowed = true
                    break
                }
                pending.paths.insert(path)
            }
        }
        continuation.yield()
    }

    /// Everything posted since the last call, sorted (or just the watched folder).
    func take() -> [String] {
        pending.withLock { pending in
            let batch = pending.overflowed ? [root] : pending.paths.sorted()
            pending = ([], false)
            return batch
        }
    }

    func finish() {
        continuation.finish()
    }
}
