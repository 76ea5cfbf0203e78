import Foundation
import Velocity

/// Kinesis's JSON API (`Kinesis_20131202`) over the gateway's ``StreamStore``: the integration
/// request body, usually rendered by a mapping template, is the PutRecord or PutRecords request;
/// the answer is what Kinesis answers API Gateway (recorded AWS response: LocalStack
/// tests/aws/services/apigateway/test_apigateway_kinesis.snapshot.json,
/// test_apigateway_to_kinesis[PutRecord]):
///
/// ```
/// PutRecord   {"StreamName": "events", "Data": "<base64>", "PartitionKey": "test"}
///          →  200 {"SequenceNumber":"4959…","ShardId":"shardId-000000000000"}
/// PutRecords  {"StreamName": "events", "Records": [{"Data": "<base64>", "PartitionKey": "a"}, …]}
///          →  200 {"FailedRecordCount":0,"Records":[{"SequenceNumber":"4959…","ShardId":"shardId-000000000000"}, …]}
/// unknown stream → 400 {"__type":"ResourceNotFoundException","message":"Stream x under account 123456789012 not found."}
/// ```
///
/// Response shapes: Kinesis API Reference, PutRecord and PutRecords (responses without
/// EncryptionType, as recorded against AWS in LocalStack's test_apigateway_kinesis.py); the
/// error shape and message as the AWS SDKs' integration tests expect it. Every record put is
/// written to the transcript's log with its partition key and decoded data.
struct KinesisIntegration {
    let store: any StreamStore
    static let contentType = "application/x-amz-json-1.1"

    func invoke(_ exchange: Exchange, action: String, headers mapped: [HTTPHeader]) async -> StageOutcome {
        guard action == "PutRecord" || action == "PutRecords" else {
            return .fail(.internalServerError, "Portico simulates Kinesis PutRecord and PutRecords, not \(action)")
        }
        var sent = [HTTPHeader("Content-Type", Self.contentType), HTTPHeader("X-Amz-Target", "Kinesis_20131202.\(action)")]
        for header in mapped { sent.set(header.name, header.value) }
        exchange.integrationRequest?.headers = sent
        let now = Date(timeIntervalSince1970: Double(exchange.context.requestTimeEpoch) / 1000)
        let ids = ServiceRequestIDs(exchange)

        let answer: (status: Int, body: String, summary: String)
        switch Self.request(action: action, body: exchange.integrationRequest?.body ?? "") {
        case .failure(let error):
            answer = (400, error.json, error.type)
        case .success(let (stream, records)):
            do {
                let receipts = try await store.put(records, stream: stream, at: now)
                for (record, receipt) in zip(records, receipts) {
                    exchange.logs.append("Kinesis \(action): \(stream) \(receipt.shardId) \(receipt.sequenceNumber) PartitionKey \(record.partitionKey) Data \(Self.display(record.data))")
                }
                let items = receipts.map { "{\"SequenceNumber\":\(jsonQuoted($0.sequenceNumber)),\"ShardId\":\(jsonQuoted($0.shardId))}" }
                let body = action == "PutRecord" ? items[0] : "{\"FailedRecordCount\":0,\"Records\":[\(items.joined(separator: ","))]}"
                let shards = Set(receipts.map(\.shardId)).sorted().joined(separator: ", ")
                answer = (200, body, "\(records.count) record\(records.count == 1 ? "" : "s") into '\(stream)' → \(shards)")
            } catch {
                let failure = switch error {
                case .streamNotFound: KinesisError("ResourceNotFoundException", "Stream \(stream) under account \(Gateway.accountId) not found.")
                case .invalidHashKey(let key): KinesisError("InvalidArgumentException", "ExplicitHashKey \(key) is not a number between 0 and 2^128 - 1.")
                }
                answer = (400, failure.json, failure.type)
            }
        }
        exchange.integrationResult = IntegrationResult(status: answer.status, headers: [
            HTTPHeader("x-amzn-RequestId", ids.uuid), HTTPHeader("x-amz-id-2", ids.extendedId),
            HTTPHeader("Content-Type", Self.contentType), HTTPHeader("Content-Length", String(answer.body.utf8.count)),
            HTTPHeader("Date", HTTPDate.format(now)),
        ], body: answer.body)
        return .proceed("Kinesis \(action) answered \(answer.status) (\(answer.summary))")
    }

    /// The stream and records of a PutRecord or PutRecords request, or Kinesis's 400 error.
    static func request(action: String, body: String) -> Result<(String, [StreamRecord]), KinesisError> {
        guard case .map(let object)? = try? JSONValueParser.parse(body) else {
            // Portico's wording: Kinesis documents no message for a body that is not JSON.
            return .failure(KinesisError("SerializationException", "The request body is not a JSON object."))
        }
        var problems: [String] = []
        var stream = string(object["StreamName"])
        if stream == nil, let arn = string(object["StreamARN"]), let slash = arn.lastIndex(of: "/") {
            stream = String(arn[arn.index(after: slash)...])
        }
        if stream == nil { problems.append("Value null at 'streamName' failed to satisfy constraint: Member must not be null") }
        var records: [StreamRecord] = []
        if action == "PutRecord" {
            switch record(object, field: "") {
            case .success(let value): records = [value]
            case .failure(let error):
                if case .invalid(let message) = error { problems += message } else { return .failure(error.kinesis) }
            }
        } else {
            var entries: [VelocityValue] = []
            switch object["Records"] {
            case .list(let items)?, .jsonList(let items)?:
                entries = items
                if items.isEmpty {
                    problems.append("Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1")
                } else if items.count > 500 {
                    problems.append("Value at 'records' failed to satisfy constraint: Member must have length less than or equal to 500")
                }
            default:
                problems.append("Value null at 'records' failed to satisfy constraint: Member must not be null")
            }
            for (index, entry) in entries.enumerated() {
                guard case .map(let item) = entry else {
                    problems.append("Value at 'records.\(index + 1).member' failed to satisfy constraint: Member must not be null")
                    continue
                }
                switch record(item, field: "records.\(index + 1).member.") {
                case .success(let value): records.append(value)
                case .failure(let error):
                    if case .invalid(let message) = error { problems += message } else { return .failure(error.kinesis) }
                }
            }
        }
        guard problems.isEmpty, let stream else {
            let count = problems.count
            return .failure(KinesisError("ValidationException",
                                         "\(count) validation error\(count == 1 ? "" : "s") detected: " + problems.joined(separator: "; ")))
        }
        return .success((stream, records))
    }

    private enum RecordProblem: Error {
        case invalid([String])
        case notBase64

        var kinesis: KinesisError {
            // Portico's wording: the blob is not base64, which Kinesis's JSON protocol cannot read.
            KinesisError("SerializationException", "Data is not valid base64.")
        }
    }

    /// One record: `Data` (base64), `PartitionKey` (1–256 characters), optional `ExplicitHashKey`.
    private static func record(_ object: OrderedMap, field prefix: String) -> Result<StreamRecord, RecordProblem> {
        var problems: [String] = []
        let data = string(object["Data"])
        let key = string(object["PartitionKey"])
        if data == nil { problems.append("Value null at '\(prefix)data' failed to satisfy constraint: Member must not be null") }
        if let key, !(1...256).contains(key.count) {
            problems.append("Value '\(key)' at '\(prefix)partitionKey' failed to satisfy constraint: Member must have length \(key.isEmpty ? "greater than or equal to 1" : "less than or equal to 256")")
        } else if key == nil {
            problems.append("Value null at '\(prefix)partitionKey' failed to satisfy constraint: Member must not be null")
        }
        guard problems.isEmpty, let data, let key else { return .failure(.invalid(problems)) }
        guard let bytes = Base64.decode(data) else { return .failure(.notBase64) }
        return .success(StreamRecord(partitionKey: key, data: bytes, explicitHashKey: string(object["ExplicitHashKey"])))
    }

    private static func string(_ value: VelocityValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    /// Record data for the log: UTF-8 text as it is, anything else as a binary summary.
    static func display(_ data: [UInt8]) -> String {
        guard let text = String(validating: data, as: UTF8.self),
              !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) else {
            return BodySummary.text(Base64.encode(data), isBase64Encoded: true)
        }
        return text
    }
}

/// Kinesis's JSON error: `{"__type": …, "message": …}`, status 400.
struct KinesisError: Error, Equatable {
    let type: String
    let message: String

    init(_ type: String, _ message: String) {
        self.type = type
        self.message = message
    }

    var json: String { "{\"__type\":\(jsonQuoted(type)),\"message\":\(jsonQuoted(message))}" }
}
