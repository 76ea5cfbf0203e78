import Velocity

/// Reads what a Lambda proxy function returned into the method response, with the checks AWS
/// applies (DG: set-up-lambda-proxy-integrations; the details as recorded against AWS in
/// LocalStack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
/// test_aws_proxy_response_payload_format_validation: the "Recorded on AWS" notes below).
public enum LambdaProxyResponse {
    static let allowedKeys: Set<String> = ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]

    /// The response, or why AWS would answer 502 "Internal server error" instead.
    public static func parse(_ payload: String) -> Result<GatewayResponse, Malformed> {
        guard let value = try? JSONValueParser.parse(payload) else { return .failure(Malformed("the output is not JSON")) }
        guard case .map(let object) = value else {
            // Recorded on AWS: a bare JSON string (or any non-object) is malformed.
            return .failure(Malformed("the output is not a JSON object"))
        }
        for key in object.keys where !allowedKeys.contains(key) {
            // Recorded on AWS: an unknown top-level key is malformed.
            return .failure(Malformed("unexpected key '\(key)'"))
        }

        var status = 200   // Recorded on AWS: no statusCode → 200.
        if let code = object["statusCode"] {
            switch code {
            case .int(let number): status = number
            case .string(let text):
                // Recorded on AWS: a numeric string counts ("201" → 201); anything else is malformed.
                guard let number = Int(text) else { return .failure(Malformed("statusCode '\(text)' is not a number")) }
                status = number
            case .null: break
            default: return .failure(Malformed("statusCode is not a number"))
            }
        }
        guard (100...599).contains(status) else { return .failure(Malformed("statusCode \(status) is not an HTTP status")) }

        var response = GatewayResponse(status: status)
        // Recorded on AWS: multiValueHeaders first (their casing wins), single values appended.
        var order: [String] = []
        var values: [String: (name: String, values: [String])] = [:]
        if let multi = object["multiValueHeaders"], multi != .null {
            guard case .map(let headers) = multi else { return .failure(Malformed("multiValueHeaders is not an object")) }
            for (name, list) in headers.entries {
                let items: [VelocityValue]
                switch list {
                case .list(let l), .jsonList(let l): items = l
                default: return .failure(Malformed("multiValueHeaders '\(name)' is not a list"))   // recorded on AWS
                }
                let key = name.lowercased()
                if values[key] == nil { order.append(key); values[key] = (name, []) }
                values[key]!.values += items.compactMap(headerText)
            }
        }
        if let single = object["headers"], single != .null {   // Recorded on AWS: headers: null is accepted.
            guard case .map(let headers) = single else { return .failure(Malformed("headers is not an object")) }
            for (name, value) in headers.entries {
                guard let text = headerText(value) else { return .failure(Malformed("header '\(name)' is not a scalar")) }
                let key = name.lowercased()
                if values[key] == nil { order.append(key); values[key] = (name, []) }
                values[key]!.values.append(text)
            }
        }
        for key in order {
            let entry = values[key]!
            response.headers.append(HTTPHeader(entry.name, entry.values.joined(separator: ", ")))
        }
        // Recorded on AWS: application/json when the function sets no content type.
        if response.headers.value(for: "Content-Type") == nil {
            response.headers.append(HTTPHeader("Content-Type", "application/json"))
        }

        switch object["body"] {
        case nil, .null?: response.body = ""
        case .string(let text)?: response.body = text
        default: return .failure(Malformed("body is not a string"))
        }
        if case .bool(let flag)? = object["isBase64Encoded"] { response.isBase64Encoded = flag }
        return .success(response)
    }

    /// Recorded on AWS: header values may be strings, numbers or booleans; booleans print as true/false.
    static func headerText(_ value: VelocityValue) -> String? {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }

    public struct Malformed: Error, Equatable, Sendable {
        public let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
