import NIOCore
import NIOPosix

/// Where the server's work runs. Hummingbird reads and writes on NIO's event loop threads and
/// runs handlers on Swift concurrency's global pool; every request then crosses threads twice.
/// Making the event loops the global executor removes those hops (SwiftNIO's
/// `NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor`),
/// measured in Benchmarks/serve (figures on `PorticoMain.prepareProcess`).
public enum ServerThreads {
    /// Call once, from the main thread, before any task starts: `portico`'s `main.swift` does.
    @discardableResult
    public static func runConcurrencyOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
