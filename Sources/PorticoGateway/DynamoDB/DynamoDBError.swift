/// An error DynamoDB answers, as its JSON protocol carries it: status 400 and
/// `{"__type":"<namespace>#<Exception>","message":"…"}` (DynamoDB DG Programming.Errors,
/// "Error components"; the SDKs read the exception's name after the `#`). The namespaces are
/// those DynamoDB sends: `com.amazonaws.dynamodb.v20120810` for the service's own exceptions,
/// `com.amazon.coral.validate` for ValidationException and `com.amazon.coral.service` for
/// the protocol's (unknown operation, serialization, signature).
struct DynamoDBError: Error, Equatable, Sendable {
    let type: String
    let message: String?

    init(_ type: String, _ message: String?) {
        self.type = type
        self.message = message
    }

    static func validation(_ message: String) -> DynamoDBError {
        DynamoDBError("com.amazon.coral.validate#ValidationException", message)
    }

    static func serialization(_ message: String) -> DynamoDBError {
        DynamoDBError("com.amazon.coral.service#SerializationException", message)
    }

    /// An item operation on a table that does not exist. DynamoDB's message for item
    /// operations is the short one (recorded AWS response: LocalStack
    /// tests/aws/services/dynamodb/test_dynamodb.snapshot.json,
    /// test_batch_write_not_existing_table: "Requested resource not found").
    static let resourceNotFound = DynamoDBError("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "Requested resource not found")

    /// A condition that is false (recorded AWS response: LocalStack test_dynamodb.snapshot.json,
    /// test_return_values_on_conditions_check_failure: "The conditional request failed").
    static let conditionalCheckFailed = DynamoDBError("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", "The conditional request failed")

    /// The exception's short name (`ValidationException`), as the SDKs name it.
    var name: String {
        type.split(separator: "#").last.map(String.init) ?? type
    }

    var json: String {
        guard let message else { return "{\"__type\":\(jsonQuoted(type))}" }
        return "{\"__type\":\(jsonQuoted(type)),\"message\":\(jsonQuoted(message))}"
    }
}
