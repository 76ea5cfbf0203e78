import Foundation

/// Requests signed by botocore's `SigV4Auth` (or presigned by `SigV4QueryAuth`): an
/// implementation of Signature Version 4 that is not Portico's, run in the test virtual
/// environment (`make test-deps` installs botocore into `.build/test-venv` from
/// Tests/requirements.txt) through Tests/tools/botocore_sigv4.py.
public enum Botocore {
    /// One request to sign (and perhaps tamper with after signing, and send over HTTP).
    public struct Spec: Encodable, Sendable {
        public var method: String
        public var url: String
        public var headers: [[String]] = []
        public var body = ""
        public var accessKey: String
        public var secret: String
        public var token: String?
        public var region = "us-east-1"
        public var service = "execute-api"
        /// `20260101T120000Z`.
        public var date: String
        public var presign = false
        public var expires = 300
        public var tamper: Tamper?
        public var send = false
        /// Where to connect when sending (`127.0.0.1:8080`), when the URL's host is a name only
        /// the gateway answers for (`{apiId}.execute-api.localhost`).
        public var connect: String?

        public init(method: String, url: String, headers: [(String, String)] = [], body: String = "",
                    accessKey: String, secret: String, date: String) {
            self.method = method
            self.url = url
            self.headers = headers.map { [$0.0, $0.1] }
            self.body = body
            self.accessKey = accessKey
            self.secret = secret
            self.date = date
        }
    }

    /// What changes after signing: the signature no longer covers it.
    public struct Tamper: Encodable, Sendable {
        public var body: String?
        public var url: String?
        public var headers: [[String]]?

        public init(body: String? = nil, url: String? = nil, headers: [(String, String)]? = nil) {
            self.body = body
            self.url = url
            self.headers = headers?.map { [$0.0, $0.1] }
        }
    }

    /// The request as signed (and sent), with the answer when it was sent.
    public struct Signed: Decodable, Sendable {
        public let method: String
        public let url: String
        public let headers: [[String]]
        public let body: String
        public let status: Int?
        public let responseHeaders: [[String]]?
        public let responseBody: String?

        public func header(_ name: String) -> String? {
            headers.first { $0[0].caseInsensitiveCompare(name) == .orderedSame }?[1]
        }

        public func responseHeader(_ name: String) -> String? {
            responseHeaders?.first { $0[0].caseInsensitiveCompare(name) == .orderedSame }?[1]
        }

        /// The URL's path and query after its first `count` path segments (`/prod`): a
        /// stage-relative target.
        public func target(droppingSegments count: Int) -> String {
            let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? url[...]
            let pathStart = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
            var rest = afterScheme[pathStart...]
            for _ in 0..<count {
                rest = rest.dropFirst()
                rest = rest[(rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex)...]
            }
            return rest.first == "/" ? String(rest) : "/" + rest
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The repository's root, found from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Signs (and sends) `specs` in one Python process.
    public static func run(_ specs: [Spec]) throws -> [Signed] {
        let python = root.appendingPathComponent(".build/test-venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Failure(description: "\(python.path) is missing: run `make test-deps` (it installs botocore from Tests/requirements.txt)")
        }
        let process = Process()
        process.executableURL = python
        process.arguments = [root.appendingPathComponent("Tests/tools/botocore_sigv4.py").path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        input.fileHandleForWriting.write(try encoder.encode(["requests": specs]))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problems = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "botocore_sigv4.py failed: \(String(decoding: problems, as: UTF8.self))")
        }
        return try JSONDecoder().decode([Signed].self, from: data)
    }
}
