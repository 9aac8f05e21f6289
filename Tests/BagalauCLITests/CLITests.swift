import Foundation
import LedgerCore
import SQLiteStore
import Testing

/// `bagalau` run as a shell user runs it: real binary, real files, exit codes and messages.
struct CLITests {
    @Test("init creates an empty ledger; a second init refuses (exit 73) and leaves it untouched")
    func initTwice() throws {
        let workspace = try CLIWorkspace()
        let first = try workspace.run("init", "--db", "l.sqlite")
        #expect(first.status == 0)
        #expect(first.stdout == "created an empty ledger at l.sqlite\n")
        let second = try workspace.run("init", "--db", "l.sqlite")
        #expect(second.status == 73)
        #expect(second.stderr == "bagalau: error: a ledger exists already at l.sqlite; it was left untouched\n")
    }

    @Test("a command on a missing ledger says how to create one (exit 66) instead of creating an empty file")
    func missingLedger() throws {
        let workspace = try CLIWorkspace()
        let result = try workspace.run("log", "--db", "none.sqlite")
        #expect(result.status == 66)
        #expect(result.stderr.contains("create one with `bagalau init --db none.sqlite`"))
        #expect(!FileManager.default.fileExists(atPath: workspace.path("none.sqlite")))
    }

    @Test("import appends a file's events; re-importing the same ids writes nothing; log --json shows the envelopes")
    func importAndLog() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        let lines = [ImportLines.body("a", expectedVersion: 0, eventID: UUID().uuidString.lowercased()),
                     ImportLines.appointment(body: "a", person: "p1"), ImportLines.appointment(body: "a", person: "p2")]
        try workspace.write("acts.jsonl", lines.joined(separator: "\n") + "\n")
        let imported = try workspace.run("import", "--db", "l.sqlite", "acts.jsonl")
        #expect(imported.status == 0)
        #expect(imported.stdout == "imported 3 events (seq 1–3); 0 were stored already\n")
        let again = try workspace.run("import", "--db", "l.sqlite", "acts.jsonl")
        #expect(again.status == 0)
        #expect(again.stdout == "imported 0 events: all 3 were stored already\n")

        let log = try workspace.run("log", "--db", "l.sqlite", "--json")
        let envelopes = try log.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(envelopes.map { $0["seq"] } == [1, 2, 3])
        #expect(envelopes[2]["payload"]?["personId"] == "p2")
        #expect(envelopes[1]["prevHash"] == envelopes[0]["hash"])
    }

    @Test("a malformed line is rejected with its line number, field and rule (exit 65), and nothing from the file is written")
    func malformedLine() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        let bad = ImportLines.appointment(body: "a", person: "p2").replacingOccurrences(of: #""category":"E-3","#, with: "")
        try workspace.write("acts.jsonl", [ImportLines.body("a"), ImportLines.appointment(body: "a", person: "p1"), bad].joined(separator: "\n"))
        let result = try workspace.run("import", "--db", "l.sqlite", "acts.jsonl")
        #expect(result.status == 65)
        #expect(result.stderr == "bagalau: error: acts.jsonl line 3: payload.category: is required (position category, e.g. E-2, E-3, E-4 (002 App. 4)); nothing was imported\n")
        #expect(try SQLiteEventStore(path: workspace.path("l.sqlite")).headSeqSync() == 0)
    }

    @Test("a stale expectedVersion on a later line refuses the whole file (exit 65); nothing is half-written")
    func conflictRollsBackFile() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        try workspace.write("one.jsonl", ImportLines.body("a"))
        try workspace.run("import", "--db", "l.sqlite", "one.jsonl")
        try workspace.write("two.jsonl", ImportLines.body("b") + "\n" + ImportLines.body("a", expectedVersion: 0))
        let result = try workspace.run("import", "--db", "l.sqlite", "two.jsonl")
        #expect(result.status == 65)
        #expect(result.stderr.contains("stream body/a was expected at version no stream, but it is at version 1; nothing was written"))
        #expect(try SQLiteEventStore(path: workspace.path("l.sqlite")).headSeqSync() == 1)
    }

    @Test("verify passes on an intact ledger and fails with exit 3 and the first broken seq after tampering")
    func verifyCatchesTampering() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        try workspace.write("acts.jsonl", (1...5).map { ImportLines.body("b\($0)") }.joined(separator: "\n"))
        try workspace.run("import", "--db", "l.sqlite", "acts.jsonl")
        let intact = try workspace.run("verify", "--db", "l.sqlite")
        #expect(intact.status == 0)
        #expect(intact.stdout.hasPrefix("chain intact: 5 events verified; head hash "))

        #expect(try workspace.tamper("l.sqlite", sql: "DROP TRIGGER events_no_update; UPDATE events SET actor_person = 'someone-else' WHERE seq = 4;") == 0)
        let broken = try workspace.run("verify", "--db", "l.sqlite")
        #expect(broken.status == 3)
        #expect(broken.stderr.hasPrefix("bagalau: error: chain broken at seq 4 (envelope-altered): the envelope hashes to "))
        #expect(broken.stderr.hasSuffix("; 0 events before it verified\n") || broken.stderr.contains("events before it verified"))
    }

    @Test("design §7: the store refuses to null a payload no purge certificate names; done anyway (trigger dropped), verify fails with exit 3 and its seq")
    func uncertifiedPurge() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        try workspace.write("acts.jsonl", (1...5).map { ImportLines.body("b\($0)") }.joined(separator: "\n"))
        try workspace.run("import", "--db", "l.sqlite", "acts.jsonl")
        #expect(try workspace.tamper("l.sqlite", sql: "UPDATE events SET payload = NULL, payload_salt = NULL WHERE seq = 4") != 0)  // the trigger refuses
        try #require(try workspace.tamper("l.sqlite", sql: "DROP TRIGGER events_purge_certified; UPDATE events SET payload = NULL, payload_salt = NULL WHERE seq = 4") == 0)
        let erased = try workspace.run("verify", "--db", "l.sqlite")
        #expect(erased.status == 3)
        #expect(erased.stderr == "bagalau: error: payload erased at seq 4 with no purge certificate naming it (1 such event): an act was removed outside a certified purge\n", "\(erased.stderr)")
    }

    @Test("stats --json reports counts by type and the head hash that verify prints")
    func stats() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        try workspace.write("acts.jsonl", [ImportLines.body("a"), ImportLines.appointment(body: "a", person: "p1")].joined(separator: "\n"))
        try workspace.run("import", "--db", "l.sqlite", "acts.jsonl")
        let stats = try JSONParser.parse(try workspace.run("stats", "--db", "l.sqlite", "--json").stdout)
        #expect(stats["events"] == 2)
        #expect(stats["streams"] == 1)
        #expect(stats["eventsByType"] == ["organisation.body-registered": 1, "organisation.servant-appointed": 1])
        let verify = try workspace.run("verify", "--db", "l.sqlite").stdout
        #expect(verify.contains("head hash \(stats["headHash"]!.stringValue!)\n"))
    }

    @Test("demo builds a ledger, shows its refusals and directory, records the example years and shows grades, a protocol, a case file, a replay and verify; it never overwrites a real ledger")
    func demo() throws {
        let workspace = try CLIWorkspace()
        let result = try workspace.run("demo", "--db", "demo.sqlite")
        #expect(result.status == 0)
        #expect(result.stdout.contains("recorded 6 appointments as seq 2–7"))
        #expect(result.stdout.contains("idempotent, returned the stored seq 2, wrote nothing"))
        #expect(result.stdout.contains("refused (wrong-expected-version): expectedVersion: stream body/kazygurt-maslikhat was expected at version 1, but it is at version 7"))
        #expect(result.stdout.contains("refused (invalid-event): payload.appointedOn: is required"))
        #expect(result.stdout.contains("p-005  Leading specialist (E-4), appointed 2017-11-20, probation until 2018-05-20"))
        #expect(result.stdout.contains("by 2018-01-16"))
        // The example years through the same commands: acts decided, grades, protocol, a case file, a replay, verify.
        #expect(result.stdout.contains("recorded 34 acts; 0 were recorded already") && result.stdout.contains("recorded 146 acts; 0 were recorded already"))
        #expect(result.stdout.contains("recorded 58 acts; 0 were recorded already") && result.stdout.contains("dep: fits; c2: needs-training"))
        #expect(result.stdout.contains("annual-2018-p1  b        2018  p1"))
        #expect(result.stdout.contains("Tie broken by chair"))
        #expect(result.stdout.contains("#24 annual.case-opened") && result.stdout.contains("happened 2018-01-03 10:00 +06"))
        #expect(result.stdout.contains("deadline: 001 §29: persons concerned notified no later than 7 working days before the evaluation by 2019-01-03; done 2019-01-04, 1 working day late"))
        #expect(result.stdout.contains("as of 2024-07-20") && result.stdout.contains("== verify: chain intact"))
        #expect(try workspace.run("verify", "--db", "demo.sqlite").stdout.hasPrefix("chain intact: "))
        #expect(try workspace.run("demo", "--db", "demo.sqlite").status == 0)

        try workspace.run("init", "--db", "real.sqlite")
        let refused = try workspace.run("demo", "--db", "real.sqlite")
        #expect(refused.status == 73)
    }

    @Test("schemas --check agrees with the committed schemas/ folder")
    func schemasMatchCode() throws {
        let workspace = try CLIWorkspace()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let result = try workspace.run("schemas", "--check", "--directory", root.appendingPathComponent("schemas").path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("all ") && result.stdout.hasSuffix(" act schemas and the OpenAPI document match the code\n"))
    }

    @Test("rules --check agrees with docs/rules.md; rules --version lists one version's clauses")
    func rulesMatchCode() throws {
        let workspace = try CLIWorkspace()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let checked = try workspace.run("rules", "--check", root.appendingPathComponent("docs/rules.md").path)
        #expect(checked.status == 0, "\(checked.stderr)")
        let kazygurt = try workspace.run("rules", "--version", "kazygurt-2018")
        #expect(kazygurt.stdout.contains("commission.quorum\tkazygurt-2018: 002 §29\t") && !kazygurt.stdout.contains("quarterly."))
        #expect(try workspace.run("rules").stdout.contains("quarterly.calibration-vote\ttimiryazev-2023: 004 §42\t"))
        #expect(try workspace.run("rules", "--version", "2018").status == 65)
    }
}
