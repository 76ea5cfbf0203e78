import Foundation

/// Writes single files of a site that is being served: each through a temporary file in the
/// same folder and a rename, so the server never reads half a page. A file whose bytes are
/// already right is left alone (its ETag stays); a deleted file's emptied folders go too, as
/// a full build would not have them.
struct SiteFileWriter {
    let root: String

    /// Puts `bytes` at `path` (inside the site), or deletes the file when `bytes` is nil.
    /// Returns whether the file changed.
    func put(_ path: String, _ bytes: [UInt8]?) throws(SiteWriter.WriteError) -> Bool {
        let full = (root as NSString).appendingPathComponent(path)
        let existing = NoteLoader.readFile(full)
        guard let bytes else {
            guard existing != nil else { return false }
            guard unlink(full) == 0 else { throw .io("cannot delete '\(full)': \(String(cString: strerror(errno)))") }
            var folder = (path as NSString).deletingLastPathComponent
            while !folder.isEmpty, rmdir((root as NSString).appendingPathComponent(folder)) == 0 {
                folder = (folder as NSString).deletingLastPathComponent
            }
            return true
        }
        if existing == bytes { return false }
        let folder = (full as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create '\(folder)': \(error.localizedDescription)")
        }
        let temporary = (folder as NSString).appendingPathComponent(".\((full as NSString).lastPathComponent).portico-\(getpid())")
        if let failure = SiteWriter.writeFile(temporary, bytes) { throw .io(failure) }
        guard rename(temporary, full) == 0 else {
            let message = "cannot replace '\(full)': \(String(cString: strerror(errno)))"
            unlink(temporary)
            throw .io(message)
        }
        return true
    }
}
