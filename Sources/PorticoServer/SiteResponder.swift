import Foundation
import Hummingbird

/// Serves the built site: content types, ETag and Last-Modified with 304s, folders by their
/// index.html, the site's own 404 page, and nothing outside the site folder. In `serve`, HTML
/// pages get the live-reload and try-it script added before `</body>`.
struct SiteResponder: Sendable {
    let site: StaticSite
    let injectScript: Bool

    func respond(to request: Request) -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        switch site.resolve(rawPath: request.uri.path) {
        case .file(let path):
            return file(path, request: request, status: .ok)
        case .redirect(let location):
            return Response(status: .movedPermanently, headers: [.location: location])
        case .forbidden:
            return Response(status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "Forbidden\n")))
        case .notFound:
            // Browsers ask for /favicon.ico on their own; a site without one gets an empty
            // answer instead of a 404 that would show as a console error.
            if request.uri.path == "/favicon.ico" {
                return Response(status: .noContent)
            }
            if case .file(let page) = site.resolve(rawPath: "/404.html") {
                return file(page, request: request, status: .notFound)
            }
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "Not Found\n")))
        }
    }

    private func file(_ path: String, request: Request, status: HTTPResponse.Status) -> Response {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? Int, size <= StaticSite.maximumFileSize,
              var data = FileManager.default.contents(atPath: path)
        else {
            return Response(status: .notFound)
        }
        let modified = (attributes[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
        let contentType = StaticSite.contentType(for: path)
        let isHTML = contentType.hasPrefix("text/html")
        if injectScript && isHTML { data = Self.inject(into: data) }
        let seconds = Int(modified.timeIntervalSince1970)
        // Microseconds and the inode, not seconds: `serve` rewrites a page in place (a new
        // file renamed over it), often within the second of the last write and at the same
        // size, and a reload must not be answered 304 with the old page.
        let micros = Int64((modified.timeIntervalSince1970 * 1_000_000).rounded())
        let inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
        let eTag = "W/\"\(String(data.count, radix: 16))-\(String(micros, radix: 16))-\(String(inode, radix: 16))\(injectScript && isHTML ? "-live" : "")\""
        var headers: HTTPFields = [
            .contentType: contentType,
            .eTag: eTag,
            .lastModified: HTTPDateFormat.format(modified),
            .cacheControl: "no-cache",
            .init("X-Content-Type-Options")!: "nosniff",
        ]
        if status == .ok {
            if let match = request.headers[.ifNoneMatch] {
                if match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == eTag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
                    return Response(status: .notModified, headers: headers)
                }
            } else if let since = request.headers[.ifModifiedSince], let date = HTTPDateFormat.parse(since), seconds <= Int(date.timeIntervalSince1970) {
                return Response(status: .notModified, headers: headers)
            }
        }
        headers[.contentLength] = String(data.count)
        if request.method == .head {
            return Response(status: status, headers: headers)
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func inject(into page: Data) -> Data {
        let tag = Data("<script src=\"\(ServerScripts.path)\" defer></script>\n".utf8)
        if let range = page.range(of: Data("</body>".utf8), options: .backwards) {
            var copy = page
            copy.insert(contentsOf: tag, at: range.lowerBound)
            return copy
        }
        return page + tag
    }
}

/// IMF-fixdate, the HTTP date format of Last-Modified and If-Modified-Since.
enum HTTPDateFormat {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return "\(weekdays[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) GMT"
    }

    static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]) else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month + 1, day: day, hour: time[0], minute: time[1], second: time[2]))
    }
}
