import Foundation
import LedgerCore
import Testing

/// The server as its people use it (design.md §13): they sign in, and what each may do and read is
/// derived from the ledger at the moment of the request. A real `bagalau serve` on a loopback port.
@Suite(.serialized)
struct ServerAccessTests {
    static let example = "docs/examples/quarterly-2024.jsonl"

    /// The example year's lines, parsed.
    static func exampleLines() throws -> [JSONValue] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent(example), encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    /// A ledger holding the example body's organisation and methodology (recorded by the operator with
    /// `bagalau acts`), its first administrator bootstrapped, and the server running on it.
    struct Setup {
        let workspace: CLIWorkspace
        let server: ServerUnderTest
        let admin: ServerUnderTest.Session
        let rest: [JSONValue]
    }

    static func setUp() async throws -> Setup {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        let lines = try exampleLines()
        let setup = lines.filter { ["organisation", "methodology"].contains($0["act"]?.stringValue?.split(separator: ".").first.map(String.init)) }
        try workspace.write("setup.jsonl", setup.map(CanonicalJSON.string).joined(separator: "\n"))
        try #require(try workspace.run("acts", "--db", "l.sqlite", "setup.jsonl").status == 0)
        let boot = try workspace.run("accounts", "bootstrap", "--db", "l.sqlite", "--person", "admin", "--operator", "root")
        try #require(boot.status == 0, "\(boot.stderr)")
        func printed(_ label: String) -> String {
            boot.stdout.split(separator: "\n").first { $0.hasPrefix(label) }.map { String($0.dropFirst(label.count)) } ?? ""
        }
        let server = try ServerUnderTest(workspace, db: "l.sqlite")
        let admin = try await server.firstSignIn("admin", issued: ["temporaryPassword": .string(printed("one-time password: ")), "secondFactorKey": .string(printed("second-factor key: "))])
        return Setup(workspace: workspace, server: server, admin: admin, rest: lines.filter { !setup.contains($0) })
    }

    @Test("a whole quarterly year is recorded over HTTP by the people themselves, each signed in: HR opens their accounts, every act is theirs, and the ledger holds what the CLI records from the same file")
    func quarterlyYearOverHTTP() async throws {
        let s = try await Self.setUp()
        let hr = try await s.server.openAccount("hr", by: s.admin, role: "administrator")
        var sessions = ["hr": hr]
        sessions["reg-1"] = try await s.server.openAccount("reg-1", by: s.admin, role: "administrator", bodyId: nil, offices: ["agency-officer"])
        for line in s.rest {
            let person = try #require(line["actor"]?["person"]?.stringValue)
            if sessions[person] == nil { sessions[person] = try await s.server.openAccount(person, by: hr, role: "hr-officer") }
            let fields = JSONValue.object((line.objectMembers ?? []).filter { !["act", "id"].contains($0.0) })
            let reply = try await s.server.act(line["act"]!.stringValue!, fields, as: sessions[person]!, id: line["id"]?.stringValue)
            try #require(reply.status == 201, "\(line["act"]!) by \(person): \(reply.text)")
        }
        // A retried POST under the same Idempotency-Key records nothing new.
        let last = try #require(s.rest.last)
        let again = try await s.server.act(last["act"]!.stringValue!, .object((last.objectMembers ?? []).filter { $0.0 != "act" }), as: hr, id: last["id"]?.stringValue)
        #expect(again.status == 200 && again.json["alreadyRecorded"] == true)

        // The same file through the operator's CLI: the same acts, the same events, case by case.
        try s.workspace.write("year.jsonl", try Self.exampleLines().map(CanonicalJSON.string).joined(separator: "\n"))
        try #require(try s.workspace.run("init", "--db", "cli.sqlite").status == 0)
        try #require(try s.workspace.run("acts", "--db", "cli.sqlite", "year.jsonl").status == 0)
        func caseEvents(_ db: String) throws -> [String] {
            try s.workspace.run("log", "--db", db, "--json", "--limit", "100000").stdout.split(separator: "\n").compactMap { line -> String? in
                let event = try JSONParser.parse(String(line))
                guard let stream = event["stream"]?.stringValue, !stream.hasPrefix("account/") else { return nil }
                return "\(event["id"]!) \(stream) \(event["type"]!) \(event["payloadDigest"] ?? event["payload_digest"] ?? .null)"
            }
        }
        let overHTTP = try caseEvents("l.sqlite"), byCLI = try caseEvents("cli.sqlite")
        #expect(overHTTP.count == byCLI.count && overHTTP.count > 140)
        #expect(Set(overHTTP) == Set(byCLI))
        // Metrics count the acts by type and outcome.
        let metrics = try await s.server.send("GET", "/metrics")
        #expect(metrics.text.contains("bagalau_acts_total{act=\"quarterly.score-kpis\",outcome=\"recorded\"}"))
        #expect(s.server.stop() == 0)
        // No line of the server's log carries a payload value or a person's name.
        #expect(!s.server.log.contains("Аудандық") && !s.server.log.contains("own-passphrase") && !s.server.log.isEmpty)
    }
}
