import Diagnostics
import Foundation
@testable import PorticoGateway
import PorticoModel
@testable import PorticoRuntime
import TestSupport
import Testing

/// A project with a table, an API whose methods are DynamoDB service integrations, and
/// Python functions that call the same table with boto3 through the embedded endpoint.
struct TableProject {
    static let portico = """
        site: {title: Tables}
        apis:
          - name: chat
            definition: apis/chat.yaml
            stages: [{stageName: prod}]
        functions:
          - {name: writer, runtime: python3, handler: app.handler, code: functions/writer}
          - {name: forger, runtime: python3, handler: app.handler, code: functions/forger}
        tables:
          - tableName: messages
            keySchema: [{attributeName: room, keyType: HASH}, {attributeName: sentAt, keyType: RANGE}]
            attributeDefinitions: [{attributeName: room, attributeType: S}, {attributeName: sentAt, attributeType: N}]

        """

    /// The API Gateway console's DynamoDB pattern (DG: integrating-api-with-aws-services; the
    /// recorded AWS exchange: LocalStack test_apigateway_dynamodb.py's PutItem and Query templates).
    static let definition = #"""
        openapi: 3.0.1
        info: {title: Chat, version: "1"}
        paths:
          /rooms/{room}/messages:
            parameters: [{name: room, in: path, required: true, schema: {type: string}}]
            post:
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: POST
                uri: arn:aws:apigateway:us-east-1:dynamodb:action/PutItem
                requestTemplates:
                  application/json: '{"TableName": "messages", "Item": {"room": {"S": "$input.params(''room'')"}, "sentAt": {"N": "$input.path(''$.sentAt'')"}, "text": {"S": "$util.escapeJavaScript($input.path(''$.text''))"}}, "ConditionExpression": "attribute_not_exists(sentAt)"}'
                responses:
                  "4\\d{2}": {statusCode: "400"}
                  default: {statusCode: "200"}
            get:
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: POST
                uri: arn:aws:apigateway:us-east-1:dynamodb:action/Query
                requestTemplates:
                  application/json: '{"TableName": "messages", "KeyConditionExpression": "room = :room", "ExpressionAttributeValues": {":room": {"S": "$input.params(''room'')"}}}'
                responses:
                  default:
                    statusCode: "200"
                    responseTemplates:
                      application/json: |
                        #set($items = $input.path('$.Items'))
                        [#foreach($item in $items){"sentAt": $item.sentAt.N, "text": "$item.text.S"}#if($foreach.hasNext),#end#end]

        """#

    /// PutItem, GetItem and Query through boto3's client with no endpoint or credentials in the
    /// code: boto3 reads them from the environment Portico gives the function.
    static let writer = #"""
        import os
        import boto3

        table = boto3.resource("dynamodb").Table("messages")
        client = boto3.client("dynamodb")

        def handler(event, context):
            table.put_item(Item={"room": event["room"], "sentAt": 7, "text": "from boto3"})
            client.put_item(TableName="messages", Item={"room": {"S": event["room"]}, "sentAt": {"N": "8"}, "text": {"S": "second"}})
            got = client.get_item(TableName="messages", Key={"room": {"S": event["room"]}, "sentAt": {"N": "7"}})
            queried = table.query(KeyConditionExpression="room = :r AND sentAt > :t",
                                  ExpressionAttributeValues={":r": event["room"], ":t": 1})
            try:
                client.put_item(TableName="messages", Item={"room": {"S": event["room"]}, "sentAt": {"N": "7"}},
                                ConditionExpression="attribute_not_exists(sentAt)")
                refused = None
            except client.exceptions.ConditionalCheckFailedException as error:
                refused = [error.response["Error"]["Code"], error.response["Error"]["Message"], error.response["ResponseMetadata"]["HTTPStatusCode"]]
            try:
                client.get_item(TableName="nothing", Key={"id": {"S": "1"}})
            except client.exceptions.ResourceNotFoundException as error:
                missing = [error.response["Error"]["Code"], error.response["Error"]["Message"]]
            return {
                "item": got["Item"],
                "texts": [item["text"] for item in queried["Items"]],
                "count": queried["Count"],
                "refused": refused,
                "missing": missing,
                "key": os.environ["AWS_ACCESS_KEY_ID"][:4],
                "region": os.environ["AWS_REGION"],
            }
        """#

    /// The same calls with keys that are not the role's: DynamoDB's signature refusals.
    static let forger = #"""
        import os
        import boto3
        from botocore.exceptions import ClientError

        def attempt(**credentials):
            client = boto3.client("dynamodb", **credentials)
            try:
                client.get_item(TableName="messages", Key={"room": {"S": "x"}, "sentAt": {"N": "1"}})
                return "allowed"
            except ClientError as error:
                return [error.response["Error"]["Code"], error.response["Error"]["Message"], error.response["ResponseMetadata"]["HTTPStatusCode"]]

        def handler(event, context):
            key, secret, token = os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"], os.environ["AWS_SESSION_TOKEN"]
            return {
                "wrongSecret": attempt(aws_access_key_id=key, aws_secret_access_key="x" * 40, aws_session_token=token),
                "wrongToken": attempt(aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token="forged"),
                "unknownKey": attempt(aws_access_key_id="AKIAUNKNOWN000000000", aws_secret_access_key=secret),
                "own": attempt(),
            }
        """#

    let root: TemporaryDirectory
    let project: Project
    let tables: DynamoDBTables
    let gateway: Gateway

    init() throws {
        root = try TemporaryDirectory()
        try root.write(["Content/portico.yml": Self.portico, "Content/apis/chat.yaml": Self.definition,
                        "Content/functions/writer/app.py": Self.writer, "Content/functions/forger/app.py": Self.forger])
        var diagnostics = DiagnosticEngine()
        project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        tables = DynamoDBTables(tables: project.tables)
        gateway = Gateway(project: project, clock: FixedClock.siteBuild, services: GatewayServices(tables: tables))
        #expect(gateway.diagnostics.isEmpty)
    }

    func send(_ method: String, _ path: String, body: String = "") async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 11)
        return try await gateway.invoke(GatewayRequest(method: method, path: path, headers: [HTTPHeader("Content-Type", "application/json")], body: body),
                                        api: "chat", stage: "prod", ids: &ids)
    }

    /// The project's functions as Portico runs them, with the embedded DynamoDB's endpoint
    /// and boto3 (``PythonSDK``), and the endpoint itself; both stopped afterwards.
    func withFunctions<T>(_ body: (LambdaRuntime) async throws -> T) async throws -> T {
        let server = try await DynamoDBServer.start(endpoint: DynamoDBEndpoint(tables: tables, project: project))
        let functions = project.functions.map { function in
            PorticoRuntime.FunctionDefinition(name: function.name, runtime: .python(handler: "app.handler", codeDirectory: function.codeDirectory!),
                                              timeout: .seconds(20))
        }
        let options = LambdaRuntimeOptions(serviceEnvironment: ["AWS_ENDPOINT_URL_DYNAMODB": server.url], pythonSDK: PythonSDK())
        do {
            let result = try await withRuntime(functions, options: options, body)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}

@Suite("DynamoDB: service integrations and boto3 from functions", .serialized)
struct DynamoDBIntegrationTests {
    @Test("PutItem through a mapping template: DynamoDB's {} comes back; a second put fails its condition and maps to 400")
    func putItem() async throws {
        let project = try TableProject()
        defer { project.root.remove() }
        let put = try await project.send("POST", "/rooms/lobby/messages", body: #"{"sentAt": 1, "text": "hi \"all\""}"#)
        // Recorded AWS response: LocalStack test_apigateway_dynamodb.snapshot.json,
        // test_rest_api_to_dynamodb_integration[PutItem] › result-put-item: 200, content {}.
        #expect(put.response.status == 200)
        #expect(put.response.body == "{}")
        #expect(put.header("Content-Type") == "application/json")
        let request = try #require(put.integrationRequest)
        #expect(request.uri == "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem")
        #expect(request.headers == [HTTPHeader("Content-Type", "application/x-amz-json-1.0"), HTTPHeader("X-Amz-Target", "DynamoDB_20120810.PutItem")])
        #expect(put.logs == [#"DynamoDB PutItem on 'messages': stored a new item room="lobby" sentAt=1"#])
        #expect(put.outcome(of: .integration)?.detail == #"DynamoDB PutItem answered 200 (PutItem on 'messages': stored a new item room="lobby" sentAt=1)"#)
        #expect(project.tables.items(in: "messages") == [#"{"room":{"S":"lobby"},"sentAt":{"N":"1"},"text":{"S":"hi \"all\""}}"#])

        let again = try await project.send("POST", "/rooms/lobby/messages", body: #"{"sentAt": 1, "text": "again"}"#)
        #expect(again.response.status == 400)
        #expect(again.response.body == #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}"#)
        #expect(again.outcome(of: .integration)?.detail == "DynamoDB PutItem answered 400 (ConditionalCheckFailedException)")
    }

    @Test("Query through a template, reshaped by the response template (LocalStack test_rest_api_to_dynamodb_integration[Query])")
    func query() async throws {
        let project = try TableProject()
        defer { project.root.remove() }
        for (sentAt, text) in [(3, "three"), (1, "one")] {
            #expect(try await project.send("POST", "/rooms/lobby/messages", body: #"{"sentAt": \#(sentAt), "text": "\#(text)"}"#).response.status == 200)
        }
        let listed = try await project.send("GET", "/rooms/lobby/messages")
        #expect(listed.response.status == 200)
        #expect(listed.response.body == #"[{"sentAt": 1, "text": "one"},{"sentAt": 3, "text": "three"}]"# + "\n")
        let empty = try await project.send("GET", "/rooms/nobody/messages")
        #expect(empty.response.body == "[]\n")
    }

    @Test("boto3 in a Python function: PutItem, GetItem, Query and DynamoDB's errors, through the endpoint in its environment")
    func boto3Calls() async throws {
        let project = try TableProject()
        defer { project.root.remove() }
        let result = try await project.withFunctions { runtime in
            await runtime.invoke(function: "writer", payload: Array(#"{"room": "lobby"}"#.utf8), timeout: .seconds(30))
        }
        let text = try #require(result.successText, "\(result.outcome) \(result.logs)")
        #expect(text == #"{"item": {"room": {"S": "lobby"}, "sentAt": {"N": "7"}, "text": {"S": "from boto3"}}, "texts": ["from boto3", "second"], "count": 2, "refused": ["ConditionalCheckFailedException", "The conditional request failed", 400], "missing": ["ResourceNotFoundException", "Requested resource not found"], "key": "ASIA", "region": "us-east-1"}"#)
        // What the function wrote, the service integration reads: one store.
        #expect(project.tables.items(in: "messages") == [
            #"{"room":{"S":"lobby"},"sentAt":{"N":"7"},"text":{"S":"from boto3"}}"#,
            #"{"room":{"S":"lobby"},"sentAt":{"N":"8"},"text":{"S":"second"}}"#,
        ])
        let listed = try await project.send("GET", "/rooms/lobby/messages")
        #expect(listed.response.body == #"[{"sentAt": 7, "text": "from boto3"},{"sentAt": 8, "text": "second"}]"# + "\n")
    }

    @Test("the endpoint checks boto3's signatures: a wrong secret, a forged session token, an unknown key are refused as DynamoDB refuses them")
    func signatures() async throws {
        let project = try TableProject()
        defer { project.root.remove() }
        let result = try await project.withFunctions { runtime in
            await runtime.invoke(function: "forger", payload: Array("{}".utf8), timeout: .seconds(30))
        }
        let text = try #require(result.successText, "\(result.outcome) \(result.logs)")
        #expect(text == #"{"wrongSecret": ["InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", 400], "wrongToken": ["UnrecognizedClientException", "The security token included in the request is invalid.", 400], "unknownKey": ["UnrecognizedClientException", "The security token included in the request is invalid.", 400], "own": "allowed"}"#)
    }
}
