/// The project `portico init` writes: one REST API with a MOCK integration, one stage and a
/// note whose example runs through it, so a new project builds, checks and serves as it is;
/// and a `.gitignore` that keeps Portico's own folder out of the repository.
enum StarterProject {
    /// What `.gitignore` must hold: `.portico/` keeps the private signing keys of the
    /// project's Cognito user pools (``UserPoolKeyFiles``) and of its certificate authority for
    /// `serve --tls` (`.portico/tls/`), which belong to one machine.
    static let ignoredLine = ".portico/"
    static let gitignore = (path: ".gitignore", contents: "# Portico's own files: the private signing keys of the project's user pools.\n\(ignoredLine)\n")

    static let files: [(path: String, contents: String)] = [
        ("Content/portico.yml", """
        site:
          title: My APIs
        apis:
          - name: hello
            definition: apis/hello.openapi.yaml
            endpointType: REGIONAL
            stages:
              - stageName: dev
                variables:
                  greeting: Hello

        """),
        ("Content/apis/hello.openapi.yaml", """
        openapi: 3.0.1
        info:
          title: Hello API
          version: "1.0"
        paths:
          /hello/{name}:
            get:
              summary: Greets someone
              responses:
                "200":
                  description: A greeting
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates:
                  application/json: '{"statusCode": 200}'
                responses:
                  default:
                    statusCode: "200"
                    responseTemplates:
                      application/json: '{"message": "$stageVariables.greeting, $input.params(''name'')!"}'

        """),
        ("Content/index.md", """
        ---
        title: My APIs
        ---

        # My APIs

        The Hello API answers from a MOCK integration.

        ```mermaid
        graph LR
          client([Client]) --> gateway[API Gateway] --> mock[(MOCK integration)]
        ```

        ```http example api=hello stage=dev expect=200
        GET /hello/world
        Accept: application/json
        ```

        """),
    ]
}
