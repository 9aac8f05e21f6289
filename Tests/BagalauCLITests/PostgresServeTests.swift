import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

/// `bagalau serve --postgres` (issue 12 §5): the server on a PostgreSQL ledger — its sign-in secrets in
/// the database beside the log, its read models in a local file of their own — does what it does on the file.
struct PostgresServeTests {
    @Test("issue 12 §5: serve --postgres — people sign in (secrets in the database), a quarterly year is recorded over HTTP by the people themselves, and the database then holds what the CLI records into a file; the views answer from the local read models")
    func quarterlyYearOverHTTPOnPostgres() async throws {
        let workspace = try CLIWorkspace()
        let url = try await PostgresTestServer.newDatabase()
        let lines = try ServerAccessTests.exampleLines()
        let setup = lines.filter { ["organisation", "methodology"].contains($0["act"]?.stringValue?.split(separator: ".").first.map(String.init)) }
        try workspace.write("setup.jsonl", setup.map(CanonicalJSON.string).joined(separator: "\n"))
        let recorded = try workspace.run("acts", "--postgres", url, "setup.jsonl")
        try #require(recorded.status == 0, "\(recorded.stderr)")
        let (server, admin) = try await Self.serve(workspace, postgres: url)
        let hr = try await server.openAccount("hr", by: admin, role: "administrator")
        var sessions = ["hr": hr]
        sessions["reg-1"] = try await server.openAccount("reg-1", by: admin, role: "administrator", bodyId: nil, offices: ["agency-officer"])
        for line in lines where !setup.contains(line) {
            let person = try #require(line["actor"]?["person"]?.stringValue)
            if sessions[person] == nil { sessions[person] = try await server.openAccount(person, by: hr, role: "hr-officer") }
            let fields = JSONValue.object((line.objectMembers ?? []).filter { !["act", "id"].contains($0.0) })
            let reply = try await server.act(line["act"]!.stringValue!, fields, as: sessions[person]!, id: line["id"]?.stringValue)
            try #require(reply.status == 201, "\(line["act"]!) by \(person): \(reply.text)")
        }
        // A wrong password is refused and recorded there too; the HR officer's view of the body answers.
        #expect(try await server.signIn("hr", password: "not the password").0.status == 401)
        let view = try await server.send("GET", "/views/quarterly-annual?body=m&year=2024", as: hr)
        #expect(view.status == 200 && view.text.contains("\"case_id\""), "\(view.text)")
        #expect(FileManager.default.fileExists(atPath: workspace.path("views.read-models")) && !FileManager.default.fileExists(atPath: workspace.path("absent.sqlite")))
        #expect(server.stop() == 0)

        // The same acts through the CLI into a file: the same events, case by case.
        try workspace.recordActs(lines.map(CanonicalJSON.string), into: "cli.sqlite")
        func caseEvents(_ ledger: [String]) throws -> [String] {
            try workspace.run(["log", "--json", "--limit", "100000", "--operator", "op", "--reason", "comparing the two ledgers"] + ledger).stdout.split(separator: "\n").compactMap { line -> String? in
                let event = try JSONParser.parse(String(line))
                guard let stream = event["stream"]?.stringValue, !stream.hasPrefix("account/") else { return nil }
                return "\(event["id"]!) \(stream) \(event["type"]!) \(event["payload"] ?? .null)"
            }
        }
        let overHTTP = try caseEvents(["--postgres", url]), byCLI = try caseEvents(["--db", "cli.sqlite"])
        #expect(overHTTP.count == byCLI.count && overHTTP.count > 140)
        #expect(Set(overHTTP) == Set(byCLI))
    }

    @Test("issue 12 §5, 001 §8: the records office's purge over HTTP on serve --postgres — the 2018 case ended in January 2019 is due; a dry run names it and removes nothing; the purge certifies it and removes its payloads from the database; the chain verifies naming them; the read models are folded again without them and the 2024 quarterly view answers as before")
    func purgeOverHTTPOnPostgres() async throws {
        let workspace = try CLIWorkspace()
        let url = try await PostgresTestServer.newDatabase()
        for example in ["annual-2018", "quarterly-2024"] {
            let path = ExamplesCLITests.repository.appendingPathComponent("docs/examples/\(example).jsonl").path
            try #require(try workspace.run("acts", "--postgres", url, path).status == 0)
        }
        let (server, admin) = try await Self.serve(workspace, postgres: url)
        let rec = try await server.openAccount("rec", by: admin, role: "administrator", bodyId: nil, offices: ["records-officer"])
        let hr = try await server.openAccount("hr", by: admin, role: "administrator")
        let quarterly = "/views/quarterly-annual?body=m&year=2024"
        let before = try await server.send("GET", quarterly, as: hr)
        try #require(before.status == 200 && before.json["rows"]?.arrayValue?.count == 8, "\(before.text)")

        let p1 = "case/annual/b/2018/p1"
        let dry = try await server.send("POST", "/retention/purge", ["dryRun": true], as: rec)
        #expect(dry.status == 200 && dry.json["cases"]?.arrayValue?.compactMap { $0["case"]?.stringValue } == [p1] && dry.json["payloadsRemoved"]?.integerValue == 0, "\(dry.text)")
        let caseLog = ["log", "--postgres", url, "--stream", p1, "--json", "--operator", "op", "--reason", "checking the purge"]
        #expect(try workspace.run(caseLog).stdout.contains("Development plan"), "a dry run purges nothing")
        let purged = try await server.send("POST", "/retention/purge", ["certificateId": "purge-pg"], as: rec)
        let removed = purged.json["payloadsRemoved"]?.integerValue ?? 0
        #expect(purged.status == 200 && purged.json["certificate"]?["id"] == "purge-pg" && removed > 10, "\(purged.text)")
        #expect(!(try workspace.run(caseLog).stdout.contains("Development plan")), "the plan's source document is gone from the database")
        let verified = try await server.send("GET", "/verify", as: rec)
        #expect(verified.json["intact"] == true && verified.json["purgedPayloads"]?.integerValue == removed, "\(verified.text)")
        let after = try await server.send("GET", quarterly, as: hr)
        #expect(after.status == 200 && after.json["rows"] == before.json["rows"], "\(after.text)")
        #expect(try await server.send("GET", "/retention?all=true", as: rec).json["cases"]?.arrayValue?.contains { $0["case"] == .string(p1) && $0["state"] == "purged" } == true)
        #expect(server.stop() == 0)
        let readModels = try Data(contentsOf: URL(fileURLWithPath: workspace.path("views.read-models")))
        #expect(readModels.range(of: Data("Development plan".utf8)) == nil, "the read models were folded again without the purged payloads")
    }

    /// `serve --postgres` with no ledger file — the log, the accounts and the sessions are the database's —
    /// its administrator bootstrapped on the command line and signed in for the first time.
    static func serve(_ workspace: CLIWorkspace, postgres url: String) async throws -> (ServerUnderTest, ServerUnderTest.Session) {
        let boot = try workspace.run("accounts", "bootstrap", "--postgres", url, "--person", "admin", "--operator", "root")
        try #require(boot.status == 0, "\(boot.stderr)")
        func printed(_ label: String) -> String {
            boot.stdout.split(separator: "\n").first { $0.hasPrefix(label) }.map { String($0.dropFirst(label.count)) } ?? ""
        }
        let server = try ServerUnderTest(workspace, db: "absent.sqlite", options: ["--postgres", url, "--read-model-file", "views.read-models"])
        let admin = try await server.firstSignIn("admin", issued: ["temporaryPassword": .string(printed("one-time password: ")), "secondFactorKey": .string(printed("second-factor key: "))])
        return (server, admin)
    }
}
