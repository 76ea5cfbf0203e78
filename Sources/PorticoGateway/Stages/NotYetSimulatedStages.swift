/// Stages whose features the model does not describe yet. Each says in the trace exactly what
/// it did not find, so a transcript never claims a check that did not happen. They are filled
/// in by the issues that add authorizers, API keys, throttling, caching and CORS.

struct CORSStage: PipelineStage {
    let name = StageName.cors
    func process(_ exchange: Exchange, in environment: GatewayEnvironment) async -> StageOutcome {
        // DG: how-to-cors — REST APIs have no automatic preflight (AWS-BEHAVIOUR fact 102).
        .skip("REST APIs answer preflight only through an OPTIONS method")
    }
}

struct ResourcePolicyStage: PipelineStage {
    let name = StageName.resourcePolicy
    func process(_ exchange: Exchange, in environment: GatewayEnvironment) async -> StageOutcome {
        .skip("no resource policy")
    }
}

struct AuthorizationStage: PipelineStage {
    let name = StageName.authorization
    func process(_ exchange: Exchange, in environment: GatewayEnvironment) async -> StageOutcome {
        .skip("authorization type NONE")
    }
}

struct APIKeyStage: PipelineStage {
    let name = StageName.apiKey
    func process(_ exchange: Exchange, in environment: GatewayEnvironment) async -> StageOutcome {
        .skip("API key not required")
    }
}

struct ThrottlingStage: PipelineStage {
    let name = StageName.throttling
    func process(_ exchange: Exchange, in environment: GatewayEnvironment) async -> StageOutcome {
        .skip("throttling is not simulated yet")
    }
}

struct CacheStage: PipelineStage {
    let name = StageName.cache
    func process(_ exchange: Exchange, in environment: GatewayEnvironment) async -> StageOutcome {
        .skip("stage cache disabled")
    }
}
