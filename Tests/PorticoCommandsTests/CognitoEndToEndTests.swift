import Foundation
import PorticoCommands
import PorticoGateway
import Synchronization
import Testing
import TestSupport

/// The test virtual environment's Python (`make test-deps`: Tests/browser/requirements.txt,
/// with boto3 and cryptography), which runs the independent clients.
enum TestPython {
    static var url: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/test-venv/bin/python3")
    }

    /// Runs a client script of the cognito fixture; its one line of JSON output, parsed.
    static func run(_ script: String, _ arguments: [String]) throws -> [String: Any] {
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            Issue.record("no test virtual environment at \(url.path): run 'make test-deps' (it installs Tests/browser/requirements.txt)")
            throw CancellationError()
        }
        let process = Process()
        process.executableURL = url
        process.arguments = [fixtureURL("cognito").appendingPathComponent("clients/\(script)").path] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        group.wait()
        #expect(process.terminationStatus == 0, "\(script): \(String(decoding: errData, as: UTF8.self))")
        return try #require(try JSONSerialization.jsonObject(with: outData) as? [String: Any])
    }
}

/// User pools end to end: `portico token` and `portico invoke` through the real binary with a
/// real Lambda function, and `portico serve` signing a user in for boto3's cognito-idp client
/// and publishing keys that an independent RS256 implementation (Python's `cryptography`)
/// verifies.
@Suite("Cognito user pools end to end", .serialized)
struct CognitoEndToEndTests {
    @Test("portico token prints an ID token that portico invoke accepts; the real function sees the claims")
    func tokenAndInvoke() throws {
        let project = try copyFixture(fixtureURL("cognito"))
        defer { project.remove() }
        let token = try PorticoBinary.run(["token", "--project", project.path, "--user", "alice"])
        #expect(token.status == 0, "\(token.stderr)")
        let idToken = token.stdout.trimmingCharacters(in: .newlines)
        #expect(token.stdout == idToken + "\n" && idToken.split(separator: ".").count == 3)
        // The keys were made on first use, beside Content/, readable by their owner only.
        let keyFile = project.url.appendingPathComponent(".portico/user-pools/us-east-1_Shoppers/id-token.pem").path
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(FileManager.default.fileExists(atPath: project.url.appendingPathComponent(".portico/user-pools/us-east-1_Shoppers/access-token.pem").path))

        let output = try PorticoBinary.run(["invoke", "--project", project.path, "--format", "json", "-H", "Authorization: Bearer \(idToken)", "/me"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let response = try #require(object["response"] as? [String: Any])
        #expect(response["status"] as? Int == 200)
        let body = try #require(response["body"] as? String)
        let authorizer = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(Set(authorizer.keys) == ["claims"])
        let claims = try #require(authorizer["claims"] as? [String: String])
        #expect(claims["cognito:username"] == "alice")
        #expect(claims["cognito:groups"] == "admins,staff")
        #expect(claims["email_verified"] == "true")
        #expect(claims["token_use"] == "id")
        #expect(claims["aud"] == "4webclient0shoppers000001")
        #expect(claims["iss"] == "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Shoppers")
        // Java's Date.toString() in UTC: "Thu Jan 01 13:00:00 UTC 2026".
        #expect(claims["exp"]?.wholeMatch(of: /(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d UTC \d{4}/) != nil)

        // An access token with the method's scope opens /orders; a second token of the same kind
        // is signed with the same key: the key files are read, not made again.
        let accessTokens = try (0..<2).map { _ in
            let run = try PorticoBinary.run(["token", "--project", project.path, "--user", "alice", "--type", "access", "--scope", "shop/orders.read"])
            #expect(run.status == 0, "\(run.stderr)")
            return run.stdout.trimmingCharacters(in: .newlines)
        }
        let kid = { (token: String) -> String? in
            (try? JSONWebToken.parse(token).get())?.keyId
        }
        #expect(kid(accessTokens[0]) == kid(accessTokens[1]))
        #expect(kid(accessTokens[0]) != kid(idToken))
        let orders = try PorticoBinary.run(["invoke", "--project", project.path, "--format", "json", "-H", "Authorization: \(accessTokens[0])", "/orders"])
        let ordersObject = try #require(try JSONSerialization.jsonObject(with: Data(orders.stdout.utf8)) as? [String: Any])
        #expect((ordersObject["response"] as? [String: Any])?["status"] as? Int == 200)
        let refused = try PorticoBinary.run(["invoke", "--project", project.path, "--format", "json", "-H", "Authorization: \(idToken)", "/orders"])
        let refusedObject = try #require(try JSONSerialization.jsonObject(with: Data(refused.stdout.utf8)) as? [String: Any])
        #expect((refusedObject["response"] as? [String: Any])?["status"] as? Int == 401)
    }

    @Test("portico token names what is wrong: an unknown user or pool, --scope on an ID token")
    func tokenProblems() throws {
        let project = try copyFixture(fixtureURL("cognito"))
        defer { project.remove() }
        let user = try PorticoBinary.run(["token", "--project", project.path, "--user", "alicia"])
        #expect(user.status == 2)
        #expect(user.stderr == "error: user pool 'shoppers' has no user 'alicia'; did you mean 'alice'? (users: alice)\n")
        let pool = try PorticoBinary.run(["token", "--project", project.path, "--pool", "buyers", "--user", "alice"])
        #expect(pool.status == 2)
        #expect(pool.stderr == "error: no user pool named 'buyers' (user pools: shoppers)\n")
        let scope = try PorticoBinary.run(["token", "--project", project.path, "--user", "alice", "--scope", "x"])
        #expect(scope.status == 2)
        #expect(scope.stderr.contains("--scope is for access tokens (--type access); an ID token has no scopes"))
    }

    @Test("boto3 signs in to a real serve, calls the API with the token, and gets Cognito's errors; cryptography verifies the JWKS")
    func serveWithBoto3() async throws {
        let project = try copyFixture(fixtureURL("cognito"))
        defer { project.remove() }
        let output = Mutex<String>("")
        let console = Console(out: { text in output.withLock { $0 += text } }, err: { text in output.withLock { $0 += text } }, interactive: false)
        let server = Task { await ServeAction(projectRoot: project.path, host: "127.0.0.1", port: 0, watch: false).run(console: console) }
        defer { server.cancel() }
        var port: Int?
        for _ in 0..<600 where port == nil {
            port = output.withLock { text -> Int? in
                guard let range = text.range(of: "at http://127.0.0.1:") else { return nil }
                return Int(text[range.upperBound...].prefix { $0.isNumber })
            }
            if port == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let base = "http://127.0.0.1:\(try #require(port, "serve said: \(output.withLock { $0 })"))"

        let signIn = try TestPython.run("sign_in.py", [base, "4webclient0shoppers000001", "alice", "Correct-Horse-1", base + "/_gateway/shop/prod/me"])
        // API reference InitiateAuth: the result's members, ExpiresIn 3600, TokenType Bearer.
        #expect(signIn["keys"] as? [String] == ["AccessToken", "ExpiresIn", "IdToken", "RefreshToken", "TokenType"])
        #expect(signIn["refreshedKeys"] as? [String] == ["AccessToken", "ExpiresIn", "IdToken", "TokenType"])
        #expect(signIn["expiresIn"] as? Int == 3600)
        #expect(signIn["tokenType"] as? String == "Bearer")
        for call in ["withIdToken", "withBearer", "withRefreshedIdToken"] {
            let answer = try #require(signIn[call] as? [String: Any])
            #expect(answer["status"] as? Int == 200, "\(call): \(answer)")
            #expect((answer["body"] as? String)?.contains(#""cognito:username": "alice""#) == true, "\(call): \(answer)")
        }
        // An access token on a method without scopes, and no token: 401 (DG: apigateway-enable-cognito-user-pool).
        for call in ["withAccessToken", "withoutToken"] {
            let answer = signIn[call] as? [String: Any]
            #expect(answer?["status"] as? Int == 401, "\(call)")
            #expect(answer?["body"] as? String == #"{"message":"Unauthorized"}"#, "\(call)")
        }
        // boto3 reads Cognito's JSON 1.1 errors into its exceptions (API reference InitiateAuth, Errors).
        let wrong = signIn["wrongPassword"] as? [String: Any]
        #expect(wrong?["code"] as? String == "NotAuthorizedException")
        #expect(wrong?["message"] as? String == "Incorrect username or password.")
        #expect(wrong?["status"] as? Int == 400)
        let unknown = signIn["unknownClient"] as? [String: Any]
        #expect(unknown?["code"] as? String == "ResourceNotFoundException")
        #expect(unknown?["message"] as? String == "User pool client no-such-client does not exist.")

        let idToken = try #require(signIn["idToken"] as? String)
        for url in [base + "/_cognito/us-east-1_Shoppers/.well-known/jwks.json"] {
            let verified = try TestPython.run("verify_jwks.py", [url, idToken])
            #expect(verified["verified"] as? Bool == true)
            #expect(verified["tamperedVerified"] as? Bool == false)
            #expect(verified["contentType"] as? String == "application/json")
            #expect(verified["bits"] as? [Int] == [2048, 2048])
            #expect(verified["keys"] as? [[String: String]] == [["alg": "RS256", "kty": "RSA", "use": "sig", "e": "AQAB"],
                                                               ["alg": "RS256", "kty": "RSA", "use": "sig", "e": "AQAB"]])
            #expect((verified["header"] as? [String: String])?["alg"] == "RS256")
            #expect((verified["claims"] as? [String: Any])?["iss"] as? String == "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Shoppers")
        }
    }

    @Test("a token another implementation signed verifies against the key set it published; a changed one does not")
    func foreignToken() throws {
        let made = try TestPython.run("sign_token.py", [])
        let keys = try JSONWebKeySet(json: try #require(made["jwks"] as? String))
        let verifier = TokenVerifier(keys: keys)
        let token = try verifier.verify(try #require(made["token"] as? String)).get()
        #expect(token.string("sub") == "user-1")
        #expect(TokenClaimRules(issuers: ["https://issuer.example"], audiences: ["api"], scopes: ["write"]).check(token, now: Date()) == nil)
        guard case .failure(.invalidSignature("python-key-1")) = verifier.verify(try #require(made["tampered"] as? String)) else {
            Issue.record("the changed token was not refused for its signature")
            return
        }
    }
}
