import Foundation

/// Watches a folder for changes by polling sizes and modification times, which works on every
/// file system and in containers where inotify events do not arrive. A poll of a
/// 10,000-file folder costs a few milliseconds.
public struct ContentWatcher: Sendable {
    public let directory: String
    public let interval: Duration
    /// Folders with more files than this are watched only up to this many (sorted by path).
    public static let maximumFiles = 200_000

    public init(directory: String, interval: Duration = .milliseconds(200)) {
        self.directory = directory
        self.interval = interval
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

    /// Polls until the task is cancelled, calling `onChange` with the changed paths.
    public func run(onChange: @Sendable ([String]) async -> Void) async {
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
