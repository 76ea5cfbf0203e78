import Foundation

/// Regular expressions written by the project's author, matched against text a caller or an
/// integration chose (a request body's strings, a token, a Lambda function's error message).
/// ICU backtracks, so a pattern such as `(a+)+b` takes exponential time on a long run of `a`:
/// one request could hold a gateway thread for minutes. Every such match is watched by a
/// clock (ICU reports progress during long matches) and gives up after a limit. AWS documents
/// no limit of its own; a pattern that needs this long is a mistake the caller names.
enum BoundedRegexMatch: Equatable {
    case matched
    case unmatched
    case timedOut

    /// How long one pattern may spend on one text.
    static let timeLimit: Duration = .milliseconds(250)

    /// Whether `regex` matches somewhere in `text` (anchors in the pattern decide whether it
    /// must be the whole of it), within `limit`.
    static func first(_ regex: NSRegularExpression, in text: String, limit: Duration = timeLimit) -> BoundedRegexMatch {
        // The clock starts at ICU's first progress report: a short match reports none, so the
        // common case reads no clock (it runs per request for every selection pattern).
        let clock = ContinuousClock()
        var deadline: ContinuousClock.Instant?
        var result = BoundedRegexMatch.unmatched
        regex.enumerateMatches(in: text, options: [.reportProgress], range: NSRange(text.startIndex..., in: text)) { found, flags, stop in
            if found != nil {
                result = .matched
                stop.pointee = true
            } else if !flags.contains(.completed) {
                let now = clock.now
                if let deadline {
                    if now > deadline {
                        result = .timedOut
                        stop.pointee = true
                    }
                } else {
                    deadline = now + limit
                }
            }
        }
        return result
    }
}
