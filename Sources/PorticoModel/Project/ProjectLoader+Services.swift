import Diagnostics
import Foundation
import Yams

/// `buckets`, `streams` and `tables`: the AWS services that AWS integrations (and functions)
/// call, simulated locally.
///
/// ```yaml
/// buckets:
///   - name: photos              # the bucket name integration URIs use (S3's naming rules)
///     folder: buckets/photos    # relative to Content/; an object's key is its path below it
/// streams:
///   - streamName: events        # as `aws kinesis create-stream` names it
///     shardCount: 1             # default 1
/// tables:
///   - tableName: connections    # as `aws dynamodb create-table` names it (3 to 255 of [a-zA-Z0-9_.-])
///     keySchema:                # one HASH key, at most one RANGE key
///       - {attributeName: connectionId, keyType: HASH}
///     attributeDefinitions:     # exactly the key attributes, each S, N or B
///       - {attributeName: connectionId, attributeType: S}
/// ```
extension ProjectReading {
    static let bucketKeys = ["name", "folder", "description"]
    static let streamKeys = ["streamName", "shardCount", "description"]
    static let tableKeys = ["tableName", "keySchema", "attributeDefinitions", "description"]

    func readServiceResources(_ reader: MappingReader, into project: inout Project) {
        for node in reader.sequence("buckets", diagnostics: &diagnostics) ?? [] {
            guard let bucket = readBucket(node) else { continue }
            if project.bucket(named: bucket.name) != nil {
                diagnostics.error(.projectDuplicateBucket, "a bucket named '\(bucket.name)' is already declared", at: bucket.location)
            } else {
                project.buckets.append(bucket)
            }
        }
        for node in reader.sequence("streams", diagnostics: &diagnostics) ?? [] {
            guard let stream = readStream(node) else { continue }
            if project.stream(named: stream.streamName) != nil {
                diagnostics.error(.projectDuplicateStream, "a stream named '\(stream.streamName)' is already declared", at: stream.location)
            } else {
                project.streams.append(stream)
            }
        }
        for node in reader.sequence("tables", diagnostics: &diagnostics) ?? [] {
            guard let table = readTable(node) else { continue }
            if project.table(named: table.tableName) != nil {
                diagnostics.error(.projectDuplicateTable, "a table named '\(table.tableName)' is already declared", at: table.location)
            } else {
                project.tables.append(table)
            }
        }
    }

    /// A table as `create-table` declares it; every problem DynamoDB's CreateTable would refuse
    /// is an error at the value that causes it (API: CreateTable, KeySchemaElement,
    /// AttributeDefinition).
    private func readTable(_ node: Node) -> TableDefinition? {
        guard let reader = MappingReader(node, source: source, what: "a table", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: Self.tableKeys, in: "a table", diagnostics: &diagnostics)
        guard let name = reader.requiredString("tableName", in: "a table", diagnostics: &diagnostics) else { return nil }
        var valid = true
        if !TableDefinition.isValidName(name) {
            diagnostics.error(.projectTableName, "table name '\(name)' must be 3 to 255 letters, digits, '_', '.' or '-'",
                              at: reader.location(ofValue: "tableName"))
            valid = false
        }
        var types: [(name: String, type: TableDefinition.KeyType, location: SourceLocation)] = []
        var mistyped: Set<String> = []
        for entry in reader.sequence("attributeDefinitions", diagnostics: &diagnostics) ?? [] {
            guard let item = MappingReader(entry, source: source, what: "an attribute definition", diagnostics: &diagnostics) else { valid = false; continue }
            item.finish(known: ["attributeName", "attributeType"], in: "an attribute definition", diagnostics: &diagnostics)
            guard let attribute = item.requiredString("attributeName", in: "an attribute definition of table '\(name)'", diagnostics: &diagnostics),
                  let typeText = item.requiredString("attributeType", in: "attribute '\(attribute)' of table '\(name)'", diagnostics: &diagnostics)
            else { valid = false; continue }
            guard let type = TableDefinition.KeyType(rawValue: typeText) else {
                diagnostics.error(.projectTableAttributeType, "attributeType of '\(attribute)' in table '\(name)' must be S, N or B (key attributes are scalars), found '\(typeText)'",
                                  at: item.location(ofValue: "attributeType"))
                valid = false
                mistyped.insert(attribute)
                continue
            }
            types.append((attribute, type, source.location(of: entry)))
        }
        var hash: TableDefinition.KeyAttribute?
        var range: TableDefinition.KeyAttribute?
        var used: Set<String> = []
        let schema = reader.sequence("keySchema", diagnostics: &diagnostics)
        if schema == nil, reader.value("keySchema") == nil {
            diagnostics.error(.projectTableKeySchema, "table '\(name)' needs a keySchema with one HASH key", at: reader.location(of: "tableName"))
            return nil
        }
        for entry in schema ?? [] {
            guard let item = MappingReader(entry, source: source, what: "a key schema element", diagnostics: &diagnostics) else { valid = false; continue }
            item.finish(known: ["attributeName", "keyType"], in: "a key schema element", diagnostics: &diagnostics)
            guard let attribute = item.requiredString("attributeName", in: "a key schema element of table '\(name)'", diagnostics: &diagnostics),
                  let keyType = item.requiredString("keyType", in: "key attribute '\(attribute)' of table '\(name)'", diagnostics: &diagnostics)
            else { valid = false; continue }
            guard keyType == "HASH" || keyType == "RANGE" else {
                diagnostics.error(.projectTableAttributeType, "keyType of '\(attribute)' in table '\(name)' must be HASH or RANGE, found '\(keyType)'",
                                  at: item.location(ofValue: "keyType"))
                valid = false
                continue
            }
            guard let type = types.first(where: { $0.name == attribute })?.type else {
                // A definition with a wrong type was reported where it is written.
                if mistyped.contains(attribute) { valid = false; continue }
                diagnostics.error(.projectTableKeySchema, "key attribute '\(attribute)' of table '\(name)' has no entry in attributeDefinitions (its type: S, N or B)",
                                  at: item.location(ofValue: "attributeName"))
                valid = false
                continue
            }
            used.insert(attribute)
            if keyType == "HASH" {
                if hash != nil {
                    diagnostics.error(.projectTableKeySchema, "table '\(name)' has two HASH keys; a table has exactly one partition key", at: item.location(ofValue: "keyType"))
                    valid = false
                }
                hash = hash ?? TableDefinition.KeyAttribute(name: attribute, type: type)
            } else {
                if range != nil {
                    diagnostics.error(.projectTableKeySchema, "table '\(name)' has two RANGE keys; a table has at most one sort key", at: item.location(ofValue: "keyType"))
                    valid = false
                }
                range = range ?? TableDefinition.KeyAttribute(name: attribute, type: type)
            }
        }
        if let hash, hash.name == range?.name {
            diagnostics.error(.projectTableKeySchema, "'\(hash.name)' cannot be both the HASH and the RANGE key of table '\(name)'", at: reader.location(ofValue: "keySchema"))
            valid = false
        }
        guard let hash else {
            if valid {
                diagnostics.error(.projectTableKeySchema, "table '\(name)' needs a HASH key in its keySchema", at: reader.location(ofValue: "keySchema"))
            }
            return nil
        }
        // CreateTable refuses definitions of attributes that are not keys (only keys have a
        // fixed type): "Number of attributes in KeySchema does not exactly match number of
        // attributes defined in AttributeDefinitions".
        for definition in types where !used.contains(definition.name) {
            diagnostics.error(.projectTableKeySchema, "attribute '\(definition.name)' of table '\(name)' is not in its keySchema; attributeDefinitions lists only key attributes",
                              at: definition.location)
            valid = false
        }
        guard valid else { return nil }
        return TableDefinition(tableName: name, partitionKey: hash, sortKey: range, location: source.location(of: node))
    }

    private func readBucket(_ node: Node) -> BucketDefinition? {
        guard let reader = MappingReader(node, source: source, what: "a bucket", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: Self.bucketKeys, in: "a bucket", diagnostics: &diagnostics)
        guard let name = reader.requiredString("name", in: "a bucket", diagnostics: &diagnostics),
              let folder = reader.requiredString("folder", in: "bucket '\(name)'", diagnostics: &diagnostics)
        else { return nil }
        if !BucketDefinition.isValidName(name) {
            diagnostics.error(.projectBucketName,
                              "bucket name '\(name)' must be 3 to 63 lower-case letters, digits, dots or hyphens, beginning and ending with a letter or digit",
                              at: reader.location(ofValue: "name"))
        }
        // The folder stays inside Content/: the bucket is part of the docs project.
        let parts = folder.split(separator: "/", omittingEmptySubsequences: true)
        var depth = 0
        for part in parts where part != "." {
            depth += part == ".." ? -1 : 1
            if depth < 0 { break }
        }
        guard !folder.hasPrefix("/"), depth > 0 else {
            diagnostics.error(.projectBucketFolder, "folder '\(folder)' of bucket '\(name)' must be a folder inside Content/",
                              at: reader.location(ofValue: "folder"))
            return nil
        }
        let directory = (loader.contentDirectory as NSString).appendingPathComponent(folder)
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            diagnostics.warning(.projectBucketFolderMissing, "folder '\(folder)' of bucket '\(name)' does not exist; the bucket starts empty",
                                at: reader.location(ofValue: "folder"))
        } else if !isDirectory.boolValue {
            diagnostics.error(.projectBucketFolder, "folder '\(folder)' of bucket '\(name)' is a file, not a folder",
                              at: reader.location(ofValue: "folder"))
            return nil
        }
        return BucketDefinition(name: name, folder: folder, directory: directory, location: source.location(of: node))
    }

    private func readStream(_ node: Node) -> StreamDefinition? {
        guard let reader = MappingReader(node, source: source, what: "a stream", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: Self.streamKeys, in: "a stream", diagnostics: &diagnostics)
        guard let name = reader.requiredString("streamName", in: "a stream", diagnostics: &diagnostics) else { return nil }
        if !StreamDefinition.isValidName(name) {
            diagnostics.error(.projectStreamName, "stream name '\(name)' must be 1 to 128 letters, digits, '_', '.' or '-'",
                              at: reader.location(ofValue: "streamName"))
        }
        var stream = StreamDefinition(streamName: name, location: source.location(of: node))
        if let count = reader.int("shardCount", diagnostics: &diagnostics) {
            // Kinesis's default shard quota per Region is 500 (or 200 in smaller Regions).
            if (1...500).contains(count) { stream.shardCount = count } else {
                diagnostics.error(.projectStreamShards, "shardCount of stream '\(name)' must be between 1 and 500, found \(count)",
                                  at: reader.location(ofValue: "shardCount"))
            }
        }
        return stream
    }

    /// An S3 URI naming a bucket the project does not declare is an error; an AWS service that
    /// Portico does not simulate is a warning (requests to it answer 500).
    func checkServiceURI(of integration: Integration, operation: Operation, project: Project) {
        guard let service = integration.awsService else { return }
        if let (bucket, _) = service.s3Location, !bucket.contains("{"), project.bucket(named: bucket) == nil {
            var message = "bucket '\(bucket)' in the integration URI of \(operation.routeKey) is not declared under 'buckets' in portico.yml"
            if let suggestion = closestMatch(to: bucket, in: project.buckets.map(\.name)) { message += "; did you mean '\(suggestion)'?" }
            diagnostics.error(.projectUnknownBucket, message, at: integration.location)
        } else if !["s3", "kinesis", "dynamodb"].contains(service.service) {
            diagnostics.warning(.projectUnsimulatedService,
                                "Portico does not simulate AWS service '\(service.service)' (integration of \(operation.routeKey)); requests to it answer 500",
                                at: integration.location)
        }
    }
}
