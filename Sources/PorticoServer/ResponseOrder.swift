import NIOCore
import NIOHTTP1

/// The order answers leave one connection in. HTTP/1.1 answers requests in the order they
/// arrived (RFC 9112 §9.3.2), but a connection's requests are answered in two places: the
/// gateway's on the event loop (or, when an integration calls out, later, in a task), the
/// site's by Hummingbird. Each request takes its place here when its head is read; an answer
/// leaves only when every request before it has been answered.
///
/// ```
///   requests:  gateway A (waiting)   site B   gateway C (answered)
///   entries:   [ A: nil ,            site ,   C: response ]
///   A answers → A is written; B is Hummingbird's to write; when B's end passes, C is written
/// ```
struct ResponseOrder {
    /// One answer the gateway side writes: head, body (nil when the request was HEAD) and
    /// whether the connection closes after it.
    struct Answer {
        var head: HTTPResponseHead
        var body: ByteBuffer?
        var closesConnection: Bool
    }

    private enum Entry {
        /// Hummingbird answers it; done when its response's end is written.
        case site
        /// The gateway answers it; nil until it has.
        case gateway(number: UInt64, answer: Answer?)
    }

    private var entries = CircularBuffer<Entry>(initialCapacity: 4)
    private var nextNumber: UInt64 = 0
    /// Gateway requests taken but not yet answered.
    private(set) var unanswered = 0
    /// Gateway requests taken and not yet written, answered or not.
    private(set) var gatewayEntries = 0

    /// Requests waiting for their answer to be written, the site's included.
    var count: Int { entries.count }

    /// A site request took the next place.
    mutating func appendSite() {
        entries.append(.site)
    }

    /// A gateway request took the next place; its answer is given with this number.
    mutating func appendGateway() -> UInt64 {
        defer { nextNumber &+= 1 }
        entries.append(.gateway(number: nextNumber, answer: nil))
        unanswered += 1
        gatewayEntries += 1
        return nextNumber
    }

    /// The gateway answered request `number`; false if it is no longer waiting.
    @discardableResult
    mutating func answer(_ number: UInt64, with answer: Answer) -> Bool {
        // At most a few dozen entries (the handler stops reading beyond that): a search is fine.
        guard let index = entries.firstIndex(where: { entry in
            if case .gateway(number, .none) = entry { true } else { false }
        }) else { return false }
        entries[index] = .gateway(number: number, answer: answer)
        unanswered -= 1
        return true
    }

    /// The answer at the front, taken out, if it is the gateway's and ready.
    mutating func nextWritable() -> Answer? {
        guard case .gateway(_, let answer?)? = entries.first else { return nil }
        entries.removeFirst()
        gatewayEntries -= 1
        return answer
    }

    /// Hummingbird wrote the end of a response: the site request at the front is done. False
    /// when the front is not a site request (Hummingbird's own 400 for a request NIO could not
    /// parse answers no request that took a place).
    mutating func siteAnswerWritten() -> Bool {
        guard case .site? = entries.first else { return false }
        entries.removeFirst()
        return true
    }
}
