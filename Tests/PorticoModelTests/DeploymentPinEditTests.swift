import PorticoModel
import Testing

/// `portico deploy`'s edit of portico.yml: one located change, comments and layout kept.
@Suite("Pinning a stage to a deployment in portico.yml")
struct DeploymentPinEditTests {
    static let entry = DeploymentPinEdit.Entry(id: "k3x9q2", definition: "apis/orders.openapi.k3x9q2.yaml", description: "first \"GA\" release")

    func edit(_ text: String, stage: String = "prod", entry: DeploymentPinEdit.Entry = entry) -> Result<String, DeploymentPinEdit.Refusal> {
        DeploymentPinEdit(api: "orders", stage: stage, deployment: entry).apply(to: text, path: "Content/portico.yml")
    }

    @Test("a first deployment: a deployments list after the definition line, deploymentId after stageName; nothing else moves")
    func first() throws {
        let before = """
            site: {title: Shop}   # the title
            apis:
              - name: orders
                definition: apis/orders.openapi.yaml   # exported from AWS
                stages:
                  - stageName: prod
                    variables: {backend: "http://127.0.0.1:9101"}
                  - stageName: beta
            functions: []

            """
        #expect(try edit(before).get() == """
            site: {title: Shop}   # the title
            apis:
              - name: orders
                definition: apis/orders.openapi.yaml   # exported from AWS
                deployments:
                  - {id: k3x9q2, definition: apis/orders.openapi.k3x9q2.yaml, description: "first \\"GA\\" release"}
                stages:
                  - stageName: prod
                    deploymentId: k3x9q2
                    variables: {backend: "http://127.0.0.1:9101"}
                  - stageName: beta
            functions: []

            """)
    }

    @Test("a later deployment: one line appended to the list, the stage's deploymentId replaced in place")
    func later() throws {
        let before = """
            apis:
              - name: orders
                stages:
                  - stageName: beta
                  - variables: {a: b}
                    deploymentId: "old1"  # pinned last week
                    stageName: prod
                deployments:
                  - {id: old1, definition: apis/orders.openapi.old1.yaml}
                definition: apis/orders.openapi.yaml
            """
        let entry = DeploymentPinEdit.Entry(id: "k3x9q2", definition: "apis/orders.openapi.k3x9q2.yaml")
        #expect(try edit(before, entry: entry).get() == """
            apis:
              - name: orders
                stages:
                  - stageName: beta
                  - variables: {a: b}
                    deploymentId: k3x9q2  # pinned last week
                    stageName: prod
                deployments:
                  - {id: old1, definition: apis/orders.openapi.old1.yaml}
                  - {id: k3x9q2, definition: apis/orders.openapi.k3x9q2.yaml}
                definition: apis/orders.openapi.yaml
            """)
        // Deploying an id the list already declares only pins the stage.
        let again = DeploymentPinEdit.Entry(id: "old1", definition: "apis/orders.openapi.old1.yaml")
        #expect(try edit(before, stage: "beta", entry: again).get() == before.replacingOccurrences(of: "  - stageName: beta\n", with: "  - stageName: beta\n        deploymentId: old1\n"))
    }

    @Test("shapes the edit cannot keep are refused with what to add by hand, located")
    func refusals() {
        let flowStage = """
            apis:
              - name: orders
                definition: apis/orders.openapi.yaml
                stages: [{stageName: prod}]
            """
        #expect(edit(flowStage).failureValue == DeploymentPinEdit.Refusal(
            message: "stage 'prod' is written in flow style ({…}); add 'deploymentId: k3x9q2' to it by hand", line: 4, column: 14))
        let flowList = """
            apis:
              - name: orders
                definition: apis/orders.openapi.yaml
                deployments: [{id: a1, definition: x.yaml}]
                stages:
                  - stageName: prod
            """
        #expect(edit(flowList).failureValue?.message
            == #"the deployments of API 'orders' are not a block list ('- {id: …}' lines); add '- {id: k3x9q2, definition: apis/orders.openapi.k3x9q2.yaml, description: "first \"GA\" release"}' by hand"#)
        #expect(edit(flowStage, stage: "gamma").failureValue?.message == "cannot find stage 'gamma' of API 'orders' in Content/portico.yml")
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
