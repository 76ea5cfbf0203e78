import PorticoModel

/// AWS_IAM methods: Signature Version 4, then the caller's identity policies
/// (DG: permissions; IAM User Guide: reference_aws-signing).
enum IAMAuthorization {
    static func decide(_ exchange: Exchange, method: RoutedMethod, in environment: GatewayEnvironment) -> StageOutcome {
        .skip(exchange.deployed.unsimulated(for: method).authorization)
    }
}
