import Diagnostics
import PorticoGateway
import PorticoModel

/// The lookups both kinds of example block make (`http example`, `websocket example`), each
/// with the same located error when it fails.
enum ExampleTargets {
    /// The project's API named `name`; an error (with the closest name) when there is none.
    static func api(named name: String, in project: Project, at location: SourceLocation, diagnostics: inout DiagnosticEngine) -> APIDeployment? {
        if let api = project.api(named: name) { return api }
        var message = "no API named '\(name)'"
        if let close = closestMatch(to: name, in: project.apis.map(\.name)) { message += "; did you mean '\(close)'?" }
        diagnostics.error(.exampleAPI, message, at: location)
        return nil
    }

    /// The identity `as=` names: `.success(nil)` when the block names none, `.failure` (after
    /// an error) when the project has no such identity.
    static func caller(named name: String?, in gateway: Gateway, at location: SourceLocation,
                       diagnostics: inout DiagnosticEngine) -> Result<ProjectCaller?, ProjectCaller.LookupFailure> {
        guard let name else { return .success(nil) }
        switch gateway.caller(named: name) {
        case .success(let found): return .success(found)
        case .failure(let failure):
            diagnostics.error(.exampleCaller, "as=\(name): \(failure.description)", at: location)
            return .failure(failure)
        }
    }
}
