import Yams

/// One entry of a template's `Resources`: its logical id, type, properties (as written, before
/// intrinsic functions are resolved) and where it is declared.
struct TemplateResource {
    let logicalId: String
    let type: String
    let properties: Node?
    let node: Node
    /// The resource's `Condition`, when it has one.
    let condition: String?

    /// A property written as plain text (not an intrinsic function), for names such as
    /// `FunctionName` that decide what `!Ref` of the resource gives.
    func literal(_ key: String) -> String? {
        guard case .scalar(let scalar)? = TemplateNode.value(properties, key),
              !scalar.tag.description.hasPrefix("!") else { return nil }
        return scalar.string
    }
}

/// What `!Ref` and `!GetAtt` of a resource give locally (CloudFormation User Guide, each
/// resource type's "Return values"): the names and ARNs the resource would have, built from
/// the ``PseudoParameters``, so the gateway finds the local function, pool or bucket by them.
/// A type or attribute that has no local meaning gives nil: the resolver then writes a stated
/// placeholder and a notice.
enum LocalResourceValues {
    static let region = PseudoParameters.region
    static let account = PseudoParameters.accountId

    /// Resource types that stand for nothing Portico can run or stand in for: a `!Ref` of one
    /// is a placeholder (a certificate's ARN, a custom resource's id, a hosted zone).
    static let placeholderTypes: Set<String> = ["AWS::CertificateManager::Certificate", "AWS::CloudFormation::CustomResource",
                                                "AWS::Route53::HostedZone", "AWS::CloudFormation::Stack", "AWS::Serverless::Application"]

    static func ref(_ resource: TemplateResource) -> String? {
        if placeholderTypes.contains(resource.type) || resource.type.hasPrefix("Custom::") { return nil }
        switch resource.type {
        case "AWS::Serverless::Function", "AWS::Lambda::Function":
            return functionName(resource)
        case "AWS::Cognito::UserPool":
            return userPoolId(resource)
        case "AWS::S3::Bucket":
            return resource.literal("BucketName") ?? resource.logicalId.lowercased()
        case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable":
            return resource.literal("TableName") ?? resource.logicalId
        case "AWS::Kinesis::Stream":
            return resource.literal("Name") ?? resource.logicalId
        case "AWS::SQS::Queue":
            return "https://sqs.\(region).amazonaws.com/\(account)/\(resource.literal("QueueName") ?? resource.logicalId)"
        case "AWS::SNS::Topic":
            return "arn:aws:sns:\(region):\(account):\(resource.literal("TopicName") ?? resource.logicalId)"
        case "AWS::ApiGateway::DomainName", "AWS::ApiGatewayV2::DomainName":
            return resource.literal("DomainName") ?? resource.logicalId
        case "AWS::ApiGateway::Model":
            return resource.literal("Name") ?? resource.logicalId
        case "AWS::ApiGateway::Stage":
            return resource.literal("StageName") ?? resource.logicalId
        default:
            // Most resources' Ref is an opaque physical id; the logical id stands in for it, and
            // links between resources (a Method's RestApiId, a UsagePlanKey's KeyId) still match.
            return resource.logicalId
        }
    }

    static func attribute(_ resource: TemplateResource, _ name: String) -> String? {
        if placeholderTypes.contains(resource.type) || resource.type.hasPrefix("Custom::") { return nil }
        let id = ref(resource) ?? resource.logicalId
        switch (resource.type, name) {
        case ("AWS::Serverless::Function", "Arn"), ("AWS::Lambda::Function", "Arn"):
            return functionARN(id)
        case ("AWS::Cognito::UserPool", "Arn"):
            return "arn:aws:cognito-idp:\(region):\(account):userpool/\(id)"
        case ("AWS::Cognito::UserPool", "ProviderName"):
            return "cognito-idp.\(region).amazonaws.com/\(id)"
        case ("AWS::Cognito::UserPool", "ProviderURL"):
            return "https://cognito-idp.\(region).amazonaws.com/\(id)"
        case ("AWS::DynamoDB::Table", "Arn"), ("AWS::Serverless::SimpleTable", "Arn"):
            return "arn:aws:dynamodb:\(region):\(account):table/\(id)"
        case ("AWS::DynamoDB::Table", "StreamArn"):
            return "arn:aws:dynamodb:\(region):\(account):table/\(id)/stream/1970-01-01T00:00:00.000"
        case ("AWS::S3::Bucket", "Arn"):
            return "arn:aws:s3:::\(id)"
        case ("AWS::S3::Bucket", "DomainName"):
            return "\(id).s3.amazonaws.com"
        case ("AWS::S3::Bucket", "RegionalDomainName"):
            return "\(id).s3.\(region).amazonaws.com"
        case ("AWS::Kinesis::Stream", "Arn"):
            return "arn:aws:kinesis:\(region):\(account):stream/\(id)"
        case ("AWS::SQS::Queue", "Arn"):
            return "arn:aws:sqs:\(region):\(account):\(resource.literal("QueueName") ?? resource.logicalId)"
        case ("AWS::SQS::Queue", "QueueName"):
            return resource.literal("QueueName") ?? resource.logicalId
        case ("AWS::SNS::Topic", "TopicArn"):
            return id
        case ("AWS::IAM::Role", "Arn"):
            return "arn:aws:iam::\(account):role/\(resource.literal("RoleName") ?? resource.logicalId)"
        case ("AWS::StepFunctions::StateMachine", "Arn"), ("AWS::Serverless::StateMachine", "Arn"):
            return "arn:aws:states:\(region):\(account):stateMachine:\(resource.literal("StateMachineName") ?? resource.logicalId)"
        case ("AWS::Events::EventBus", "Arn"):
            return "arn:aws:events:\(region):\(account):event-bus/\(resource.literal("Name") ?? resource.logicalId)"
        case ("AWS::ApiGateway::RestApi", "RootResourceId"), ("AWS::Serverless::Api", "RootResourceId"):
            return rootResourceId(of: resource.logicalId)
        case ("AWS::ApiGatewayV2::Api", "ApiId"), ("AWS::Serverless::HttpApi", "ApiId"):
            return resource.logicalId
        case ("AWS::ApiGateway::RestApi", "RestApiId"):
            return resource.logicalId
        default:
            return nil
        }
    }

    /// The id `!GetAtt Api.RootResourceId` gives: resources whose `ParentId` is it hang off `/`.
    static func rootResourceId(of api: String) -> String { "\(api).RootResourceId" }

    static func functionName(_ resource: TemplateResource) -> String {
        resource.literal("FunctionName") ?? resource.logicalId
    }

    static func functionARN(_ name: String) -> String {
        "arn:aws:lambda:\(region):\(account):function:\(name)"
    }

    /// The URI API Gateway invokes a function by, as SAM writes it for every function event:
    /// `arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations`
    /// (serverless-application-model, tests/translator/output/api_with_auth_all_minimum_openapi.json).
    static func invocationURI(ofFunctionARN arn: String) -> String {
        "arn:aws:apigateway:\(region):lambda:path/2015-03-31/functions/\(arn)/invocations"
    }

    /// `us-east-1_MyUserPool`: a Region, `_`, the logical id's letters and digits (Cognito's id
    /// pattern; API reference: UserPoolType, Id).
    static func userPoolId(_ resource: TemplateResource) -> String {
        let suffix = resource.logicalId.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return "\(region)_\(suffix.isEmpty ? "Pool" : suffix)"
    }
}
