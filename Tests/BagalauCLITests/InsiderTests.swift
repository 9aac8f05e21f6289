import Foundation
import LedgerCore
import Testing

/// Issue 11: the ledger's evidence tried as an insider holding the SQLite file would — each of these
/// passed unnoticed before salted commitments, the Merkle tree, signed tree heads and receipts.
struct InsiderTests {
    /// The example ledger (`bagalau demo`) with a signing key and a signed tree head kept as a receipt.
    static func signedLedger() throws -> (CLIWorkspace, publicKey: String) {
        let workspace = try CLIWorkspace()
        try #require(try workspace.run("demo", "--db", "l.sqlite").status == 0)
        let key = try workspace.run("keygen", "--out", "ledger.key")
        let publicKey = String(key.stdout.split(separator: " ")[2])
        let signed = try workspace.run("checkpoint", "--db", "l.sqlite", "--key", "ledger.key", "--receipt", "receipt.json")
        try #require(signed.status == 0, "\(signed.stderr)")
        #expect(signed.stdout.contains("signed tree head at seq") && signed.stdout.contains("receipt written to receipt.json"))
        return (workspace, publicKey)
    }

    /// A copy of the ledger for one tampering (the original stays for the next).
    static func copy(_ workspace: CLIWorkspace, to name: String) throws {
        try FileManager.default.copyItem(atPath: workspace.path("l.sqlite"), toPath: workspace.path(name))
    }

    /// The insider's cut: every event from `seq` on deleted, with the tree's nodes over them (triggers dropped first).
    static func cut(_ workspace: CLIWorkspace, _ ledger: String, from seq: Int) throws {
        #expect(try workspace.tamper(ledger, sql: """
            DROP TRIGGER events_no_delete; DROP TRIGGER merkle_nodes_no_delete;
            DELETE FROM events WHERE seq >= \(seq); DELETE FROM merkle_nodes WHERE ((idx + 1) << level) > \(seq - 1);
            """) == 0)
    }

    @Test("the intact ledger verifies with its key pinned and proves it extends the receipt by a consistency proof")
    func intact() throws {
        let (workspace, publicKey) = try Self.signedLedger()
        let verify = try workspace.run("verify", "--db", "l.sqlite", "--public-key", publicKey, "--receipt", "receipt.json")
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("Merkle tree: every stored node rebuilt and matched"))
        #expect(verify.stdout.contains("signed tree heads: 1 valid"))
        #expect(verify.stdout.contains("receipt: the ledger (") && verify.stdout.contains("consistency proof of"))
        // A receipt altered by one byte is not a receipt the key signed.
        let receipt = try String(contentsOfFile: workspace.path("receipt.json"), encoding: .utf8)
        try workspace.write("forged.json", receipt.replacingOccurrences(of: "\"headSeq\":", with: "\"headSeq\":1"))
        let forged = try workspace.run("verify", "--db", "l.sqlite", "--receipt", "forged.json")
        #expect(forged.status == 3 && forged.stderr.contains("the receipt's signature is not valid"), "\(forged.stderr)")
    }

    @Test("issue 11: the tail deleted with the last checkpoint and the tree's nodes — verify --public-key K fails (nothing signed by K), the receipt shows the loss")
    func droppedTail() throws {
        let (workspace, publicKey) = try Self.signedLedger()
        try Self.copy(workspace, to: "cut.sqlite")
        try Self.cut(workspace, "cut.sqlite", from: 150)
        let pinned = try workspace.run("verify", "--db", "cut.sqlite", "--public-key", publicKey)
        #expect(pinned.status == 3)
        #expect(pinned.stderr.contains("no checkpoint signed by the trusted key"), "\(pinned.stderr)")
        let receipt = try workspace.run("verify", "--db", "cut.sqlite", "--receipt", "receipt.json")
        #expect(receipt.status == 3)
        #expect(receipt.stderr.contains("but the ledger holds 149: events were removed from its end"), "\(receipt.stderr)")
    }

    @Test("issue 11: a history rewritten before the receipt's head — even re-chained and re-treed — fails the consistency proof")
    func rewrittenHistory() throws {
        let (workspace, _) = try Self.signedLedger()
        try Self.copy(workspace, to: "rewritten.sqlite")
        // The insider drops every event from seq 100 on, tree nodes included, then records new acts on top:
        // the chain and the tree are whole again, and the ledger longer than it was (the demo holds 254 events).
        try Self.cut(workspace, "rewritten.sqlite", from: 100)
        try workspace.write("filler.jsonl", (1...200).map { ImportLines.body("filler\($0)") }.joined(separator: "\n"))
        try #require(try workspace.run("import", "--db", "rewritten.sqlite", "filler.jsonl").status == 0)
        #expect(try workspace.run("verify", "--db", "rewritten.sqlite").status == 0)  // the chain alone cannot tell
        let receipt = try workspace.run("verify", "--db", "rewritten.sqlite", "--receipt", "receipt.json")
        #expect(receipt.status == 3)
        #expect(receipt.stderr.contains("the ledger does not extend the receipt's tree head"), "\(receipt.stderr)")
    }

    @Test("issue 11: a stored node of the Merkle tree altered is found by verify, which rebuilds every node from the events")
    func alteredTree() throws {
        let (workspace, _) = try Self.signedLedger()
        #expect(try workspace.tamper("l.sqlite", sql: "UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 3 AND idx = 2") != 0)  // append-only
        #expect(try workspace.tamper("l.sqlite", sql: "DROP TRIGGER merkle_nodes_no_update; UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 3 AND idx = 2") == 0)
        let verify = try workspace.run("verify", "--db", "l.sqlite")
        #expect(verify.status == 3)
        #expect(verify.stderr.contains("chain broken at seq 17 (tree-altered): the Merkle tree's level 3 node 2 (over seq 17–24) does not hash its children"), "\(verify.stderr)")
    }

    @Test("issue 11: a case bundle is proved by inclusion proofs — small whatever the ledger — and an exporter who nulls a payload is caught")
    func bundleHidesNothing() throws {
        let (workspace, publicKey) = try Self.signedLedger()
        let reader = ["--operator", "op", "--reason", "appeal", "--reader", "p1", "--role", "servant"]
        let exported = try workspace.run(["export", "--db", "l.sqlite", "--case", "case/annual/b/2018/p1", "--out", "p1.bundle"] + reader)
        #expect(exported.status == 0, "\(exported.stderr)")
        let verified = try workspace.run("verify-bundle", "p1.bundle", "--public-key", publicKey)
        #expect(verified.status == 0 && verified.stdout.contains("bundle verified: 10 selected events (0 purged)"), "\(verified.stdout)\(verified.stderr)")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: workspace.path("p1.bundle"))))
        guard case .object(var bundle) = try JSONParser.parse(String(decoding: bytes, as: UTF8.self)),
            let index = bundle.firstIndex(where: { $0.0 == "events" }), case .array(var events) = bundle[index].1, case .object(var event) = events[3]
        else { Issue.record("not a bundle"); return }
        // Each event carries its proof: log2 of the ledger's size, not the chain since the case opened.
        #expect(events.allSatisfy { if case .array(let proof)? = $0["proof"] { return proof.count <= 8 } else { return false } })
        event = event.map { $0.0 == "payload" || $0.0 == "payloadSalt" ? ($0.0, .null) : $0 }
        events[3] = .object(event)
        bundle[index].1 = .array(events)
        try Data(CanonicalJSON.bytes(.object(bundle)) + [0x0A]).write(to: URL(fileURLWithPath: workspace.path("hidden.bundle")))
        let hidden = try workspace.run("verify-bundle", "hidden.bundle")
        #expect(hidden.status == 3)
        #expect(hidden.stderr.contains("the payload is absent and no purge certificate in the bundle names it: an act was hidden"), "\(hidden.stderr)")
    }

    @Test("design §7: a file of the format before salts and the tree is refused with what to do, never migrated half-way")
    func olderFormat() throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        try workspace.write("acts.jsonl", ImportLines.body("b"))
        try workspace.run("import", "--db", "l.sqlite", "acts.jsonl")
        // Make it look as a format-1 file does: no salts, no tree, the last migration not yet run.
        #expect(try workspace.tamper("l.sqlite", sql: """
            DROP TABLE merkle_nodes; DROP TRIGGER events_purge_certified; DROP TRIGGER events_no_update;
            ALTER TABLE events DROP COLUMN payload_salt;
            DELETE FROM grdb_migrations WHERE identifier = 'v4-salted-commitments-and-merkle-tree'; DELETE FROM ledger_meta WHERE key = 'format';
            """) == 0)
        for command in [["verify", "--db", "l.sqlite"], ["acts", "--db", "l.sqlite", "acts.jsonl"]] {
            let refused = try workspace.run(command)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("a ledger of an older format (before salted payload commitments and the Merkle tree)"), "\(refused.stderr)")
        }
    }

    @Test("issue 11: \"Read-model tables (rm_*) edited: grades shows the forged grade, verify exits 0\" — now grades refuses (exit 3), verify --read-models names the table, rebuild restores the log's grade")
    func editedReadModel() throws {
        let workspace = try CLIWorkspace()
        try workspace.recordActs(ActsCLITests.cycle())
        let grades = ["grades", "--operator", "op", "--reason", "checking the view", "--db", "l.sqlite", "--body", "b", "--year", "2018", "--json"]
        let honest = try workspace.run(grades)
        #expect(honest.status == 0 && honest.stdout.contains(#""final_grade":"effective""#), "\(honest.stderr)")
        #expect(try workspace.run("verify", "--db", "l.sqlite", "--read-models").stdout.contains("read models: "))

        #expect(try workspace.tamper("l.sqlite.read-models", sql: "UPDATE rm_annual_grades SET final_grade = 'excellent' WHERE person_id = 'p1'") == 0)
        let forged = try workspace.run(grades)
        #expect(forged.status == 3 && forged.stdout.isEmpty)
        #expect(forged.stderr.contains("rm_annual_grades: its rows (1) no longer match the digest its projection wrote with them"), "\(forged.stderr)")
        let verify = try workspace.run("verify", "--db", "l.sqlite", "--read-models")
        #expect(verify.status == 3)
        #expect(verify.stderr.contains("read models altered:\n  rm_annual_grades: its rows (1) no longer match"), "\(verify.stderr)")
        // The chain itself is intact: plain verify says so, and the read models are only derived.
        #expect(try workspace.run("verify", "--db", "l.sqlite").status == 0)

        let rebuild = try workspace.run("rebuild", "--db", "l.sqlite")
        #expect(rebuild.status == 0 && rebuild.stdout.contains("annual-grades"), "\(rebuild.stdout)\(rebuild.stderr)")
        #expect(try workspace.run(grades).stdout.contains(#""final_grade":"effective""#))
        let verified = try workspace.run("verify", "--db", "l.sqlite", "--read-models")
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }
}
