import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PorticoCommands
import PorticoGateway
import Synchronization
import Testing
import TestSupport

/// `portico deploy`, `invoke --canary/--main` with a real Lambda function, and
/// `portico cache flush` against a real `portico serve` over loopback.
@Suite("Deployments, canaries and cache flush on the command line", .serialized)
struct ReleaseCommandTests {
    static let definition = """
        openapi: 3.0.1
        info: {title: Shop, version: "1"}
        paths:
          /items:
            get:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses: {default: {statusCode: "200", responseTemplates: {application/json: '{"version": 1, "requestId": "$context.requestId"}'}}}

        """

    static let portico = """
        site: {title: Releases}
        apis:
          - name: shop
            definition: apis/shop.openapi.yaml   # the current definition
            endpointType: REGIONAL
            stages:
              - stageName: prod
                cacheClusterEnabled: true
                methodSettings: {"*/*": {cacheTtlInSeconds: 300}}
              - stageName: beta
        """

    static var project: [String: String] {
        ["Content/portico.yml": portico, "Content/apis/shop.openapi.yaml": definition, "Content/index.md": "# Home\n"]
    }


    func invoke(_ root: TemporaryDirectory, stage: String, path: String = "/items", channel: ReleaseChannel? = nil) async -> String {
        let output = CommandOutput()
        _ = await InvokeAction(projectRoot: root.path, api: nil, stage: stage, method: "GET", headers: [], body: nil, format: .json,
                               target: path, seed: 1, channel: channel).run(console: output.console)
        return output.outText + output.errText
    }

    @Test("deploy copies the definition beside it, declares it and pins the stage by a minimal edit; the pinned stage keeps answering as deployed")
    func deploy() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(Self.project)
        let id = deploymentIdentifier(api: "shop", definition: Self.definition)
        let output = CommandOutput()
        #expect(DeployAction(projectRoot: root.path, api: "shop", stage: "prod", description: "first release").run(console: output.console) == .success)
        #expect(output.errText == "")
        #expect(output.outText == "deployment \(id) of API 'shop': wrote Content/apis/shop.openapi.\(id).yaml; stage 'prod' runs it (\(root.path)/Content/portico.yml:10:23)\n")
        #expect(try String(contentsOfFile: root.path + "/Content/apis/shop.openapi.\(id).yaml", encoding: .utf8) == Self.definition)
        #expect(try String(contentsOfFile: root.path + "/Content/portico.yml", encoding: .utf8) == """
            site: {title: Releases}
            apis:
              - name: shop
                definition: apis/shop.openapi.yaml   # the current definition
                deployments:
                  - {id: \(id), definition: apis/shop.openapi.\(id).yaml, description: "first release"}
                endpointType: REGIONAL
                stages:
                  - stageName: prod
                    deploymentId: \(id)
                    cacheClusterEnabled: true
                    methodSettings: {"*/*": {cacheTtlInSeconds: 300}}
                  - stageName: beta
            """)

        // The definition moves on: beta follows it, prod keeps the deployment.
        try root.write(["Content/apis/shop.openapi.yaml": Self.definition.replacingOccurrences(of: #""version": 1"#, with: #""version": 2"#)])
        #expect(await invoke(root, stage: "prod").contains(#""body" : "{\"version\": 1"#))
        #expect(await invoke(root, stage: "beta").contains(#""body" : "{\"version\": 2"#))

        // The changed definition deployed to beta under a given id: prod still runs the first.
        let second = CommandOutput()
        #expect(DeployAction(projectRoot: root.path, api: "shop", stage: "beta", id: "v2").run(console: second.console) == .success)
        #expect(second.outText == "deployment v2 of API 'shop': wrote Content/apis/shop.openapi.v2.yaml; stage 'beta' runs it (\(root.path)/Content/portico.yml:15:23)\n")
        #expect(await invoke(root, stage: "prod").contains(#""body" : "{\"version\": 1"#))
        #expect(await invoke(root, stage: "beta").contains(#""body" : "{\"version\": 2"#))

        // An id already taken by another definition is refused; an unknown stage is a usage error.
        let taken = CommandOutput()
        #expect(DeployAction(projectRoot: root.path, api: "shop", stage: "beta", id: id).run(console: taken.console) == .inputProblems)
        #expect(taken.errText == "error: API 'shop' already has a deployment '\(id)' (apis/shop.openapi.\(id).yaml) with another definition; choose another --id\n")
        let unknown = CommandOutput()
        #expect(DeployAction(projectRoot: root.path, api: "shop", stage: "gamma").run(console: unknown.console) == .usage)
        #expect(unknown.errText == "error: API 'shop' has no stage 'gamma'; its stages are prod, beta\n")
    }

    @Test("deploy refuses a stage written in flow style and leaves the files as they were")
    func refuses() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        var files = Self.project
        files["Content/portico.yml"] = "apis:\n  - name: shop\n    definition: apis/shop.openapi.yaml\n    stages: [{stageName: prod}]\n"
        try root.write(files)
        let output = CommandOutput()
        #expect(DeployAction(projectRoot: root.path, api: "shop", stage: "prod", id: "a1").run(console: output.console) == .inputProblems)
        #expect(output.errText == "\(root.path)/Content/portico.yml:4:14: error: stage 'prod' is written in flow style ({…}); add 'deploymentId: a1' to it by hand [project.edit-refused]\n")
        #expect(try String(contentsOfFile: root.path + "/Content/portico.yml", encoding: .utf8) == files["Content/portico.yml"])
        #expect(!FileManager.default.fileExists(atPath: root.path + "/Content/apis/shop.openapi.a1.yaml"))
    }

    @Test("invoke --canary and --main pick the release; a real Lambda function sees isCanaryRequest and the overridden stage variables")
    func canaryLambda() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write([
            "Content/portico.yml": """
            apis:
              - name: fn
                definition: apis/fn.yaml
                endpointType: REGIONAL
                stages:
                  - stageName: prod
                    variables: {color: blue, size: m}
                    canarySettings: {percentTraffic: 5, stageVariableOverrides: {color: red, extra: "yes"}}
            functions: [{name: echo, runtime: python3, handler: app.handler, code: functions/echo}]
            """,
            "Content/apis/fn.yaml": """
            openapi: 3.0.1
            info: {title: Fn, version: "1"}
            paths:
              /who:
                get:
                  x-amazon-apigateway-integration:
                    type: aws_proxy
                    httpMethod: POST
                    uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:echo/invocations
            """,
            "Content/functions/echo/app.py": """
            import json

            def handler(event, context):
                answer = {"isCanaryRequest": event["requestContext"].get("isCanaryRequest", "absent"), "stageVariables": event["stageVariables"]}
                return {"statusCode": 200, "body": json.dumps(answer, sort_keys=True)}
            """,
        ])
        func body(_ channel: ReleaseChannel) async throws -> String {
            let output = CommandOutput()
            let status = await InvokeAction(projectRoot: root.path, api: "fn", stage: "prod", method: "GET", headers: [], body: nil, format: .json,
                                            target: "/who", seed: 1, channel: channel).run(console: output.console)
            #expect(status == .success, "\(output.errText)")
            let object = try JSONSerialization.jsonObject(with: Data(output.outText.utf8)) as? [String: Any]
            return try #require((object?["response"] as? [String: Any])?["body"] as? String)
        }
        // A boolean in requestContext, as LocalStack's handlers/parse.py sets it (the DG is silent on the proxy event).
        #expect(try await body(.canary) == #"{"isCanaryRequest": true, "stageVariables": {"color": "red", "extra": "yes", "size": "m"}}"#)
        #expect(try await body(.main) == #"{"isCanaryRequest": false, "stageVariables": {"color": "blue", "size": "m"}}"#)
    }

    @Test("cache flush empties the stage cache of a running serve: the next request misses; with no server it says so")
    func flush() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(Self.project)
        let served = try await ServedProject.start(root: root.path)
        defer { served.task.cancel() }
        let base = served.base
        func get() async throws -> String {
            let (data, response) = try await URLSession.shared.data(from: URL(string: "\(base)/_gateway/shop/prod/items")!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            return String(decoding: data, as: UTF8.self)
        }
        // The body carries the request id of the request that filled the entry: a hit repeats it.
        let first = try await get()
        #expect(try await get() == first)
        let output = CommandOutput()
        #expect(await CacheFlushAction(api: "shop", stage: "prod", serverURL: base).run(console: output.console) == .success)
        #expect(output.outText == "flushed the cache of stage 'prod' of API 'shop': 1 entry\n")
        let after = try await get()
        #expect(after != first)
        #expect(try await get() == after)

        let noCache = CommandOutput()
        #expect(await CacheFlushAction(api: "shop", stage: "beta", serverURL: base).run(console: noCache.console) == .usage)
        #expect(noCache.errText == "error: stage 'beta' of API 'shop' has no cache (cacheClusterEnabled is not true in portico.yml)\n")
        let unknown = CommandOutput()
        #expect(await CacheFlushAction(api: "shop", stage: "gamma", serverURL: base).run(console: unknown.console) == .usage)
        #expect(unknown.errText == "error: API 'shop' has no stage 'gamma'; its stages are prod, beta\n")

        let nobody = CommandOutput()
        // Port 9 (discard) on loopback: nothing of ours listens there.
        #expect(await CacheFlushAction(api: "shop", stage: "prod", serverURL: "http://127.0.0.1:9").run(console: nobody.console) == .inputProblems)
        #expect(nobody.errText.hasPrefix("error: no 'portico serve' answers at http://127.0.0.1:9: the stage cache lives in the running gateway"))
    }
}
