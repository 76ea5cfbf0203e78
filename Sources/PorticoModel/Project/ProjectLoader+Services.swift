import Diagnostics
import Foundation
import Yams

/// `buckets` and `streams`: the AWS services that AWS integrations call, simulated locally.
///
/// ```yaml
/// buckets:
///   - name: photos              # the bucket name integration URIs use (S3's naming rules)
///     folder: buckets/photos    # relative to Content/; an object's key is its path below it
/// streams:
///   - streamName: events        # as `aws kinesis create-stream` names it
///     shardCount: 1             # default 1
/// ```
extension ProjectReading {
    static let bucketKeys = ["name", "folder", "description"]
    static let streamKeys = ["streamName", "shardCount", "description"]

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
        } else if !["s3", "kinesis"].contains(service.service) {
            diagnostics.warning(.projectUnsimulatedService,
                                "Portico does not simulate AWS service '\(service.service)' (integration of \(operation.routeKey)); requests to it answer 500",
                                at: integration.location)
        }
    }
}
