import Foundation
import PorticoModel
import Velocity

/// Integration: calls the backend. MOCK answers with the status its request template names
/// and no body (recorded AWS response: LocalStack
/// tests/aws/services/apigateway/test_apigateway_basic.snapshot.json,
/// test_mock_integration_response); HTTP and HTTP_PROXY go through the gateway's HTTP
/// transport; AWS and AWS_PROXY with a Lambda URI go through its function invoker; AWS with an
/// S3 or Kinesis URI through its buckets and streams (``AWSServiceIntegration``).
final class IntegrationStage: PipelineStage {
    let name = StageName.integration

    /// MOCK and a missing integration request are decided at once; everything else waits for
    /// the service it calls.
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        // The two fields read one by one: binding the integration request would copy all of it.
        guard let type = exchange.integrationRequest?.type else {
            return .fail(.internalServerError, "no integration request was built")
        }
        switch type {
        case .mock:
            guard let status = MockStatus.parse(exchange.integrationRequest?.body ?? "") else {
                // The log line AWS writes in the execution log for this configuration error.
                exchange.logs.append("Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template.")
                return .fail(.internalServerError, "the request template did not produce an integer statusCode")
            }
            exchange.integrationResult = IntegrationResult(status: status)
            // MOCK answers inside the gateway: no time passes waiting for a backend.
            exchange.integrationLatency = .zero
            return .proceed(TraceDetail { "MOCK answered status \(status) with no body" })
        case .awsProxy, .aws, .http, .httpProxy:
            guard let request = exchange.integrationRequest, let integration = exchange.route?.method.integration?.model else {
                return .fail(.internalServerError, "the method has no integration")
            }
            let services = environment.services, clock = environment.clock
            switch request.type {
            case .http, .httpProxy:
                return .wait(StageWait { await Self.timed(exchange, clock) { await HTTPIntegration(services: services).invoke(exchange, integration: integration, body: request.bodyBytes) } })
            default:
                guard integration.functionName != nil else {
                    return .wait(StageWait { await Self.timed(exchange, clock) { await AWSServiceIntegration(services: services).invoke(exchange, integration: integration) } })
                }
                return .wait(StageWait { await Self.timed(exchange, clock) { await LambdaIntegration(services: services).invoke(exchange, integration: integration, payload: request.bodyBytes) } })
            }
        }
    }
}

extension IntegrationStage {
    /// Runs the call to the backend and keeps how long it took (``Exchange/integrationLatency``).
    static func timed(_ exchange: Exchange, _ clock: any GatewayClock, _ call: () async -> StageOutcome) async -> StageOutcome {
        let started = clock.monotonic()
        let outcome = await call()
        exchange.integrationLatency = clock.monotonic().duration(since: started)
        return outcome
    }
}

/// Reads `statusCode` from a MOCK request template's output: JSON, or the unquoted
/// `{statusCode: 200}` form that AWS also accepts (recorded AWS response: LocalStack
/// tests/aws/services/apigateway/test_apigateway_basic.snapshot.json, test_mock_integration_response).
enum MockStatus {
    static func parse(_ body: String) -> Int? {
        if let status = canonical(body) { return status }
        if let value = try? JSONValueParser.parse(body), case .map(let object) = value {
            guard case .int(let number)? = object["statusCode"] else { return nil }
            return number
        }
        // Unquoted key form: find `statusCode` followed by a colon and digits.
        let scalars = Array(body.unicodeScalars)
        let key = Array("statusCode".unicodeScalars)
        var index = 0
        while index + key.count <= scalars.count {
            if Array(scalars[index..<index + key.count]) == key {
                var cursor = index + key.count
                while cursor < scalars.count, scalars[cursor] == " " || scalars[cursor] == "\"" || scalars[cursor] == "'" { cursor += 1 }
                guard cursor < scalars.count, scalars[cursor] == ":" else { return nil }
                cursor += 1
                while cursor < scalars.count, scalars[cursor] == " " { cursor += 1 }
                var digits = ""
                while cursor < scalars.count, ("0"..."9").contains(scalars[cursor]), digits.count < 4 { digits.unicodeScalars.append(scalars[cursor]); cursor += 1 }
                return Int(digits)
            }
            index += 1
        }
        return nil
    }

    /// `{"statusCode": 200}` exactly (any whitespace between the tokens), the form nearly every
    /// MOCK request template writes: read without building a JSON value. Anything else
    /// (more keys, a non-integer, another form) is left to the full parse.
    static func canonical(_ body: String) -> Int? {
        var body = body
        return body.withUTF8 { bytes -> Int? in
            var i = 0
            func skipSpace() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 } }
            func expect(_ literal: StaticString) -> Bool {
                let count = literal.utf8CodeUnitCount
                guard i + count <= bytes.count else { return false }
                for k in 0..<count where bytes[i + k] != literal.utf8Start[k] { return false }
                i += count
                return true
            }
            skipSpace()
            guard expect("{") else { return nil }
            skipSpace()
            guard expect("\"statusCode\"") else { return nil }
            skipSpace()
            guard expect(":") else { return nil }
            skipSpace()
            var status = 0, digits = 0
            while i < bytes.count, bytes[i] &- 0x30 < 10, digits < 9 {
                status = status * 10 + Int(bytes[i] &- 0x30)
                digits += 1
                i += 1
            }
            // A leading zero or a fraction is not this simple form.
            guard digits > 0, !(digits > 1 && bytes[i - digits] == 0x30) else { return nil }
            skipSpace()
            guard expect("}") else { return nil }
            skipSpace()
            return i == bytes.count ? status : nil
        }
    }
}
