import Foundation
import PorticoGateway
import Synchronization

/// A project's user pool keys, kept as PEM files under the project's `.portico/user-pools/`
/// folder (beside `Content/`, outside `Site/`), one folder per pool:
/// `{userPoolId}/id-token.pem` and `{userPoolId}/access-token.pem`. A pool without keys gets
/// new ones on first use, so tokens issued by `portico token` verify in `portico serve`, and
/// stay valid across restarts, on this machine. The folder holds private keys: `portico init`
/// lists `.portico/` in `.gitignore`, and files are written readable by their owner only.
///
/// Two processes may make a pool's keys at once (`serve` beside `token`): each writes into a
/// folder of its own and renames it into place, which only the first rename does; the other
/// then reads the winner's keys. Keys read once are kept for the life of the store.
public final class UserPoolKeyFiles: UserPoolKeyStore {
    public let directory: String
    private let loaded = Mutex<[String: UserPoolSigningKeys]>([:])

    /// - Parameter directory: the folder of pool folders, `PROJECT/.portico/user-pools`.
    public init(directory: String) {
        self.directory = directory
    }

    /// The store of the project whose `Content/` is `contentDirectory`.
    public convenience init(contentDirectory: String) {
        let root = (URL(fileURLWithPath: contentDirectory).standardizedFileURL.path as NSString).deletingLastPathComponent
        self.init(directory: (root as NSString).appendingPathComponent(".portico/user-pools"))
    }

    static let files = (id: "id-token.pem", access: "access-token.pem")

    public func signingKeys(forPool userPoolId: String) throws -> UserPoolSigningKeys {
        if let known = loaded.withLock({ $0[userPoolId] }) { return known }
        guard !userPoolId.isEmpty, !userPoolId.contains("/"), !userPoolId.hasPrefix(".") else {
            throw KeyFileProblem("'\(userPoolId)' cannot name a key folder")
        }
        let folder = (directory as NSString).appendingPathComponent(userPoolId)
        let keys = try read(folder) ?? create(folder)
        return loaded.withLock { table in
            if let raced = table[userPoolId] { return raced }
            table[userPoolId] = keys
            return keys
        }
    }

    /// The keys in `folder`, or nil when it does not exist yet.
    private func read(_ folder: String) throws -> UserPoolSigningKeys? {
        let id = (folder as NSString).appendingPathComponent(Self.files.id)
        guard FileManager.default.fileExists(atPath: id) else { return nil }
        do {
            return try UserPoolSigningKeys(
                idToken: UserPoolSigningKey(pem: String(contentsOfFile: id, encoding: .utf8)),
                accessToken: UserPoolSigningKey(pem: String(contentsOfFile: (folder as NSString).appendingPathComponent(Self.files.access), encoding: .utf8)))
        } catch {
            throw KeyFileProblem("the key files in \(folder) cannot be read (\(error)); delete the folder to make new keys")
        }
    }

    private func create(_ folder: String) throws -> UserPoolSigningKeys {
        let manager = FileManager.default
        let keys = try UserPoolSigningKeys.generate()
        let scratch = (directory as NSString).appendingPathComponent(".\((folder as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: .min ... .max))")
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try manager.createDirectory(atPath: scratch, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            for (name, key) in [(Self.files.id, keys.idToken), (Self.files.access, keys.accessToken)] {
                let path = (scratch as NSString).appendingPathComponent(name)
                guard manager.createFile(atPath: path, contents: Data(key.pem.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw KeyFileProblem("cannot write \(path)")
                }
            }
        } catch {
            try? manager.removeItem(atPath: scratch)
            throw KeyFileProblem("cannot make key files under \(directory): \(error)")
        }
        if rename(scratch, folder) == 0 { return keys }
        // Another process made them first (rename over a non-empty folder fails): use its keys.
        try? manager.removeItem(atPath: scratch)
        guard let theirs = try read(folder) else { throw KeyFileProblem("cannot put key files in place at \(folder)") }
        return theirs
    }
}

public struct KeyFileProblem: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
