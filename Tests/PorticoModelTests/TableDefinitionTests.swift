import Diagnostics
import Foundation
import PorticoModel
import TestSupport
import Testing

/// `tables` in portico.yml: DynamoDB tables as `aws dynamodb create-table` declares them, and
/// a located error for every declaration CreateTable would refuse.
@Suite("DynamoDB tables in portico.yml")
struct TableDefinitionTests {
    private func load(_ projectFile: String) throws -> (Project?, [String]) {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(["Content/portico.yml": projectFile])
        var diagnostics = DiagnosticEngine()
        let project = ProjectLoader(root: root.path).load(diagnostics: &diagnostics)
        let lines = diagnostics.sorted.map(DiagnosticFormatter.format).map { $0.replacingOccurrences(of: root.path + "/", with: "") }
        return (project, lines)
    }

    @Test("a HASH key alone, and HASH with RANGE, each with its type")
    func loads() throws {
        let (project, lines) = try load("""
            tables:
              - tableName: connections
                keySchema: [{attributeName: connectionId, keyType: HASH}]
                attributeDefinitions: [{attributeName: connectionId, attributeType: S}]
              - tableName: messages
                keySchema: [{attributeName: room, keyType: HASH}, {attributeName: sentAt, keyType: RANGE}]
                attributeDefinitions: [{attributeName: sentAt, attributeType: N}, {attributeName: room, attributeType: S}]

            """)
        #expect(lines == [])
        let loaded = try #require(project)
        #expect(loaded.tables.map(\.tableName) == ["connections", "messages"])
        #expect(loaded.table(named: "connections")?.partitionKey == .init(name: "connectionId", type: .string))
        #expect(loaded.table(named: "connections")?.sortKey == nil)
        #expect(loaded.table(named: "messages")?.partitionKey == .init(name: "room", type: .string))
        #expect(loaded.table(named: "messages")?.sortKey == .init(name: "sentAt", type: .number))
    }

    @Test("every declaration CreateTable refuses is an error at its value")
    func diagnostics() throws {
        let (project, lines) = try load("""
            tables:
              - tableName: ok-table
                keySchema: [{attributeName: id, keyType: HASH}]
                attributeDefinitions: [{attributeName: id, attributeType: S}]
              - tableName: ok-table
                keySchema: [{attributeName: id, keyType: HASH}]
                attributeDefinitions: [{attributeName: id, attributeType: S}]
              - tableName: "x"
                keySchema: [{attributeName: id, keyType: HASH}]
                attributeDefinitions: [{attributeName: id, attributeType: S}]
              - tableName: typed
                keySchema: [{attributeName: id, keyType: HASH}]
                attributeDefinitions: [{attributeName: id, attributeType: BOOL}]
              - tableName: undefined
                keySchema: [{attributeName: id, keyType: HASH}]
                attributeDefinitions: []
              - tableName: two-hashes
                keySchema: [{attributeName: a, keyType: HASH}, {attributeName: b, keyType: HASH}]
                attributeDefinitions: [{attributeName: a, attributeType: S}, {attributeName: b, attributeType: S}]
              - tableName: no-hash
                keySchema: [{attributeName: a, keyType: RANGE}]
                attributeDefinitions: [{attributeName: a, attributeType: S}]
              - tableName: extra
                keySchema: [{attributeName: a, keyType: PRIMARY}]
                attributeDefinitions: [{attributeName: a, attributeType: S}, {attributeName: b, attributeType: N}]
              - tableName: unkeyed
                attributeDefinitions: [{attributeName: a, attributeType: S}]
              - tableName: spare
                keySchema: [{attributeName: a, keyType: HASH}]
                attributeDefinitions: [{attributeName: a, attributeType: S}, {attributeName: b, attributeType: N}]

            """)
        #expect(lines == [
            "Content/portico.yml:5:5: error: a table named 'ok-table' is already declared [project.duplicate-table]",
            "Content/portico.yml:8:16: error: table name 'x' must be 3 to 255 letters, digits, '_', '.' or '-' [project.table-name]",
            "Content/portico.yml:13:63: error: attributeType of 'id' in table 'typed' must be S, N or B (key attributes are scalars), found 'BOOL' [project.table-attribute-type]",
            "Content/portico.yml:15:33: error: key attribute 'id' of table 'undefined' has no entry in attributeDefinitions (its type: S, N or B) [project.table-key-schema]",
            "Content/portico.yml:18:80: error: table 'two-hashes' has two HASH keys; a table has exactly one partition key [project.table-key-schema]",
            "Content/portico.yml:21:16: error: table 'no-hash' needs a HASH key in its keySchema [project.table-key-schema]",
            "Content/portico.yml:24:45: error: keyType of 'a' in table 'extra' must be HASH or RANGE, found 'PRIMARY' [project.table-attribute-type]",
            "Content/portico.yml:26:5: error: table 'unkeyed' needs a keySchema with one HASH key [project.table-key-schema]",
            "Content/portico.yml:30:66: error: attribute 'b' of table 'spare' is not in its keySchema; attributeDefinitions lists only key attributes [project.table-key-schema]",
        ])
        #expect(project?.tables.map(\.tableName) == ["ok-table"])
    }
}
