import Foundation
import LedgerCore
import Testing

/// Issue 11: a corpus of malformed inputs (`Fixtures/malformed`, made by its `generate.py`): every field of
/// an act and of an imported event missing or of the wrong type, bad dates and times, unknown acts, types,
/// versions and fields, JSON that is not JSON (NaN, lone surrogates, duplicate names, 100,000 levels of
/// nesting), text that is not UTF-8. Each is refused with exit 65, its line and its field, and writes
/// nothing: the ledger's head is the same after every one.
struct MalformedInputTests {
    struct Case {
        let file: String, command: String, line: Int, says: String
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/malformed")

    static func cases() throws -> [Case] {
        try String(contentsOf: folder.appendingPathComponent("manifest.tsv"), encoding: .utf8).split(separator: "\n").map { row in
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Case(file: columns[0], command: columns[1], line: Int(columns[2])!, says: columns[3])
        }
    }

    @Test("issue 11: every malformed input of the corpus exits 65 with its line and field, and nothing is written")
    func corpus() throws {
        let cases = try Self.cases()
        #expect(cases.count >= 100)
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        try #require(try workspace.run("acts", "--db", "l.sqlite", Self.folder.appendingPathComponent("base.jsonl").path).status == 0)
        func head() throws -> JSONValue? { try JSONParser.parse(try workspace.run("stats", "--db", "l.sqlite", "--json").stdout)["headHash"] }
        let before = try head()
        for item in cases {
            let path = Self.folder.appendingPathComponent(item.file).path
            let refused = try workspace.run(item.command, "--db", "l.sqlite", path)
            #expect(refused.status == 65, "\(item.file): exit \(refused.status) \(refused.stdout)")
            #expect(refused.stderr.hasPrefix("bagalau: error: \(path) line \(item.line): \(item.says)"), "\(item.file): \(refused.stderr)")
            #expect(try head() == before, "\(item.file) wrote to the ledger")
        }
        #expect(try workspace.run("verify", "--db", "l.sqlite").status == 0)
    }
}
