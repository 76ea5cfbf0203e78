import ArgumentParser

struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Make a deployment of an API (a snapshot of its definition) and point a stage at it.",
        discussion: """
        Copies the API's definition beside it (apis/orders.openapi.yaml → \
        apis/orders.openapi.ID.yaml), declares it under the API's 'deployments' in \
        portico.yml and sets the stage's 'deploymentId', changing nothing else of the file. \
        The id is derived from the definition unless --id gives one; deploying an unchanged \
        definition again pins the same deployment.
        """)

    @Option(name: .long, help: "The project folder, which holds Content/.")
    var project: String = "."

    @Option(name: .long, help: "The API's name in portico.yml.")
    var api: String

    @Option(name: .long, help: "The stage to point at the new deployment.")
    var stage: String

    @Option(name: .long, help: "The deployment's id (letters and digits); derived from the definition when absent.")
    var id: String?

    @Option(name: .long, help: "A description of the deployment, kept in portico.yml.")
    var description: String?

    func run() throws {
        try finish(DeployAction(projectRoot: project, api: api, stage: stage, id: id, description: description).run(console: .standard))
    }
}
