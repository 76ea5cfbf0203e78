import Crypto
import Foundation
import X509

/// The project's own certificate authority, which signs the certificates of its custom
/// domains for `portico serve --tls`. It lives in `PROJECT/.portico/tls/` (beside `Content/`,
/// never in `Site/`; `portico init` lists `.portico/` in `.gitignore`): `ca.pem`, the
/// certificate a client trusts (`curl --cacert`, a browser's authorities), and `ca-key.pem`,
/// readable by its owner only. Made on first use and kept, so a client told to trust it once
/// keeps trusting every later `serve`.
///
/// Two processes may make it at once: each writes a folder of its own and renames it into
/// place, which only the first rename does; the other reads the winner's files.
public struct ProjectCertificateAuthority: Sendable {
    public let certificate: Certificate
    let privateKey: Certificate.PrivateKey
    /// Where `ca.pem` is: the path `serve` prints.
    public let certificatePath: String

    static let files = (certificate: "ca.pem", key: "ca-key.pem")
    /// The authority's name, as a client's error messages show it.
    static let commonName = "Portico local certificate authority"

    /// The folder of the project whose root (the folder that holds `Content/`) is `projectRoot`.
    public static func folder(projectRoot: String) -> String {
        (URL(fileURLWithPath: projectRoot).standardizedFileURL.path as NSString).appendingPathComponent(".portico/tls")
    }

    /// Reads the authority in `folder`, or makes one there.
    public static func loadOrCreate(in folder: String, now: Date = Date()) throws -> ProjectCertificateAuthority {
        if let known = try read(folder) { return known }
        let fresh = try make(now: now, folder: folder)
        let manager = FileManager.default
        let parent = (folder as NSString).deletingLastPathComponent
        let scratch = (parent as NSString).appendingPathComponent(".tls.\(getpid()).\(UInt32.random(in: .min ... .max))")
        do {
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
            try manager.createDirectory(atPath: scratch, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try write(fresh.certificate.serializeAsPEM().pemString, to: scratch, name: files.certificate, permissions: 0o644)
            try write(fresh.privateKey.serializeAsPEM().pemString, to: scratch, name: files.key, permissions: 0o600)
        } catch {
            try? manager.removeItem(atPath: scratch)
            throw CertificateAuthorityProblem("cannot make the certificate authority under \(parent): \(error)")
        }
        if rename(scratch, folder) == 0 { return fresh }
        try? manager.removeItem(atPath: scratch)
        guard let theirs = try read(folder) else { throw CertificateAuthorityProblem("cannot put the certificate authority in place at \(folder)") }
        return theirs
    }

    /// A certificate for `names` (DNS names, the first also the common name), valid from an
    /// hour before `now` (clocks differ) for 90 days: leaves are made anew at every start, so
    /// only the authority needs to last.
    public func issue(for names: [String], now: Date = Date()) throws -> IssuedCertificate {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PrivateKey(key).publicKey
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(90 * 86400),
            issuer: self.certificate.subject,
            subject: DistinguishedName { CommonName(names.first ?? "localhost") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names.map { .dnsName($0) })
                SubjectKeyIdentifier(hash: publicKey)
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: self.certificate.publicKey).keyIdentifier)
            },
            issuerPrivateKey: privateKey)
        return IssuedCertificate(certificatePEM: try certificate.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation,
                                 names: names)
    }

    // MARK: - Files

    private static func read(_ folder: String) throws -> ProjectCertificateAuthority? {
        let certificatePath = (folder as NSString).appendingPathComponent(files.certificate)
        guard FileManager.default.fileExists(atPath: certificatePath) else { return nil }
        do {
            return ProjectCertificateAuthority(
                certificate: try Certificate(pemEncoded: String(contentsOfFile: certificatePath, encoding: .utf8)),
                privateKey: try Certificate.PrivateKey(pemEncoded: String(contentsOfFile: (folder as NSString).appendingPathComponent(files.key), encoding: .utf8)),
                certificatePath: certificatePath)
        } catch {
            throw CertificateAuthorityProblem("the certificate authority in \(folder) cannot be read (\(error)); delete the folder to make a new one")
        }
    }

    /// A self-signed authority valid ten years, allowed to sign server certificates only.
    private static func make(now: Date, folder: String) throws -> ProjectCertificateAuthority {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let name = try DistinguishedName {
            OrganizationName("Portico")
            CommonName(commonName)
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            },
            issuerPrivateKey: key)
        return ProjectCertificateAuthority(certificate: certificate, privateKey: key,
                                           certificatePath: (folder as NSString).appendingPathComponent(files.certificate))
    }

    private static func write(_ text: String, to folder: String, name: String, permissions: Int) throws {
        let path = (folder as NSString).appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: permissions]) else {
            throw CertificateAuthorityProblem("cannot write \(path)")
        }
    }
}

/// A server certificate the authority signed, and its private key, as PEM.
public struct IssuedCertificate: Sendable {
    public let certificatePEM: String
    public let privateKeyPEM: String
    public let names: [String]
}

public struct CertificateAuthorityProblem: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
