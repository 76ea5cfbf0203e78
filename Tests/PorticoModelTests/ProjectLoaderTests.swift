import Diagnostics
import Foundation
import PorticoModel
import Testing

func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

@Suite("Project loading")
struct ProjectLoaderTests {
    @Test("a project file and its OpenAPI definition load into the model")
    func loadsBasicProject() throws {
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: fixture("basic")).load(diagnostics: &diagnostics))
        #expect(diagnostics.diagnostics.isEmpty, "\(diagnostics.diagnostics)")
        #expect(project.site.title == "Fixture Docs")
        let api = try #require(project.api(named: "pets"))
        #expect(api.endpointType == .regional)
        #expect(api.stages.map(\.stageName) == ["prod", "dev"])
        #expect(api.stage(named: "prod")?.variables == ["backend": "http://127.0.0.1:9101"])
        #expect(api.definition.title == "PetStore")
        #expect(api.definition.resourcePaths == ["/pets", "/pets/{petId}"])

        let list = try #require(api.definition.operations.first { $0.path == "/pets" })
        #expect(list.method == .get)
        #expect(list.operationID == "listPets")
        #expect(list.responses == [MethodResponse(statusCode: "200", description: "A page of pets")])
        let http = try #require(list.integration)
        #expect(http.type == .http)
        #expect(http.httpMethod == "GET")
        #expect(http.uri == "http://petstore.execute-api.us-east-1.amazonaws.com/petstore/pets")
        #expect(http.passthroughBehavior == .whenNoTemplates)
        #expect(http.timeoutInMillis == 5000)
        #expect(http.responses.count == 1)
        #expect(http.responses[0].isDefault)
        #expect(http.responses[0].responseParameters.asWritten == ["method.response.header.Access-Control-Allow-Origin": "'*'"])

        let any = try #require(api.definition.operations.first { $0.path == "/pets/{petId}" })
        #expect(any.method == .any)
        let mock = try #require(any.integration)
        #expect(mock.type == .mock)
        // AWS's defaults for a new integration (recorded AWS response: LocalStack
        // tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
        // test_api_gateway_request_validator › change-request-path-names).
        #expect(mock.passthroughBehavior == .whenNoMatch)   // AWS's default
        #expect(mock.timeoutInMillis == 29_000)               // AWS's default
        #expect(mock.requestTemplates.map(\.contentType) == ["application/json"])
        #expect(mock.requestTemplates[0].source == "{\"statusCode\": 200}\n")
        // A block scalar's text starts on the line after `|`, at its indentation.
        #expect(mock.requestTemplates[0].location == SourceLocation(file: fixtureDisplay("basic", "Content/apis/pets.yaml"), line: 30, column: 13))
        #expect(mock.responses.map(\.selectionPattern) == ["4\\d{2}", ""])
        #expect(mock.responses.map(\.statusCode) == ["400", "200"])
        #expect(mock.responses[1].responseTemplates[0].source == "{\"id\": \"$input.params('petId')\"}")
    }

    @Test("every problem of a broken project is reported at once, located in the file the user wrote")
    func reportsBrokenProject() {
        var diagnostics = DiagnosticEngine()
        _ = ProjectLoader(root: fixture("broken")).load(diagnostics: &diagnostics)
        let project = fixtureDisplay("broken", "Content/portico.yml")
        let spec = fixtureDisplay("broken", "Content/apis/pets.yaml")
        let lines = diagnostics.sorted.map(DiagnosticFormatter.format)
        #expect(lines == [
            "\(spec):9:15: error: unknown integration type 'lambda'; expected one of MOCK, HTTP, HTTP_PROXY, AWS, AWS_PROXY [integration.type]",
            "\(spec):12:7: warning: unknown key 'x-amazon-apigateway-integratoin' in GET /pets/{id}; did you mean 'x-amazon-apigateway-integration'? [model.unknown-key]",
            "\(spec):16:9: warning: unknown key 'requestTemplate' in x-amazon-apigateway-integration; did you mean 'requestTemplates'? [model.unknown-key]",
            "\(spec):18:26: error: timeoutInMillis must be between 50 and 29000, found 40000 [integration.timeout]",
            "\(spec):20:11: error: selection pattern '[unclosed' is not a valid regular expression [integration.selection-pattern]",
            "\(spec):22:20: error: integration response 'default' needs 'statusCode' [model.missing-key]",
            "\(project):2:3: warning: unknown key 'titel' in 'site'; did you mean 'title'? [model.unknown-key]",
            "\(project):6:19: error: unknown endpointType 'CENTRAL'; expected EDGE, REGIONAL or PRIVATE [project.endpoint-type]",
            "\(project):10:17: error: definition 'apis/missing.yaml' of API 'ghost' does not exist [project.definition-missing]",
        ])
    }

    @Test("a missing project file says how to create one")
    func missingProject() {
        var diagnostics = DiagnosticEngine()
        #expect(ProjectLoader(root: "/nonexistent-portico").load(diagnostics: &diagnostics) == nil)
        #expect(diagnostics.sorted.map(DiagnosticFormatter.format) == [
            "/nonexistent-portico/Content/portico.yml:1:1: error: no Content/portico.yml in '/nonexistent-portico', and no template.yaml, template.yml or template.json; run 'portico init' to create a project [project.missing]",
        ])
    }
}

func fixtureDisplay(_ name: String, _ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path + "/" + relative
}
