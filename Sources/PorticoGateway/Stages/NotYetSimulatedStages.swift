/// Stages whose features the model does not describe yet. Each says in the trace exactly what
/// it did not find, so a transcript never claims a check that did not happen. They are filled
/// in by the issues that add authorizers, API keys, throttling, caching and CORS.

struct CORSStage: SynchronousStage {
    let name = StageName.cors
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        // DG: how-to-cors — REST APIs have no automatic preflight (AWS-BEHAVIOUR fact 102).
        .skip("REST APIs answer preflight only through an OPTIONS method")
    }
}

struct ResourcePolicyStage: SynchronousStage {
    let name = StageName.resourcePolicy
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        .skip("no resource policy")
    }
}

struct AuthorizationStage: SynchronousStage {
    let name = StageName.authorization
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        .skip("authorization type NONE")
    }
}

struct APIKeyStage: SynchronousStage {
    let name = StageName.apiKey
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        .skip("API key not required")
    }
}

struct ThrottlingStage: SynchronousStage {
    let name = StageName.throttling
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        .skip("throttling is not simulated yet")
    }
}

struct CacheStage: SynchronousStage {
    let name = StageName.cache
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        .skip("stage cache disabled")
    }
}
