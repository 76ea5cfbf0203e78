import ArgumentParser

struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Manage the stage cache of a running 'portico serve'.",
        subcommands: [CacheFlushCommand.self])
}

struct CacheFlushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush",
        abstract: "Empty a stage's cache (and its canary's) in a running 'portico serve', as FlushStageCache does.")

    @Option(name: .long, help: "The API's name in portico.yml.")
    var api: String

    @Option(name: .long, help: "The stage whose cache to flush.")
    var stage: String

    @Option(name: .long, help: "The running server's address.")
    var url: String = "http://127.0.0.1:8080"

    func run() async throws {
        try finish(await CacheFlushAction(api: api, stage: stage, serverURL: url).run(console: .standard))
    }
}
