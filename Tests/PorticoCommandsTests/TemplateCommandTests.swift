import Foundation
import PorticoCommands
import PorticoGateway
import Synchronization
import Testing
import TestSupport

/// A folder with a SAM template and no Content/: `check`, `invoke` and `init --from` work on
/// the template as it is, running its Python and Node.js functions as real processes.
@Suite("Templates: zero configuration")
struct TemplateCommandTests {
    struct Run {
        var status: PorticoCommands.ExitStatus, out: String, err: String
    }

    static func console() -> (Console, @Sendable () -> (String, String)) {
        let output = Mutex<String>(""), errors = Mutex<String>("")
        let console = Console(out: { text in output.withLock { $0 += text } }, err: { text in errors.withLock { $0 += text } }, interactive: false)
        return (console, { (output.withLock { $0 }, errors.withLock { $0 }) })
    }

    static func invoke(_ path: String, api: String, stage: String, root: String = fixtureURL("sam-zero-config").path, template: String? = nil) async -> Run {
        let (console, read) = Self.console()
        var action = InvokeAction(projectRoot: root, api: api, stage: stage, method: "GET", headers: [], body: nil, format: .text,
                                  target: path, seed: 3, clock: FixedClock.siteBuild)
        action.template = template
        let status = await action.run(console: console)
        let (out, err) = read()
        return Run(status: status, out: out, err: err)
    }

    @Test("invoke runs the Python function of an implicit REST API on SAM's Prod stage")
    func pythonThroughRestAPI() async throws {
        let run = await Self.invoke("/hello/ann", api: "ServerlessRestApi", stage: "Prod")
        #expect(run.status == .success, "\(run.err)")
        #expect(run.out.contains("HTTP/1.1 200 OK\n"))
        #expect(run.out.contains("\n\n{\"message\": \"Hello, ann\"}\n"), "\(run.out)")
    }

    @Test("invoke runs the Node.js function of an implicit HTTP API's $default route and stage")
    func nodeThroughHTTPAPI() async throws {
        let run = await Self.invoke("/any/path?x=1", api: "ServerlessHttpApi", stage: "$default")
        #expect(run.status == .success, "\(run.err)")
        #expect(run.out.contains("HTTP/1.1 200 OK\n"))
        #expect(run.out.contains("\n\nHello from Node.js: GET /any/path\n"), "\(run.out)")
    }

    @Test("--template reads another template, with paths relative to it")
    func otherTemplate() async throws {
        let run = await Self.invoke("/bonjour/zoe", api: "ServerlessRestApi", stage: "Prod", template: "alternative/stack.yaml")
        #expect(run.status == .success, "\(run.err)")
        #expect(run.out.contains("\n\n{\"message\": \"Bonjour, zoe\"}\n"), "\(run.out)")
    }

    @Test("check passes on the template alone")
    func check() async throws {
        let (console, read) = Self.console()
        let status = await CheckAction(projectRoot: fixtureURL("sam-zero-config").path).run(console: console)
        let (out, err) = read()
        #expect(status == .success, "\(err)")
        #expect(out == "OK: 5 pages, 0 example requests met their expectations.\n")
        #expect(err == "")
    }

    @Test("init --from writes Content/ naming the template, and the project checks with its example")
    func initFromTemplate() async throws {
        let root = try copyFixture(fixtureURL("sam-zero-config"))
        defer { root.remove() }
        let (console, read) = Self.console()
        #expect(InitAction(directory: root.path, template: root.path + "/template.yaml").run(console: console) == .success)
        let projectFile = try String(contentsOfFile: root.path + "/Content/portico.yml", encoding: .utf8)
        #expect(projectFile.contains("\ntemplates: [template.yaml]\n"))
        // A note added beside it runs its example against the template's API.
        try root.write(["Content/hello.md": "# Hello\n\n```http example api=ServerlessRestApi stage=Prod expect=200\nGET /hello/bo\n```\n"])
        let status = await CheckAction(projectRoot: root.path).run(console: console)
        let (out, err) = read()
        #expect(status == .success, "\(err)")
        #expect(out.hasSuffix("OK: 7 pages, 1 example request met their expectations.\n"), "\(out)")
    }
}
