import GRDB
import LedgerCore
import LedgerTestSupport
import SQLiteStore
import Testing

/// `verify` finds alterations made behind the ledger's back, with the triggers dropped (issue #2 §7).
/// Each case runs with the chain checked as one run and as three runs stitched together.
struct TamperTests {
    func tampered(runs: Int, _ sql: String) async throws -> VerificationReport {
        let ledger = try TemporaryLedger(keepsEventsForSchemaCheck: false)
        for index in 1...6 {
            _ = try await ledger.store.append(to: "body/b\(index % 2)", expecting: .any, [Drafts.body("b\(index)")])
        }
        #expect(try ledger.store.verifySync(runs: runs).isIntact)
        let raw = try DatabaseQueue(path: ledger.path)
        try await raw.write { db in
            try db.execute(sql: "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete")
            try db.execute(sql: sql)
        }
        return try ledger.store.verifySync(runs: runs)
    }

    @Test("a changed payload is caught at its seq as payload-altered", arguments: [1, 3])
    func changedPayload(runs: Int) async throws {
        let report = try await tampered(runs: runs, #"UPDATE events SET payload = replace(payload, '"b4"', '"b9"') WHERE seq = 4"#)
        #expect(report.firstFinding?.seq == 4)
        #expect(report.firstFinding?.kind == .payloadAltered)
        #expect(report.eventsChecked == 3)
    }

    @Test("a changed payload whose salted digest was recomputed is caught by the envelope hash", arguments: [1, 3])
    func changedPayloadAndDigest(runs: Int) async throws {
        let zeros = String(repeating: "0", count: 64)
        let digest = ChainHasher.payloadDigest(salt: zeros, canonicalPayload: Array("{}".utf8))!
        let report = try await tampered(runs: runs, "UPDATE events SET payload = '{}', payload_salt = '\(zeros)', payload_digest = '\(digest)' WHERE seq = 3")
        #expect(report.firstFinding?.seq == 3)
        #expect(report.firstFinding?.kind == .envelopeAltered)
    }

    @Test("a changed hash is caught: the envelope no longer hashes to it", arguments: [1, 3])
    func changedHash(runs: Int) async throws {
        let report = try await tampered(runs: runs, "UPDATE events SET hash = '\(String(repeating: "a", count: 64))' WHERE seq = 5")
        #expect(report.firstFinding?.seq == 5)
        #expect(report.firstFinding?.kind == .envelopeAltered)
    }

    @Test("a deleted row is caught as a missing seq", arguments: [1, 3])
    func deletedRow(runs: Int) async throws {
        let report = try await tampered(runs: runs, "DELETE FROM events WHERE seq = 3")
        #expect(report.firstFinding?.seq == 3)
        #expect(report.firstFinding?.kind == .missingEvent)
    }

    @Test("a swapped pair (two events exchange positions) is caught at the first of them", arguments: [1, 3])
    func swappedPair(runs: Int) async throws {
        let report = try await tampered(runs: runs, """
            UPDATE events SET seq = -1 WHERE seq = 2;
            UPDATE events SET seq = 2 WHERE seq = 4;
            UPDATE events SET seq = 4 WHERE seq = -1;
            """)
        #expect(report.firstFinding?.seq == 2)
        #expect(report.firstFinding?.kind == .envelopeAltered)
    }

    @Test("a row inserted past the head by raw SQL (a gap) is caught as a missing seq", arguments: [1, 3])
    func insertedPastHead(runs: Int) async throws {
        let report = try await tampered(runs: runs, "INSERT INTO events SELECT 9, stream, 99, 'x', type, schema_version, occurred_at, recorded_at, actor_person, actor_role, payload, payload_digest, hash, hash, payload_salt FROM events WHERE seq = 6")
        #expect(report.firstFinding?.seq == 7)
        #expect(report.firstFinding?.kind == .missingEvent)
    }

    @Test("a timestamp rewritten in another spelling of the same instant is caught: the chain hashes the stored text", arguments: [1, 3])
    func respelledTimestamp(runs: Int) async throws {
        let report = try await tampered(runs: runs, "UPDATE events SET recorded_at = substr(recorded_at, 1, 19) || 'Z' WHERE seq = 2")
        #expect(report.firstFinding?.seq == 2)
        #expect(report.firstFinding?.kind == .envelopeAltered)
    }

    @Test("a changed occurredAt (a back-dated act) is caught by the envelope hash", arguments: [1, 3])
    func backDated(runs: Int) async throws {
        let report = try await tampered(runs: runs, "UPDATE events SET occurred_at = '2017-01-03T03:00:00.000000Z' WHERE seq = 6")
        #expect(report.firstFinding?.seq == 6)
        #expect(report.firstFinding?.kind == .envelopeAltered)
    }
}
