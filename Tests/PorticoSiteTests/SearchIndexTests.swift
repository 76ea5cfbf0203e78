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

    @Test("a term most pages hold is a bitmap of its body matches after its title matches; other terms list their postings")
    func bitmaps() {
        // 20 pages: "api" in the title of page 5 and the body of every other page but 7;
        // "gateway" in every body but page 7's; "notes" in every title but page 5's.
        let documents = (0..<20).map { index in
            SearchIndex.document(title: index == 5 ? "API keys" : "Notes", path: "n\(index).html", section: "",
                                 text: index == 7 ? "other" : "api gateway")
        }
        let files = SearchIndex.files(documents)
        #expect(files.map(\.0) == ["search/t-all.js", "search/d-0.js", "search/index.js"])
        // api: title page 5 ("5"), body pages 0-4, 6, 8-19: bytes 5f ff 0f, base64 "X/8P".
        // gateway: no title, body pages 0-6, 8-19: bytes 7f ff 0f, "f/8P".
        // notes: 19 title postings; "1,2,2,…" (37 characters) is shorter than its bitmap form
        // ("0,1,1,1,1,2,1,…!", 38), so it stays a list; keys and other have one posting each.
        #expect(files[0].1 == "PorticoSearch.shard(\"\",{\"api\":\"5!X/8P\",\"gateway\":\"!f/8P\",\"keys\":\"b\","
                + "\"notes\":\"1,2,2,2,2,4,2,2,2,2,2,2,2,2,2,2,2,2,2\",\"other\":\"e\"});\n")
    }

    @Test("a frequent term's shard describes its first 20 title matches and first 60 body matches")
    func describedDocuments() throws {
        // 120 pages; "common" in the title of every sixth (5, 11, …, 119: 20 pages) and in the
        // body of the others (100 pages, of which the first 60 are pages 0-71 but 5, 11, …, 71).
        let documents = (0..<120).map { index in
            SearchIndex.document(title: index % 6 == 5 ? "Common" : "", path: "p\(index).html", section: "S", text: "common")
        }
        let files = SearchIndex.files(documents)
        #expect(files.map(\.0) == ["search/t-all.js", "search/d-0.js", "search/d-1.js", "search/index.js"])
        let shard = files[0].1
        let described = shard.matches(of: /"(\d+)":\["/).map { Int($0.1)! }
        let expected = Array(stride(from: 5, to: 120, by: 6)) + (0..<72).filter { $0 % 6 != 5 }
        #expect(described == expected.sorted())
        #expect(shard.hasPrefix("PorticoSearch.shard(\"\",{\"common\":\""))
        #expect(shard.contains(",{\"0\":[\"\",\"p0.html\",\"S\"],\"1\":[\"\",\"p1.html\",\"S\"],"))
        #expect(shard.hasSuffix(",\"119\":[\"Common\",\"p119.html\",\"S\"]});\n"))
        #expect(files[3].1 == "PorticoSearch.manifest({\"docs\":120,\"chunk\":100,\"shards\":[\"\"]});\n")
    }

    @Test("a large index splits crowded prefixes by one more character, and every term is found in the shard the script picks")
    func split() throws {
        // 3,000 pages sharing "re", "req", "request", "response", "resource" and "regional"
        // (common words starting alike; small bitmaps) plus unique words, 3,000 of them
        // starting with "req" (a large list of small entries).
        let documents = (0..<3000).map { index in
            SearchIndex.document(title: "Page \(index)", path: "p\(index).html", section: "",
                                 text: "re req request response resource regional req\(index) unique\(index) é\(index % 7)")
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
        #expect(keys.contains("726571")) // ...and "req…" got its own, itself split by digit.
        #expect(termsByKey["726571"] == ["req"])
        #expect(keys.contains("72657131"))
        for (key, terms) in termsByKey {
            for term in terms { #expect(home(term, keys: keys) == key, "\(term) is in \(key)") }
        }
    }
}
