import Foundation
import PorticoGateway
@testable import PorticoRuntime
import TestSupport
import Testing

@Suite("MD5")
struct MD5Tests {
    @Test("RFC 1321's test suite (appendix A.5)", arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func vectors(text: String, digest: String) {
        #expect(MD5.hex(Array(text.utf8)) == digest)
    }
}

@Suite("Folder buckets")
struct FolderBucketsTests {
    static let instant = Date(timeIntervalSince1970: 1_767_268_800)

    /// A project root with a bucket folder holding `cat.png` (8 bytes) and `notes/a.txt`, and a
    /// secret beside the folder.
    private func makeRoot() throws -> TemporaryDirectory {
        let root = try TemporaryDirectory()
        try root.write(["photos/notes/a.txt": "alpha", "secret.txt": "do not serve", "photos/.hidden": "h"])
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        try Data(png).write(to: root.url.appendingPathComponent("photos/cat.png"))
        return root
    }

    private func buckets(_ root: TemporaryDirectory, writes: FolderBuckets.Writes) -> FolderBuckets {
        FolderBuckets(buckets: [("photos", root.path + "/photos")], writes: writes, diskTimestamp: Self.instant)
    }

    @Test("a file of the folder is an object: bytes, type from the extension, MD5 ETag, the fixed date")
    func reads() throws {
        let root = try makeRoot()
        defer { root.remove() }
        let object = try #require(try buckets(root, writes: .inMemory).object(bucket: "photos", key: "cat.png"))
        #expect(object.bytes == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(object.contentType == "image/png")
        #expect(object.eTag == MD5.hex(object.bytes))
        #expect(object.lastModified == Self.instant)
        #expect(try buckets(root, writes: .inMemory).object(bucket: "photos", key: "missing.png") == nil)
        #expect(throws: BucketStoreError.noSuchBucket) { try buckets(root, writes: .inMemory).object(bucket: "nope", key: "cat.png") }
        #expect(FolderBuckets.guessedType(of: "README") == "binary/octet-stream")
        #expect(FolderBuckets.guessedType(of: "a.JSON") == "application/json")
    }

    @Test("in memory, a write is seen by the store and its sandboxes made later, never by the folder")
    func inMemory() async throws {
        let root = try makeRoot()
        defer { root.remove() }
        let store = buckets(root, writes: .inMemory)
        let put = try store.put(bucket: "photos", key: "new/dog.txt", bytes: Array("woof".utf8), contentType: "text/plain", at: Self.instant)
        #expect(put.eTag == "8fdb60801e9d39a5286aa01dd1f4f4f3")   // MD5 of "woof"
        #expect(try store.object(bucket: "photos", key: "new/dog.txt")?.bytes == Array("woof".utf8))
        #expect(!FileManager.default.fileExists(atPath: root.path + "/photos/new/dog.txt"))
        try store.delete(bucket: "photos", key: "cat.png")
        #expect(try store.object(bucket: "photos", key: "cat.png") == nil)
        #expect(FileManager.default.fileExists(atPath: root.path + "/photos/cat.png"))

        let sandbox = store.sandbox()
        _ = try await sandbox.put(bucket: "photos", key: "only-here.txt", bytes: [1], contentType: nil, at: Self.instant)
        #expect(try store.object(bucket: "photos", key: "only-here.txt") == nil)
        #expect(try await sandbox.object(bucket: "photos", key: "new/dog.txt")?.contentType == "text/plain")
        // S3's type for an object put without one.
        #expect(try await sandbox.object(bucket: "photos", key: "only-here.txt")?.contentType == "binary/octet-stream")
    }

    @Test("to folders, a write is a file and the type it was put with is kept while the store lives")
    func toFolders() throws {
        let root = try makeRoot()
        defer { root.remove() }
        let store = buckets(root, writes: .toFolders)
        _ = try store.put(bucket: "photos", key: "2026/dog.bin", bytes: [0, 1, 2], contentType: "image/x-dog", at: Self.instant)
        #expect(FileManager.default.contents(atPath: root.path + "/photos/2026/dog.bin") == Data([0, 1, 2]))
        #expect(try store.object(bucket: "photos", key: "2026/dog.bin")?.contentType == "image/x-dog")
        try store.delete(bucket: "photos", key: "2026/dog.bin")
        #expect(!FileManager.default.fileExists(atPath: root.path + "/photos/2026/dog.bin"))
    }

    @Test("listing: every object in UTF-8 key order, hidden files left out, prefix filtered, memory writes merged")
    func lists() throws {
        let root = try makeRoot()
        defer { root.remove() }
        let store = buckets(root, writes: .inMemory)
        _ = try store.put(bucket: "photos", key: "b.txt", bytes: [1, 2], contentType: nil, at: Self.instant)
        #expect(try store.list(bucket: "photos", prefix: "").map(\.key) == ["b.txt", "cat.png", "notes/a.txt"])
        #expect(try store.list(bucket: "photos", prefix: "notes/").map { "\($0.key) \($0.size)" } == ["notes/a.txt 5"])
        #expect(try store.list(bucket: "photos", prefix: "").allSatisfy { $0.bytes.isEmpty })
    }

    @Test("keys never leave the folder: they name no object and cannot be stored", arguments: [
        "../secret.txt", "notes/../../secret.txt", "/etc/passwd", "a//b", "./cat.png", "notes/.", ".hidden", "notes/", "",
        "link/secret.txt", "escape.txt",
    ])
    func traversal(key: String) throws {
        let root = try makeRoot()
        defer { root.remove() }
        try FileManager.default.createSymbolicLink(atPath: root.path + "/photos/link", withDestinationPath: root.path)
        try FileManager.default.createSymbolicLink(atPath: root.path + "/photos/escape.txt", withDestinationPath: root.path + "/secret.txt")
        for writes in [FolderBuckets.Writes.inMemory, .toFolders] {
            let store = buckets(root, writes: writes)
            let read = try? store.object(bucket: "photos", key: key)
            #expect(read == nil, "\(key) read \(String(describing: read))")
            #expect(throws: BucketStoreError.self) {
                try store.put(bucket: "photos", key: key, bytes: Array("overwritten".utf8), contentType: nil, at: Self.instant)
            }
        }
        #expect(FileManager.default.contents(atPath: root.path + "/secret.txt") == Data("do not serve".utf8))
        #expect(try buckets(root, writes: .inMemory).list(bucket: "photos", prefix: "").map(\.key) == ["cat.png", "notes/a.txt"])
    }
}

@Suite("Embedded streams")
struct EmbeddedStreamsTests {
    @Test("records go to shardId-000000000000 of a one-shard stream with increasing 56-digit sequence numbers")
    func oneShard() async throws {
        let streams = EmbeddedStreams(streams: [("events", 1)])
        let receipts = try streams.put([StreamRecord(partitionKey: "a", data: [1]), StreamRecord(partitionKey: "b", data: [2])],
                                       stream: "events", at: Date(timeIntervalSince1970: 0))
        #expect(receipts.map(\.shardId) == ["shardId-000000000000", "shardId-000000000000"])
        #expect(receipts.allSatisfy { $0.sequenceNumber.count == 56 && $0.sequenceNumber.hasPrefix("49") && $0.sequenceNumber.allSatisfy(\.isNumber) })
        #expect(receipts[0].sequenceNumber < receipts[1].sequenceNumber)
        #expect(receipts[1].sequenceNumber.hasSuffix("000000000000000000000000000002"))
        #expect(streams.records(stream: "events").map(\.record.partitionKey) == ["a", "b"])
        // A sandbox starts empty, so the same records get the same numbers again.
        let again = try await streams.sandbox().put([StreamRecord(partitionKey: "a", data: [1])], stream: "events", at: Date(timeIntervalSince1970: 0))
        #expect(again == [receipts[0]])
        #expect(throws: StreamStoreError.streamNotFound) { try streams.put([], stream: "nope", at: Date()) }
    }

    @Test("the partition key's MD5 picks the shard; the shards split the 128-bit range evenly (Kinesis DG: key concepts)")
    func shards() throws {
        let streams = EmbeddedStreams(streams: [("events", 2)])
        // MD5("a") = 0cc175b9… (lower half), MD5("b") = 92eb5ffe… (upper half).
        #expect(MD5.hex(Array("b".utf8)) == "92eb5ffee6ae2fec3ad71c777531578f")
        let receipts = try streams.put([StreamRecord(partitionKey: "a", data: []), StreamRecord(partitionKey: "b", data: [])],
                                       stream: "events", at: Date())
        #expect(receipts.map(\.shardId) == ["shardId-000000000000", "shardId-000000000001"])
        let explicit = try streams.put([StreamRecord(partitionKey: "a", data: [], explicitHashKey: "340282366920938463463374607431768211455")],
                                       stream: "events", at: Date())
        #expect(explicit.map(\.shardId) == ["shardId-000000000001"])
        #expect(throws: StreamStoreError.invalidHashKey("x")) {
            try streams.put([StreamRecord(partitionKey: "a", data: [], explicitHashKey: "x")], stream: "events", at: Date())
        }
    }
}
