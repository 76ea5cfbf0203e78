import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel

/// `portico deploy`: makes a deployment of an API, as CreateDeployment does (DG:
/// how-to-deploy-api, set-up-deployments), and points a stage at it. The deployment is a copy
/// of the API's definition as it is now, written beside it (`apis/orders.openapi.yaml` →
/// `apis/orders.openapi.k3x9q2.yaml`), declared under the API's `deployments` in
/// `portico.yml`, and the stage's `deploymentId` names it (``DeploymentPinEdit``: one small
/// text edit of the user's file, never a reformatting).
///
/// The id is derived from the API's name and the definition's text (``deploymentIdentifier(api:definition:)``),
/// so deploying an unchanged definition again pins the same deployment and writes nothing new.
public struct DeployAction: Sendable {
    public var projectRoot: String
    public var api: String
    public var stage: String
    /// The deployment's id (`--id`); nil: derived from the definition.
    public var id: String?
    public var description: String?

    public init(projectRoot: String, api: String, stage: String, id: String? = nil, description: String? = nil) {
        self.projectRoot = projectRoot
        self.api = api
        self.stage = stage
        self.id = id
        self.description = description
    }

    public func run(console: Console) -> ExitStatus {
        let loader = ProjectLoader(root: projectRoot)
        var diagnostics = DiagnosticEngine()
        guard let project = loader.load(diagnostics: &diagnostics), !diagnostics.hasErrors else {
            console.err(DiagnosticFormatter.report(diagnostics))
            return .inputProblems
        }
        guard let deployment = project.api(named: api) else {
            console.err("error: \(Gateway.InvocationError.unknownAPI(api, known: project.apis.map(\.name)).description)\n")
            return .usage
        }
        guard deployment.stage(named: stage) != nil else {
            console.err("error: \(Gateway.InvocationError.unknownStage(stage, api: api, known: deployment.stages.map(\.stageName)).description)\n")
            return .usage
        }
        if let id, id.isEmpty || id.count > 64 || !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            console.err("error: --id must be 1 to 64 letters or digits, not '\(id)'\n")
            return .usage
        }
        let content = loader.contentDirectory
        let definitionFile = (content as NSString).appendingPathComponent(deployment.definitionPath)
        guard let definition = FileManager.default.contents(atPath: definitionFile) else {
            console.err("error: cannot read the definition '\(deployment.definitionPath)' of API '\(api)'\n")
            return .inputProblems
        }
        let deploymentId = id ?? deploymentIdentifier(api: api, definition: String(decoding: definition, as: UTF8.self))
        let snapshotPath = Self.snapshotPath(of: deployment.definitionPath, id: deploymentId)
        let snapshotFile = (content as NSString).appendingPathComponent(snapshotPath)

        // An id already declared must name this very definition: a deployment never changes.
        if let existing = deployment.deployment(id: deploymentId) {
            let existingFile = (content as NSString).appendingPathComponent(existing.definitionPath)
            guard FileManager.default.contents(atPath: existingFile) == definition else {
                console.err("error: API '\(api)' already has a deployment '\(deploymentId)' (\(existing.definitionPath)) with another definition; choose another --id\n")
                return .inputProblems
            }
        } else if let present = FileManager.default.contents(atPath: snapshotFile), present != definition {
            console.err("error: '\(snapshotPath)' already exists with other content; move it away or choose another --id\n")
            return .inputProblems
        }

        let projectRelative = "\(ProjectLoader.contentFolderName)/\(ProjectLoader.projectFileName)"
        let projectFile = (content as NSString).appendingPathComponent(ProjectLoader.projectFileName)
        guard let original = try? String(contentsOfFile: projectFile, encoding: .utf8) else {
            console.err("error: cannot read \(loader.displayPath(projectRelative))\n")
            return .inputProblems
        }
        let entry = DeploymentPinEdit.Entry(id: deploymentId, definition: deployment.deployment(id: deploymentId)?.definitionPath ?? snapshotPath,
                                            description: description)
        let edited: String
        switch DeploymentPinEdit(api: api, stage: stage, deployment: entry).apply(to: original, path: loader.displayPath(projectRelative)) {
        case .success(let text): edited = text
        case .failure(let refusal):
            console.err("\(loader.displayPath(projectRelative)):\(refusal.line):\(refusal.column): error: \(refusal.message) [\(DiagnosticID.projectEditRefused.rawValue)]\n")
            return .inputProblems
        }

        let wroteSnapshot = !FileManager.default.fileExists(atPath: snapshotFile) && deployment.deployment(id: deploymentId) == nil
        do {
            if wroteSnapshot { try definition.write(to: URL(fileURLWithPath: snapshotFile)) }
            try edited.write(toFile: projectFile, atomically: true, encoding: .utf8)
        } catch {
            console.err("error: \(error.localizedDescription)\n")
            return .inputProblems
        }
        // The edited project must load with the stage pinned; otherwise put everything back.
        var check = DiagnosticEngine()
        let reloaded = loader.load(diagnostics: &check)
        guard !check.hasErrors, reloaded?.api(named: api)?.stage(named: stage)?.deploymentId == deploymentId else {
            try? original.write(toFile: projectFile, atomically: true, encoding: .utf8)
            if wroteSnapshot { try? FileManager.default.removeItem(atPath: snapshotFile) }
            console.err(DiagnosticFormatter.report(check) + "error: the edited \(projectRelative) did not load as expected; it is left as it was\n")
            return .inputProblems
        }
        let location = reloaded?.api(named: api)?.stage(named: stage)?.deploymentIdLocation
        let at = location.map { " (\($0.file):\($0.line):\($0.column))" } ?? ""
        let written = wroteSnapshot ? "wrote \(ProjectLoader.contentFolderName)/\(snapshotPath); " : "\(ProjectLoader.contentFolderName)/\(entry.definition) already holds it; "
        console.out("deployment \(deploymentId) of API '\(api)': \(written)stage '\(stage)' runs it\(at)\n")
        return .success
    }

    /// `apis/orders.openapi.yaml` → `apis/orders.openapi.k3x9q2.yaml`: beside the definition,
    /// with the same extension, so editors and the loader read it alike.
    static func snapshotPath(of definitionPath: String, id: String) -> String {
        let ext = (definitionPath as NSString).pathExtension
        let stem = ext.isEmpty ? definitionPath : String(definitionPath.dropLast(ext.count + 1))
        return ext.isEmpty ? "\(stem).\(id)" : "\(stem).\(id).\(ext)"
    }
}
