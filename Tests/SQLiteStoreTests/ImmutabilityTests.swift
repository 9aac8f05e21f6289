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

    @Test("the retention purge — payload set to NULL and nothing else — is the one change allowed, and verify still passes")
    func purgeAllowed() async throws {
        let ledger = try await seeded()
        let raw = try DatabaseQueue(path: ledger.path)
        try await raw.write { try $0.execute(sql: "UPDATE events SET payload = NULL WHERE seq = 2") }
        let report = try await ledger.store.verify()
        #expect(report.isIntact)
        #expect(report.purgedPayloads == 1)
    }
}
