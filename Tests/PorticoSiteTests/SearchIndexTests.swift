@testable import PorticoSite
import Testing

@Suite("Search index shards")
struct SearchIndexTests {
    /// What the script does to find a term's shard: the longest key that prefixes its hex.
    func home(_ term: String, keys: Set<String>) -> String? {
        let hex = SearchIndex.shardKey(term, length: term.unicodeScalars.count)
        var length = hex.count
        while length >= 0 {
            let key = String(hex.prefix(length))
            if keys.contains(key) { return key }
            length -= 2
        }
        return nil
    }

    @Test("a small index is one shard, t-all.js")
    func small() {
        let documents = [SearchIndex.document(title: "Stages", path: "a.html", section: "", text: "stage variables")]
        let files = SearchIndex.files(documents)
        #expect(files.map(\.0) == ["search/t-all.js", "search/d-0.js", "search/index.js"])
        #expect(files[0].1 == "PorticoSearch.shard(\"\",{\"stage\":\"0\",\"stages\":\"1\",\"variables\":\"0\"});\n")
        #expect(files[2].1 == "PorticoSearch.manifest({\"docs\":1,\"chunk\":100,\"shards\":[\"\"]});\n")
    }

    @Test("a large index splits crowded prefixes by one more character, and every term is found in the shard the script picks")
    func split() throws {
        // 3,000 pages sharing "request", "response", "resource", "regional" and "re" (common
        // words starting alike) plus a unique word each.
        let documents = (0..<3000).map { index in
            SearchIndex.document(title: "Page \(index)", path: "p\(index).html", section: "",
                                 text: "re request response resource regional unique\(index) é\(index % 7)")
        }
        let files = SearchIndex.files(documents)
        let manifest = try #require(files.first { $0.0 == "search/index.js" }?.1)
        let shardFiles = files.filter { $0.0.hasPrefix("search/t-") }
        var keys = Set<String>()
        var termsByKey: [String: [String]] = [:]
        for (path, text) in shardFiles {
            let key = String(try #require(text.firstMatch(of: /^PorticoSearch\.shard\("([0-9a-f]*)",/)?.1))
            #expect(path == SearchIndex.shardFile(key))
            #expect(keys.insert(key).inserted)
            termsByKey[key] = text.matches(of: /"([^"]+)":"/).map { String($0.1) }
            // Small files, unless one term's postings alone are larger.
            #expect(text.utf8.count <= SearchIndex.shardTargetBytes + 64 || termsByKey[key]!.count == 1, "\(path): \(text.utf8.count) bytes")
        }
        #expect(manifest.contains("\"shards\":[" + shardFiles.map { "\"" + String($0.0.dropFirst(9).dropLast(3)) + "\"" }.joined(separator: ",") + "]"))
        #expect(keys.contains("7265")) // "re" itself stays in the "re" shard...
        #expect(termsByKey["7265"] == ["re"])
        #expect(keys.contains("726571")) // ...and "req…" got its own.
        for (key, terms) in termsByKey {
            for term in terms { #expect(home(term, keys: keys) == key, "\(term) is in \(key)") }
        }
    }
}
