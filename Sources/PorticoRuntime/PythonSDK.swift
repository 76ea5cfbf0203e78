import Foundation

/// boto3 for the project's Python functions, as Lambda's Python runtimes include it (Lambda
/// DG: lambda-python, "The runtime includes the AWS SDK for Python (Boto3)"), without the
/// function bundling it: a folder Portico manages, added to the functions' `PYTHONPATH`
/// after their own code (so a function that bundles its own boto3 keeps it, as on Lambda).
///
/// On first need — the first invocation of a function whose code mentions `boto3` or
/// `botocore` — Portico checks that the interpreter imports boto3 with that folder on its
/// path; if not, it installs boto3 from PyPI into the folder (`pip install --target`), once
/// per process. Offline, or without pip, the invocation still runs (the handler's import
/// then fails as Lambda reports it, `Runtime.ImportModuleError`) and its log starts with a
/// line that says what failed and how to install boto3 by hand.
///
/// The folder: `$PORTICO_PYTHON_SDK` if set, else `~/.cache/portico/python-sdk/{python}`
/// (`$XDG_CACHE_HOME` honoured); `make test-deps` fills it for the tests, so a test run does
/// not depend on PyPI.
public actor PythonSDK {
    public nonisolated let folder: String
    private let python: String
    private let indexURL: String?
    private var outcome: Result<Void, Unavailable>?

    /// Why boto3 could not be provided, in a sentence for the function's log.
    public struct Unavailable: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// - Parameter indexURL: the package index pip reads (PyPI when nil).
    public init(folder: String? = nil, python: String = "python3", indexURL: String? = nil) {
        self.folder = folder ?? Self.defaultFolder(python: python)
        self.python = python
        self.indexURL = indexURL
    }

    public static func defaultFolder(python: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let folder = environment["PORTICO_PYTHON_SDK"], !folder.isEmpty { return folder }
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".cache")
        let name = (python as NSString).lastPathComponent
        return ((cache as NSString).appendingPathComponent("portico/python-sdk") as NSString).appendingPathComponent(name)
    }

    /// Whether a function's code imports the SDK: any `.py` file under `folder` that names
    /// boto3 or botocore.
    public static func isNeeded(byCodeIn folder: String) -> Bool {
        guard let files = FileManager.default.enumerator(atPath: folder) else { return false }
        for case let file as String in files where file.hasSuffix(".py") {
            guard let text = try? String(contentsOfFile: (folder as NSString).appendingPathComponent(file), encoding: .utf8) else { continue }
            if text.contains("boto3") || text.contains("botocore") { return true }
        }
        return false
    }

    /// Makes boto3 importable with ``folder`` on the path, installing it on the first call
    /// that finds it missing; later calls answer at once.
    public func ensure() async -> Result<Void, Unavailable> {
        if let outcome { return outcome }
        let result = await provide()
        outcome = result
        return result
    }

    private func provide() async -> Result<Void, Unavailable> {
        if await run([python, "-c", "import boto3"]).status == 0 { return .success(()) }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var install = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input", "--retries", "0",
                       "--timeout", "15", "--target", folder]
        if let indexURL { install += ["--index-url", indexURL] }
        install.append("boto3")
        let installed = await run(install)
        if installed.status == 0, await run([python, "-c", "import boto3"]).status == 0 { return .success(()) }
        let reason = installed.lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "pip exited with status \(installed.status)"
        return .failure(Unavailable(description:
            "Portico: boto3 is not importable by \(python) and could not be installed from PyPI into \(folder) (\(reason.trimmingCharacters(in: .whitespaces))). "
            + "Install it there with `\(python) -m pip install --target \(folder) boto3` (or `make test-deps`), or bundle it with the function."))
    }

    private func run(_ arguments: [String]) async -> (status: Int32, lines: [String]) {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = [folder, environment["PYTHONPATH"]].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ":")
        do {
            let process = try ChildProcess.spawn(arguments: arguments, environment: environment, workingDirectory: FileManager.default.temporaryDirectory.path)
            let termination = await process.waitForExit()
            let lines = process.takeLines()
            process.closeOutput()
            if case .exited(let code) = termination { return (code, lines) }
            return (-1, lines + ["\(termination)"])
        } catch {
            return (-1, ["\(error)"])
        }
    }
}
