/// The values CloudFormation's pseudo parameters take when Portico runs a template locally
/// (CloudFormation User Guide: pseudo-parameter-reference). There is no account and no stack,
/// so each is a fixed, documented stand-in: builds stay deterministic and ARNs keep AWS's shape,
/// which the gateway reads back (a function's name from its ARN, a user pool's id from its).
public enum PseudoParameters {
    /// `AWS::Region`: the Region Portico's examples use everywhere else.
    public static let region = "us-east-1"
    /// `AWS::AccountId`: the account id AWS's documentation uses in examples.
    public static let accountId = "123456789012"
    /// `AWS::StackName`: there is no stack; "local" says so.
    public static let stackName = "local"
    /// `AWS::StackId`: a stack ARN for the stack name above with a nil UUID.
    public static let stackId = "arn:aws:cloudformation:us-east-1:123456789012:stack/local/00000000-0000-0000-0000-000000000000"
    public static let partition = "aws"
    public static let urlSuffix = "amazonaws.com"
    /// `Fn::GetAZs`: three zones of the Region (us-east-1 has six; templates pick from the
    /// first few with `Fn::Select`).
    public static let availabilityZones = ["us-east-1a", "us-east-1b", "us-east-1c"]

    /// The value of `AWS::…` as a string, or nil for a name that is not a pseudo parameter
    /// (`AWS::NoValue` and `AWS::NotificationARNs` are handled by the resolver: no value, an
    /// empty list).
    public static func value(of name: String) -> String? {
        switch name {
        case "AWS::Region": region
        case "AWS::AccountId": accountId
        case "AWS::StackName": stackName
        case "AWS::StackId": stackId
        case "AWS::Partition": partition
        case "AWS::URLSuffix": urlSuffix
        default: nil
        }
    }
}
