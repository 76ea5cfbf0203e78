import PorticoGateway
import PorticoSite
import Testing

@Suite("Highlighting, JSON printing, curl and request data")
struct HighlightingTests {
    @Test("JSON: keys, strings, numbers and literals get classes; text is escaped")
    func json() {
        #expect(Highlighter.html(#"{"a<b": "x&y", "n": -1.5e3, "t": true, "z": null}"#, as: .json) ==
            #"{<span class="tok-key">&quot;a&lt;b&quot;</span>: <span class="tok-str">&quot;x&amp;y&quot;</span>, <span class="tok-key">&quot;n&quot;</span>: <span class="tok-num">-1.5e3</span>, <span class="tok-key">&quot;t&quot;</span>: <span class="tok-kw">true</span>, <span class="tok-key">&quot;z&quot;</span>: <span class="tok-kw">null</span>}"#)
    }

    @Test("YAML: comments, keys, list items, quoted and plain scalars")
    func yaml() {
        let text = "# stages\nstages:\n  - stageName: 'prod'\n    cache: true\n    ttl: 300 # seconds"
        #expect(Highlighter.html(text, as: .yaml) == """
            <span class="tok-com"># stages</span>
            <span class="tok-key">stages</span>:
              - <span class="tok-key">stageName</span>: <span class="tok-str">&#39;prod&#39;</span>
                <span class="tok-key">cache</span>: <span class="tok-kw">true</span>
                <span class="tok-key">ttl</span>: <span class="tok-num">300</span> <span class="tok-com"># seconds</span>
            """)
    }

    @Test("HTTP: the request line, header names and a JSON body")
    func http() {
        let text = "POST /orders HTTP/1.1\nContent-Type: application/json\n\n{\"qty\": 2}"
        #expect(Highlighter.html(text, as: .http) == """
            <span class="tok-kw">POST</span> /orders <span class="tok-kw">HTTP/1.1</span>
            <span class="tok-key">Content-Type</span>: application/json

            {<span class="tok-key">&quot;qty&quot;</span>: <span class="tok-num">2</span>}
            """)
    }

    @Test("VTL: directives, references, strings and comments")
    func vtl() {
        let text = "## map it\n#set($id = $input.params('id'))\n{\"id\": \"$id\", \"n\": 3}"
        #expect(Highlighter.html(text, as: .vtl) == """
            <span class="tok-com">## map it</span>
            <span class="tok-kw">#set</span>(<span class="tok-var">$id</span> = <span class="tok-var">$input.params</span>(<span class="tok-str">&#39;id&#39;</span>))
            {<span class="tok-str">&quot;id&quot;</span>: <span class="tok-str">&quot;$id&quot;</span>, <span class="tok-str">&quot;n&quot;</span>: <span class="tok-num">3</span>}
            """)
    }

    @Test("shell: the command, options, quoted words and variables")
    func shell() {
        let text = "curl -s -X POST \"$URL/orders\" \\\n  -d '{\"a\":1}' # create"
        #expect(Highlighter.html(text, as: .shell) == """
            <span class="tok-kw">curl</span> <span class="tok-opt">-s</span> <span class="tok-opt">-X</span> POST <span class="tok-str">&quot;$URL/orders&quot;</span> \\
              <span class="tok-opt">-d</span> <span class="tok-str">&#39;{&quot;a&quot;:1}&#39;</span> <span class="tok-com"># create</span>
            """)
    }

    @Test("fence languages map to highlighters", arguments: [
        ("json", Highlighter.Language.json), ("yml", .yaml), ("YAML", .yaml), ("http", .http), ("velocity", .vtl),
        ("bash", .shell), ("sh", .shell), ("console", .shell),
    ])
    func languages(name: String, language: Highlighter.Language) {
        #expect(Highlighter.language(named: name) == language)
    }

    @Test("JSON is indented with its keys in the order written; invalid JSON is left alone")
    func pretty() {
        #expect(JSONFormatter.pretty(#"{"z":1,"a":[1,{"b":null}],"e":{},"l":[],"s":"x,\"y\""}"#) == """
            {
              "z": 1,
              "a": [
                1,
                {
                  "b": null
                }
              ],
              "e": {},
              "l": [],
              "s": "x,\\"y\\""
            }
            """)
        #expect(JSONFormatter.pretty("42") == "42")
        #expect(JSONFormatter.pretty(#"{"a": 1,}"#) == nil)
        #expect(JSONFormatter.pretty("{'a': 1}") == nil)
        #expect(JSONFormatter.pretty("[1 2]") == nil)
        #expect(JSONFormatter.pretty("01") == nil)
        #expect(JSONFormatter.pretty("") == nil)
    }

    @Test("escaping for JSON literals and shell words")
    func escaping() {
        #expect("a\"b\\c\n</script>&".jsonQuoted == #""a\"b\\c\n\u003c/script\u003e\u0026""#)
        #expect("plain-word_1.2:/x".shellQuoted == "plain-word_1.2:/x")
        #expect("it's $HOME".shellQuoted == #"'it'\''s $HOME'"#)
    }

    @Test("copy-as-curl targets the stage's base URL and quotes what the shell would read")
    func curl() {
        let request = GatewayRequest(method: "PUT", path: "/items/42?x=1",
                                     headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("X-Note", "it's")],
                                     body: "{\"a\": 1}")
        let host = "\(apiIdentifier(for: "orders")).execute-api.us-east-1.amazonaws.com"
        #expect(TranscriptPanel.curl(request, api: "orders", stage: "prod") == """
            curl \\
              -X PUT \\
              'https://\(host)/prod/items/42?x=1' \\
              -H 'Content-Type: application/json' \\
              -H 'X-Note: it'\\''s' \\
              --data-raw '{"a": 1}'
            """)
        #expect(TranscriptPanel.curl(GatewayRequest(method: "POST", path: "/o", body: "x"), api: "orders", stage: "prod")
                == "curl \\\n  https://\(host)/prod/o \\\n  --data-raw x")
    }

    @Test("the request a try-it script would send is JSON in a fixed key order, headers joined")
    func requestData() {
        let request = GatewayRequest(method: "GET", path: "/a", headers: [HTTPHeader("Accept", "a"), HTTPHeader("Accept", "b"), HTTPHeader("X", "<y>")])
        #expect(TranscriptPanel.requestJSON(request) == #"{"method":"GET","path":"/a","headers":{"Accept":"a, b","X":"\u003cy\u003e"},"body":""}"#)
    }
}
