import NIOCore

/// What puts a secure layer (TLS) in front of a connection before it carries HTTP: called once
/// per accepted connection, on its event loop, after the HTTP handlers are in place, and adds
/// its handlers at the front of the channel pipeline. The plain listener has none, so its
/// connections pay nothing for it. PorticoTLS implements it; this module links no TLS library.
public protocol ConnectionSecurity: Sendable {
    func secure(_ channel: any Channel) throws
}

/// A second listener of `portico serve` whose connections go through `security` first
/// (`serve --tls`: the project's custom domains over HTTPS), then reach the same gateway,
/// site and `/_portico/` routes as the plain one.
public struct SecureListener: Sendable {
    public var port: Int
    public var security: any ConnectionSecurity
    /// Called with the bound port once the listener accepts connections.
    public var onRunning: @Sendable (Int) async -> Void

    public init(port: Int, security: any ConnectionSecurity, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.port = port
        self.security = security
        self.onRunning = onRunning
    }
}
