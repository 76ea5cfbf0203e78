import Foundation
@testable import PorticoServer
import Synchronization
import TestSupport
import Testing

/// The changed paths a running watcher reported, for a test to wait on.
final class Reported: Sendable {
    private let paths = Mutex<Set<String>>([])
    private let mechanism = Mutex<ContentWatcher.Mechanism?>(nil)

    func started(_ value: ContentWatcher.Mechanism) { mechanism.withLock { $0 = value } }
    func add(_ batch: [String]) { paths.withLock { $0.formUnion(batch) } }
    func take() -> Set<String> {
        paths.withLock { paths in
            let taken = paths
            paths = []
            return taken
        }
    }
    var running: ContentWatcher.Mechanism? { mechanism.withLock { $0 } }

    /// Waits (at most 5 s) until every expected path was reported; returns what was.
    func wait(for expected: Set<String>) async -> Set<String> {
        var seen = Set<String>()
        for _ in 0..<500 {
            seen.formUnion(take())
            if expected.isSubset(of: seen) { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return seen
    }
}

@Suite("Content watcher", .serialized)
struct ContentWatcherTests {
    func start(_ watcher: ContentWatcher) async -> (Task<Void, Never>, Reported) {
        let reported = Reported()
        let task = Task { await watcher.run(onStart: { reported.started($0) }, onChange: { reported.add($0) }) }
        for _ in 0..<500 where reported.running == nil { try? await Task.sleep(for: .milliseconds(10)) }
        return (task, reported)
    }

    @Test("inotify reports files created, modified, deleted and renamed in nested folders, and watches new folders")
    func inotify() async throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        try temp.write(["a/b/one.md": "1", "a/two.md": "2", "a/b/c/three.png": "3"])
        let root = temp.path
        let (task, reported) = await start(ContentWatcher(directory: root, mechanism: .inotify))
        defer { task.cancel() }
        #expect(reported.running == .inotify)

        try "1, changed".write(toFile: root + "/a/b/one.md", atomically: false, encoding: .utf8)
        #expect(await reported.wait(for: [root + "/a/b/one.md"]) == [root + "/a/b/one.md"])

        try temp.write(["a/b/c/new.md": "new"])
        try FileManager.default.removeItem(atPath: root + "/a/two.md")
        #expect(await reported.wait(for: [root + "/a/b/c/new.md", root + "/a/two.md"]).isSuperset(of: [root + "/a/b/c/new.md", root + "/a/two.md"]))

        // An editor's save: a temporary file renamed over the note.
        try "saved".write(toFile: root + "/a/b/one.md.tmp", atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: root + "/a/b/one.md")
        try FileManager.default.moveItem(atPath: root + "/a/b/one.md.tmp", toPath: root + "/a/b/one.md")
        #expect(await reported.wait(for: [root + "/a/b/one.md"]).contains(root + "/a/b/one.md"))

        // A folder made after the watch began is watched too: a later change inside it is reported as itself.
        try FileManager.default.createDirectory(atPath: root + "/a/fresh/deeper", withIntermediateDirectories: true)
        #expect(await reported.wait(for: [root + "/a/fresh"]).contains(root + "/a/fresh"))
        try? await Task.sleep(for: .milliseconds(50))
        try temp.write(["a/fresh/deeper/late.md": "late"])
        #expect(await reported.wait(for: [root + "/a/fresh/deeper/late.md"]).contains(root + "/a/fresh/deeper/late.md"))

        // A renamed folder: both names reported, and files below the new name are watched.
        try FileManager.default.moveItem(atPath: root + "/a/b", toPath: root + "/a/renamed")
        #expect(await reported.wait(for: [root + "/a/b", root + "/a/renamed"]).isSuperset(of: [root + "/a/b", root + "/a/renamed"]))
        try? await Task.sleep(for: .milliseconds(50))
        try "3, changed".write(toFile: root + "/a/renamed/c/three.png", atomically: false, encoding: .utf8)
        #expect(await reported.wait(for: [root + "/a/renamed/c/three.png"]) == [root + "/a/renamed/c/three.png"])

        // A file truncated and not yet filled (a busy machine can put the two calls far apart)
        // is not reported until it is closed.
        FileManager.default.createFile(atPath: root + "/a/visible.md", contents: nil)
        _ = await reported.wait(for: [root + "/a/visible.md"])
        let handle = try #require(FileHandle(forWritingAtPath: root + "/a/visible.md"))
        try handle.write(contentsOf: Data("half".utf8))
        try? await Task.sleep(for: .milliseconds(100))
        #expect(reported.take() == [])
        try handle.write(contentsOf: Data(", and the rest".utf8))
        try handle.close()
        #expect(await reported.wait(for: [root + "/a/visible.md"]) == [root + "/a/visible.md"])

        // Hidden files (editor swap files) are not reported.
        try temp.write(["a/.one.md.swp": "swap"])
        try temp.write(["a/shown.md": "v"])
        #expect(await reported.wait(for: [root + "/a/shown.md"]) == [root + "/a/shown.md"])
    }

    @Test("polling, the fallback, reports changes too")
    func polling() async throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        try temp.write(["a/b/one.md": "1"])
        let (task, reported) = await start(ContentWatcher(directory: temp.path, interval: .milliseconds(20), mechanism: .polling))
        defer { task.cancel() }
        #expect(reported.running == .polling)
        try? await Task.sleep(for: .milliseconds(50))
        try temp.write(["a/b/two.md": "2"])
        #expect(await reported.wait(for: [temp.path + "/a/b/two.md"]).contains(temp.path + "/a/b/two.md"))
    }

    @Test("the mailbox holds a bounded number of paths; more mean 'look at everything'")
    func mailboxBound() {
        let mailbox = ChangeMailbox(root: "/content")
        mailbox.post(["/content/b.md", "/content/a.md", "/content/b.md"])
        #expect(mailbox.take() == ["/content/a.md", "/content/b.md"])
        #expect(mailbox.take() == [])
        mailbox.post((0...ChangeMailbox.maximumPaths).map { "/content/\($0).md" })
        #expect(mailbox.take() == ["/content"])
    }
}
