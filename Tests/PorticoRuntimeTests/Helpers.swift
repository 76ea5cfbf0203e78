import Foundation
import Diagnostics
import PorticoGateway
import PorticoModel
@testable import PorticoRuntime
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A temporary folder the test writes its handlers and servers into, removed afterwards.
struct Scratch {
    let path: String

    init() throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/portico-runtime-test-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        path = String(cString: created)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` with a runtime over `functions`, and shuts it down (stopping every process)
/// whether the body passed, failed or threw.
func withRuntime<T>(_ functions: [PorticoRuntime.FunctionDefinition], options: LambdaRuntimeOptions = LambdaRuntimeOptions(),
                    _ body: (LambdaRuntime) async throws -> T) async throws -> T {
    let runtime = LambdaRuntime(functions: functions, options: options)
    do {
        let result = try await body(runtime)
        await runtime.shutdown()
        return result
    } catch {
        await runtime.shutdown()
        throw error
    }
}

/// A Python function whose code folder holds `app.py` with `source`.
func pythonFunction(_ name: String, in scratch: Scratch, source: String, timeout: Duration = .seconds(3),
                    environment: [String: String] = [:]) throws -> PorticoRuntime.FunctionDefinition {
    try scratch.write("\(name)/app.py", source)
    return FunctionDefinition(name: name, runtime: .python(handler: "app.handler", codeDirectory: scratch.path + "/" + name),
                              environment: environment, timeout: timeout)
}

extension FunctionInvocation {
    var successText: String? {
        if case .success(let payload) = outcome { return String(decoding: payload, as: UTF8.self) }
        return nil
    }

    var successJSON: [String: Any]? {
        guard case .success(let payload) = outcome else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any]
    }

    var errorJSON: (type: String?, object: [String: Any])? {
        guard case .functionError(let type, let payload) = outcome,
              let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] else { return nil }
        return (type, object)
    }
}

func json(_ object: Any) -> [UInt8] {
    Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
}

/// True while a process with this id exists (and is not a zombie we would reap).
func processExists(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    // A zombie still answers kill(0): read its state.
    if let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) {
        let fields = status.split(separator: ")").last?.split(separator: " ")
        return fields?.first != "Z"
    }
    return true
}

/// Waits (bounded) until the process is gone.
func waitUntilGone(_ pid: Int32, within limit: Duration = .seconds(5)) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: limit)
    while ContinuousClock.now < deadline {
        if !processExists(pid) { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return !processExists(pid)
}

/// A loopback port nobody listens on right now.
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestFailure("socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw TestFailure("bind failed") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A docs project written to a temporary folder, its `functions` (each `functions/NAME/app.py`
/// with `app.handler`) run as real Python processes, and a gateway over it: what the tests
/// of whole APIs with real functions share.
struct PythonGatewayProject {
    let root: TemporaryDirectory
    let runtime: LambdaRuntime
    let gateway: Gateway
    /// The loader's diagnostics, `severity: message`; a test expects none.
    let diagnostics: [String]

    /// - Parameter files: paths below the folder (`Content/portico.yml`, …) and their text.
    init(files: [String: String], functions: [String], clock: any GatewayClock = FixedClock.siteBuild,
         http: (any HTTPTransport)? = nil) throws {
        let root = try TemporaryDirectory()
        self.root = root
        try root.write(files)
        var engine = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &engine))
        diagnostics = engine.sorted.map { "\($0.severity): \($0.message)" }
        let definitions = functions.map { name in
            PorticoRuntime.FunctionDefinition(name: name, runtime: .python(handler: "app.handler", codeDirectory: root.path + "/Content/functions/\(name)"),
                                              timeout: .seconds(3))
        }
        runtime = LambdaRuntime(functions: definitions, options: LambdaRuntimeOptions())
        gateway = Gateway(project: project, clock: clock, services: GatewayServices(functions: runtime, http: http))
    }

    /// Runs `body` with `project` (which holds this one), then stops the functions and removes
    /// the folder, whether `body` throws or not.
    func run<Project>(_ project: Project, _ body: (Project) async throws -> Void) async throws {
        do {
            #expect(diagnostics == [])
            try await body(project)
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    func shutdown() async {
        await runtime.shutdown()
        root.remove()
    }
}
