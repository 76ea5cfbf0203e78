/// The files of Content/ that belong to the project rather than to the site: the code of its
/// functions, the scripts its backends run, and the folders its buckets stand for. A build
/// publishes none of them (a backend's source is not a page asset), and a change to one is a
/// change to the project: `serve` rebuilds everything and restarts what runs that code.
public struct ProjectFiles: Sendable, Equatable {
    /// Paths inside Content/: a folder ends with `/` and covers everything below it; anything
    /// else is one file.
    public var paths: [String]

    public init(paths: [String]) {
        self.paths = paths
    }

    /// Whether `relative` (a path inside Content/, file or folder, without a trailing slash)
    /// is one of these files, lies below one of these folders, or holds one of them.
    public func contains(_ relative: String) -> Bool {
        let folder = relative + "/"
        return paths.contains { path in
            path.hasSuffix("/") ? folder.hasPrefix(path) || path.hasPrefix(folder) : relative == path || path.hasPrefix(folder)
        }
    }
}

extension Project {
    /// Everything below Content/ that is the project's own: see ``ProjectFiles``.
    public var ownFiles: ProjectFiles {
        ProjectFiles(paths: functions.flatMap(Self.files(of:)) + buckets.map { Self.folder($0.folder) }
            + backends.flatMap(Self.files(of:)))
    }

    /// The code a function runs: its code folder.
    public static func files(of function: FunctionDefinition) -> [String] {
        function.code.map { [folder($0)] } ?? []
    }

    /// The files a backend runs, read from its command: an argument that is a relative path
    /// with a folder (`backends/inventory.py`) stands for that folder, since a script usually
    /// imports its neighbours; a bare file name with a script's extension (`server.py`) for
    /// itself. Programs on `PATH` (`python3`), options and numbers are not files of Content/.
    public static func files(of backend: Backend) -> [String] {
        backend.command.compactMap { argument -> String? in
            var path = argument.hasPrefix("./") ? String(argument.dropFirst(2)) : argument
            guard !path.isEmpty, !path.hasPrefix("/"), !path.hasPrefix("-"), !path.hasPrefix("."),
                  !path.contains("="), !path.contains(":") else { return nil }
            if let slash = path.lastIndex(of: "/") {
                path = String(path[..<slash])
                return path.isEmpty ? nil : path + "/"
            }
            let scriptExtensions = [".py", ".js", ".mjs", ".cjs", ".ts", ".rb", ".sh", ".pl", ".php", ".lua", ".jar"]
            return scriptExtensions.contains(where: { path.hasSuffix($0) }) ? path : nil
        }
    }

    /// `./functions/orders` → `functions/orders/`.
    static func folder(_ path: String) -> String {
        var folder = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        if !folder.hasSuffix("/") { folder += "/" }
        return folder
    }
}
