import Foundation
import PorticoGateway
import Synchronization

/// S3 buckets that local folders stand for: an object's key is its path below the bucket's
/// folder (`buckets: [{name: photos, folder: buckets/photos}]` in portico.yml).
///
/// ```
/// key "2026/cat.png"  ──▶  Content/buckets/photos/2026/cat.png
/// ```
///
/// Keys never leave the folder: a key with an empty, `.` or `..` segment, a leading `/`, a NUL,
/// a hidden (`.`-prefixed) segment, or a symbolic link anywhere on its way names no object and
/// cannot be stored (reads find nothing, writes fail with ``BucketStoreError/unstorableKey(_:)``).
///
/// Writes go to the folders (`.toFolders`: `serve` and `invoke`, where the folder is the
/// bucket) or stay in memory (`.inMemory`: `build` and `check`, and each page's
/// ``sandbox()``), so a site build never changes Content/.
///
/// Content-Type: the one a PutObject was given (S3's `binary/octet-stream` when none), kept
/// beside the object in memory for the life of the store; a file on disk gets the type its
/// extension suggests, as `aws s3 cp` guesses it, else `binary/octet-stream`. ETags are the
/// MD5 of the bytes, as S3's are for objects put in one part.
public final class FolderBuckets: BucketStore {
    public enum Writes: Sendable {
        case toFolders
        case inMemory
    }

    /// Bucket name → its folder.
    private let roots: [String: String]
    private let writes: Writes
    /// Last-Modified of every file on disk; nil: the file's modification time. A site build
    /// fixes it, so pages do not change with checkout times.
    private let diskTimestamp: Date?
    private let state: Mutex<State>

    private struct State {
        /// Objects written in memory, and keys deleted in memory (nil), by bucket, then key.
        var overlay: [String: [String: StoredObject?]] = [:]
        /// The Content-Type each object in a folder was put with, by bucket, then key.
        var contentTypes: [String: [String: String]] = [:]
    }

    public convenience init(buckets: [(name: String, directory: String)], writes: Writes, diskTimestamp: Date? = nil) {
        var roots: [String: String] = [:]
        for bucket in buckets where roots[bucket.name] == nil {
            roots[bucket.name] = URL(fileURLWithPath: bucket.directory).resolvingSymlinksInPath().standardizedFileURL.path
        }
        self.init(roots: roots, writes: writes, diskTimestamp: diskTimestamp, state: State())
    }

    private init(roots: [String: String], writes: Writes, diskTimestamp: Date?, state: State) {
        self.roots = roots
        self.writes = writes
        self.diskTimestamp = diskTimestamp
        self.state = Mutex(state)
    }

    public func sandbox() -> any BucketStore {
        FolderBuckets(roots: roots, writes: .inMemory, diskTimestamp: diskTimestamp, state: state.withLock { $0 })
    }

    public func object(bucket: String, key: String) throws(BucketStoreError) -> StoredObject? {
        let root = try self.root(of: bucket)
        if let written = state.withLock({ $0.overlay[bucket]?[key] }) { return written }
        let path = try Self.file(for: key, in: root)
        guard Self.kind(of: path) == S_IFREG, let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = Array(data)
        let type = state.withLock { $0.contentTypes[bucket]?[key] } ?? Self.guessedType(of: key)
        return StoredObject(key: key, bytes: bytes, contentType: type, lastModified: modified(path), eTag: MD5.hex(bytes))
    }

    public func put(bucket: String, key: String, bytes: [UInt8], contentType: String?, at date: Date) throws(BucketStoreError) -> StoredObject {
        let root = try self.root(of: bucket)
        let path = try Self.file(for: key, in: root)
        if Self.kind(of: path) == S_IFDIR {
            throw .unstorableKey("'\(key)' is a folder holding other objects")
        }
        let type = contentType ?? "binary/octet-stream"
        switch writes {
        case .inMemory:
            let object = StoredObject(key: key, bytes: bytes, contentType: type, lastModified: date, eTag: MD5.hex(bytes))
            state.withLock { _ = $0.overlay[bucket, default: [:]].updateValue(object, forKey: key) }
            return object
        case .toFolders:
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw .failed("cannot write \(path): \(error.localizedDescription)")
            }
            state.withLock { $0.contentTypes[bucket, default: [:]][key] = type }
            return StoredObject(key: key, bytes: bytes, contentType: type, lastModified: modified(path), eTag: MD5.hex(bytes))
        }
    }

    public func delete(bucket: String, key: String) throws(BucketStoreError) {
        let root = try self.root(of: bucket)
        let path = try Self.file(for: key, in: root)
        switch writes {
        case .inMemory:
            state.withLock { _ = $0.overlay[bucket, default: [:]].updateValue(nil, forKey: key) }
        case .toFolders:
            if Self.kind(of: path) == S_IFREG {
                do { try FileManager.default.removeItem(atPath: path) } catch {
                    throw .failed("cannot remove \(path): \(error.localizedDescription)")
                }
            }
            state.withLock { _ = $0.contentTypes[bucket]?.removeValue(forKey: key) }
        }
    }

    public func list(bucket: String, prefix: String) throws(BucketStoreError) -> [StoredObject] {
        let root = try self.root(of: bucket)
        let (overlay, types) = state.withLock { ($0.overlay[bucket] ?? [:], $0.contentTypes[bucket] ?? [:]) }
        var objects: [String: StoredObject] = [:]
        for key in Self.keys(below: root) where key.hasPrefix(prefix) && overlay[key] == nil {
            let path = root + "/" + key
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            objects[key] = StoredObject(key: key, bytes: [], size: data.count, contentType: types[key] ?? Self.guessedType(of: key),
                                        lastModified: modified(path), eTag: MD5.hex(Array(data)))
        }
        for case let (key, object?) in overlay where key.hasPrefix(prefix) {
            var listed = object
            listed.bytes = []
            objects[key] = listed
        }
        // S3 lists keys in UTF-8 binary order.
        return objects.values.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    // MARK: - Keys and files

    private func root(of bucket: String) throws(BucketStoreError) -> String {
        guard let root = roots[bucket] else { throw .noSuchBucket }
        return root
    }

    private func modified(_ path: String) -> Date {
        if let diskTimestamp { return diskTimestamp }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
    }

    /// The path segments of a key that can be a file of the folder.
    static func segments(of key: String) throws(BucketStoreError) -> [Substring] {
        guard !key.isEmpty else { throw .unstorableKey("the key is empty") }
        // S3's limit on key length.
        guard key.utf8.count <= 1024 else { throw .unstorableKey("the key is longer than 1,024 bytes") }
        guard !key.contains("\0") else { throw .unstorableKey("the key contains a NUL character") }
        guard !key.hasPrefix("/") else { throw .unstorableKey("the key starts with '/' (an absolute path)") }
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        for part in parts {
            if part.isEmpty { throw .unstorableKey("the key has an empty path segment ('//' or a trailing '/')") }
            if part == "." || part == ".." { throw .unstorableKey("the key has a '\(part)' path segment") }
            if part.hasPrefix(".") { throw .unstorableKey("'\(part)' is a hidden file name") }
            if part.utf8.count > 255 { throw .unstorableKey("a path segment is longer than 255 bytes") }
        }
        return parts
    }

    /// The file a key names below `root`, after checking that nothing on the way is a symbolic
    /// link and every folder on the way is a folder.
    static func file(for key: String, in root: String) throws(BucketStoreError) -> String {
        let parts = try segments(of: key)
        var path = root
        for (index, part) in parts.enumerated() {
            path += "/" + part
            guard let kind = kind(of: path) else { break }   // nothing exists below a missing entry
            let shown = parts[...index].joined(separator: "/")
            if kind == S_IFLNK { throw .unstorableKey("'\(shown)' is a symbolic link") }
            if index < parts.count - 1 && kind != S_IFDIR { throw .unstorableKey("'\(shown)' is an object, not a folder of objects") }
        }
        return root + "/" + parts.joined(separator: "/")
    }

    /// The file type bits of what is at `path` (not following a final symbolic link), or nil.
    static func kind(of path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// Every regular file below `root` as a key, hidden files, symbolic links and whatever
    /// sits below them skipped.
    static func keys(below root: String) -> [String] {
        var keys: [String] = []
        var folders = [""]
        while let folder = folders.popLast() {
            let directory = folder.isEmpty ? root : root + "/" + folder
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for name in names where !name.hasPrefix(".") {
                let key = folder.isEmpty ? name : folder + "/" + name
                switch kind(of: root + "/" + key) {
                case S_IFREG?: keys.append(key)
                case S_IFDIR?: folders.append(key)
                default: continue
                }
            }
        }
        return keys
    }

    /// The Content-Type an extension suggests (the common types of Python's `mimetypes`,
    /// which `aws s3 cp` uses), else S3's default.
    static func guessedType(of key: String) -> String {
        guard let dot = key.lastIndex(of: "."), !key[dot...].contains("/") else { return "binary/octet-stream" }
        return contentTypes[key[key.index(after: dot)...].lowercased()] ?? "binary/octet-stream"
    }

    static let contentTypes: [String: String] = [
        "avif": "image/avif", "bmp": "image/bmp", "css": "text/css", "csv": "text/csv", "gif": "image/gif", "gz": "application/gzip",
        "htm": "text/html", "html": "text/html", "ico": "image/vnd.microsoft.icon", "jpeg": "image/jpeg", "jpg": "image/jpeg",
        "js": "text/javascript", "json": "application/json", "md": "text/markdown", "mp3": "audio/mpeg", "mp4": "video/mp4",
        "pdf": "application/pdf", "png": "image/png", "svg": "image/svg+xml", "tar": "application/x-tar", "txt": "text/plain",
        "wasm": "application/wasm", "webp": "image/webp", "xml": "application/xml", "yaml": "application/yaml",
        "yml": "application/yaml", "zip": "application/zip",
    ]
}
