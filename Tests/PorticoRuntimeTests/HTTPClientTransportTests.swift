import Foundation
import PorticoGateway
@testable import PorticoRuntime
import Testing

/// A Python `http.server` the test starts on a free loopback port: it answers with headers in
/// a known order and casing, echoes requests, redirects, stalls and sends oversized bodies.
let testServerSource = #"""
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def send(self, status, headers, body):
        self.send_response_only(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        if self.path == "/hello":
            self.send(201, [("X-First", "1"), ("x-second", "2"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")], b"hello")
        elif self.path == "/redirect":
            self.send(302, [("Location", "/hello")], b"")
        elif self.path == "/slow":
            time.sleep(3)
            self.send(200, [], b"late")
        elif self.path == "/big":
            self.send(200, [], b"x" * (10 * 1024 * 1024 + 1))
        elif self.path == "/health":
            self.send(204, [], b"")
        else:
            self.send(404, [], b"not found")
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode()
        answer = json.dumps({"method": self.command, "path": self.path, "body": body,
                             "headers": [[k, v] for k, v in self.headers.items()]}).encode()
        self.send(200, [("Content-Type", "application/json")], answer)

port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""#

/// Starts the test server on a port it picks itself and returns its base URL.
func startTestServer(in scratch: Scratch) async throws -> (process: ChildProcess, url: String) {
    let script = try scratch.write("server.py", testServerSource)
    let process = try ChildProcess.spawn(arguments: ["python3", script], environment: ProcessInfo.processInfo.environment,
                                         workingDirectory: scratch.path)
    let deadline = ContinuousClock.now.advanced(by: .seconds(15))
    var seen: [String] = []
    while ContinuousClock.now < deadline {
        seen += process.takeLines()
        if let port = seen.lazy.compactMap({ Int($0) }).first { return (process, "http://127.0.0.1:\(port)") }
        if process.termination != nil { break }
        try await Task.sleep(for: .milliseconds(20))
    }
    await process.terminate(grace: .milliseconds(200))
    throw TestFailure("the test server did not start: \(seen)")
}

@Suite("HTTP transport", .serialized, .timeLimit(.minutes(2)))
struct HTTPClientTransportTests {
    /// Runs `body` with a transport and a test server, both stopped afterwards.
    func withServer(_ body: (HTTPClientTransport, String) async throws -> Void) async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (server, url) = try await startTestServer(in: scratch)
        let transport = HTTPClientTransport()
        do {
            try await body(transport, url)
        } catch {
            await transport.shutdown()
            await server.terminate(grace: .milliseconds(500))
            throw error
        }
        await transport.shutdown()
        await server.terminate(grace: .milliseconds(500))
    }

    @Test("status, headers (names as sent, in order, repeated ones kept) and body come back as the backend sent them")
    func response() async throws {
        try await withServer { transport, url in
            let result = await transport.send(OutboundHTTPRequest(method: "GET", url: url + "/hello"), timeout: .seconds(5))
            guard case .response(let status, let headers, let body) = result else {
                Issue.record("expected a response, got \(result)")
                return
            }
            #expect(status == 201)
            #expect(String(decoding: body, as: UTF8.self) == "hello")
            let ours = headers.filter { ["X-First", "x-second", "Set-Cookie", "Content-Length"].contains($0.name) }
            #expect(ours == [HTTPHeader("X-First", "1"), HTTPHeader("x-second", "2"), HTTPHeader("Set-Cookie", "a=1"),
                             HTTPHeader("Set-Cookie", "b=2"), HTTPHeader("Content-Length", "5")])
        }
    }

    @Test("the method, headers and body reach the backend")
    func request() async throws {
        try await withServer { transport, url in
            let request = OutboundHTTPRequest(method: "POST", url: url + "/orders?id=7",
                                              headers: [HTTPHeader("X-Amzn-Trace-Id", "Root=1-abc"), HTTPHeader("Content-Type", "application/json"),
                                                        HTTPHeader("Content-Length", "999")],
                                              body: Array(#"{"a":1}"#.utf8))
            let result = await transport.send(request, timeout: .seconds(5))
            guard case .response(200, _, let body) = result,
                  let echo = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                Issue.record("unexpected \(result)")
                return
            }
            #expect(echo["method"] as? String == "POST")
            #expect(echo["path"] as? String == "/orders?id=7")
            #expect(echo["body"] as? String == #"{"a":1}"#)
            let headers = (echo["headers"] as? [[String]] ?? []).map { HTTPHeader($0[0], $0[1]) }
            #expect(headers.value(for: "X-Amzn-Trace-Id") == "Root=1-abc")
            #expect(headers.value(for: "Content-Length") == "7")        // the real length, not the stale one
        }
    }

    @Test("a redirect is returned, not followed, as API Gateway does")
    func redirect() async throws {
        try await withServer { transport, url in
            let result = await transport.send(OutboundHTTPRequest(method: "GET", url: url + "/redirect"), timeout: .seconds(5))
            guard case .response(let status, let headers, _) = result else {
                Issue.record("expected a response, got \(result)")
                return
            }
            #expect(status == 302)
            #expect(headers.value(for: "Location") == "/hello")
        }
    }

    @Test("a backend slower than the timeout gives .timeout within the timeout")
    func timeout() async throws {
        try await withServer { transport, url in
            let started = ContinuousClock.now
            let result = await transport.send(OutboundHTTPRequest(method: "GET", url: url + "/slow"), timeout: .milliseconds(300))
            #expect(result == .timeout)
            #expect(started.duration(to: .now) < .seconds(2))
        }
    }

    @Test("a body over 10 MB fails instead of being read")
    func bigBody() async throws {
        try await withServer { transport, url in
            let result = await transport.send(OutboundHTTPRequest(method: "GET", url: url + "/big"), timeout: .seconds(10))
            #expect(result == .failed("the response body is larger than 10485760 bytes"))
        }
    }

    @Test("a refused connection fails with a reason")
    func refused() async throws {
        let transport = HTTPClientTransport()
        let port = try freePort()
        let started = ContinuousClock.now
        let result = await transport.send(OutboundHTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/"), timeout: .seconds(5))
        await transport.shutdown()
        #expect(started.duration(to: .now) < .seconds(2))             // not retried until the timeout
        guard case .failed(let reason) = result else {
            Issue.record("expected .failed, got \(result)")
            return
        }
        #expect(reason.contains("127.0.0.1:\(port)"))
        #expect(reason.lowercased().contains("refused"), "\(reason)")
    }
}

@Suite("Backend supervisor", .serialized, .timeLimit(.minutes(2)))
struct BackendSupervisorTests {
    @Test("a backend is started, answers once ready, and is stopped by shutdown")
    func lifecycle() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("server.py", testServerSource)
        let port = try freePort()
        let supervisor = BackendSupervisor(readinessTimeout: .seconds(15))
        let backend = BackendDefinition(name: "service1", command: ["python3", "server.py", String(port)],
                                        workingDirectory: scratch.path, url: "http://127.0.0.1:\(port)", readinessPath: "/health")
        do {
            try await supervisor.start(backend)
        } catch {
            await supervisor.shutdown()
            throw error
        }
        let pid = await supervisor.processID(of: "service1")
        let transport = HTTPClientTransport()
        let result = await transport.send(OutboundHTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/hello"), timeout: .seconds(5))
        await transport.shutdown()
        await supervisor.shutdown()
        guard case .response(201, _, _) = result else {
            Issue.record("expected 201, got \(result)")
            return
        }
        let started = try #require(pid)
        #expect(await waitUntilGone(started))
    }

    @Test("reconcile restarts a backend whose code changed, starts new ones, stops removed ones, keeps the rest")
    func reconcile() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("server.py", testServerSource)
        let (firstPort, secondPort) = (try freePort(), try freePort())
        let supervisor = BackendSupervisor(readinessTimeout: .seconds(15), terminationGrace: .milliseconds(500))
        func backend(_ name: String, _ port: Int) -> BackendDefinition {
            BackendDefinition(name: name, command: ["python3", "server.py", String(port)], workingDirectory: scratch.path,
                              url: "http://127.0.0.1:\(port)", readinessPath: "/health")
        }
        let first = backend("first", firstPort), second = backend("second", secondPort)
        #expect(await supervisor.reconcile([first]) == [])
        let firstPID = try #require(await supervisor.processID(of: "first"))

        // Nothing changed: nothing restarts.
        #expect(await supervisor.reconcile([first]) == [])
        #expect(await supervisor.processID(of: "first") == firstPID)

        // first's code changed and second is new: first restarts, second starts.
        #expect(await supervisor.reconcile([first, second], restarting: ["first"]) == [])
        let restartedPID = try #require(await supervisor.processID(of: "first"))
        #expect(restartedPID != firstPID)
        #expect(await waitUntilGone(firstPID))
        let secondPID = try #require(await supervisor.processID(of: "second"))

        // second removed from the project: stopped; first untouched.
        #expect(await supervisor.reconcile([first]) == [])
        #expect(await supervisor.processID(of: "second") == nil)
        #expect(await waitUntilGone(secondPID))
        #expect(await supervisor.processID(of: "first") == restartedPID)

        // A backend whose new code cannot start is reported; the others keep running.
        try scratch.write("crash.py", "raise SystemExit(4)\n")
        let broken = BackendDefinition(name: "broken", command: ["python3", "crash.py"], workingDirectory: scratch.path,
                                       url: "http://127.0.0.1:\(secondPort)")
        let failures = await supervisor.reconcile([first, broken])
        #expect(failures.map(\.backend) == ["broken"])
        #expect(failures.first?.reason == "it ended (exit status 4) before answering at http://127.0.0.1:\(secondPort)/")
        #expect(await supervisor.processID(of: "first") == restartedPID)
        await supervisor.shutdown()
        #expect(await waitUntilGone(restartedPID))
    }

    @Test("a backend that exits before it is ready is reported with what it printed")
    func exitsEarly() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("crash.py", "import sys\nprint('cannot open config.yml', file=sys.stderr)\nsys.exit(3)\n")
        let port = try freePort()
        let supervisor = BackendSupervisor(readinessTimeout: .seconds(15))
        let backend = BackendDefinition(name: "broken", command: ["python3", "crash.py"], workingDirectory: scratch.path,
                                        url: "http://127.0.0.1:\(port)")
        await #expect(throws: BackendStartError(backend: "broken",
                                                 reason: "it ended (exit status 3) before answering at http://127.0.0.1:\(port)/",
                                                 output: ["cannot open config.yml"])) {
            try await supervisor.start(backend)
        }
        await supervisor.shutdown()
    }

    @Test("a backend that never answers is stopped after the readiness timeout")
    func neverReady() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("mute.py", "import os, time\nprint(os.getpid(), flush=True)\ntime.sleep(60)\n")
        let port = try freePort()
        let supervisor = BackendSupervisor(readinessTimeout: .seconds(3), terminationGrace: .milliseconds(300))
        let backend = BackendDefinition(name: "mute", command: ["python3", "mute.py"], workingDirectory: scratch.path,
                                        url: "http://127.0.0.1:\(port)")
        var caught: BackendStartError?
        do {
            try await supervisor.start(backend)
        } catch let error as BackendStartError {
            caught = error
        }
        await supervisor.shutdown()
        let error = try #require(caught)
        #expect(error.reason == "it did not answer at http://127.0.0.1:\(port)/ within 3.0 seconds")
        let pid = try #require(error.output.first.flatMap { Int32($0) })
        #expect(await waitUntilGone(pid))
    }
}
