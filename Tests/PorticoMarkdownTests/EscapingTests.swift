import PorticoMarkdown
import Testing

/// The one HTML escaper: the five characters HTML text and double-quoted attributes need
/// escaped (HTML Living Standard, "escaping a string"), every other byte kept, UTF-8 intact.
@Suite("HTML escaping")
struct EscapingTests {
    @Test("the five special characters are escaped; text without them comes back as it is", arguments: [
        ("plain title 00042", "plain title 00042"),
        ("", ""),
        ("a & b < c > d \"e\" 'f'", "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;"),
        ("&amp;", "&amp;amp;"),
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        ("café & naïve 🚀 <b>", "café &amp; naïve 🚀 &lt;b&gt;"),
        ("\"", "&quot;"),
    ])
    func escaped(text: String, expected: String) {
        #expect(text.htmlEscaped == expected)
    }
}
