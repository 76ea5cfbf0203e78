import Foundation

/// The Kinesis data streams AWS service integrations put records into. The gateway speaks
/// Kinesis's JSON API itself (``KinesisIntegration``); the `PorticoRuntime` module provides
/// the embedded streams.
public protocol StreamStore: Sendable {
    /// Appends the records in order, each to the shard its partition key (or explicit hash
    /// key) maps to; all or nothing: an unknown stream puts none.
    func put(_ records: [StreamRecord], stream: String, at date: Date) async throws(StreamStoreError) -> [StreamReceipt]
    /// Every record of the stream, in the order they were put.
    func records(stream: String) async -> [StoredStreamRecord]
    /// Streams that start empty and keep their own records: each page of a site build runs
    /// its examples against one, so sequence numbers repeat on every build.
    func sandbox() -> any StreamStore
}

/// A record as PutRecord / PutRecords take it.
public struct StreamRecord: Sendable, Equatable {
    public var partitionKey: String
    public var data: [UInt8]
    /// A decimal 128-bit hash key that overrides the partition key's MD5.
    public var explicitHashKey: String?

    public init(partitionKey: String, data: [UInt8], explicitHashKey: String? = nil) {
        self.partitionKey = partitionKey
        self.data = data
        self.explicitHashKey = explicitHashKey
    }
}

/// Where a record went: Kinesis's answer per record.
public struct StreamReceipt: Sendable, Equatable {
    public var shardId: String
    public var sequenceNumber: String

    public init(shardId: String, sequenceNumber: String) {
        self.shardId = shardId
        self.sequenceNumber = sequenceNumber
    }
}

public struct StoredStreamRecord: Sendable, Equatable {
    public var record: StreamRecord
    public var receipt: StreamReceipt
    public var arrival: Date

    public init(record: StreamRecord, receipt: StreamReceipt, arrival: Date) {
        self.record = record
        self.receipt = receipt
        self.arrival = arrival
    }
}

public enum StreamStoreError: Error, Sendable, Equatable {
    case streamNotFound
    /// The explicit hash key is not a decimal number from 0 to 2^128 - 1.
    case invalidHashKey(String)
}
