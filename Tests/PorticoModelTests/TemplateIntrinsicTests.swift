import Diagnostics
import Foundation
import PorticoModel
import TestSupport
import Testing

/// CloudFormation's intrinsic functions and conditions, as a template read without portico.yml
/// resolves them: each expression is a function's environment variable, read back from the
/// project (CloudFormation User Guide: intrinsic-function-reference, pseudo-parameter-reference).
@Suite("Templates: intrinsic functions and conditions")
struct TemplateIntrinsicTests {
    /// A template around `expression`; `Parameters`, `Mappings` and `Conditions` give the
    /// functions something to read.
    static func template(_ expression: String, extra: String = "") -> String {
        """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
          Zones: {Type: CommaDelimitedList, Default: "a,b,c"}
          Size: {Type: Number, Default: 3}
        Mappings:
          Regions:
            us-east-1: {Ami: ami-east, Name: Virginia}
            eu-west-1: {Ami: ami-west, Name: Ireland}
        Conditions:
          IsProd: !Equals [!Ref Stage, prod]
          IsDev: !Equals [dev, !Ref Stage]
          NotProd: !Not [!Condition IsProd]
          DevAndEast: !And [!Condition IsDev, !Equals [!Ref "AWS::Region", us-east-1]]
          ProdOrEast: {"Fn::Or": [{"Condition": IsProd}, {"Fn::Equals": [{"Ref": "AWS::Region"}, us-east-1]}]}
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: src
              Handler: app.handler
              Runtime: python3.12
              Environment:
                Variables:
                  VALUE: \(expression)
          Queue:
            Type: AWS::SQS::Queue
          Pool:
            Type: AWS::Cognito::UserPool
        \(extra)
        """
    }

    /// Loads `template` as a project's only file; returns the VALUE variable and the diagnostics.
    static func value(of template: String, parameters: [String: String] = [:]) throws -> (String?, [String]) {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(["template.yaml": template, "src/app.py": "def handler(event, context):\n    return {}\n"])
        var diagnostics = DiagnosticEngine()
        let project = ProjectLoader(root: root.path).load(diagnostics: &diagnostics)
        let lines = diagnostics.sorted.map(DiagnosticFormatter.format).map { $0.replacingOccurrences(of: root.path + "/", with: "") }
        return (project?.function(named: "Fn")?.environment["VALUE"], lines)
    }

    @Test("each intrinsic function gives CloudFormation's value", arguments: [
        ("!Ref Stage", "dev"),
        ("{Ref: Size}", "3"),
        ("!Ref AWS::Region", "us-east-1"),
        ("!Ref AWS::AccountId", "123456789012"),
        ("!Ref AWS::StackName", "local"),
        ("!Ref AWS::Partition", "aws"),
        ("!Ref AWS::URLSuffix", "amazonaws.com"),
        ("!Ref AWS::StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/local/00000000-0000-0000-0000-000000000000"),
        ("!Ref Fn", "Fn"),
        ("!Ref Queue", "https://sqs.us-east-1.amazonaws.com/123456789012/Queue"),
        ("!Ref Pool", "us-east-1_Pool"),
        ("!GetAtt Fn.Arn", "arn:aws:lambda:us-east-1:123456789012:function:Fn"),
        ("!GetAtt [Pool, Arn]", "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool"),
        ("{'Fn::GetAtt': [Queue, Arn]}", "arn:aws:sqs:us-east-1:123456789012:Queue"),
        ("!Sub 'arn:${AWS::Partition}:s3:::${Stage}-bucket/${!Literal}'", "arn:aws:s3:::dev-bucket/${Literal}"),
        ("!Sub ['${Name}-${Fn.Arn}', {Name: !Ref Stage}]", "dev-arn:aws:lambda:us-east-1:123456789012:function:Fn"),
        ("!Join ['-', [a, !Ref Stage, c]]", "a-dev-c"),
        ("!Join [',', !Ref Zones]", "a,b,c"),
        ("!Select [1, !Ref Zones]", "b"),
        ("!Select [0, !Split ['/', 'x/y/z']]", "x"),
        ("!Select [2, !GetAZs '']", "us-east-1c"),
        ("!FindInMap [Regions, !Ref 'AWS::Region', Name]", "Virginia"),
        ("!If [IsProd, big, small]", "small"),
        ("!If [DevAndEast, yes, no]", "yes"),
        ("!If [ProdOrEast, yes, no]", "yes"),
        ("!If [NotProd, yes, no]", "yes"),
        ("!Base64 hello", "aGVsbG8="),
        ("{'Fn::Length': [a, b, c]}", "3"),
    ])
    func intrinsic(_ expression: String, _ expected: String) throws {
        let (value, lines) = try Self.value(of: Self.template(expression))
        #expect(value == expected)
        #expect(lines.filter { !$0.contains("[template.ignored]") } == [])
    }

    @Test("portico.yml's parameters override Defaults, and conditions follow them")
    func overrides() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(["template.yaml": Self.template("!Join [':', [!Ref Stage, !If [IsProd, big, small]]]"),
                        "src/app.py": "def handler(event, context):\n    return {}\n",
                        "Content/portico.yml": "templates: [{path: template.yaml, parameters: {Stage: prod}}]\n"])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(project.function(named: "Fn")?.environment["VALUE"] == "prod:big")
        #expect(!diagnostics.hasErrors)
    }

    @Test("AWS::NoValue removes the key; a resource whose condition is false is not declared")
    func noValueAndResourceConditions() throws {
        let (value, lines) = try Self.value(of: Self.template("!If [IsProd, set, !Ref AWS::NoValue]", extra: """
              Other:
                Type: AWS::Serverless::Function
                Condition: IsProd
                Properties: {CodeUri: src, Handler: app.handler, Runtime: python3.12}
            """))
        #expect(value == nil)
        #expect(lines == [
            "template.yaml:28:5: note: resource 'Queue' (AWS::SQS::Queue) is ignored: Portico does not simulate it [template.ignored]",
        ])
    }

    @Test("values that cannot exist locally are stated placeholders with located warnings")
    func placeholders() throws {
        let (imported, importLines) = try Self.value(of: Self.template("!ImportValue shared-vpc-id"))
        #expect(imported == "<unresolved: !ImportValue shared-vpc-id>")
        #expect(importLines.contains("template.yaml:26:18: warning: !ImportValue shared-vpc-id cannot be resolved locally (values exported by other stacks do not exist locally); it stands for '<unresolved: !ImportValue shared-vpc-id>' [template.placeholder]"))

        let (certificate, certificateLines) = try Self.value(of: Self.template("!Ref Cert", extra: """
              Cert:
                Type: AWS::CertificateManager::Certificate
                Properties: {DomainName: api.example.com}
            """))
        #expect(certificate == "<unresolved: !Ref Cert>")
        #expect(certificateLines.contains("template.yaml:26:18: warning: !Ref Cert cannot be resolved locally (resource type AWS::CertificateManager::Certificate has no local stand-in); it stands for '<unresolved: !Ref Cert>' [template.placeholder]"))
    }

    @Test("mistakes are located errors and the rest of the template still loads", arguments: [
        ("!Ref Stagee", "template.yaml:26:18: error: 'Stagee' is not a parameter, pseudo parameter or resource of the template; did you mean 'Stage'? [template.unknown-name]"),
        ("!If [IsProdd, a, b]", "template.yaml:26:23: error: condition 'IsProdd' is not defined under 'Conditions'; did you mean 'IsProd'? [template.condition]"),
        ("!Select [7, !Ref Zones]", "template.yaml:26:18: error: Fn::Select index 7 is outside the list of 3 values [template.intrinsic]"),
        ("!Join '-'", "template.yaml:26:18: error: Fn::Join expects [delimiter, [values]], found '-' [template.intrinsic]"),
        ("!FindInMap [Regions, ap-south-1, Name]", "template.yaml:26:18: error: map 'Regions' has no value at 'ap-south-1' › 'Name' [template.unknown-name]"),
        ("!Cidr [10.0.0.0/16, 2, 8]", "template.yaml:26:18: error: intrinsic function 'Fn::Cidr' is not supported [template.intrinsic]"),
    ])
    func mistakes(_ expression: String, _ expected: String) throws {
        let (value, lines) = try Self.value(of: Self.template(expression))
        #expect(lines.contains(expected), "\(lines)")
        #expect(value != nil || expression.hasPrefix("!Select"))
    }

    @Test("a condition that refers to itself is reported, not followed forever")
    func cyclicCondition() throws {
        let template = Self.template("!If [Loop, a, b]").replacingOccurrences(of: "Conditions:\n", with: "Conditions:\n  Loop: !And [!Condition Loop, !Condition IsDev]\n")
        let (value, lines) = try Self.value(of: template)
        #expect(value == "b")
        #expect(lines.contains("template.yaml:12:9: error: condition 'Loop' depends on itself [template.condition]"))
    }

    @Test("JSON templates (as CDK writes them) read the long forms")
    func json() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(["cdk.out/AppStack.template.json": """
            {"Parameters": {"Stage": {"Type": "String", "Default": "dev"}},
             "Resources": {"Fn": {"Type": "AWS::Lambda::Function",
               "Properties": {"Code": "../src", "Handler": "app.handler", "Runtime": "python3.11", "FunctionName": {"Fn::Sub": "fn-${Stage}"},
                 "Environment": {"Variables": {"VALUE": {"Fn::Join": ["", ["x-", {"Ref": "Stage"}]]}}}}}}}
            """, "src/app.py": "def handler(event, context):\n    return {}\n"])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        // FunctionName written with an intrinsic function is no literal name: the logical id stands in.
        #expect(project.functions.map(\.name) == ["Fn"])
        #expect(project.function(named: "Fn")?.environment["VALUE"] == "x-dev")
        #expect(project.function(named: "Fn")?.codeDirectory == root.path + "/src")
        #expect(diagnostics.diagnostics.isEmpty)
    }

    @Test("Fn::Transform AWS::Include reads a local file, with its own intrinsic functions resolved")
    func include() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(["template.yaml": Self.template("{'Fn::Transform': {Name: 'AWS::Include', Parameters: {Location: snippets/value.yaml}}}"),
                        "snippets/value.yaml": "!Sub '${Stage}-included'\n",
                        "src/app.py": "def handler(event, context):\n    return {}\n"])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(project.function(named: "Fn")?.environment["VALUE"] == "dev-included")
    }
}
