import Diagnostics
import Yams

/// The resources a template declares that Portico keeps locally: Cognito user pools with their
/// app clients and groups (tokens signed by the project's own key), S3 buckets as folders, and
/// Kinesis streams in memory. A bucket's folder is `Content/buckets/<name>`.
extension TemplateTranslation {
    func translateLocalResources() {
        for pool in resources(ofType: "AWS::Cognito::UserPool") {
            handled.insert(pool.logicalId)
            let mark = pool.node.mark
            let poolId = LocalResourceValues.userPoolId(pool)
            var clients: [Node] = []
            for client in resources(ofType: "AWS::Cognito::UserPoolClient") where TemplateNode.text(properties(of: client), "UserPoolId") == poolId {
                handled.insert(client.logicalId)
                let name = TemplateNode.value(properties(of: client), "ClientName") ?? TemplateNode.string(client.logicalId, at: client.node.mark)
                clients.append(TemplateNode.mapping([("clientName", name), ("clientId", TemplateNode.string(client.logicalId, at: client.node.mark))], at: client.node.mark))
            }
            var groups: [Node] = []
            for group in resources(ofType: "AWS::Cognito::UserPoolGroup") where TemplateNode.text(properties(of: group), "UserPoolId") == poolId {
                handled.insert(group.logicalId)
                groups.append(TemplateNode.value(properties(of: group), "GroupName") ?? TemplateNode.string(group.logicalId, at: group.node.mark))
            }
            userPools.append(TemplateNode.mapping([("name", TemplateNode.string(pool.logicalId, at: mark)), ("userPoolId", TemplateNode.string(poolId, at: mark)),
                                                   ("clients", TemplateNode.sequence(clients, at: mark)), ("groups", TemplateNode.sequence(groups, at: mark))], at: mark))
        }
        for bucket in resources(ofType: "AWS::S3::Bucket") {
            handled.insert(bucket.logicalId)
            let name = LocalResourceValues.ref(bucket) ?? bucket.logicalId
            buckets.append(TemplateNode.mapping([("name", TemplateNode.string(name, at: bucket.node.mark)),
                                                 ("folder", TemplateNode.string("buckets/\(name)", at: bucket.node.mark))], at: bucket.node.mark))
        }
        for stream in resources(ofType: "AWS::Kinesis::Stream") {
            handled.insert(stream.logicalId)
            let properties = properties(of: stream)
            var pairs: [(String, Node)] = [("streamName", TemplateNode.string(LocalResourceValues.ref(stream) ?? stream.logicalId, at: stream.node.mark))]
            if let shards = TemplateNode.value(properties, "ShardCount") { pairs.append(("shardCount", shards)) }
            streams.append(TemplateNode.mapping(pairs, at: stream.node.mark))
        }
    }
}
