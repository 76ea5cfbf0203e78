import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing

/// The embedded DynamoDB's JSON protocol: whole request bodies in, whole response bodies out,
/// as DynamoDB answers them (API reference: PutItem, GetItem, DeleteItem, UpdateItem, Query,
/// Scan; errors: DynamoDB DG Programming.Errors).
@Suite("Embedded DynamoDB: the JSON protocol")
struct EmbeddedDynamoDBTests {
    static let here = SourceLocation(file: "portico.yml", line: 1, column: 1)
    static let connections = TableDefinition(tableName: "connections", partitionKey: .init(name: "connectionId", type: .string), location: here)
    static let messages = TableDefinition(tableName: "messages", partitionKey: .init(name: "room", type: .string),
                                          sortKey: .init(name: "sentAt", type: .number), location: here)

    let tables = DynamoDBTables(tables: [Self.connections, Self.messages])

    private func call(_ operation: String, _ body: String) -> (Int, String) {
        let answer = tables.answer(operation: operation, body: body)
        return (answer.status, answer.body)
    }

    @Test("PutItem stores, GetItem returns the item (numbers canonical), DeleteItem removes it")
    func singleItems() {
        #expect(call("PutItem", #"{"TableName":"connections","Item":{"connectionId":{"S":"abc="},"joined":{"N":"017.50"},"tags":{"SS":["a","b"]},"profile":{"M":{"name":{"S":"Ada"},"admin":{"BOOL":true},"nick":{"NULL":true}}},"blob":{"B":"AAEC"}}}"#)
                == (200, "{}"))
        #expect(call("GetItem", #"{"TableName":"connections","Key":{"connectionId":{"S":"abc="}}}"#)
                == (200, #"{"Item":{"blob":{"B":"AAEC"},"connectionId":{"S":"abc="},"joined":{"N":"17.5"},"profile":{"M":{"admin":{"BOOL":true},"name":{"S":"Ada"},"nick":{"NULL":true}}},"tags":{"SS":["a","b"]}}}"#))
        #expect(call("GetItem", ##"{"TableName":"connections","Key":{"connectionId":{"S":"abc="}},"ProjectionExpression":"#n, joined","ExpressionAttributeNames":{"#n":"profile"}}"##)
                == (200, #"{"Item":{"joined":{"N":"17.5"},"profile":{"M":{"admin":{"BOOL":true},"name":{"S":"Ada"},"nick":{"NULL":true}}}}}"#))
        // ReturnValues ALL_OLD gives the item as it was (API: DeleteItem, "Attributes").
        #expect(call("DeleteItem", #"{"TableName":"connections","Key":{"connectionId":{"S":"abc="}},"ReturnValues":"ALL_OLD"}"#)
                == (200, #"{"Attributes":{"blob":{"B":"AAEC"},"connectionId":{"S":"abc="},"joined":{"N":"17.5"},"profile":{"M":{"admin":{"BOOL":true},"name":{"S":"Ada"},"nick":{"NULL":true}}},"tags":{"SS":["a","b"]}}}"#))
        // A missing item is an empty object, not an error (API: GetItem, "If there is no matching item, GetItem does not return any data").
        #expect(call("GetItem", #"{"TableName":"connections","Key":{"connectionId":{"S":"abc="}}}"#) == (200, "{}"))
        #expect(tables.items(in: "connections") == [])
    }

    @Test("UpdateItem: SET with arithmetic, if_not_exists and list_append, REMOVE, ADD; creates a missing item")
    func updates() {
        let update = ##"{"TableName":"connections","Key":{"connectionId":{"S":"c1"}},"UpdateExpression":"SET visits = if_not_exists(visits, :zero) + :one, #h = list_append(if_not_exists(#h, :empty), :page), room = :room REMOVE obsolete ADD seen :seen","ExpressionAttributeNames":{"#h":"history"},"ExpressionAttributeValues":{":zero":{"N":"0"},":one":{"N":"1"},":empty":{"L":[]},":page":{"L":[{"S":"/"}]},":room":{"S":"lobby"},":seen":{"SS":["x"]}},"ReturnValues":"ALL_NEW"}"##
        #expect(call("UpdateItem", update)
                == (200, #"{"Attributes":{"connectionId":{"S":"c1"},"history":{"L":[{"S":"/"}]},"room":{"S":"lobby"},"seen":{"SS":["x"]},"visits":{"N":"1"}}}"#))
        #expect(call("UpdateItem", update.replacingOccurrences(of: #""ReturnValues":"ALL_NEW""#, with: #""ReturnValues":"UPDATED_NEW""#))
                == (200, #"{"Attributes":{"history":{"L":[{"S":"/"},{"S":"/"}]},"room":{"S":"lobby"},"seen":{"SS":["x"]},"visits":{"N":"2"}}}"#))
        #expect(call("UpdateItem", #"{"TableName":"connections","Key":{"connectionId":{"S":"c1"}},"UpdateExpression":"REMOVE history, seen SET visits = visits - :one","ExpressionAttributeValues":{":one":{"N":"0.5"}}}"#)
                == (200, "{}"))
        #expect(tables.items(in: "connections") == [#"{"connectionId":{"S":"c1"},"room":{"S":"lobby"},"visits":{"N":"1.5"}}"#])
    }

    @Test("ConditionExpression: attribute_not_exists refuses a second put with ConditionalCheckFailedException")
    func conditions() {
        let put = #"{"TableName":"connections","Item":{"connectionId":{"S":"c1"},"n":{"N":"1"}},"ConditionExpression":"attribute_not_exists(connectionId)"}"#
        #expect(call("PutItem", put) == (200, "{}"))
        // Recorded AWS response: LocalStack tests/aws/services/dynamodb/test_dynamodb.snapshot.json,
        // test_return_values_on_conditions_check_failure.
        #expect(call("PutItem", put)
                == (400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}"#))
        #expect(call("DeleteItem", #"{"TableName":"connections","Key":{"connectionId":{"S":"c1"}},"ConditionExpression":"n > :two OR attribute_not_exists(n)","ExpressionAttributeValues":{":two":{"N":"2"}}}"#).0 == 400)
        #expect(call("UpdateItem", #"{"TableName":"connections","Key":{"connectionId":{"S":"c1"}},"UpdateExpression":"SET n = n + :one","ConditionExpression":"attribute_exists(connectionId) AND n BETWEEN :one AND :one","ExpressionAttributeValues":{":one":{"N":"1"}},"ReturnValues":"UPDATED_OLD"}"#)
                == (200, #"{"Attributes":{"n":{"N":"1"}}}"#))
    }

    @Test("Query: one partition in sort-key order, begins_with and BETWEEN, backwards, filtered, paged")
    func query() {
        for (room, sentAt, text) in [("lobby", "3", "c"), ("lobby", "1", "a"), ("lobby", "20", "b2"), ("lobby", "2", "b"), ("other", "1", "x")] {
            #expect(call("PutItem", #"{"TableName":"messages","Item":{"room":{"S":"\#(room)"},"sentAt":{"N":"\#(sentAt)"},"text":{"S":"\#(text)"}}}"#).0 == 200)
        }
        let query = #"{"TableName":"messages","KeyConditionExpression":"room = :r","ExpressionAttributeValues":{":r":{"S":"lobby"}}}"#
        // Numbers sort as numbers: 1, 2, 3, 20 (DynamoDB DG HowItWorks.NamingRulesDataTypes).
        #expect(call("Query", query)
                == (200, #"{"Count":4,"Items":[{"room":{"S":"lobby"},"sentAt":{"N":"1"},"text":{"S":"a"}},{"room":{"S":"lobby"},"sentAt":{"N":"2"},"text":{"S":"b"}},{"room":{"S":"lobby"},"sentAt":{"N":"3"},"text":{"S":"c"}},{"room":{"S":"lobby"},"sentAt":{"N":"20"},"text":{"S":"b2"}}],"ScannedCount":4}"#))
        #expect(call("Query", ##"{"TableName":"messages","KeyConditionExpression":"room = :r AND sentAt BETWEEN :lo AND :hi","FilterExpression":"begins_with(#t, :b)","ExpressionAttributeNames":{"#t":"text"},"ExpressionAttributeValues":{":r":{"S":"lobby"},":lo":{"N":"2"},":hi":{"N":"20"},":b":{"S":"b"}},"ScanIndexForward":false,"ProjectionExpression":"sentAt"}"##)
                == (200, #"{"Count":2,"Items":[{"sentAt":{"N":"20"}},{"sentAt":{"N":"2"}}],"ScannedCount":3}"#))
        // Limit stops the read and LastEvaluatedKey says where; the next page starts after it.
        let first = call("Query", query.replacingOccurrences(of: "}}}", with: #"}},"Limit":3}"#))
        #expect(first == (200, #"{"Count":3,"Items":[{"room":{"S":"lobby"},"sentAt":{"N":"1"},"text":{"S":"a"}},{"room":{"S":"lobby"},"sentAt":{"N":"2"},"text":{"S":"b"}},{"room":{"S":"lobby"},"sentAt":{"N":"3"},"text":{"S":"c"}}],"LastEvaluatedKey":{"room":{"S":"lobby"},"sentAt":{"N":"3"}},"ScannedCount":3}"#))
        #expect(call("Query", query.replacingOccurrences(of: "}}}", with: #"}},"Limit":3,"ExclusiveStartKey":{"room":{"S":"lobby"},"sentAt":{"N":"3"}}}"#))
                == (200, #"{"Count":1,"Items":[{"room":{"S":"lobby"},"sentAt":{"N":"20"},"text":{"S":"b2"}}],"ScannedCount":1}"#))
        #expect(call("Query", query.replacingOccurrences(of: "}}}", with: #"}},"Select":"COUNT"}"#)) == (200, #"{"Count":4,"ScannedCount":4}"#))
    }

    @Test("Scan: every item in key order, paged with Limit and ExclusiveStartKey")
    func scan() {
        for id in ["b", "a", "c"] {
            #expect(call("PutItem", #"{"TableName":"connections","Item":{"connectionId":{"S":"\#(id)"}}}"#).0 == 200)
        }
        #expect(call("Scan", #"{"TableName":"connections","Limit":2}"#)
                == (200, #"{"Count":2,"Items":[{"connectionId":{"S":"a"}},{"connectionId":{"S":"b"}}],"LastEvaluatedKey":{"connectionId":{"S":"b"}},"ScannedCount":2}"#))
        #expect(call("Scan", #"{"TableName":"connections","Limit":2,"ExclusiveStartKey":{"connectionId":{"S":"b"}}}"#)
                == (200, #"{"Count":1,"Items":[{"connectionId":{"S":"c"}}],"ScannedCount":1}"#))
        #expect(call("Scan", #"{"TableName":"connections","FilterExpression":"connectionId <> :a","ExpressionAttributeValues":{":a":{"S":"a"}}}"#)
                == (200, #"{"Count":2,"Items":[{"connectionId":{"S":"b"}},{"connectionId":{"S":"c"}}],"ScannedCount":3}"#))
    }

    @Test("DynamoDB's errors, each with its __type and message", arguments: [
        // API: GetItem on a table that does not exist (recorded AWS message: LocalStack test_dynamodb.snapshot.json, test_batch_write_not_existing_table).
        ("GetItem", #"{"TableName":"nothing","Key":{"id":{"S":"1"}}}"#,
         #"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#),
        ("PutItem", #"{"Item":{"connectionId":{"S":"1"}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"}"#),
        ("PutItem", #"{"TableName":"connections","Item":{"other":{"S":"1"}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"One or more parameter values were invalid: Missing the key connectionId in the item"}"#),
        ("PutItem", #"{"TableName":"connections","Item":{"connectionId":{"N":"1"}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"One or more parameter values were invalid: Type mismatch for key connectionId expected: S actual: N"}"#),
        ("PutItem", #"{"TableName":"connections","Item":{"connectionId":{"S":""}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: connectionId"}"#),
        ("GetItem", #"{"TableName":"messages","Key":{"room":{"S":"lobby"}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"The provided key element does not match the schema"}"#),
        ("PutItem", #"{"TableName":"connections","Item":{"connectionId":{"S":"1"},"n":{"N":"ten"}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"A value provided cannot be converted into a number"}"#),
        ("PutItem", #"{"TableName":"connections","Item":{"connectionId":{"S":"1"},"n":{}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"One or more parameter values were invalid: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"}"#),
        ("UpdateItem", #"{"TableName":"connections","Key":{"connectionId":{"S":"1"}},"UpdateExpression":"SET a = :missing"}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :missing"}"#),
        ("UpdateItem", #"{"TableName":"connections","Key":{"connectionId":{"S":"1"}},"UpdateExpression":"SET a = :v","ExpressionAttributeValues":{":v":{"S":"x"},":w":{"S":"y"}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"}"#),
        ("UpdateItem", #"{"TableName":"connections","Key":{"connectionId":{"S":"1"}},"UpdateExpression":"SET connectionId = :v","ExpressionAttributeValues":{":v":{"S":"x"}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"One or more parameter values were invalid: Cannot update attribute connectionId. This attribute is part of the key"}"#),
        ("UpdateItem", #"{"TableName":"connections","Key":{"connectionId":{"S":"1"}},"UpdateExpression":"SET n = n + :v","ExpressionAttributeValues":{":v":{"N":"1"}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"The provided expression refers to an attribute that does not exist in the item"}"#),
        ("UpdateItem", #"{"TableName":"connections","Key":{"connectionId":{"S":"1"}},"UpdateExpression":"SET = :v","ExpressionAttributeValues":{":v":{"N":"1"}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"Invalid UpdateExpression: Syntax error; token: \"=\", near: \"SET = :v\""}"#),
        ("GetItem", #"{"TableName":"connections","Key":{"connectionId":{"S":"1"}},"ProjectionExpression":"a,,b"}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"Invalid ProjectionExpression: Syntax error; token: \",\", near: \",,b\""}"#),
        ("UpdateItem", #"{"TableName":"connections","Key":{"connectionId":{"S":"1"}},"UpdateExpression":"SET a = :v REMOVE","ExpressionAttributeValues":{":v":{"N":"1"}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"REMOVE\""}"#),
        ("Query", #"{"TableName":"messages","KeyConditionExpression":"sentAt = :t","ExpressionAttributeValues":{":t":{"N":"1"}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"Query condition missed key schema element: room"}"#),
        ("Query", #"{"TableName":"messages","KeyConditionExpression":"room = :r OR room = :r","ExpressionAttributeValues":{":r":{"S":"x"}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"Invalid operator used in KeyConditionExpression: OR"}"#),
        ("Query", #"{"TableName":"messages"}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."}"#),
        ("Scan", #"{"TableName":"messages","Limit":0}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"}"#),
        ("Scan", #"{"TableName":"messages","ExclusiveStartKey":{"room":{"S":"x"}}}"#,
         #"{"__type":"com.amazon.coral.validate#ValidationException","message":"The provided starting key is invalid: The provided key element does not match the schema"}"#),
        ("DescribeEverything", "{}", #"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#),
        ("BatchWriteItem", "{}",
         #"{"__type":"com.amazon.coral.service#UnknownOperationException","message":"Portico's embedded DynamoDB does not simulate BatchWriteItem; it answers PutItem, GetItem, DeleteItem, UpdateItem, Query, Scan"}"#),
    ])
    func errors(operation: String, body: String, expected: String) {
        #expect(call(operation, body) == (400, expected))
    }

    @Test("a sandbox starts empty and keeps its own items")
    func sandbox() {
        #expect(call("PutItem", #"{"TableName":"connections","Item":{"connectionId":{"S":"root"}}}"#).0 == 200)
        let page = tables.sandbox()
        #expect(page.answer(operation: "PutItem", body: #"{"TableName":"connections","Item":{"connectionId":{"S":"page"}}}"#).status == 200)
        #expect(tables.items(in: "connections") == [#"{"connectionId":{"S":"root"}}"#])
        #expect(page.items(in: "connections") == [#"{"connectionId":{"S":"page"}}"#])
    }

    @Test("answers carry DynamoDB's content type, request id and the body's CRC32")
    func headers() {
        let answer = tables.answer(operation: "GetItem", body: #"{"TableName":"connections","Key":{"connectionId":{"S":"x"}}}"#)
        // CRC32 of "{}" is 2745614147 (zlib.crc32(b"{}")).
        #expect(answer.headers(requestId: "R") == [HTTPHeader("Content-Type", "application/x-amz-json-1.0"), HTTPHeader("Content-Length", "2"),
                                                   HTTPHeader("x-amzn-RequestId", "R"), HTTPHeader("x-amz-crc32", "2745614147")])
    }
}
