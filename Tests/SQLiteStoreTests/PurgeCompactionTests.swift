import Foundation
import GRDB
import LedgerCore
import LedgerTestSupport
import SQLiteStore
import Testing

/// Issue 11 §4: a purge is never "done" while the removed data is still in the file. Another process
/// holding a read snapshot keeps the old pages in the WAL; the compaction says so and stays pending.
struct PurgeCompactionTests {
    /// A ledger with seq 2 purged under a recorded certificate.
    func purged() async throws -> TemporaryLedger {
        let ledger = try TemporaryLedger(keepsEventsForSchemaCheck: false)
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.body("a"), Drafts.appointment(body: "a", person: "p1")])
        let certificate = EventDraft(
            type: PurgeCertificate.type, schemaVersion: 1, occurredAt: Timestamp(rfc3339: "2026-12-03T09:00:00Z")!,
            actor: Actor(person: "rec-1", role: "records-officer"), payload: ["cases": [["caseStream": "body/a", "events": [["seq": 2]]]]])
        _ = try await ledger.store.append(to: PurgeCertificate.stream, expecting: .noStream, [certificate])
        #expect(try await ledger.store.purgePayloads([2]) == 1)
        return ledger
    }

    /// Starts `python3` holding a read transaction on the ledger until its standard input closes.
    func reader(on path: String) throws -> (Process, Pipe) {
        let process = Process(), input = Pipe(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN'); c.execute('SELECT count(*) FROM events').fetchall()
            print('reading', flush=True); sys.stdin.read()
            """, path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let line = output.fileHandleForReading.availableData
        #expect(String(decoding: line, as: UTF8.self).hasPrefix("reading"))
        return (process, input)
    }

    @Test("with another process reading, the compaction fails saying so and stays pending; once it closes, the next run completes it and the payload is gone from the file")
    func compactionWaitsForReader() async throws {
        let ledger = try await purged()
        let (process, input) = try reader(on: ledger.path)
        #expect(throws: LedgerError.self) { try ledger.store.compactAfterPurge() }
        #expect(try ledger.store.compactionPending)
        do {
            try ledger.store.compactAfterPurge()
            Issue.record("compaction reported done while a reader held the old pages")
        } catch let error as LedgerError {
            #expect(error.message.contains("another process holds a read snapshot") && error.message.contains("run `bagalau retention purge` again"))
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try ledger.store.compactAfterPurge()
        #expect(try !ledger.store.compactionPending)
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: ledger.path + "-wal"))) ?? Data()
        #expect(wal.isEmpty)
        let file = try Data(contentsOf: URL(fileURLWithPath: ledger.path))
        #expect(file.range(of: Data("Асқар Сейітов".utf8)) == nil)  // the purged appointment's name
        #expect(try await ledger.store.verify().isIntact)
    }
}
