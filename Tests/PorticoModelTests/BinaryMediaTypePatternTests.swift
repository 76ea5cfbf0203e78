import Diagnostics
import PorticoModel
import Testing

/// `binaryMediaTypes` entries as API Gateway reads them. The wildcard rules are those recorded
/// against AWS in LocalStack's tests/aws/services/apigateway/test_apigateway_lambda.py,
/// test_aws_proxy_binary_response (validated against AWS, see test_apigateway_lambda.validation.json),
/// and DG: api-gateway-payload-encodings.
@Suite("Binary media type entries")
struct BinaryMediaTypePatternTests {
    @Test("each entry form reads as AWS honours it", arguments: [
        // DG: api-gateway-swagger-extensions-binary-media-types: entries are media types.
        ("image/png", BinaryMediaTypePattern.exact(type: "image", subtype: "png")),
        // Case and parameters do not count (AWS is silent; Portico's choice, RFC 9110 §8.3.1).
        ("Image/PNG; charset=binary", .exact(type: "image", subtype: "png")),
        // Recorded: `application/*` listed makes Accept `application/whatever` binary.
        ("application/*", .anySubtype(type: "application")),
        // DG: api-gateway-payload-encodings: "*/* includes all content types".
        ("*/*", .any),
        // Recorded: with `*/test` listed, neither `random/test` nor `*/test` is binary.
        ("*/test", .never(.wildcardType)),
        // `~1` escapes `/` in PATCH paths only (DG: api-gateway-payload-encodings-configure-with-control-service-api).
        ("image~1png", .never(.notAMediaType)),
        ("*~1*", .never(.notAMediaType)),
        // Stored as given, matching nothing (recorded: LocalStack test_apigateway_api.snapshot.json,
        // test_update_rest_api_behaviour › update-rest-api-array, binaryMediaTypes ["-"]).
        ("-", .never(.notAMediaType)),
        ("image/", .never(.notAMediaType)),
    ])
    func reads(entry: String, expected: BinaryMediaTypePattern) {
        #expect(BinaryMediaTypePattern(entry) == expected)
    }

    @Test("a client's wildcard is a literal media type: Accept image/* matches image/* and */*, never image/png")
    func clientWildcards() throws {
        let accept = try #require(BinaryMediaTypePattern.typeAndSubtype("image/*"))
        // Recorded: Accept `image/*` is not binary with `image/png` listed.
        #expect(!BinaryMediaTypePattern("image/png").matches(type: accept.type, subtype: accept.subtype))
        #expect(BinaryMediaTypePattern("image/*").matches(type: accept.type, subtype: accept.subtype))
        #expect(BinaryMediaTypePattern("*/*").matches(type: accept.type, subtype: accept.subtype))
        // Recorded: Accept `application` (no subtype) is not binary.
        #expect(BinaryMediaTypePattern.typeAndSubtype("application") == nil)
    }

    @Test("entries AWS keeps but never matches are located warnings; the API loads with its list as written")
    func loadWarnings() throws {
        let text = """
            openapi: 3.0.1
            info: {title: Media, version: "1"}
            x-amazon-apigateway-binary-media-types:
              - image/png
              - "*/test"
              - image~1png
              - "*~1*"
              - png
            paths: {}

            """
        var diagnostics = DiagnosticEngine()
        let api = try #require(OpenAPILoader().load(YAMLSource(path: "api.yaml", text: text), diagnostics: &diagnostics))
        #expect(api.binaryMediaTypes == ["image/png", "*/test", "image~1png", "*~1*", "png"])
        #expect(diagnostics.sorted.map(DiagnosticFormatter.format) == [
            "api.yaml:5:5: warning: binary media type '*/test' never matches: API Gateway honours '*' as a subtype ('image/*') or in '*/*', not as a type alone [openapi.binary-media-type]",
            "api.yaml:6:5: warning: binary media type 'image~1png' is not a media type, so it never matches: '~1' escapes '/' only in a PATCH path; write 'image/png' [openapi.binary-media-type]",
            "api.yaml:7:5: warning: binary media type '*~1*' is not a media type, so it never matches: '~1' escapes '/' only in a PATCH path; write '*/*' [openapi.binary-media-type]",
            "api.yaml:8:5: warning: binary media type 'png' is not a media type (type/subtype), so it never matches [openapi.binary-media-type]",
        ])
    }
}
