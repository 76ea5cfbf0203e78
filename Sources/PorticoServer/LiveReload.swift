import Foundation

/// Tells connected pages that the site changed (or failed to build), as server-sent events.
/// Each page holds one stream; the hub keeps at most `maximumClients` of them.
public actor LiveReloadHub {
    public enum Event: Sendable, Equatable {
        /// The site changed: the pages at these paths inside the site reload (and the others
        /// drop a failure overlay); nil, or more than ``maximumPages`` of them, reloads every page.
        case reload(pages: [String]? = nil)
        /// The last change broke the build: pages show the diagnostics over the last good page.
        case failed(String)

        /// A list longer than this is sent as "every page": the event stays small.
        public static let maximumPages = 500

        var serverSentEvent: String {
            switch self {
            case .reload(let pages):
                guard let pages, pages.count <= Self.maximumPages,
                      let json = try? Self.encoder().encode(["pages": pages]) else { return "event: reload\ndata: {}\n\n" }
                return "event: reload\ndata: \(String(decoding: json, as: UTF8.self))\n\n"
            case .failed(let report):
                let lines = report.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)" }
                return "event: failed\n" + lines.joined(separator: "\n") + "\n\n"
            }
        }

        private static func encoder() -> JSONEncoder {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return encoder
        }
    }

    public static let maximumClients = 256
    private var clients: [UUID: AsyncStream<String>.Continuation] = [:]
    /// The latest failure, sent to pages that connect while the build is broken.
    private var lastFailure: String?

    public init() {}

    /// A stream of SSE text chunks for one page, or nil when too many pages are connected.
    public func subscribe() -> AsyncStream<String>? {
        guard clients.count < Self.maximumClients else { return nil }
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(8))
        continuation.yield(": connected\n\n")
        if let lastFailure { continuation.yield(Event.failed(lastFailure).serverSentEvent) }
        continuation.onTermination = { [weak self] _ in
            Task { await self?.remove(id) }
        }
        clients[id] = continuation
        return stream
    }

    public func publish(_ event: Event) {
        if case .failed(let report) = event { lastFailure = report } else { lastFailure = nil }
        for continuation in clients.values { continuation.yield(event.serverSentEvent) }
    }

    public var clientCount: Int { clients.count }

    /// Ends every stream, so shutdown does not wait on open event connections.
    public func finishAll() {
        for continuation in clients.values { continuation.finish() }
        clients.removeAll()
    }

    private func remove(_ id: UUID) {
        clients[id] = nil
    }
}
