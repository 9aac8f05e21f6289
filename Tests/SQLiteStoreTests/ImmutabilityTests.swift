import GRDB
import LedgerCore
import LedgerTestSupport
import SQLiteStore
import Testing

/// The database itself refuses to change the log (issue #2 §4): only a retention purge may clear a payload.
struct ImmutabilityTests {
    func seeded() async throws -> TemporaryLedger {
        let ledger = try TemporaryLedger(keepsEventsForSchemaCheck: false)
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.body("a"), Drafts.appointment(body: "a", person: "p1")])
        return ledger
    }

    @Test("raw SQL UPDATE and DELETE on events are refused by triggers", arguments: [
        "UPDATE events SET type = 'x' WHERE seq = 1",
        "UPDATE events SET payload = '{}' WHERE seq = 1",
        "UPDATE events SET payload = NULL, hash = 'x' WHERE seq = 1",
        "DELETE FROM events WHERE seq = 2",
        "DELETE FROM events",
    ])
    func refused(sql: String) async throws {
        let ledger = try await seeded()
        let raw = try DatabaseQueue(path: ledger.path)
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: sql) } }
        #expect(try await ledger.store.verify().isIntact)
    }

    @Test("the retention purge — payload and salt set to NULL, nothing else, for an event a recorded purge certificate names — is the one change allowed, and verify still passes")
    func purgeAllowed() async throws {
        let ledger = try await seeded()
        let raw = try DatabaseQueue(path: ledger.path)
        // design.md §7: "a payload may be absent only where a purge certificate recorded in the ledger names its event".
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "UPDATE events SET payload = NULL, payload_salt = NULL WHERE seq = 2") } }
        let certificate = EventDraft(
            type: PurgeCertificate.type, schemaVersion: 1, occurredAt: Timestamp(rfc3339: "2026-12-03T09:00:00Z")!,
            actor: Actor(person: "rec-1", role: "records-officer"), payload: ["cases": [["caseStream": "body/a", "events": [["seq": 2]]]]])
        _ = try await ledger.store.append(to: PurgeCertificate.stream, expecting: .noStream, [certificate])
        // The salt stays with the payload or goes with it: keeping it, or touching another event, is refused.
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "UPDATE events SET payload = NULL WHERE seq = 2") } }
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "UPDATE events SET payload = NULL, payload_salt = NULL WHERE seq = 1") } }
        try await raw.write { try $0.execute(sql: "UPDATE events SET payload = NULL, payload_salt = NULL WHERE seq = 2") }
        let report = try await ledger.store.verify()
        #expect(report.isIntact)
        #expect(report.purgedPayloads == 1)
    }

    @Test("the Merkle tree's stored nodes are append-only too")
    func treeImmutable() async throws {
        let ledger = try await seeded()
        let raw = try DatabaseQueue(path: ledger.path)
        #expect(try await raw.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM merkle_nodes") } == 1)
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "UPDATE merkle_nodes SET hash = zeroblob(32)") } }
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "DELETE FROM merkle_nodes") } }
        #expect(try await ledger.store.verify().isIntact)
    }
}
