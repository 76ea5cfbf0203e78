import ArgumentParser
import PorticoGateway
import PorticoServer

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build PROJECT/Content into a static site (PROJECT/Site by default).")

    @Argument(help: "The project folder, which holds Content/.")
    var project: String = "."

    @Option(name: .long, help: "Where to write the site.")
    var output: String?

    @Option(name: .long, help: "A SAM or CloudFormation template to read (relative to PROJECT), instead of template.yaml/yml/json or portico.yml's templates.")
    var template: String?

    @Flag(name: .long, help: "Fail when an example's answer drifts from its documented method response.")
    var strict = false

    func run() async throws {
        try finish(await BuildAction(projectRoot: project, outputDirectory: output, strict: strict, template: template).run(console: .standard))
    }
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the project and run every example; non-zero on any error.")

    @Argument(help: "The project folder, which holds Content/.")
    var project: String = "."

    @Flag(name: .long, help: "Fail when an example's answer drifts from its documented method response.")
    var strict = false

    @Option(name: .long, help: "A SAM or CloudFormation template to read (relative to PROJECT), instead of template.yaml/yml/json or portico.yml's templates.")
    var template: String?

    func run() async throws {
        try finish(await CheckAction(projectRoot: project, strict: strict, template: template).run(console: .standard))
    }
}

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new project that builds and serves as it is.")

    @Argument(help: "The folder to create the project in.")
    var directory: String = "."

    @Option(name: .long, help: "A SAM or CloudFormation template the project documents (portico.yml names it under 'templates').")
    var from: String?

    func run() async throws {
        try finish(InitAction(directory: directory, template: from).run(console: .standard))
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build the site and serve it, with try-it, until Ctrl-C.")

    @Argument(help: "The project folder, which holds Content/.")
    var project: String = "."

    @Option(name: .long, help: "The address to bind; 127.0.0.1 keeps the server private to this machine.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Flag(name: .long, help: "Do not rebuild when Content/ changes.")
    var noWatch: Bool = false

    @Flag(name: .long, help: ArgumentHelp(
        "Also serve the custom domains of portico.yml over HTTPS, each with its securityPolicy.",
        discussion: "Certificates come from a certificate authority made for the project in PROJECT/.portico/tls/ (ca.pem is the one to trust)."))
    var tls: Bool = false

    @Option(name: .long, help: "The port of the HTTPS listener with --tls, 8443 unless given (0 picks a free one).")
    var tlsPort: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Seconds without a data frame after which a WebSocket connection is closed (1001 Going away); API Gateway's 600 unless given.",
        discussion: "AWS does not let an API change it; a shorter one lets a test or a reader watch it act.", valueName: "seconds"))
    var websocketIdleTimeout: Double?

    @Option(name: .long, help: ArgumentHelp(
        "Seconds after which any WebSocket connection is closed (1001 Going away); API Gateway's 7200 unless given.", valueName: "seconds"))
    var websocketMaxDuration: Double?

    @Option(name: .long, help: "A SAM or CloudFormation template to read (relative to PROJECT), instead of template.yaml/yml/json or portico.yml's templates.")
    var template: String?

    @Option(name: .long, help: ArgumentHelp(
        "Where stages with accessLogSettings write their access logs: a folder (a file per stage, {api}/{stage}.log) or - for standard output.",
        discussion: "PROJECT/.portico/logs/ unless given."))
    var accessLog: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let tlsPort {
            guard tls else { throw ValidationError("--tls-port applies to --tls; add --tls") }
            guard (0...65535).contains(tlsPort) else { throw ValidationError("--tls-port must be between 0 and 65535") }
        }
        for (name, seconds) in [("--websocket-idle-timeout", websocketIdleTimeout), ("--websocket-max-duration", websocketMaxDuration)] {
            // Longer than AWS's would let a connection live where API Gateway's would not.
            if let seconds, !(seconds > 0 && seconds <= (name == "--websocket-idle-timeout" ? 600 : 7_200)) {
                throw ValidationError("\(name) must be more than 0 and at most API Gateway's \(name == "--websocket-idle-timeout" ? 600 : 7_200) seconds")
            }
        }
    }

    func run() async throws {
        var limits = WebSocketLimits.aws
        if let websocketIdleTimeout { limits.idleTimeout = .milliseconds(Int64(websocketIdleTimeout * 1000)) }
        if let websocketMaxDuration { limits.maximumDuration = .milliseconds(Int64(websocketMaxDuration * 1000)) }
        var action = ServeAction(projectRoot: project, host: host, port: port, watch: !noWatch, tlsPort: tls ? tlsPort ?? 8443 : nil,
                                 webSocketLimits: limits)
        action.template = template
        action.accessLog = accessLog.map { $0 == "-" ? .standardOutput : .directory($0) }
        try finish(await action.run(console: .standard))
    }
}
