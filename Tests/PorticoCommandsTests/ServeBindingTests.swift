@testable import PorticoCommands
import Testing

/// `serve` warns when it listens beyond this machine: its gateway runs the project's functions.
@Suite("serve's bind address")
struct ServeBindingTests {
    @Test("loopback addresses keep quiet; anything else is warned about")
    func loopback() {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "LocalHost", "::1", "[::1]"] {
            #expect(ServeAction.isLoopback(host), "\(host)")
        }
        for host in ["0.0.0.0", "::", "192.168.1.20", "example.com", "localhost.example.com"] {
            #expect(!ServeAction.isLoopback(host), "\(host)")
        }
    }
}
