import Foundation
import PorticoModel

/// What a batch of changed paths means for the site. It is worked out from the file system
/// as it is now, not from the kind of event: editors save through temporary files and
/// renames, and a watcher may report a folder for everything below it, so "this path
/// changed" is the only fact relied on.
///
/// - `portico.yml`, `apis/`, an API definition, `theme/`, the project's own files (a
///   function's code, a backend's script, a bucket's folder: ``ProjectFiles``): the project
///   itself changed, and only a full build is exact. Processes running changed code restart.
/// - a `.md` file: a note to read again (missing now: removed).
/// - any other file: an asset to copy again (missing now: removed).
/// - a folder: everything below it, and every known file that was below it.
/// - hidden files and folders (`.page.md.swp`, `.git/`): nothing; the build ignores them.
/// - the Content/ folder itself (a watcher that lost track): a full build.
struct ContentChanges: Sendable, Equatable {
    var needsFullBuild = false
    /// `portico.yml` or a function's code changed: warm function processes run old code.
    var functionsChanged = false
    /// Backends whose script (or a file beside it) changed, by name: they run old code.
    var backendsChanged: Set<String> = []
    /// Notes to read again, by path inside Content/.
    var notes: Set<String> = []
    /// Other files to look at again, by path inside Content/.
    var assets: Set<String> = []

    var isEmpty: Bool { !needsFullBuild && notes.isEmpty && assets.isEmpty }

    /// - Parameters:
    ///   - paths: absolute paths (or relative to the working folder).
    ///   - state: what the last build knew; without it, any change needs a full build.
    static func classify(_ paths: [String], contentDirectory: String, state: SiteState?) -> ContentChanges {
        let root = URL(fileURLWithPath: contentDirectory).standardizedFileURL.path
        var changes = ContentChanges()
        for path in paths {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            if absolute == root {
                changes.needsFullBuild = true
                continue
            }
            guard absolute.hasPrefix(root + "/") else { continue }
            changes.add(String(absolute.dropFirst(root.count + 1)), root: root, state: state, expandFolders: true)
        }
        return changes
    }

    private mutating func add(_ relative: String, root: String, state: SiteState?, expandFolders: Bool) {
        if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { return }
        guard let state else {
            needsFullBuild = true
            return
        }
        let folder = relative + "/"
        if relative == ProjectLoader.projectFileName {
            needsFullBuild = true
            functionsChanged = true
            return
        }
        if state.ownFiles.contains(relative) {
            needsFullBuild = true
            let project = state.project
            if project.functions.contains(where: { ProjectFiles(paths: Project.files(of: $0)).contains(relative) }) {
                functionsChanged = true
            }
            for backend in project.backends where ProjectFiles(paths: Project.files(of: backend)).contains(relative) {
                backendsChanged.insert(backend.name)
            }
            return
        }
        let definitions = state.project.apis.map { $0.definitionPath.hasPrefix("./") ? String($0.definitionPath.dropFirst(2)) : $0.definitionPath }
        if ["apis/", "theme/"].contains(where: { folder.hasPrefix($0) }) || definitions.contains(relative)
            || definitions.contains(where: { $0.hasPrefix(folder) }) {
            needsFullBuild = true
            return
        }
        let full = (root as NSString).appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
        if expandFolders && (isDirectory.boolValue || !exists) {
            // Whatever was known below the folder may be gone; whatever is there now is new.
            notes.formUnion(state.notes.lazy.map(\.note.relativePath).filter { $0.hasPrefix(folder) })
            assets.formUnion(state.assets.filter { $0.hasPrefix(folder) })
            notes.formUnion(state.unreadable.keys.filter { $0.hasPrefix(folder) })
        }
        if exists && isDirectory.boolValue {
            guard expandFolders, let enumerator = FileManager.default.enumerator(atPath: full) else { return }
            while let below = enumerator.nextObject() as? String {
                add(folder + below, root: root, state: state, expandFolders: false)
            }
            return
        }
        if relative.hasSuffix(".md") { notes.insert(relative) } else { assets.insert(relative) }
    }
}
