import Foundation
import TestSupport
import Testing

/// The real binary on fixture projects: files written, JSON printed, exit statuses.
@Suite("portico end to end", .serialized)
struct EndToEndTests {
    @Test("invoke --format json prints the contract's object for a MOCK request")
    func invokeJSON() throws {
        let output = try PorticoBinary.run(["invoke", "--project", fixtureURL("minimal").path, "--api", "orders", "--stage", "prod",
                                            "-H", "Accept: application/json", "--format", "json", "/items/42"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let request = try #require(object["request"] as? [String: Any])
        #expect(request["method"] as? String == "GET")
        #expect(request["path"] as? String == "/items/42")
        #expect(request["headers"] as? [String: String] == ["Accept": "application/json"])
        let response = try #require(object["response"] as? [String: Any])
        #expect(response["status"] as? Int == 200)
        #expect(response["body"] as? String == "{\"id\": 42, \"name\": \"Widget\", \"price\": 9.5, \"currency\": \"EUR\"}\n")
        #expect(response["isBase64Encoded"] as? Bool == false)
        let headers = try #require(response["headers"] as? [String: String])
        #expect(headers["Content-Type"] == "application/json")
        #expect(headers["x-amzn-RequestId"]?.count == 36)
        let trace = try #require(object["trace"] as? [[String: Any]])
        #expect(trace.map { $0["stage"] as? String } == [
            "endpoint", "limits", "routing", "cors", "resource-policy", "authorization", "api-key", "throttling",
            "validation", "cache", "integration-request", "integration", "integration-response", "cache", "gateway-response", "observability",
        ])
        let integration = try #require(object["integrationRequest"] as? [String: Any])
        #expect(integration["type"] as? String == "MOCK")
        #expect(integration["body"] as? String == "{\"statusCode\": 200}")
    }

    @Test("invoke picks the API and stage from an execute-api URL")
    func invokeURL() throws {
        let text = try PorticoBinary.run(["invoke", "--project", fixtureURL("minimal").path, "--format", "json", "/health"])
        let host = try #require((try JSONSerialization.jsonObject(with: Data(text.stdout.utf8)) as? [String: Any])?["trace"] as? [[String: Any]])
            .first.flatMap { ($0["detail"] as? String)?.split(separator: " ").last.map(String.init)?.dropLast() }
        let url = "https://\(try #require(host))/prod/items/7"
        let output = try PorticoBinary.run(["invoke", "--project", fixtureURL("minimal").path, url])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("GET /items/7 HTTP/1.1\n"))
        #expect(output.stdout.contains("\nHTTP/1.1 200 OK\n"))
    }

    // As README.md says: a full URL picks the API and stage as a real client would, custom domain names
    // included; a path no base path mapping covers is API Gateway's 403 Forbidden, printed as the answer.
    @Test("invoke picks the API and stage from a custom domain URL by its base path mapping")
    func invokeCustomDomainURL() throws {
        let project = fixtureURL("minimal").path
        let output = try PorticoBinary.run(["invoke", "--project", project, "--format", "json", "https://docs.example.com/shop/items/7?x=1"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect((object["request"] as? [String: Any])?["path"] as? String == "/items/7?x=1")
        #expect((object["response"] as? [String: Any])?["status"] as? Int == 200)
        let unmapped = try PorticoBinary.run(["invoke", "--project", project, "https://docs.example.com/other/items/7"])
        #expect(unmapped.status == 0, "\(unmapped.stderr)")
        #expect(unmapped.stdout.contains("\nHTTP/1.1 403 Forbidden\n"))
        #expect(unmapped.stdout.contains(#"{"message":"Forbidden"}"#))
        #expect(unmapped.stdout.contains("no base path mapping of 'docs.example.com' matches /other/items/7"))
    }

    @Test("build writes the pages and the stylesheet, and two builds are byte-identical")
    func buildIsDeterministic() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let first = try PorticoBinary.run(["build", fixtureURL("minimal").path, "--output", temp.url.appendingPathComponent("a").path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("(1 example request executed)"))
        let second = try PorticoBinary.run(["build", fixtureURL("minimal").path, "--output", temp.url.appendingPathComponent("b").path])
        #expect(second.status == 0)
        let files = try FileManager.default.subpathsOfDirectory(atPath: temp.url.appendingPathComponent("a").path).sorted()
        #expect(files.contains("index.html"))
        #expect(files.contains("assets/portico.css"))
        for file in files {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: temp.url.appendingPathComponent("a/\(file)").path, isDirectory: &isDirectory)
            if isDirectory.boolValue { continue }
            let a = try Data(contentsOf: temp.url.appendingPathComponent("a/\(file)"))
            let b = try Data(contentsOf: temp.url.appendingPathComponent("b/\(file)"))
            #expect(a == b, "\(file) differs between two builds")
        }
        let page = try String(contentsOf: temp.url.appendingPathComponent("a/index.html"), encoding: .utf8)
        #expect(page.contains(" class=\"example\" data-api=\"orders\" data-stage=\"prod\""))
        // The response body of the executed example, whatever markup highlights it.
        #expect(page.replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression).contains("&quot;ok&quot;"))
    }

    @Test("check fails with located errors when an expectation no longer holds, and build writes nothing")
    func checkFails() throws {
        let output = try PorticoBinary.run(["check", fixtureURL("failing").path])
        #expect(output.status == 1)
        let index = fixtureURL("failing").path + "/Content/index.md"
        #expect(output.stderr.contains("\(index):5:1: error: expected status 200 but GET /nothing answered 403 [example.expectation]"))
        #expect(output.stderr.contains("\(index):9:1: error: no API named 'ordrs'; did you mean 'orders'? [example.api]"))
        #expect(output.stderr.contains("2 errors."))

        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let site = temp.url.appendingPathComponent("Site")
        let build = try PorticoBinary.run(["build", fixtureURL("failing").path, "--output", site.path])
        #expect(build.status == 1)
        #expect(!FileManager.default.fileExists(atPath: site.path))
    }

    @Test("usage errors exit 2 and problems in the inputs exit 1", arguments: [
        (["invoke"], Int32(2)),
        (["build", "--no-such-flag"], Int32(2)),
        (["serve", "--port", "70000"], Int32(2)),
        (["serve", "--tls-port", "9443"], Int32(2)),
        (["serve", "--tls", "--tls-port", "70000"], Int32(2)),
        // The WebSocket timeouts shorten AWS's (600 s idle, 7,200 s in all), never lengthen them.
        (["serve", "--websocket-idle-timeout", "0"], Int32(2)),
        (["serve", "--websocket-idle-timeout", "601"], Int32(2)),
        (["serve", "--websocket-max-duration", "7201"], Int32(2)),
        (["invoke", "--project", "/nonexistent-portico", "/x"], Int32(1)),
        (["check", "/nonexistent-portico"], Int32(1)),
    ])
    func exitStatuses(arguments: [String], status: Int32) throws {
        #expect(try PorticoBinary.run(arguments).status == status)
    }

    @Test("--help works for every subcommand", arguments: ["build", "serve", "invoke", "token", "check", "init"])
    func help(subcommand: String) throws {
        let output = try PorticoBinary.run([subcommand, "--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("USAGE: portico \(subcommand)"))
    }

    @Test("init writes a project that builds and checks as it is, and refuses to overwrite it")
    func initProject() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let project = temp.url.appendingPathComponent("docs").path
        #expect(try PorticoBinary.run(["init", project]).status == 0)
        // .portico/ holds a project's private signing keys: kept out of the repository.
        #expect(try String(contentsOfFile: project + "/.gitignore", encoding: .utf8)
                == "# Portico's own files: the private signing keys of the project's user pools.\n.portico/\n")
        let check = try PorticoBinary.run(["check", project])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.hasPrefix("OK: "))
        #expect(check.stdout.hasSuffix(", 1 example request met their expectations.\n"))
        #expect(try PorticoBinary.run(["build", project]).status == 0)
        let page = try String(contentsOfFile: project + "/Site/index.html", encoding: .utf8)
        #expect(page.replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression).contains("Hello, world!&quot;"))
        #expect(try PorticoBinary.run(["init", project]).status == 1)
    }

    @Test("init into a folder with a .gitignore adds .portico/ to it once")
    func initKeepsGitignore() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        try temp.write([".gitignore": "build/"])
        #expect(try PorticoBinary.run(["init", temp.path]).status == 0)
        #expect(try String(contentsOfFile: temp.path + "/.gitignore", encoding: .utf8)
                == "build/\n# Portico's own files: the private signing keys of the project's user pools.\n.portico/\n")
    }

    @Test("build refuses an output folder that holds the project")
    func unsafeOutput() throws {
        let output = try PorticoBinary.run(["build", fixtureURL("minimal").path, "--output", fixtureURL("minimal").path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("refusing to write the site"))
    }
}
