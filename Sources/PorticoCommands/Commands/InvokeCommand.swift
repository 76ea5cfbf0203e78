import ArgumentParser
import Foundation

struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Send one request through the simulated gateway and print the transcript.",
        discussion: """
        PATH-OR-URL is a path relative to the stage's base URL (/items/42?full=true), or an \
        execute-api URL (https://API_ID.execute-api.us-east-1.amazonaws.com/STAGE/items/42), \
        which picks the API and stage as a real client would.
        """)

    @Option(name: .long, help: "The project folder, which holds Content/.")
    var project: String = "."

    @Option(name: .long, help: "The API's name in portico.yml (optional when the project has one API).")
    var api: String?

    @Option(name: .long, help: "The stage (optional when the API has one stage).")
    var stage: String?

    @Option(name: .customShort("X"), help: "The HTTP method.")
    var method: String = "GET"

    @Option(name: .customShort("H"), help: "A request header, 'Name: value'; repeatable.")
    var header: [String] = []

    @Option(name: .customShort("d"), help: "The request body; @FILE reads it from a file.")
    var data: String?

    @Option(name: .long, help: "The name of an API key of the project (apiKeys in portico.yml), sent as X-API-Key.")
    var key: String?

    @Option(name: .customLong("as"), help: "An identity of the project (identities in portico.yml) to send the request as: an IAM user signs it, a user pool's user (POOL/USER) sends its token.")
    var caller: String?

    @Flag(name: .long, help: "Send the request to the stage's canary release (canarySettings), not drawn at random.")
    var canary = false

    @Flag(name: .customLong("main"), help: "Send the request to the stage's production release, never the canary.")
    var mainRelease = false

    @Option(name: .long, help: "text or json.")
    var format: String = "text"

    @Option(name: .long, help: "A SAM or CloudFormation template to read (relative to PROJECT), instead of template.yaml/yml/json or portico.yml's templates.")
    var template: String?

    @Flag(name: .long, help: "Also print the CloudWatch metrics the request was counted in, in Prometheus's text format (JSON: a \"metrics\" string).")
    var metrics = false

    @Argument(help: "The path (relative to the stage) or the execute-api URL.")
    var pathOrURL: String

    func validate() throws {
        guard !(canary && mainRelease) else {
            throw ValidationError("--canary and --main pick one release each; give one of them")
        }
        guard InvokeAction.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be text or json")
        }
        guard method.allSatisfy({ $0.isLetter }) && !method.isEmpty else {
            throw ValidationError("-X must be an HTTP method such as GET or POST")
        }
    }

    func run() async throws {
        var body = data
        if let data, data.hasPrefix("@") {
            let path = String(data.dropFirst())
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read the body file '\(path)'")
            }
            body = String(decoding: contents, as: UTF8.self)
        }
        var action = InvokeAction(projectRoot: project, api: api, stage: stage, method: method, headers: header, body: body,
                                  format: InvokeAction.Format(rawValue: format) ?? .text, target: pathOrURL, apiKey: key, caller: caller,
                                  channel: canary ? .canary : (mainRelease ? .main : nil))
        action.template = template
        action.printsMetrics = metrics
        try finish(await action.run(console: .standard))
    }
}
