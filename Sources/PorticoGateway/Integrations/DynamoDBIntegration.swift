import Foundation

/// DynamoDB's JSON API (`DynamoDB_20120810`) over the project's ``DynamoDBTables``: the
/// integration request body, usually rendered by a mapping template, is the operation's
/// request; the answer is what DynamoDB answers API Gateway, and the integration response
/// selects by its status as for other AWS services (DG: integrating-api-with-aws-services;
/// the recorded AWS exchange: LocalStack tests/aws/services/apigateway/
/// test_apigateway_dynamodb.snapshot.json, test_rest_api_to_dynamodb_integration):
///
/// ```
/// arn:aws:apigateway:us-east-1:dynamodb:action/PutItem
///   {"TableName": "connections", "Item": {"id": {"S": "$input.path('$.id')"}}}   →  200 {}
/// arn:aws:apigateway:us-east-1:dynamodb:action/Query
///   {"TableName": "…", "KeyConditionExpression": "id = :id", …}  →  200 {"Count":1,"Items":[…],"ScannedCount":1}
/// an unknown table  →  400 {"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}
/// ```
struct DynamoDBIntegration {
    let tables: DynamoDBTables

    func invoke(_ exchange: Exchange, action: String, headers mapped: [HTTPHeader]) -> StageOutcome {
        var sent = [HTTPHeader("Content-Type", DynamoDBAnswer.contentType), HTTPHeader("X-Amz-Target", "DynamoDB_20120810.\(action)")]
        for header in mapped { sent.set(header.name, header.value) }
        exchange.integrationRequest?.headers = sent
        let answer = tables.answer(operation: action, body: exchange.integrationRequest?.body ?? "")
        exchange.logs.append("DynamoDB \(answer.summary)")
        let now = Date(timeIntervalSince1970: Double(exchange.context.requestTimeEpoch) / 1000)
        var headers = answer.headers(requestId: ServiceRequestIDs(exchange).uuid)
        headers.append(HTTPHeader("Date", HTTPDate.format(now)))
        exchange.integrationResult = IntegrationResult(status: answer.status, headers: headers, body: answer.body)
        return .proceed("DynamoDB \(action) answered \(answer.status) (\(answer.errorName ?? answer.summary))")
    }
}
