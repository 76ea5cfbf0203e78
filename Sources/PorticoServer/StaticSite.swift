import Foundation

/// Resolves request paths to files of the built site, refusing anything that could leave it:
/// `..` and `.` segments (also percent-encoded), encoded slashes and backslashes, NUL bytes,
/// and symbolic links whose target lies outside the site folder.
public struct StaticSite: Sendable {
    /// The site folder with symbolic links resolved.
    public let root: String

    public init(directory: String) {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        root = StaticSite.realPath(absolute) ?? absolute
    }

    public enum Resolution: Equatable, Sendable {
        case file(path: String)
        /// A folder asked for without its trailing slash: redirect so relative links work.
        case redirect(location: String)
        case notFound
        case forbidden
    }

    /// Files larger than this are not served (the site's pages and assets are far smaller).
    public static let maximumFileSize = 64 * 1024 * 1024

    /// - Parameter rawPath: the request path as sent, still percent-encoded, without query.
    public func resolve(rawPath: String) -> Resolution {
        guard rawPath.hasPrefix("/"), rawPath.utf8.count <= 4096 else { return .forbidden }
        var segments: [String] = []
        let rawSegments = rawPath.split(separator: "/", omittingEmptySubsequences: true)
        guard rawSegments.count <= 64 else { return .forbidden }
        for raw in rawSegments {
            guard let decoded = String(raw).removingPercentEncoding else { return .forbidden }
            if decoded == "." || decoded == ".." || decoded.contains("/") || decoded.contains("\\") || decoded.contains("\u{0}") {
                return .forbidden
            }
            segments.append(decoded)
        }
        var candidate = ([root] + segments).joined(separator: "/")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) else { return .notFound }
        if isDirectory.boolValue {
            if !rawPath.hasSuffix("/") { return .redirect(location: rawPath + "/") }
            candidate += "/index.html"
        }
        guard let real = StaticSite.realPath(candidate) else { return .notFound }
        guard real.hasPrefix(root + "/") else { return .forbidden }
        var realIsDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &realIsDirectory), !realIsDirectory.boolValue else { return .notFound }
        return .file(path: real)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Content types by file extension, for what a Portico site contains.
    public static func contentType(for path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "xml": "application/xml"
        case "txt", "md": "text/plain; charset=utf-8"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "woff": "font/woff"
        case "pdf": "application/pdf"
        case "yaml", "yml": "application/yaml"
        default: "application/octet-stream"
        }
    }
}
