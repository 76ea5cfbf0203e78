/// Stages whose features the model does not describe yet. Each says in the trace exactly what
/// it did not find, so a transcript never claims a check that did not happen. They are filled
/// in by the issues that add authorizers, API keys, throttling, caching and CORS.

final class CORSStage: SynchronousStage {
    let name = StageName.cors
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        // DG: how-to-cors — REST APIs have no automatic preflight.
        .skip("REST APIs answer preflight only through an OPTIONS method")
    }
}

final class ResourcePolicyStage: SynchronousStage {
    let name = StageName.resourcePolicy
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        .skip("no resource policy")
    }
}

final class AuthorizationStage: SynchronousStage {
    let name = StageName.authorization
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        .skip("authorization type NONE")
    }
}

final class APIKeyStage: SynchronousStage {
    let name = StageName.apiKey
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        .skip("API key not required")
    }
}

final class ThrottlingStage: SynchronousStage {
    let name = StageName.throttling
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        .skip("throttling is not simulated yet")
    }
}

final class CacheStage: SynchronousStage {
    let name = StageName.cache
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        .skip("stage cache disabled")
    }
}
