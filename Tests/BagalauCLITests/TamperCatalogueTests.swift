import Foundation
import LedgerCore
import Testing

/// docs/tamper.md's catalogue, row by row through `bagalau verify`: each kind of tampering an insider
/// holding the file can do with SQL, done to a fresh ledger of six acts and a signed tree head, exits 3
/// with what was found. The kinds that need more than one file (receipts, bundles, read models, purges)
/// have their own tests, which the catalogue names.
struct TamperCatalogueTests {
    struct Kind: CustomTestStringConvertible, Sendable {
        let name: String
        let sql: String
        /// What `verify` says on stderr (a part of it).
        let found: String
        /// Run with the signing key pinned (otherwise plain `verify`).
        var pinned = false
        var testDescription: String { name }
    }

    static let zeros = String(repeating: "0", count: 64)

    static let kinds: [Kind] = [
        Kind(name: "edited payload", sql: #"UPDATE events SET payload = replace(payload, '"b4"', '"b9"') WHERE seq = 4"#,
             found: "chain broken at seq 4 (payload-altered)"),
        Kind(name: "edited payload with its digest recomputed",
             sql: "UPDATE events SET payload = '{}', payload_salt = '\(zeros)', payload_digest = '\(ChainHasher.payloadDigest(salt: zeros, canonicalPayload: Array("{}".utf8))!)' WHERE seq = 3",
             found: "chain broken at seq 3 (envelope-altered)"),
        Kind(name: "edited hash", sql: "UPDATE events SET hash = '\(String(repeating: "a", count: 64))' WHERE seq = 5",
             found: "chain broken at seq 5 (envelope-altered)"),
        Kind(name: "deleted row", sql: "DELETE FROM events WHERE seq = 3", found: "chain broken at seq 3 (missing-event)"),
        Kind(name: "swapped rows", sql: "UPDATE events SET seq = -1 WHERE seq = 2; UPDATE events SET seq = 2 WHERE seq = 4; UPDATE events SET seq = 4 WHERE seq = -1",
             found: "chain broken at seq 2 (envelope-altered)"),
        Kind(name: "back-dated time", sql: "UPDATE events SET occurred_at = '2017-01-03T03:00:00.000000Z' WHERE seq = 6",
             found: "chain broken at seq 6 (envelope-altered)"),
        Kind(name: "re-spelled timestamp", sql: "UPDATE events SET recorded_at = substr(recorded_at, 1, 19) || 'Z' WHERE seq = 2",
             found: "chain broken at seq 2 (envelope-altered)"),
        Kind(name: "inserted row",
             sql: "INSERT INTO events SELECT 9, stream, 99, 'x', type, schema_version, occurred_at, recorded_at, actor_person, actor_role, payload, payload_digest, hash, hash, payload_salt FROM events WHERE seq = 6",
             found: "chain broken at seq 8 (missing-event)"),
        Kind(name: "payload erased without a certificate", sql: "UPDATE events SET payload = NULL, payload_salt = NULL WHERE seq = 4",
             found: "payload erased at seq 4 with no purge certificate naming it"),
        Kind(name: "tree node altered", sql: "UPDATE merkle_nodes SET hash = zeroblob(32) WHERE level = 1 AND idx = 1",
             found: "chain broken at seq 3 (tree-altered)"),
        Kind(name: "tail deleted with its checkpoint", sql: "DELETE FROM events WHERE seq >= 7; DELETE FROM merkle_nodes WHERE ((idx + 1) << level) > 6",
             found: "no checkpoint signed by the trusted key", pinned: true),
        Kind(name: "forged signature", sql: #"UPDATE events SET payload = replace(payload, '"signature":"', '"signature":"00') WHERE seq = 7"#,
             found: "chain broken at seq 7 (payload-altered)", pinned: true),
    ]

    @Test("docs/tamper.md: every kind an insider can do with SQL exits 3 with what was found", arguments: kinds)
    func tampered(kind: Kind) throws {
        let workspace = try CLIWorkspace()
        try workspace.run("init", "--db", "l.sqlite")
        try workspace.write("acts.jsonl", (1...6).map { ImportLines.body("b\($0)") }.joined(separator: "\n"))
        try #require(try workspace.run("import", "--db", "l.sqlite", "acts.jsonl").status == 0)
        let publicKey = String(try workspace.run("keygen", "--out", "k.key").stdout.split(separator: " ")[2])
        try #require(try workspace.run("checkpoint", "--db", "l.sqlite", "--key", "k.key").status == 0)
        let verify = ["verify", "--db", "l.sqlite"] + (kind.pinned ? ["--public-key", publicKey] : [])
        #expect(try workspace.run(verify).status == 0)

        let dropTriggers = "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; DROP TRIGGER events_purge_certified; DROP TRIGGER merkle_nodes_no_update; DROP TRIGGER merkle_nodes_no_delete;"
        #expect(try workspace.tamper("l.sqlite", sql: dropTriggers + kind.sql) == 0)
        let found = try workspace.run(verify)
        #expect(found.status == 3, "\(kind.name): \(found.stdout)")
        #expect(found.stderr.contains(kind.found), "\(kind.name): \(found.stderr)")
    }

    @Test("docs/tamper.md names every kind this suite tries, with its exit code")
    func catalogueListsEveryKind() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let catalogue = try String(contentsOfFile: root.appendingPathComponent("docs/tamper.md").path, encoding: .utf8)
        for kind in Self.kinds {
            #expect(catalogue.contains("| \(kind.name) |"), "docs/tamper.md has no row for \(kind.name)")
        }
    }
}
