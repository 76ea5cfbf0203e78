import Foundation
@testable import PorticoGateway
import PorticoModel
import Testing

/// IAM policy documents as API Gateway evaluates them for `execute-api:Invoke`. Sources: IAM
/// User Guide reference_policies_evaluation-logic (deny wins, implicit deny),
/// reference_policies_elements_condition_operators (operators, missing keys),
/// reference_policies_elements_principal ("*" includes anonymous callers); DG:
/// apigateway-resource-policies-examples (the `execute-api:/` shorthand and aws:SourceIp).
@Suite("Policy documents")
struct PolicyDocumentTests {
    static let arn = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/42"
    static let prefix = "arn:aws:execute-api:us-east-1:123456789012:abc123/"

    static func document(_ text: String) throws -> PolicyDocument {
        try PolicyDocument(parsing: JSONValue.parsing(text))
    }

    static func decide(_ text: String, resource: String = arn, principal: PolicyPrincipal? = nil,
                       keys: [String: String] = [:]) throws -> PolicyDecision {
        try document(text).evaluate(PolicyRequest(resource: resource, principal: principal, conditionKeys: keys, shorthandPrefix: prefix))
    }

    @Test("an Allow whose resource pattern covers the method ARN allows; one that does not is an implicit deny")
    func allowAndImplicitDeny() throws {
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/pets/*"}]}"#
        #expect(try Self.decide(policy) == .allow(statement: 0))
        #expect(try Self.decide(policy, resource: Self.prefix + "prod/POST/pets") == .implicitDeny)
        // `?` is one character.
        let one = #"{"Statement":{"Effect":"Allow","Action":"execute-api:*","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/4?"}}"#
        #expect(try Self.decide(one) == .allow(statement: 0))
        #expect(try Self.decide(one, resource: Self.prefix + "prod/GET/pets/420") == .implicitDeny)
    }

    @Test("an applicable Deny wins over an Allow written before it")
    func explicitDenyWins() throws {
        let policy = #"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"execute-api:/prod/GET/pets/*"}]}"#
        #expect(try Self.decide(policy) == .explicitDeny(statement: 1))
        #expect(try Self.decide(policy, resource: Self.prefix + "prod/DELETE/pets/42") == .allow(statement: 0))
    }

    @Test("action names ignore case, resources do not; NotAction and NotResource invert")
    func caseAndNegation() throws {
        #expect(try Self.decide(#"{"Statement":{"Effect":"Allow","Action":"EXECUTE-API:invoke","Resource":"*"}}"#) == .allow(statement: 0))
        #expect(try Self.decide(#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:execute-api:us-east-1:123456789012:ABC123/*"}}"#) == .implicitDeny)
        #expect(try Self.decide(#"{"Statement":{"Effect":"Allow","NotAction":"execute-api:ManageConnections","Resource":"*"}}"#) == .allow(statement: 0))
        #expect(try Self.decide(#"{"Statement":{"Effect":"Allow","Action":"*","NotResource":"execute-api:/prod/*"}}"#) == .implicitDeny)
    }

    @Test("principals: '*' includes anonymous callers, an account names its users, an ARN itself")
    func principals() throws {
        let alice = PolicyPrincipal(accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/alice")
        let anyone = #"{"Statement":{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}}"#
        #expect(try Self.decide(anyone) == .allow(statement: 0))
        let awsAnyone = #"{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"execute-api:Invoke","Resource":"*"}}"#
        #expect(try Self.decide(awsAnyone) == .allow(statement: 0))
        let account = #"{"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:root"]},"Action":"execute-api:Invoke","Resource":"*"}}"#
        #expect(try Self.decide(account) == .implicitDeny)
        #expect(try Self.decide(account, principal: alice) == .allow(statement: 0))
        let bob = #"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/bob"},"Action":"execute-api:Invoke","Resource":"*"}}"#
        #expect(try Self.decide(bob, principal: alice) == .implicitDeny)
    }

    @Test("aws:SourceIp with CIDR blocks, IPv4 and IPv6; NotIpAddress holds when the key is absent")
    func sourceIP() throws {
        let denyRange = #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","2001:db8::/32"]}}}]}"#
        #expect(try Self.decide(denyRange, keys: ["aws:SourceIp": "192.0.2.77"]) == .explicitDeny(statement: 1))
        #expect(try Self.decide(denyRange, keys: ["aws:SourceIp": "192.0.3.1"]) == .allow(statement: 0))
        #expect(try Self.decide(denyRange, keys: ["aws:SourceIp": "2001:db8::1"]) == .explicitDeny(statement: 1))
        let onlyFrom = #"{"Statement":{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}"#
        #expect(try Self.decide(onlyFrom, keys: ["aws:SourceIp": "10.1.2.3"]) == .implicitDeny)
        #expect(try Self.decide(onlyFrom, keys: ["aws:SourceIp": "127.0.0.1"]) == .explicitDeny(statement: 0))
        #expect(try Self.decide(onlyFrom) == .explicitDeny(statement: 0))
    }

    @Test("string conditions: keys ignore case, values are alternatives, a missing key fails unless IfExists")
    func stringConditions() throws {
        let vpce = #"{"Statement":{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:sourceVpce":["vpce-1a2b","vpce-3c4d"]}}}}"#
        #expect(try Self.decide(vpce, keys: ["aws:SourceVpce": "vpce-3c4d"]) == .allow(statement: 0))
        #expect(try Self.decide(vpce, keys: ["aws:SourceVpce": "vpce-9999"]) == .implicitDeny)
        #expect(try Self.decide(vpce) == .implicitDeny)
        let ifExists = #"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLikeIfExists":{"aws:SourceVpce":"vpce-1*"}}}}"#
        #expect(try Self.decide(ifExists) == .allow(statement: 0))
        #expect(try Self.decide(ifExists, keys: ["aws:SourceVpce": "vpce-2"]) == .implicitDeny)
        let absent = #"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Null":{"aws:SourceVpce":"true"}}}}"#
        #expect(try Self.decide(absent) == .allow(statement: 0))
        #expect(try Self.decide(absent, keys: ["aws:SourceVpce": "vpce-1"]) == .implicitDeny)
    }

    @Test("invalid documents say why")
    func invalid() {
        func reason(_ text: String) -> String? {
            do { _ = try Self.document(text); return nil } catch let error as PolicyDocument.Invalid { return error.description } catch { return "\(error)" }
        }
        #expect(reason(#"{"Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}"#) == #"Statement[0]: Effect must be "Allow" or "Deny", not "allow""#)
        #expect(reason(#"{"Version":"2012-10-17"}"#) == "the policy document has no Statement")
        #expect(reason(#"{"Statement":{"Effect":"Allow","Resource":"*"}}"#) == "Statement[0] has neither Action nor NotAction")
        #expect(reason(#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringSortOf":{"k":"v"}}}}"#) == "Statement[0]: unknown condition operator 'StringSortOf'")
        #expect(reason(#"{"Version":"2020-01-01","Statement":[]}"#) == #"Version must be "2012-10-17" or "2008-10-17""#)
    }

    @Test("wildcard matching stays linear on hostile patterns")
    func hostilePattern() {
        let pattern = String(repeating: "*a", count: 200) + "b"
        let text = String(repeating: "a", count: 5_000)
        #expect(PolicyPattern.matches(pattern, text, caseSensitive: true) == false)
    }
}
