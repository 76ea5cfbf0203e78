import Foundation
import Synchronization

/// The two texts API Gateway writes of an instant, the `Date` header and
/// `$context.requestTime` (``HTTPDate``), for the last second the gateway saw. Both have a
/// resolution of one second, so a gateway formats them once a second rather than once per
/// request. Shared by every thread that runs requests, hence the lock; a request holds it
/// only to compare one number and copy two strings out.
final class DateTexts: Sendable {
    struct Texts: Sendable {
        let second: Int
        /// `Thu, 01 Jan 2026 12:00:00 GMT`
        let httpDate: String
        /// `01/Jan/2026:12:00:00 +0000`
        let commonLogFormat: String
    }

    private let last = Mutex<Texts?>(nil)

    /// The texts of the second `instant` falls in.
    func texts(for instant: Date) -> Texts {
        let second = Int(instant.timeIntervalSince1970.rounded(.down))
        return last.withLock { last in
            if let last, last.second == second { return last }
            let texts = Texts(second: second, httpDate: HTTPDate.format(instant), commonLogFormat: HTTPDate.commonLogFormat(instant))
            last = texts
            return texts
        }
    }
}
