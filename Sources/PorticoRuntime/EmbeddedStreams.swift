import Foundation
import PorticoGateway
import Synchronization

/// Kinesis data streams in memory (`streams: [{streamName: events, shardCount: 1}]` in
/// portico.yml): records are appended to the shard their key hashes to and kept in order.
///
/// As in Kinesis (Kinesis DG: key concepts), a record's shard is chosen by the MD5 of its
/// partition key read as a 128-bit number (or by its explicit hash key), the shards splitting
/// the 128-bit range evenly; shard ids are `shardId-000000000000`, `shardId-000000000001`, ….
/// Sequence numbers are 56 digits, like Kinesis's, and increase within a shard: `49`, 18
/// digits from the stream's name, 6 from the shard, and a 30-digit counter, so the same
/// records put into fresh streams (every page of a site build) get the same numbers.
public final class EmbeddedStreams: StreamStore {
    /// Stream name → shard count.
    private let shardCounts: [String: Int]
    private let state: Mutex<[String: Log]>

    private struct Log {
        var counters: [Int]
        var records: [StoredStreamRecord] = []
    }

    public init(streams: [(name: String, shardCount: Int)]) {
        var counts: [String: Int] = [:]
        for stream in streams where counts[stream.name] == nil { counts[stream.name] = max(1, stream.shardCount) }
        shardCounts = counts
        state = Mutex([:])
    }

    public func sandbox() -> any StreamStore {
        EmbeddedStreams(streams: shardCounts.map { ($0.key, $0.value) })
    }

    public func put(_ records: [StreamRecord], stream: String, at date: Date) throws(StreamStoreError) -> [StreamReceipt] {
        guard let shards = shardCounts[stream] else { throw .streamNotFound }
        var indexes: [Int] = []
        for record in records {
            let hash: UInt128
            if let explicit = record.explicitHashKey {
                guard let value = UInt128(explicit) else { throw .invalidHashKey(explicit) }
                hash = value
            } else {
                hash = Self.hashKey(record.partitionKey)
            }
            indexes.append(Int(hash.multipliedFullWidth(by: UInt128(shards)).high))
        }
        let streamDigits = String(stableHash("kinesis:" + stream) % 1_000_000_000_000_000_000).leftPadded(18)
        return state.withLock { logs in
            var log = logs[stream] ?? Log(counters: Array(repeating: 0, count: shards))
            var receipts: [StreamReceipt] = []
            for (record, shard) in zip(records, indexes) {
                log.counters[shard] += 1
                let receipt = StreamReceipt(
                    shardId: "shardId-" + String(shard).leftPadded(12),
                    sequenceNumber: "49" + streamDigits + String(shard).leftPadded(6) + String(log.counters[shard]).leftPadded(30))
                log.records.append(StoredStreamRecord(record: record, receipt: receipt, arrival: date))
                receipts.append(receipt)
            }
            logs[stream] = log
            return receipts
        }
    }

    public func records(stream: String) -> [StoredStreamRecord] {
        state.withLock { $0[stream]?.records ?? [] }
    }

    /// A partition key's MD5, big-endian, as the 128-bit hash key Kinesis maps to shards.
    static func hashKey(_ partitionKey: String) -> UInt128 {
        MD5.digest(Array(partitionKey.utf8)).reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
