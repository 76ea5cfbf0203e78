import Diagnostics

/// An S3 bucket that a local folder stands for: `buckets` in portico.yml. AWS service
/// integrations (`arn:aws:apigateway:{region}:s3:path/{bucket}/{key}`; API reference:
/// Integration `uri`) read and write its objects; an object's key is its path below the folder.
public struct BucketDefinition: Sendable, Equatable {
    /// The bucket name the integration URIs use.
    public var name: String
    /// The folder as written, relative to the content folder.
    public var folder: String
    /// ``folder`` resolved against the content folder.
    public var directory: String
    public var location: SourceLocation

    public init(name: String, folder: String, directory: String, location: SourceLocation) {
        self.name = name
        self.folder = folder
        self.directory = directory
        self.location = location
    }

    /// S3's naming rules for general purpose buckets: 3 to 63 lower-case letters, digits, dots
    /// and hyphens, beginning and ending with a letter or digit (S3 UG: bucketnamingrules).
    public static func isValidName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard (3...63).contains(scalars.count) else { return false }
        func alphanumeric(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("0"..."9").contains(s) }
        guard let first = scalars.first, let last = scalars.last, alphanumeric(first), alphanumeric(last) else { return false }
        return scalars.allSatisfy { alphanumeric($0) || $0 == "-" || $0 == "." } && !name.contains("..")
    }
}

/// A Kinesis data stream embedded in Portico: `streams` in portico.yml, with the key names of
/// `aws kinesis create-stream` (`streamName`, `shardCount`). Records live in memory.
public struct StreamDefinition: Sendable, Equatable {
    public var streamName: String
    /// Shards split the partition keys' hash range evenly; 1 when not written.
    public var shardCount: Int
    public var location: SourceLocation

    public init(streamName: String, shardCount: Int = 1, location: SourceLocation) {
        self.streamName = streamName
        self.shardCount = shardCount
        self.location = location
    }

    /// Kinesis's StreamName constraint: 1 to 128 of `[a-zA-Z0-9_.-]` (API: CreateStream).
    public static func isValidName(_ name: String) -> Bool {
        (1...128).contains(name.count)
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0)) }
    }
}

/// The target of an AWS service integration URI, `arn:aws:apigateway:{region}:{service}:path/{path}`
/// or `arn:aws:apigateway:{region}:{service}:action/{Action}` (API reference: Integration
/// `uri`). The service part may carry a subdomain (`photos.s3`), which for S3 is
/// the bucket of a virtual-hosted-style request.
public struct AWSServiceURI: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        /// Path-based: the service API's path (`photos/{key}`).
        case path(String)
        /// Action-based: the action name, then any `&Name=value` parameters written after it.
        case action(String, parameters: String)
    }

    public var region: String
    public var service: String
    public var subdomain: String?
    public var target: Target

    public init?(_ uri: String) {
        let prefix = "arn:aws:apigateway:"
        guard uri.hasPrefix(prefix) else { return nil }
        let parts = uri.dropFirst(prefix.count).split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        region = String(parts[0])
        let host = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        service = String(host.last!)
        subdomain = host.count > 1 ? host.dropLast().joined(separator: ".") : nil
        let rest = parts[2]
        if rest.hasPrefix("path/") {
            target = .path(String(rest.dropFirst("path/".count)))
        } else if rest.hasPrefix("action/") {
            let action = rest.dropFirst("action/".count)
            let name = action.prefix { $0 != "&" && $0 != "?" }
            guard !name.isEmpty else { return nil }
            target = .action(String(name), parameters: String(action.dropFirst(name.count)))
        } else {
            return nil
        }
    }

    /// For a path-based S3 URI: the bucket (the subdomain, else the first path segment) and
    /// the key template after it (empty for the bucket itself).
    public var s3Location: (bucket: String, key: String)? {
        guard service == "s3", case .path(let path) = target else { return nil }
        if let subdomain { return (subdomain, path) }
        guard let slash = path.firstIndex(of: "/") else { return (path, "") }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }
}

extension Integration {
    /// The AWS service an `AWS` integration calls, when it is not a Lambda function.
    public var awsService: AWSServiceURI? {
        guard type == .aws, functionName == nil, let uri else { return nil }
        return AWSServiceURI(uri)
    }
}

/// A DynamoDB table embedded in Portico: `tables` in portico.yml, with the key names of
/// `aws dynamodb create-table` (`tableName`, `keySchema`, `attributeDefinitions`) in
/// camelCase. Items live in memory; the table starts empty.
public struct TableDefinition: Sendable, Equatable {
    /// A key attribute's scalar type (API: AttributeDefinition, `AttributeType`).
    public enum KeyType: String, Sendable, Equatable, CaseIterable {
        case string = "S", number = "N", binary = "B"
    }

    /// One attribute of the primary key: its name and type.
    public struct KeyAttribute: Sendable, Equatable {
        public var name: String
        public var type: KeyType

        public init(name: String, type: KeyType) {
            self.name = name
            self.type = type
        }
    }

    public var tableName: String
    /// The `HASH` key.
    public var partitionKey: KeyAttribute
    /// The `RANGE` key, if the table has a composite primary key.
    public var sortKey: KeyAttribute?
    public var location: SourceLocation

    public init(tableName: String, partitionKey: KeyAttribute, sortKey: KeyAttribute? = nil, location: SourceLocation) {
        self.tableName = tableName
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.location = location
    }

    /// DynamoDB's TableName constraint: 3 to 255 of `[a-zA-Z0-9_.-]` (API: CreateTable).
    public static func isValidName(_ name: String) -> Bool {
        (3...255).contains(name.count)
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0)) }
    }
}
