import Foundation

/// The S3 buckets AWS service integrations read and write. The gateway only states what it
/// needs, and speaks S3's HTTP shapes itself (headers, XML errors, listings: see
/// ``S3Integration``); the `PorticoRuntime` module provides the store (folders that stand for
/// the buckets), so the pipeline's own tests can use an in-memory one.
public protocol BucketStore: Sendable {
    /// The object, or nil when the key names nothing (or a key that cannot be a file of the
    /// bucket's folder: such a key never names an object).
    func object(bucket: String, key: String) async throws(BucketStoreError) -> StoredObject?
    /// Stores `bytes` under `key`, replacing what was there, and returns the object as stored.
    func put(bucket: String, key: String, bytes: [UInt8], contentType: String?, at date: Date) async throws(BucketStoreError) -> StoredObject
    /// Removes the object; removing a key that names nothing succeeds, as in S3.
    func delete(bucket: String, key: String) async throws(BucketStoreError)
    /// The objects whose keys start with `prefix`, in S3's order (UTF-8 binary order of keys).
    func list(bucket: String, prefix: String) async throws(BucketStoreError) -> [StoredObject]
    /// A store that starts from what this one holds now and keeps its own writes in memory:
    /// each page of a site build runs its examples against one, so a page never sees another
    /// page's writes (pages build in parallel) and nothing is ever written to Content/.
    func sandbox() -> any BucketStore
}

/// An object as S3 reports it. `bytes` is empty for listings.
public struct StoredObject: Sendable, Equatable {
    public var key: String
    public var bytes: [UInt8]
    public var size: Int
    public var contentType: String
    public var lastModified: Date
    /// The hex MD5 of the bytes, without quotes.
    public var eTag: String

    public init(key: String, bytes: [UInt8], size: Int? = nil, contentType: String, lastModified: Date, eTag: String) {
        self.key = key
        self.bytes = bytes
        self.size = size ?? bytes.count
        self.contentType = contentType
        self.lastModified = lastModified
        self.eTag = eTag
    }
}

public enum BucketStoreError: Error, Sendable, Equatable {
    /// No bucket of that name is declared.
    case noSuchBucket
    /// The key cannot be stored as a file of the bucket's folder (`..`, an absolute path, a
    /// symbolic link on the way, an empty segment); the text says why.
    case unstorableKey(String)
    /// The file system refused; the text says why.
    case failed(String)
}
