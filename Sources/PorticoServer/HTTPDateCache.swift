import Foundation
import PorticoGateway

/// The `Date` header of the answers a connection writes, formatted once per second rather
/// than once per answer. One per connection: no state is shared between event loops.
struct HTTPDateCache {
    private var second = Int.min
    private var text = ""

    mutating func now() -> String {
        let now = time(nil)
        if now != second {
            second = now
            text = HTTPDate.format(Date(timeIntervalSince1970: TimeInterval(now)))
        }
        return text
    }
}
