/// Flushing a stage's cache (FlushStageCache; DG: api-gateway-caching, "Flush the API stage
/// cache in API Gateway": "flush your API's entire cache … all cached data"). The stage's
/// entries and its canary's go at once: the canary's are part of the stage's cache (DG:
/// canary-release: canary requests use the stage cache, or with separate deployments a cache
/// kept apart on the same stage).
extension Gateway {
    /// What a flush did: how many entries the stage's cache held.
    public struct CacheFlush: Sendable, Equatable {
        public let api: String
        public let stage: String
        public let flushedEntries: Int
    }

    public enum CacheFlushError: Error, Equatable, CustomStringConvertible {
        case unknown(InvocationError)
        /// The stage has no cache cluster: there is nothing to flush.
        case noCache(api: String, stage: String)

        public var description: String {
            switch self {
            case .unknown(let error): error.description
            case let .noCache(api, stage): "stage '\(stage)' of API '\(api)' has no cache (cacheClusterEnabled is not true in portico.yml)"
            }
        }
    }

    /// Empties the cache of `stage` of `api`, its canary's entries included; the next request
    /// to a cached method misses.
    public func flushCache(api: String, stage: String) throws(CacheFlushError) -> CacheFlush {
        guard let deployed = environment.deployments[api: api, stage: stage] else {
            guard let known = project.api(named: api) else { throw .unknown(.unknownAPI(api, known: project.apis.map(\.name))) }
            throw .unknown(.unknownStage(stage, api: api, known: known.stages.map(\.stageName)))
        }
        guard deployed.stage.cacheClusterEnabled else { throw .noCache(api: api, stage: stage) }
        let count = environment.state[deployed].slots.update(StageResponseCache.self) { $0.flush() }
        return CacheFlush(api: api, stage: stage, flushedEntries: count)
    }
}
