/// The search index, built with the site and loaded as script files so it works from
/// `file://` (no `fetch`) and offline:
///
/// - `search/index.js`: `PorticoSearch.manifest({docs, chunk, shards})`, loaded on first use;
/// - `search/d-N.js`: titles, paths and sections of documents `N*chunk ..< (N+1)*chunk`;
/// - `search/t-KEY.js`: the terms whose first two characters are KEY (hex of their UTF-8),
///   each with its postings: ascending `doc*2 + inTitle`, delta-encoded in base 36.
///
/// A query loads the manifest, one or two term shards and the document chunks of the hits it
/// shows, so a 10,000-page site answers from a few hundred kilobytes.
struct SearchIndex {
    struct Document: Sendable {
        var title: String
        var path: String
        var section: String
        /// Terms of the title, then of the body, lower-cased and unique.
        var titleTerms: [String]
        var bodyTerms: [String]
    }

    static let chunk = 250
    static let maximumTermsPerDocument = 4000

    /// Lower-cased words of at least two characters: ASCII letters and digits, and any
    /// non-ASCII character (so accented and non-Latin words stay whole).
    static func terms(_ text: String, into seen: inout Set<String>, limit: Int = maximumTermsPerDocument) -> [String] {
        var result: [String] = []
        var word: [UInt8] = []
        word.reserveCapacity(32)
        func flush() {
            if word.count >= 2, word.count <= 40, seen.count < limit {
                let term = String(decoding: word, as: UTF8.self)
                if seen.insert(term).inserted { result.append(term) }
            }
            word.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case 65...90: word.append(byte + 32)
            case 97...122, 48...57: word.append(byte)
            case 128...: word.append(byte)
            default: flush()
            }
        }
        flush()
        return result
    }

    static func document(title: String, path: String, section: String, text: String) -> Document {
        var seen = Set<String>()
        let titleTerms = terms(title, into: &seen)
        let bodyTerms = terms(text, into: &seen)
        return Document(title: title, path: path, section: section, titleTerms: titleTerms, bodyTerms: bodyTerms)
    }

    /// Below this many postings the whole index is one shard, `t-all.js`.
    static let singleShardLimit = 20_000

    /// The shard a term belongs to: the hex of the UTF-8 of its first `length` characters
    /// (`all` when the index is a single shard).
    static func shardKey(_ term: String, length: Int = 2) -> String {
        if length == 0 { return "all" }
        var key = ""
        for scalar in term.unicodeScalars.prefix(length) {
            for byte in String(scalar).utf8 {
                key += String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
            }
        }
        return key
    }

    /// The files of the index, by path inside the site.
    static func files(_ documents: [Document]) -> [(String, String)] {
        var postings: [String: [Int32]] = [:]
        postings.reserveCapacity(documents.count * 4)
        for (id, document) in documents.enumerated() {
            for term in document.titleTerms { postings[term, default: []].append(Int32(id * 2 + 1)) }
            for term in document.bodyTerms { postings[term, default: []].append(Int32(id * 2)) }
        }
        let total = postings.values.reduce(0) { $0 + $1.count }
        let keyLength = total < singleShardLimit ? 0 : 2
        var shards: [String: [(String, [Int32])]] = [:]
        for (term, list) in postings { shards[shardKey(term, length: keyLength), default: []].append((term, list)) }
        var files: [(String, String)] = []
        let keys = shards.keys.sorted()
        for key in keys {
            var text = "PorticoSearch.shard(\"\(key)\",{"
            var first = true
            for (term, list) in shards[key]!.sorted(by: { $0.0 < $1.0 }) {
                if !first { text += "," }
                first = false
                text += term.jsonQuoted + ":\""
                var previous: Int32 = 0
                var firstPosting = true
                for value in list.sorted() {
                    if !firstPosting { text += "," }
                    firstPosting = false
                    text += String(value - previous, radix: 36)
                    previous = value
                }
                text += "\""
            }
            text += "});\n"
            files.append(("search/t-\(key).js", text))
        }
        var chunkIndex = 0
        while chunkIndex * chunk < max(documents.count, 1) {
            let slice = documents.isEmpty ? [] : documents[(chunkIndex * chunk)..<min(documents.count, (chunkIndex + 1) * chunk)]
            var text = "PorticoSearch.docs(\(chunkIndex),["
            text += slice.map { "[\($0.title.jsonQuoted),\($0.path.jsonQuoted),\($0.section.jsonQuoted)]" }.joined(separator: ",\n")
            text += "]);\n"
            files.append(("search/d-\(chunkIndex).js", text))
            chunkIndex += 1
        }
        let manifest = "PorticoSearch.manifest({\"docs\":\(documents.count),\"chunk\":\(chunk),\"keyLength\":\(keyLength),\"shards\":[\(keys.map { "\"\($0)\"" }.joined(separator: ","))]});\n"
        files.append(("search/index.js", manifest))
        return files
    }
}
