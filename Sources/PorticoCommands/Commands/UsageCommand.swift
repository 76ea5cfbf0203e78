import ArgumentParser

struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Print a usage plan's usage (AWS's GetUsage shape) from a running 'portico serve'.",
        discussion: """
        Each API key that made requests gets one [used, remaining] pair per UTC day from \
        --start-date to --end-date (both default to today): requests admitted that day, and \
        what was left of the key's quota at the day's end.
        """)

    @Option(name: .long, help: "The usage plan's name in portico.yml.")
    var plan: String

    @Option(name: .long, help: "The first day, yyyy-MM-dd (UTC).")
    var startDate: String?

    @Option(name: .long, help: "The last day, yyyy-MM-dd (UTC).")
    var endDate: String?

    @Option(name: .long, help: "The running server's address.")
    var url: String = "http://127.0.0.1:8080"

    func run() async throws {
        try finish(await UsageAction(plan: plan, startDate: startDate, endDate: endDate, serverURL: url).run(console: .standard))
    }
}
