import Foundation
import PorticoGateway
@testable import PorticoRuntime
import Testing

/// Real Node.js processes speaking the Runtime API, from unchanged handlers: CommonJS and ES
/// modules, async and callback style. Error shapes are those of AWS's Node.js runtime interface
/// client (aws-lambda-nodejs-runtime-interface-client: `errorType`, `errorMessage`, `trace`;
/// `Runtime.ImportModuleError`, `Runtime.HandlerNotFound`), file names under `/var/task`.
@Suite("Lambda runtime: Node.js", .serialized, .timeLimit(.minutes(2)))
struct NodeRuntimeTests {
    static func function(_ name: String, handler: String, in scratch: Scratch, files: [String: String],
                         environment: [String: String] = [:]) throws -> FunctionDefinition {
        for (file, text) in files { try scratch.write("\(name)/\(file)", text) }
        return FunctionDefinition(name: name, runtime: .node(handler: handler, codeDirectory: scratch.path + "/" + name), environment: environment)
    }

    @Test("a CommonJS callback handler gets the event and Lambda's context, stays warm, and its logs come back")
    func commonJSCallback() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try Self.function("counter", handler: "index.handler", in: scratch, files: ["index.js": """
            let calls = 0;
            exports.handler = function (event, context, callback) {
              calls += 1;
              console.log("call", calls);
              callback(null, { calls, event, requestId: context.awsRequestId, functionName: context.functionName,
                memory: context.memoryLimitInMB, arn: context.invokedFunctionArn, region: process.env.AWS_REGION,
                handler: process.env._HANDLER, greeting: process.env.GREETING,
                remainingPositive: context.getRemainingTimeInMillis() > 0 });
            };
            """], environment: ["GREETING": "hello"])
        try await withRuntime([function]) { runtime in
            let first = await runtime.invoke(function: "counter", payload: json(["n": 1]), timeout: .seconds(20))
            let object = try #require(first.successJSON, "\(first)")
            #expect(object["calls"] as? Int == 1)
            #expect((object["event"] as? [String: Any])?["n"] as? Int == 1)
            #expect(object["requestId"] as? String == RequestIDs.make(.sequential, function: "counter", sequence: 1))
            #expect(object["functionName"] as? String == "counter")
            #expect(object["memory"] as? String == "128")
            #expect(object["arn"] as? String == "arn:aws:lambda:us-east-1:123456789012:function:counter")
            #expect(object["region"] as? String == "us-east-1")
            #expect(object["handler"] as? String == "index.handler")
            #expect(object["greeting"] as? String == "hello")
            #expect(object["remainingPositive"] as? Bool == true)
            #expect(first.logs.contains("call 1"))
            // Warm: the same process answers the second invocation, its module state kept.
            let second = await runtime.invoke(function: "counter", payload: json([:]), timeout: .seconds(20))
            #expect(second.successJSON?["calls"] as? Int == 2)
            #expect(second.logs.contains("call 2"))
        }
    }

    @Test("an ES module's async handler (.mjs, export const handler) returns its result as JSON")
    func esModuleAsync() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try Self.function("greet", handler: "app.handler", in: scratch, files: ["app.mjs": """
            export const handler = async (event) => {
              await new Promise((resolve) => setTimeout(resolve, 5));
              return { statusCode: 200, body: `hello ${event.name}` };
            };
            """])
        try await withRuntime([function]) { runtime in
            let result = await runtime.invoke(function: "greet", payload: json(["name": "ann"]), timeout: .seconds(20))
            #expect(result.successText == #"{"statusCode":200,"body":"hello ann"}"#)
        }
    }

    @Test("a thrown error is Lambda's Node.js error JSON, with file names under /var/task")
    func thrownError() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try Self.function("fails", handler: "app.handler", in: scratch, files: ["app.mjs": """
            export const handler = async () => {
              throw new TypeError("bad input");
            };
            """])
        try await withRuntime([function]) { runtime in
            let result = await runtime.invoke(function: "fails", payload: json([:]), timeout: .seconds(20))
            let error = try #require(result.errorJSON, "\(result)")
            #expect(error.type == "TypeError")
            #expect(error.object["errorType"] as? String == "TypeError")
            #expect(error.object["errorMessage"] as? String == "bad input")
            let trace = try #require(error.object["trace"] as? [String])
            #expect(trace.first == "TypeError: bad input")
            #expect(trace.dropFirst().first == "    at handler (file:///var/task/app.mjs:2:9)")
            #expect(result.logs.contains { $0.hasPrefix("Invoke Error \t{\"errorType\":\"TypeError\",\"errorMessage\":\"bad input\"") })
        }
    }

    @Test("a missing module and a missing export are Lambda's init errors", arguments: [
        ("nowhere.handler", "Runtime.ImportModuleError", "Error: Cannot find module 'nowhere'"),
        ("index.missing", "Runtime.HandlerNotFound", "index.missing is undefined or not exported"),
    ])
    func initErrors(_ handler: String, _ type: String, _ message: String) async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try Self.function("broken", handler: handler, in: scratch, files: ["index.js": "exports.handler = async () => 1;\n"])
        try await withRuntime([function]) { runtime in
            let result = await runtime.invoke(function: "broken", payload: json([:]), timeout: .seconds(20))
            let error = try #require(result.errorJSON, "\(result)")
            #expect(error.type == type)
            #expect(error.object["errorMessage"] as? String == message)
        }
    }
}
