#if canImport(Glibc)
import Dispatch
import Foundation
import Glibc
import Synchronization

/// Changes below a folder as the Linux kernel reports them (inotify): one watch per folder,
/// added as folders appear, so an edit is known within a millisecond instead of at the next
/// poll. Events are read on a serial queue, and a burst (an editor's temporary file, write
/// and rename) is delivered as one sorted batch once the folder has been quiet for
/// `quietPeriod`, or `maximumDelay` after the burst began. A file that was modified and not
/// yet closed is still being written (truncated by one call, filled by the next, which a
/// busy machine can put milliseconds apart): the batch waits for it to be closed, at most
/// `maximumWriteWait`, so a half-written note is not built.
///
/// A batch names files and folders that changed (a new folder stands for everything in it,
/// a vanished one for everything that was). It names the watched folder itself when events
/// were lost (the kernel's queue overflowed, more than ``maximumPending`` paths piled up, or
/// a folder could not be watched): then only looking at everything again is exact.
/// Hidden files and folders are not reported, and hidden folders not watched.
final class InotifyWatcher: @unchecked Sendable {
    /// The most folders watched; a tree with more is watched by polling instead.
    static let maximumWatches = 16_384
    /// The most paths held for one batch; more are reported as the watched folder.
    static let maximumPending = 10_000

    let root: String
    /// Set when a folder could not be watched: the caller should fall back to polling.
    let lostTrack = Atomic<Bool>(false)

    // Everything below is used only on `queue` (and in `start` before the sources run).
    private let descriptor: Int32
    private let queue = DispatchQueue(label: "portico.inotify")
    private let quietPeriod: DispatchTimeInterval
    private let maximumDelay: DispatchTimeInterval
    private let maximumWriteWait: DispatchTimeInterval
    private let deliver: @Sendable ([String]) -> Void
    private var source: DispatchSourceRead?
    private var timer: DispatchSourceTimer?
    private var watches: [Int32: String] = [:]
    private var folders: [String: Int32] = [:]
    private var pending = Set<String>()
    /// Files modified and not closed since.
    private var writing = Set<String>()
    private var overflowed = false
    private var burstStarted: DispatchTime?
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    private static let mask = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
                                     | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    private init(root: String, descriptor: Int32, quietPeriod: Duration, maximumDelay: Duration, maximumWriteWait: Duration,
                 deliver: @escaping @Sendable ([String]) -> Void) {
        func interval(_ duration: Duration) -> DispatchTimeInterval {
            .nanoseconds(Int(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000))
        }
        self.root = root
        self.descriptor = descriptor
        self.quietPeriod = interval(quietPeriod)
        self.maximumDelay = interval(maximumDelay)
        self.maximumWriteWait = interval(maximumWriteWait)
        self.deliver = deliver
    }

    /// Starts watching `directory` and everything below it; nil when inotify is not
    /// available or the folder cannot be watched (the caller polls instead).
    static func start(directory: String, quietPeriod: Duration, maximumDelay: Duration, maximumWriteWait: Duration,
                      deliver: @escaping @Sendable ([String]) -> Void) -> InotifyWatcher? {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        let watcher = InotifyWatcher(root: root, descriptor: descriptor, quietPeriod: quietPeriod, maximumDelay: maximumDelay,
                                     maximumWriteWait: maximumWriteWait, deliver: deliver)
        guard watcher.watchTree(root) else {
            close(descriptor)
            return nil
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: watcher.queue)
        source.setEventHandler { watcher.readEvents() }
        source.setCancelHandler { close(descriptor) }
        let timer = DispatchSource.makeTimerSource(queue: watcher.queue)
        timer.setEventHandler { watcher.flush() }
        timer.schedule(deadline: .distantFuture)
        watcher.source = source
        watcher.timer = timer
        timer.resume()
        source.resume()
        return watcher
    }

    /// Stops watching; no batch is delivered afterwards.
    func stop() {
        queue.sync {
            source?.cancel()
            timer?.cancel()
            source = nil
            timer = nil
        }
    }

    /// Adds a watch on `folder` and every folder below it that is not hidden; false when
    /// one could not be added.
    private func watchTree(_ folder: String) -> Bool {
        guard folders[folder] == nil else { return true }
        guard watches.count < Self.maximumWatches else { return false }
        let watch = inotify_add_watch(descriptor, folder, Self.mask)
        guard watch >= 0 else {
            // Gone again before we got to it: nothing to watch, nothing lost.
            return errno == ENOENT || errno == ENOTDIR
        }
        watches[watch] = folder
        folders[folder] = watch
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return true }
        var complete = true
        for name in names where !name.hasPrefix(".") {
            let child = folder + "/" + name
            var info = stat()
            if lstat(child, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                complete = watchTree(child) && complete
            }
        }
        return complete
    }

    /// Drops the watches of `folder` and the folders below it (moved or deleted).
    private func unwatchTree(_ folder: String) {
        for (path, watch) in folders where path == folder || path.hasPrefix(folder + "/") {
            inotify_rm_watch(descriptor, watch)
            folders[path] = nil
            watches[watch] = nil
        }
    }

    private func readEvents() {
        let headerSize = MemoryLayout<inotify_event>.size
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            buffer.withUnsafeBytes { bytes in
                var offset = 0
                while offset + headerSize <= count {
                    let watch = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                    let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    let nameBytes = bytes[(offset + headerSize)..<min(count, offset + headerSize + length)]
                    let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                    handle(watch: watch, mask: mask, name: name)
                    offset += headerSize + length
                }
            }
        }
        scheduleFlush()
    }

    private func handle(watch: Int32, mask: UInt32, name: String) {
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            overflowed = true
            return
        }
        guard let folder = watches[watch] else { return }
        if mask & UInt32(IN_IGNORED) != 0 {
            watches[watch] = nil
            if folders[folder] == watch { folders[folder] = nil }
            return
        }
        if name.hasPrefix(".") { return }
        let path = name.isEmpty ? folder : folder + "/" + name
        if mask & UInt32(IN_ISDIR) != 0 {
            if mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0 { unwatchTree(path) }
            if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, !watchTree(path) {
                overflowed = true
                lostTrack.store(true, ordering: .relaxed)
            }
        } else if mask & UInt32(IN_CLOSE_WRITE | IN_DELETE | IN_MOVED_FROM) != 0 {
            writing.remove(path)
        } else if mask & UInt32(IN_MODIFY) != 0 {
            writing.insert(path)
        }
        if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0, folder == root {
            overflowed = true
            return
        }
        if pending.count >= Self.maximumPending {
            overflowed = true
        } else {
            pending.insert(path)
        }
    }

    private func scheduleFlush() {
        guard overflowed || !pending.isEmpty else { return }
        let now = DispatchTime.now()
        let started = burstStarted ?? now
        burstStarted = started
        timer?.schedule(deadline: writing.isEmpty ? min(now + quietPeriod, started + maximumDelay) : started + maximumWriteWait)
    }

    private func flush() {
        guard overflowed || !pending.isEmpty else { return }
        let batch = overflowed ? [root] : pending.sorted()
        pending = []
        writing = []
        overflowed = false
        burstStarted = nil
        deliver(batch)
    }
}
#endif
