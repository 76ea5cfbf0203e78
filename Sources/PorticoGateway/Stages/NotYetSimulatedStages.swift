/// Stages whose features the simulator does not run yet. Each says in the trace what the
/// configuration asks of the method on this stage (``UnsimulatedFeatures``, written when the
/// gateway is made) and that it was not checked, so a transcript never claims a check that did
/// not happen. They are filled in by the issues that add authorizers, resource policies and CORS.

final class CORSStage: PipelineStage {
    let name = StageName.cors
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        // DG: how-to-cors — REST APIs have no automatic preflight: an OPTIONS method answers it.
        .skip("REST APIs answer preflight only through an OPTIONS method")
    }
}
