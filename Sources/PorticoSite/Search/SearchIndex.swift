import Foundation

/// The search index, built with the site and loaded as script files so it works from
/// `file://` (no `fetch`) and offline:
///
/// - `search/index.js`: `PorticoSearch.manifest({docs, chunk, shards})`, which the script
///   loads as a page starts (a few hundred bytes to a few kilobytes);
/// - `search/t-KEY.js`: terms whose first characters' UTF-8, in hex, is KEY (`t-all.js` for a
///   small site), each with the documents that hold it (``entry(_:_:)``: a list of postings,
///   or a bitmap for a term most pages hold). Shards are split by one more character while
///   they are large (``shardTargetBytes``), so a query parses a few kilobytes, not every term
///   that shares its first letters. A shard also carries the titles and paths of the first
///   results of its frequent terms (``topDocuments(of:postings:)``);
/// - `search/d-N.js`: titles, paths and sections of documents `N*chunk ..< (N+1)*chunk`.
///
/// A query loads its terms' shards, then the chunks of the hits it shows that no shard
/// described: usually one step, at most two, of small files; the script ranks with bit
/// operations on 32 documents at a time, so the first query on a 10,000-page site answers
/// in well under 50 ms (Benchmarks/site/search-latency.py). Ranking is the script's: `S.query`.
struct SearchIndex {
    struct Document: Sendable {
        var title: String
        var path: String
        var section: String
        /// Terms of the title, then of the body, lower-cased and unique.
        var titleTerms: [String]
        var bodyTerms: [String]
    }

    /// Documents per `d-N.js` file: small, so the results of a query load little besides them.
    static let chunk = 100
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

    /// A term shard is split by one more character of its terms' prefix while its file would
    /// be larger than this: the first query then parses one small file, not every term that
    /// shares two letters (`re` holds request, response, resource, regional, … on a large site).
    static let shardTargetBytes = 24_000

    /// The hex of the UTF-8 of `term`'s first `length` characters: a shard's key. Keys of
    /// longer prefixes extend their parent's key, so "the longest key that prefixes the
    /// term's hex" finds the term's shard.
    static func shardKey(_ term: String, length: Int) -> String {
        var key = ""
        for scalar in term.unicodeScalars.prefix(length) {
            for byte in String(scalar).utf8 {
                key += String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
            }
        }
        return key
    }

    /// One term's entry in a shard, `"term":"VALUE"`, VALUE the shorter of:
    ///
    /// - postings: ascending `doc*2 + inTitle`, delta-encoded in base 36 (`"0,2,1"`);
    /// - for a term many pages hold (roughly one page in fifteen or more): `TITLES!BITMAP`,
    ///   TITLES the documents with the term in their title (ascending, delta-encoded in base
    ///   36), BITMAP the base64 of the documents with it in their body only, a bit each
    ///   (document `d` is bit `d % 8` of byte `d / 8`), trailing zero bytes left out. A page
    ///   of the results is then a few bit operations on 32 documents at a time, not one step
    ///   per document, and the file is several times smaller (a bit per page, not two or
    ///   three characters per match).
    static func entry(_ term: String, _ postings: [Int32]) -> String {
        let sorted = postings.sorted()
        let list = deltas(sorted)
        var value = list
        if sorted.count >= 16 {  // below that a list is short anyway; most terms are rare
            let titles = sorted.filter { $0 & 1 == 1 }.map { $0 >> 1 }
            let bodies = sorted.filter { $0 & 1 == 0 }.map { Int($0 >> 1) }
            var bitmap = [UInt8](repeating: 0, count: (bodies.last ?? -1) / 8 + 1)
            for document in bodies { bitmap[document / 8] |= 1 << UInt8(document % 8) }
            let dense = deltas(titles) + "!" + Data(bitmap).base64EncodedString()
            if dense.utf8.count < list.utf8.count { value = dense }
        }
        return term.jsonQuoted + ":\"" + value + "\""
    }

    /// Ascending numbers as the differences between neighbours in base 36, comma-separated.
    static func deltas(_ ascending: [Int32]) -> String {
        var text = ""
        var previous: Int32 = 0
        for (index, value) in ascending.enumerated() {
            if index > 0 { text += "," }
            text += String(value - previous, radix: 36)
            previous = value
        }
        return text
    }

    /// Terms (sorted, with their entries) split into shards: the whole list is shard `""` if it
    /// is small; otherwise it is split by the next character, recursively. A term as long as
    /// the prefix being split stays in the parent shard, which exists only if it holds one.
    static func shards(_ entries: ArraySlice<(term: String, entry: String)>, prefixLength: Int, key: String,
                       into result: inout [(key: String, entries: ArraySlice<(term: String, entry: String)>)]) {
        let bytes = entries.reduce(0) { $0 + $1.entry.utf8.count + 1 }
        if bytes <= shardTargetBytes || entries.count == 1 || entries.allSatisfy({ $0.term.unicodeScalars.count <= prefixLength }) {
            result.append((key, entries))
            return
        }
        let parent = entries.prefix { $0.term.unicodeScalars.count <= prefixLength }
        if !parent.isEmpty { result.append((key, parent)) }
        var start = parent.endIndex
        while start < entries.endIndex {
            let childKey = shardKey(entries[start].term, length: prefixLength + 1)
            var end = start + 1
            while end < entries.endIndex, shardKey(entries[end].term, length: prefixLength + 1) == childKey { end += 1 }
            shards(entries[start..<end], prefixLength: prefixLength + 1, key: childKey, into: &result)
            start = end
        }
    }

    /// Terms with at least this many postings carry their first results in their shard.
    static let frequentTerm = 50
    /// How many of a frequent term's title matches, then body matches, its shard describes.
    static let knownTitleMatches = 20
    static let knownBodyMatches = 60

    /// The documents a frequent term's shard describes: the first title matches, then the
    /// first body matches, in page order. The first 20 are what a one-word query shows; the
    /// body matches beyond them are there for two-word queries of common words, whose first
    /// results (ties keep page order) are the first pages that hold both, so they too answer
    /// without loading a `d-N.js` chunk: one round trip, not two.
    static func topDocuments(of terms: [String], postings: [String: [Int32]]) -> [Int] {
        var documents = Set<Int>()
        for term in terms {
            guard let list = postings[term], list.count >= frequentTerm else { continue }
            let sorted = list.sorted()
            let titles = sorted.lazy.filter { $0 & 1 == 1 }.prefix(knownTitleMatches)
            let bodies = sorted.lazy.filter { $0 & 1 == 0 }.prefix(knownBodyMatches)
            for posting in Array(titles) + Array(bodies) { documents.insert(Int(posting >> 1)) }
        }
        return documents.sorted()
    }

    /// `[title, path, section]`, as `d-N.js` lists documents.
    static func describe(_ document: Document) -> String {
        "[\(document.title.jsonQuoted),\(document.path.jsonQuoted),\(document.section.jsonQuoted)]"
    }

    /// A shard's file name: `t-KEY.js`, `t-all.js` for the root shard.
    static func shardFile(_ key: String) -> String { "search/t-\(key.isEmpty ? "all" : key).js" }

    /// The files of the index, by path inside the site.
    static func files(_ documents: [Document]) -> [(String, String)] {
        var postings: [String: [Int32]] = [:]
        postings.reserveCapacity(documents.count * 4)
        for (id, document) in documents.enumerated() {
            for term in document.titleTerms { postings[term, default: []].append(Int32(id * 2 + 1)) }
            for term in document.bodyTerms { postings[term, default: []].append(Int32(id * 2)) }
        }
        // Sorted by UTF-8 bytes, the order shard keys (hex of UTF-8) group terms in.
        let entries = postings.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { (term: $0, entry: entry($0, postings[$0]!)) }
        var shardList: [(key: String, entries: ArraySlice<(term: String, entry: String)>)] = []
        shards(entries[...], prefixLength: 0, key: "", into: &shardList)
        var files: [(String, String)] = []
        for shard in shardList {
            var text = "PorticoSearch.shard(\(shard.key.jsonQuoted),{" + shard.entries.map(\.entry).joined(separator: ",") + "}"
            let known = topDocuments(of: shard.entries.map(\.term), postings: postings)
            if !known.isEmpty {
                text += ",{" + known.map { "\"\($0)\":" + describe(documents[$0]) }.joined(separator: ",") + "}"
            }
            files.append((shardFile(shard.key), text + ");\n"))
        }
        var chunkIndex = 0
        while chunkIndex * chunk < max(documents.count, 1) {
            let slice = documents.isEmpty ? [] : documents[(chunkIndex * chunk)..<min(documents.count, (chunkIndex + 1) * chunk)]
            var text = "PorticoSearch.docs(\(chunkIndex),["
            text += slice.map(describe).joined(separator: ",\n")
            text += "]);\n"
            files.append(("search/d-\(chunkIndex).js", text))
            chunkIndex += 1
        }
        let keys = shardList.map { $0.key.jsonQuoted }.joined(separator: ",")
        let manifest = "PorticoSearch.manifest({\"docs\":\(documents.count),\"chunk\":\(chunk),\"shards\":[\(keys)]});\n"
        files.append(("search/index.js", manifest))
        return files
    }
}
