import Foundation
import GRDB
import LedgerCore
import LedgerTestSupport
import Logging
import PostgresNIO
import PostgresStore
import SQLiteStore
import Testing

/// The two stores of design.md §3. Every conformance test runs once for each.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// A fresh, empty ledger of one kind — a SQLite file in a temporary folder, or a new database on the
/// PostgreSQL server that `$BAGALAU_TEST_POSTGRES` names (`tools/test` starts a throwaway one) — with a
/// manual clock, and raw SQL on it as an insider holding the database would run it.
final class StoreUnderTest: Sendable {
    let kind: StoreKind
    let store: any EventStore
    let clock: ManualClock
    private let sqlite: TemporaryLedger?
    private let postgresURL: String?

    static func make(_ kind: StoreKind, start: String = "2026-01-05T09:00:00Z") async throws -> StoreUnderTest {
        let clock = ManualClock(Timestamp(rfc3339: start)!)
        switch kind {
        case .sqlite:
            let ledger = try TemporaryLedger(start: start, keepsEventsForSchemaCheck: false)
            return StoreUnderTest(kind: kind, store: ledger.store, clock: ledger.clock, sqlite: ledger, postgresURL: nil)
        case .postgres:
            let url = try await PostgresTestServer.newDatabase()
            let store = try await PostgresEventStore(url: url, clock: clock)
            return StoreUnderTest(kind: kind, store: store, clock: clock, sqlite: nil, postgresURL: url)
        }
    }

    private init(kind: StoreKind, store: any EventStore, clock: ManualClock, sqlite: TemporaryLedger?, postgresURL: String?) {
        self.kind = kind
        self.store = store
        self.clock = clock
        self.sqlite = sqlite
        self.postgresURL = postgresURL
    }

    deinit { (store as? PostgresEventStore)?.close() }

    /// Runs `sql` on the database directly, bypassing the store; throws what the database refuses.
    func execute(_ sql: String) async throws {
        if let sqlite {
            try await DatabaseQueue(path: sqlite.path).write { try $0.execute(sql: sql) }
        } else if let postgresURL {
            try await PostgresTestServer.execute(sql, on: postgresURL)
        }
    }

    /// The one integer `sql` answers, read on the database directly.
    func integer(_ sql: String) async throws -> Int64 {
        if let sqlite { return try await DatabaseQueue(path: sqlite.path).read { try Int64.fetchOne($0, sql: sql) ?? 0 } }
        return try await PostgresTestServer.integer(sql, on: postgresURL!)
    }

    /// The store's sign-in secrets, in its own tables.
    var credentials: any CredentialStore {
        if let file = store as? SQLiteEventStore { return SQLiteCredentialStore(file) }
        return PostgresCredentialStore(store as! PostgresEventStore)
    }

    /// What an insider does first: switch off the database's guards (the append-only triggers).
    func dropGuards() async throws {
        switch kind {
        case .sqlite:
            for trigger in ["events_no_update", "events_no_delete", "events_purge_certified", "merkle_nodes_no_update", "merkle_nodes_no_delete"] {
                try await execute("DROP TRIGGER \(trigger)")
            }
        case .postgres:
            try await execute("ALTER TABLE events DISABLE TRIGGER USER")
            try await execute("ALTER TABLE merkle_nodes DISABLE TRIGGER USER")
        }
    }

    /// An SQL expression for 32 zero bytes.
    var zeroHash: String { kind == .sqlite ? "zeroblob(32)" : "decode(repeat('00', 32), 'hex')" }
}

/// Builders shared by the conformance tests.
enum Fixture {
    static let records = Actor(person: "rec-1", role: "records-officer")

    /// A purge certificate naming `seqs` (what the records office records before a purge, design.md §7).
    static func certificate(naming seqs: [Int64]) -> EventDraft {
        EventDraft(
            type: PurgeCertificate.type, schemaVersion: 1, occurredAt: Timestamp(rfc3339: "2026-12-03T09:00:00Z")!, actor: records,
            payload: ["cases": [["caseStream": "body/a", "events": .array(seqs.map { ["seq": .integer($0)] })]]])
    }
}
