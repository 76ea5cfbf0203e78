import Foundation
import PorticoGateway
@testable import PorticoRuntime
import Testing

/// boto3 for Python functions, as Lambda's Python runtimes include it (Lambda DG:
/// lambda-python): where Portico keeps it, when a function needs it, and what a function's
/// log says when it cannot be provided.
@Suite("Python SDK: boto3 for functions", .serialized)
struct PythonSDKTests {
    @Test("the folder: $PORTICO_PYTHON_SDK, else the XDG cache, else ~/.cache, one per interpreter name")
    func folder() {
        #expect(PythonSDK.defaultFolder(python: "python3", environment: ["PORTICO_PYTHON_SDK": "/opt/sdk", "HOME": "/home/a"]) == "/opt/sdk")
        #expect(PythonSDK.defaultFolder(python: "/usr/bin/python3.12", environment: ["XDG_CACHE_HOME": "/var/cache/a", "HOME": "/home/a"])
                == "/var/cache/a/portico/python-sdk/python3.12")
        #expect(PythonSDK.defaultFolder(python: "python3", environment: ["HOME": "/home/a"]) == "/home/a/.cache/portico/python-sdk/python3")
    }

    @Test("a function needs boto3 when any of its Python files names boto3 or botocore")
    func need() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("plain/app.py", "def handler(event, context):\n    return 1\n")
        try scratch.write("sdk/lib/store.py", "from botocore.config import Config\n")
        try scratch.write("sdk/app.py", "def handler(event, context):\n    return 1\n")
        #expect(!PythonSDK.isNeeded(byCodeIn: scratch.path + "/plain"))
        #expect(PythonSDK.isNeeded(byCodeIn: scratch.path + "/sdk"))
    }

    @Test("without pip (or offline) the function still runs, fails to import boto3 as Lambda reports it, and its log says why and what to do")
    func unavailable() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // An interpreter with neither boto3 nor pip: a venv made without pip.
        let venv = Process()
        venv.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        venv.arguments = ["python3", "-m", "venv", "--without-pip", scratch.path + "/venv"]
        try venv.run()
        venv.waitUntilExit()
        #expect(venv.terminationStatus == 0)
        let python = scratch.path + "/venv/bin/python3"
        let sdk = PythonSDK(folder: scratch.path + "/sdk", python: python)
        let note = "Portico: boto3 is not importable by \(python) and could not be installed from PyPI into \(scratch.path)/sdk "
            + "(\(python): No module named pip). Install it there with `\(python) -m pip install --target \(scratch.path)/sdk boto3` "
            + "(or `make test-deps`), or bundle it with the function."
        guard case .failure(let unavailable) = await sdk.ensure() else {
            Issue.record("boto3 was provided to an interpreter without pip")
            return
        }
        #expect(unavailable.description == note)

        let function = try pythonFunction("uses", in: scratch, source: "import boto3\n\ndef handler(event, context):\n    return boto3.__version__\n")
        let invocation = try await withRuntime([function], options: LambdaRuntimeOptions(python: python, pythonSDK: sdk)) { runtime in
            await runtime.invoke(function: "uses", payload: Array("{}".utf8), timeout: .seconds(10))
        }
        #expect(invocation.errorJSON?.type == "Runtime.ImportModuleError")
        #expect(invocation.errorJSON?.object["errorMessage"] as? String == "Unable to import module 'app': No module named 'boto3'")
        #expect(invocation.logs.first == note)
    }

    @Test("python3 imports boto3 with the default folder on its path (what `make test-deps` provides)")
    func present() async throws {
        guard case .success = await PythonSDK().ensure() else {
            Issue.record("boto3 is not available to python3: run `make test-deps`")
            return
        }
    }
}
