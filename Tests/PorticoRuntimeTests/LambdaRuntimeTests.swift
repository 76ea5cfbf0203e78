import Foundation
import PorticoGateway
@testable import PorticoRuntime
import Testing

/// Real Python processes speaking the Runtime API to a real loopback endpoint. Expected error
/// shapes and log lines are Lambda's: the error JSON and `Runtime.*` init errors as AWS's
/// runtime interface client (awslambdaric, bootstrap.py) builds them, the START/END/REPORT
/// lines as CloudWatch Logs shows them (docs.aws.amazon.com/lambda/latest/dg/python-logging.html).
@Suite("Lambda runtime", .serialized, .timeLimit(.minutes(2)))
struct LambdaRuntimeTests {
    @Test("a Python handler gets the event and a Lambda context, and its result comes back as JSON")
    func echo() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try pythonFunction("echo", in: scratch, source: """
            import os
            def handler(event, context):
                return {
                    "event": event,
                    "requestId": context.aws_request_id,
                    "functionName": context.function_name,
                    "memory": context.memory_limit_in_mb,
                    "arn": context.invoked_function_arn,
                    "remainingPositive": 0 < context.get_remaining_time_in_millis() <= 3000,
                    "region": os.environ["AWS_REGION"],
                    "handler": os.environ["_HANDLER"],
                    "api": os.environ["AWS_LAMBDA_RUNTIME_API"].startswith("127.0.0.1:"),
                    "taskRoot": os.environ["LAMBDA_TASK_ROOT"] == os.getcwd(),
                    "custom": os.environ.get("GREETING"),
                    "credentials": [os.environ.get(name) for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]],
                }
            """, environment: ["GREETING": "hello"])
        try await withRuntime([function]) { runtime in
            let result = await runtime.invoke(function: "echo", payload: json(["path": "/items/42", "n": 1]), timeout: .seconds(20))
            let object = try #require(result.successJSON, "\(result)")
            let event = try #require(object["event"] as? [String: Any])
            #expect(event["path"] as? String == "/items/42")
            #expect(event["n"] as? Int == 1)
            let requestID = RequestIDs.make(.sequential, function: "echo", sequence: 1)
            #expect(object["requestId"] as? String == requestID)
            #expect(object["functionName"] as? String == "echo")
            #expect(object["memory"] as? String == "128")        // a string, as in Lambda
            #expect(object["arn"] as? String == "arn:aws:lambda:us-east-1:123456789012:function:echo")
            #expect(object["remainingPositive"] as? Bool == true)
            #expect(object["region"] as? String == "us-east-1")
            #expect(object["handler"] as? String == "app.handler")
            #expect(object["api"] as? Bool == true)
            #expect(object["taskRoot"] as? Bool == true)
            #expect(object["custom"] as? String == "hello")
            // The execution role's session, as Lambda gives it (Lambda DG: configuration-envvars);
            // never the credentials of whoever runs Portico.
            let role = FunctionCredentials(function: "echo")
            #expect(object["credentials"] as? [String] == [role.accessKeyId, role.secretAccessKey, role.sessionToken])
        }
    }

    @Test("an exception becomes Lambda's error JSON with errorMessage, errorType, requestId and stackTrace")
    func exception() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try pythonFunction("fails", in: scratch, source: """
            def handler(event, context):
                raise ValueError("Raising four hundred: bad input")
            """)
        try await withRuntime([function]) { runtime in
            let result = await runtime.invoke(function: "fails", payload: json([:]), timeout: .seconds(20))
            let error = try #require(result.errorJSON, "\(result)")
            #expect(error.type == "ValueError")
            #expect(error.object["errorMessage"] as? String == "Raising four hundred: bad input")
            #expect(error.object["errorType"] as? String == "ValueError")
            #expect(error.object["requestId"] as? String == RequestIDs.make(.sequential, function: "fails", sequence: 1))
            let trace = try #require(error.object["stackTrace"] as? [String])
            #expect(trace == ["  File \"/var/task/app.py\", line 2, in handler\n    raise ValueError(\"Raising four hundred: bad input\")\n"])
            #expect(result.logs.contains("[ERROR] ValueError: Raising four hundred: bad input"))
            #expect(result.logs.contains("  File \"/var/task/app.py\", line 2, in handler"))
            // The process survives a handled error and serves the next invocation.
            let again = await runtime.invoke(function: "fails", payload: json([:]), timeout: .seconds(20))
            #expect(again.errorJSON?.type == "ValueError")
        }
    }

    @Test("a handler past its own timeout is a Sandbox.Timedout function error, and the next invocation runs in a new process")
    func timeout() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try pythonFunction("slow", in: scratch, source: """
            import os, time
            def handler(event, context):
                if event.get("sleep"):
                    time.sleep(event["sleep"])
                return os.getpid()
            """, timeout: .seconds(1))
        try await withRuntime([function]) { runtime in
            let first = await runtime.invoke(function: "slow", payload: json(["sleep": 0]), timeout: .seconds(20))
            let firstPID = try #require(first.successText.flatMap { Int32($0) }, "\(first)")
            let started = ContinuousClock.now
            let slow = await runtime.invoke(function: "slow", payload: json(["sleep": 30]), timeout: .seconds(20))
            #expect(started.duration(to: .now) < .seconds(5))
            let id = RequestIDs.make(.sequential, function: "slow", sequence: 2)
            // Lambda's Invoke payload for a timed-out function (seek-oss/aws-codedeploy-hooks 2.1.2).
            #expect(slow.outcome == .functionError(type: "Sandbox.Timedout", payload: Array(
                #"{"errorMessage":"RequestId: \#(id) Error: Task timed out after 1.00 seconds","errorType":"Sandbox.Timedout"}"#.utf8)))
            #expect(slow.logs.contains("RequestId: \(id) Error: Task timed out after 1.00 seconds"))
            #expect(slow.logs.last == "REPORT RequestId: \(id)\tMemory Size: 128 MB\tStatus: timeout")
            #expect(await waitUntilGone(firstPID))
            let after = await runtime.invoke(function: "slow", payload: json(["sleep": 0]), timeout: .seconds(20))
            let afterPID = try #require(after.successText.flatMap { Int32($0) }, "\(after)")
            #expect(afterPID != firstPID)
        }
    }

    @Test("the gateway's timeout, shorter than the function's, also gives .timeout")
    func gatewayTimeout() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try pythonFunction("patient", in: scratch, source: """
            import time
            def handler(event, context):
                time.sleep(event["sleep"])
                return "done"
            """, timeout: .seconds(30))
        try await withRuntime([function]) { runtime in
            _ = await runtime.invoke(function: "patient", payload: json(["sleep": 0]), timeout: .seconds(20))   // warm
            let started = ContinuousClock.now
            let result = await runtime.invoke(function: "patient", payload: json(["sleep": 30]), timeout: .milliseconds(300))
            #expect(result.outcome == .timeout)
            #expect(started.duration(to: .now) < .seconds(3))
        }
    }

    @Test("sys.exit(1) in a handler gives .crashed with Lambda's Runtime.ExitError reason, and the function recovers")
    func exitCrash() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try pythonFunction("quits", in: scratch, source: """
            import sys
            def handler(event, context):
                if event.get("quit"):
                    print("about to quit")
                    sys.exit(1)
                return "alive"
            """)
        try await withRuntime([function]) { runtime in
            let result = await runtime.invoke(function: "quits", payload: json(["quit": true]), timeout: .seconds(20))
            #expect(result.outcome == .crashed("Runtime exited with error: exit status 1"))
            let id = RequestIDs.make(.sequential, function: "quits", sequence: 1)
            #expect(result.logs == [
                "START RequestId: \(id) Version: $LATEST",
                "about to quit",
                "RequestId: \(id) Error: Runtime exited with error: exit status 1",
                "Runtime.ExitError",
                "END RequestId: \(id)",
                "REPORT RequestId: \(id)\tMemory Size: 128 MB\tStatus: error\tError Type: Runtime.ExitError",
            ])
            let next = await runtime.invoke(function: "quits", payload: json([:]), timeout: .seconds(20))
            #expect(next.successText == "\"alive\"")
        }
    }

    @Test("what a handler prints comes back as its invocation's log lines between START, END and REPORT")
    func logs() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try pythonFunction("chatty", in: scratch, source: """
            import sys
            print("loading the module")
            def handler(event, context):
                print("handling", event["n"])
                print("a warning", file=sys.stderr)
                sys.stdout.write("no newline at the end")
                return event["n"]
            """)
        try await withRuntime([function]) { runtime in
            let first = await runtime.invoke(function: "chatty", payload: json(["n": 1]), timeout: .seconds(20))
            let one = RequestIDs.make(.sequential, function: "chatty", sequence: 1)
            #expect(first.logs == [
                "loading the module",
                "START RequestId: \(one) Version: $LATEST",
                "handling 1",
                "a warning",
                "no newline at the end",
                "END RequestId: \(one)",
                "REPORT RequestId: \(one)\tMemory Size: 128 MB",
            ])
            let second = await runtime.invoke(function: "chatty", payload: json(["n": 2]), timeout: .seconds(20))
            let two = RequestIDs.make(.sequential, function: "chatty", sequence: 2)
            #expect(second.logs == [
                "START RequestId: \(two) Version: $LATEST",
                "handling 2",
                "a warning",
                "no newline at the end",
                "END RequestId: \(two)",
                "REPORT RequestId: \(two)\tMemory Size: 128 MB",
            ])
        }
    }

    @Test("the measured REPORT line carries Lambda's durations and memory")
    func measuredReport() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try pythonFunction("measured", in: scratch, source: "def handler(event, context):\n    return 1\n")
        try await withRuntime([function], options: LambdaRuntimeOptions(report: .measured)) { runtime in
            let cold = await runtime.invoke(function: "measured", payload: json([:]), timeout: .seconds(20))
            let report = try #require(cold.logs.last)
            let pattern = #/^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms$/#
            #expect(report.wholeMatch(of: pattern) != nil, "\(report)")
            let warm = await runtime.invoke(function: "measured", payload: json([:]), timeout: .seconds(20))
            #expect(warm.logs.last?.contains("Init Duration") == false)
        }
    }

    @Test("one warm process serves consecutive and concurrent invocations, in turn")
    func warmReuse() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try pythonFunction("warm", in: scratch, source: """
            import os, time
            calls = 0
            def handler(event, context):
                global calls
                calls += 1
                time.sleep(event.get("sleep", 0))
                return {"pid": os.getpid(), "calls": calls}
            """)
        try await withRuntime([function]) { runtime in
            let first = try #require(await runtime.invoke(function: "warm", payload: json([:]), timeout: .seconds(20)).successJSON)
            let second = try #require(await runtime.invoke(function: "warm", payload: json([:]), timeout: .seconds(20)).successJSON)
            #expect(first["pid"] as? Int == second["pid"] as? Int)
            #expect(second["calls"] as? Int == 2)
            let pid = try #require(await runtime.processID(of: "warm"))
            #expect(first["pid"] as? Int == Int(pid))

            let payload = json(["sleep": 0.1])
            let results = await withTaskGroup(of: FunctionInvocation.self) { group in
                for _ in 0..<3 {
                    group.addTask { await runtime.invoke(function: "warm", payload: payload, timeout: .seconds(20)) }
                }
                var all: [FunctionInvocation] = []
                for await result in group { all.append(result) }
                return all
            }
            #expect(results.count == 3)
            #expect(results.allSatisfy { $0.successJSON?["pid"] as? Int == Int(pid) })
            #expect(Set(results.compactMap { $0.successJSON?["calls"] as? Int }) == [3, 4, 5])
        }
    }

    @Test("a handler module that cannot be imported gives Runtime.ImportModuleError as Lambda reports it")
    func importError() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("broken/app.py", "def handler(event, context):\n    return 1\n")
        let function = FunctionDefinition(name: "broken", runtime: .python(handler: "missing.handler", codeDirectory: scratch.path + "/broken"))
        try await withRuntime([function]) { runtime in
            let result = await runtime.invoke(function: "broken", payload: json([:]), timeout: .seconds(20))
            let error = try #require(result.errorJSON, "\(result)")
            #expect(error.type == "Runtime.ImportModuleError")
            #expect(error.object["errorMessage"] as? String == "Unable to import module 'missing': No module named 'missing'")
            #expect(error.object["errorType"] as? String == "Runtime.ImportModuleError")
            #expect(error.object["stackTrace"] as? [String] == [])
            #expect(result.logs.first == "[ERROR] Runtime.ImportModuleError: Unable to import module 'missing': No module named 'missing'")
            // Init is tried again on the next invocation, as Lambda does.
            let again = await runtime.invoke(function: "broken", payload: json([:]), timeout: .seconds(20))
            #expect(again.errorJSON?.type == "Runtime.ImportModuleError")
        }
    }

    @Test("a handler name missing from its module gives Runtime.HandlerNotFound")
    func handlerNotFound() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("nohandler/app.py", "x = 1\n")
        let function = FunctionDefinition(name: "nohandler", runtime: .python(handler: "app.main", codeDirectory: scratch.path + "/nohandler"))
        try await withRuntime([function]) { runtime in
            let result = await runtime.invoke(function: "nohandler", payload: json([:]), timeout: .seconds(20))
            let error = try #require(result.errorJSON, "\(result)")
            #expect(error.type == "Runtime.HandlerNotFound")
            #expect(error.object["errorMessage"] as? String == "Handler 'main' missing on module 'app'")
        }
    }

    @Test("a command runtime that implements the Runtime API itself runs as a function")
    func commandRuntime() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("custom/bootstrap.py", """
            import json, os, urllib.request
            api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
            while True:
                with urllib.request.urlopen(api + "next") as response:
                    request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
                    event = json.loads(response.read())
                print("custom runtime got", event["word"], flush=True)
                if event["word"] == "fail":
                    body, path = json.dumps({"errorMessage": "no", "errorType": "Custom.Failure"}), "/error"
                    headers = {"Lambda-Runtime-Function-Error-Type": "Custom.Failure"}
                else:
                    body, path, headers = json.dumps({"upper": event["word"].upper(), "handler": os.environ["_HANDLER"]}), "/response", {}
                urllib.request.urlopen(urllib.request.Request(api + request_id + path, data=body.encode(), headers=headers, method="POST")).read()
            """)
        let function = FunctionDefinition(name: "custom",
                                          runtime: .command(["python3", "bootstrap.py"], workingDirectory: scratch.path + "/custom", handler: "function.handler"))
        try await withRuntime([function]) { runtime in
            let result = await runtime.invoke(function: "custom", payload: json(["word": "portico"]), timeout: .seconds(20))
            #expect(result.successJSON?["upper"] as? String == "PORTICO")
            #expect(result.successJSON?["handler"] as? String == "function.handler")
            #expect(result.logs.contains("custom runtime got portico"))
            let failed = await runtime.invoke(function: "custom", payload: json(["word": "fail"]), timeout: .seconds(20))
            #expect(failed.errorJSON?.type == "Custom.Failure")
            #expect(failed.errorJSON?.object["errorMessage"] as? String == "no")
        }
    }

    @Test("a command that cannot start gives .crashed, an unknown function .unknownFunction")
    func missingThings() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = FunctionDefinition(name: "ghost", runtime: .command(["./does-not-exist"], workingDirectory: scratch.path))
        try await withRuntime([function]) { runtime in
            let unknown = await runtime.invoke(function: "nobody", payload: [], timeout: .seconds(1))
            #expect(unknown.outcome == .unknownFunction)
            let ghost = await runtime.invoke(function: "ghost", payload: json([:]), timeout: .seconds(5))
            guard case .crashed(let reason) = ghost.outcome else {
                Issue.record("expected .crashed, got \(ghost.outcome)")
                return
            }
            #expect(reason.contains("exit status 127") || reason.contains("does-not-exist"), "\(reason)")
        }
    }

    @Test("an event over Lambda's 6 MB synchronous limit is refused before it reaches the function")
    func payloadLimit() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try pythonFunction("big", in: scratch, source: "def handler(event, context):\n    return 'x' * event\n")
        try await withRuntime([function]) { runtime in
            let tooBig = await runtime.invoke(function: "big", payload: [UInt8](repeating: 0x20, count: 6_291_457), timeout: .seconds(20))
            #expect(tooBig.outcome == .crashed("RequestEntityTooLargeException: Request must be smaller than 6291456 bytes for the InvokeFunction operation"))
            // A response over the limit is Lambda's Function.ResponseSizeTooLarge error.
            let hugeAnswer = await runtime.invoke(function: "big", payload: Array("6300000".utf8), timeout: .seconds(20))
            #expect(hugeAnswer.errorJSON?.type == "Function.ResponseSizeTooLarge")
            #expect(hugeAnswer.errorJSON?.object["errorMessage"] as? String
                    == "Response payload size exceeded maximum allowed payload size (6291556 bytes).")
            let small = await runtime.invoke(function: "big", payload: Array("3".utf8), timeout: .seconds(20))
            #expect(small.successText == "\"xxx\"")
        }
    }

    @Test("shutdown stops every process and later invocations fail cleanly")
    func shutdown() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let a = try pythonFunction("a", in: scratch, source: "import os\ndef handler(event, context):\n    return os.getpid()\n")
        let b = try pythonFunction("b", in: scratch, source: "import os, signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ndef handler(event, context):\n    return os.getpid()\n")
        let runtime = LambdaRuntime(functions: [a, b], options: LambdaRuntimeOptions(terminationGrace: .milliseconds(300)))
        let pidA = Int32(await runtime.invoke(function: "a", payload: json([:]), timeout: .seconds(20)).successText ?? "")
        let pidB = Int32(await runtime.invoke(function: "b", payload: json([:]), timeout: .seconds(20)).successText ?? "")
        await runtime.shutdown()
        let first = try #require(pidA), second = try #require(pidB)
        #expect(await waitUntilGone(first))
        #expect(await waitUntilGone(second))          // SIGTERM ignored: SIGKILL after the grace period
        let late = await runtime.invoke(function: "a", payload: json([:]), timeout: .seconds(1))
        #expect(late.outcome == .crashed("the Lambda runtime has been shut down"))
    }
}
