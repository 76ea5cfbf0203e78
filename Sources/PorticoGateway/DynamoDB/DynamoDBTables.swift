import Foundation
import PorticoModel
import Synchronization

/// The project's DynamoDB tables (`tables:` in portico.yml), in memory, behind DynamoDB's
/// JSON protocol (`DynamoDB_20120810`): the AWS service integrations
/// (`arn:aws:apigateway:{region}:dynamodb:action/PutItem`) and the functions' endpoint
/// (`AWS_ENDPOINT_URL_DYNAMODB`) call ``answer(operation:body:)`` on the same instance, so
/// what a handler writes an integration reads.
///
/// ```
/// PutItem · GetItem · DeleteItem · UpdateItem   one item by its primary key
/// Query                                         one partition, in sort key order
/// Scan                                          every item, in key order, paged by Limit
/// ```
///
/// Tables start empty; a site build gives every page fresh ones (``sandbox()``), so its
/// examples answer the same on every build. The state is this object's, never global.
public final class DynamoDBTables: Sendable {
    private let definitions: [String: TableDefinition]
    private let state: Mutex<[String: [PrimaryKey: [String: AttributeValue]]]>

    public init(tables: [TableDefinition]) {
        var definitions: [String: TableDefinition] = [:]
        for table in tables where definitions[table.tableName] == nil { definitions[table.tableName] = table }
        self.definitions = definitions
        state = Mutex([:])
    }

    /// Tables of the same shapes that start empty and keep their own items.
    public func sandbox() -> DynamoDBTables {
        DynamoDBTables(tables: Array(definitions.values))
    }

    /// The operations this store answers; the rest of DynamoDB's API answers
    /// UnknownOperationException with a message that says so.
    public static let operations = ["PutItem", "GetItem", "DeleteItem", "UpdateItem", "Query", "Scan"]

    /// One call of DynamoDB's JSON API: `operation` is what follows `DynamoDB_20120810.` in
    /// `X-Amz-Target`, `body` the request's JSON.
    public func answer(operation: String, body: String) -> DynamoDBAnswer {
        do throws(DynamoDBError) {
            guard Self.operations.contains(operation) else {
                if DynamoDBAnswer.knownOperations.contains(operation) {
                    // Portico's wording: DynamoDB has the operation, Portico does not simulate it.
                    throw DynamoDBError("com.amazon.coral.service#UnknownOperationException",
                                        "Portico's embedded DynamoDB does not simulate \(operation); it answers \(Self.operations.joined(separator: ", "))")
                }
                // DynamoDB's answer to a target it does not know carries no message.
                throw DynamoDBError("com.amazon.coral.service#UnknownOperationException", nil)
            }
            guard case .success(let json) = JSONInstance.parse(body), case .object = json else {
                throw .serialization("Start of structure or map found where not expected.")
            }
            let request = try DynamoDBRequest(json)
            let name = try request.tableName()
            guard let table = definitions[name] else { throw .resourceNotFound }
            let (body, summary) = try state.withLock { tables throws(DynamoDBError) in
                var items = tables[name] ?? [:]
                defer { tables[name] = items }
                let operations = TableOperations(table: table, request: request)
                switch operation {
                case "PutItem": return try operations.putItem(&items)
                case "GetItem": return try operations.getItem(items)
                case "DeleteItem": return try operations.deleteItem(&items)
                case "UpdateItem": return try operations.updateItem(&items)
                case "Query": return try operations.query(items)
                default: return try operations.scan(items)
                }
            }
            return DynamoDBAnswer(status: 200, body: body, error: nil, summary: "\(operation) on '\(name)': \(summary)")
        } catch {
            return DynamoDBAnswer(status: 400, body: error.json, error: error, summary: "\(operation) answered \(error.name)\(error.message.map { ": " + $0 } ?? "")")
        }
    }

    /// Every item of `table` as DynamoDB JSON, in key order (for tests and transcripts).
    public func items(in table: String) -> [String] {
        state.withLock { tables in
            (tables[table] ?? [:]).sorted { $0.key < $1.key }.map { AttributeValue.json($0.value) }
        }
    }
}

/// What DynamoDB answered one call: the status (200, or 400 for every error it
/// answers), the JSON body, and a line for the transcript.
public struct DynamoDBAnswer: Sendable, Equatable {
    public var status: Int
    public var body: String
    var error: DynamoDBError?
    public var summary: String

    /// The exception's short name (`ConditionalCheckFailedException`), when the call failed.
    public var errorName: String? { error?.name }

    /// DynamoDB's JSON protocol content type (DynamoDB DG Programming.LowLevelAPI).
    public static let contentType = "application/x-amz-json-1.0"

    /// DynamoDB operations that exist but that Portico does not simulate.
    static let knownOperations: Set<String> = [
        "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems", "ExecuteStatement", "BatchExecuteStatement",
        "ExecuteTransaction", "CreateTable", "DeleteTable", "DescribeTable", "ListTables", "UpdateTable", "UpdateTimeToLive",
        "DescribeTimeToLive", "CreateBackup", "ListTagsOfResource", "TagResource", "UntagResource", "DescribeEndpoints",
    ]

    /// The headers DynamoDB answers with: its content type, a request id and the CRC32 of
    /// the body, which botocore checks when present (botocore's DynamoDB retry handler
    /// `crc32` check).
    public func headers(requestId: String) -> [HTTPHeader] {
        [HTTPHeader("Content-Type", Self.contentType), HTTPHeader("Content-Length", String(body.utf8.count)),
         HTTPHeader("x-amzn-RequestId", requestId), HTTPHeader("x-amz-crc32", String(CRC32.checksum(Array(body.utf8))))]
    }
}

/// A table item's identity: its partition key value and, for composite keys, its sort key
/// value. Ordered as DynamoDB orders within a partition; across partitions by value too
/// (DynamoDB orders partitions by a hash it does not publish: Portico's Scan order is
/// therefore its own, stable for a given set of items).
struct PrimaryKey: Hashable, Comparable, Sendable {
    let partition: KeyScalar
    let sort: KeyScalar?

    static func < (lhs: PrimaryKey, rhs: PrimaryKey) -> Bool {
        if lhs.partition != rhs.partition { return lhs.partition < rhs.partition }
        switch (lhs.sort, rhs.sort) {
        case (let a?, let b?): return a < b
        case (nil, _?): return true
        default: return false
        }
    }
}

/// The CRC-32 (IEEE 802.3) of bytes, as `x-amz-crc32` carries it.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
