import Foundation
import GRDB
import LedgerCore

/// The read models of one log, in an SQLite file of their own (issue 12 §2): the log — an SQLite ledger
/// file or a PostgreSQL database — is only read, so a read command never writes the ledger, a ledger on
/// read-only media or a hot standby can be read, and the projections' catch-up never holds the ledger's
/// write lock. Read models are disposable (design.md §4): the file can be deleted at any time and is
/// folded again from the log.
///
/// Each projection's checkpoint keeps the hash of the last event it folded: a file built from another
/// log, or from a history that no longer holds that event, is noticed on the next catch-up and rebuilt.
public final class ReadModelStore: Sendable {
    public let path: String
    /// The log the read models are folded from.
    public let log: any EventStore
    let pool: DatabasePool

    /// Where the read models of the ledger file at `ledgerPath` live by default: beside it.
    public static func defaultPath(forLedger ledgerPath: String) -> String { ledgerPath + ".read-models" }

    /// Opens (creating or migrating) the read-model file at `path` for the read models of `log`.
    public init(path: String, log: any EventStore) throws {
        self.path = path
        self.log = log
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Derived data: a crash may lose the last pages folded, never the log, and the checkpoint is
            // written with them, so NORMAL is enough — the next catch-up folds them again.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw LedgerError(.storage, field: "read-models", "cannot open the read models at \(path): \(SQLiteEventStore.describe(error))")
        }
    }

    /// The read models of the ledger file `store`, in the file beside it.
    public convenience init(beside store: SQLiteEventStore) throws {
        try self.init(path: Self.defaultPath(forLedger: store.path), log: store)
    }

    /// Each projection's name and the last seq it has folded, by name, in the read-model file at `path`,
    /// opened for reading only (it may be on read-only media beside an archived ledger).
    public static func checkpoints(at path: String) throws -> [(name: String, seq: Int64)] {
        do {
            let queue = try DatabaseQueue(path: SQLiteEventStore.readOnlyLocation(path), configuration: { var c = Configuration(); c.readonly = true; return c }())
            return try queue.read { db in
                guard try db.tableExists("projection_checkpoints") else { return [] }
                return try Row.fetchAll(db, sql: "SELECT name, seq FROM projection_checkpoints ORDER BY name").map { ($0["name"], $0["seq"]) }
            }
        } catch let error as DatabaseError {
            throw LedgerError(.storage, field: "read-models", "cannot read the read models at \(path): \(SQLiteEventStore.describe(error))")
        }
    }

    /// After a purge: rewrites the file so that nothing of the purged payloads' rows remains in its free
    /// pages or its write-ahead log (as ``SQLiteEventStore/compactAfterPurge()`` does for the ledger).
    public func compact() throws {
        try storageErrors {
            try pool.writeWithoutTransaction { db in
                guard try SQLiteEventStore.rewriteWithoutFreePages(db) else {
                    throw LedgerError(
                        .storage, field: "read-models",
                        "the read models were rebuilt without the purged payloads, but another process holds a read snapshot of \(path), so their old pages are still in its write-ahead log; run `bagalau retention purge` again once that reader has closed")
                }
            }
        }
    }

    func storageErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw LedgerError(.storage, field: "read-models", "the read models at \(path): \(SQLiteEventStore.describe(error))")
        }
    }

    /// The read-model file's own tables; each projection's tables are created by its runner.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-read-models") { db in
            try db.execute(sql: """
                -- The last event each projection has folded: its position and hash (which log, which history).
                CREATE TABLE projection_checkpoints (
                    name    TEXT PRIMARY KEY NOT NULL,
                    version INTEGER NOT NULL,
                    seq     INTEGER NOT NULL,
                    hash    TEXT
                ) STRICT;

                -- Issue 11 §5: the digest (ReadModelDigest) of each partition of each read-model table (its
                -- rows with one value of the table's partition column, `part` typed: n, i<number>, t<text>),
                -- written with its rows; a read refuses rows that no longer match. A table's digest is the
                -- sum of its partitions'; a partition with no row has none.
                CREATE TABLE read_model_digests (
                    projection TEXT NOT NULL,
                    table_name TEXT NOT NULL,
                    part       TEXT NOT NULL,
                    digest     BLOB NOT NULL CHECK (length(digest) = 32),
                    rows       INTEGER NOT NULL,
                    PRIMARY KEY (projection, table_name, part)
                ) STRICT, WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-digests-pending") { db in
            // A cold build writes rows only and computes the digests from the finished tables at its end
            // (ProjectionRunner.Build): 1 while they are pending, so a build interrupted is resumed and sealed.
            try db.execute(sql: "ALTER TABLE projection_checkpoints ADD COLUMN digests_pending INTEGER NOT NULL DEFAULT 0")
        }
        return migrator
    }
}

extension ReadModelStore {
    /// Events from `seq` on, at most `limit`, read synchronously on the calling thread — a page reader's
    /// own thread. The SQLite ledger is read directly; any other store through its async interface, the
    /// calling thread waiting (``BlockingCall``).
    func events(fromSeq seq: Int64, limit: Int) throws -> [RecordedEvent] {
        if let file = log as? SQLiteEventStore { return try file.readAllSync(fromSeq: seq, limit: limit) }
        return try BlockingCall.run { [log] in try await log.readAll(fromSeq: seq, limit: limit) }
    }

    /// The log from `start` on, through `end` when given, a page at a time: each call returns the next
    /// page, nil past the end — a ``PagePipeline``'s producer. With `hash`, the read models stand at the
    /// event before `start`: the first read begins there, and that event must still have `hash`, or the
    /// first call throws ``HistoryChanged`` (another log, or a history that no longer holds it).
    func pages(from start: Int64, through end: Int64? = nil, expecting hash: String? = nil, pageSize: Int) -> @Sendable () throws -> [RecordedEvent]? {
        let cursor = PageCursor(hash == nil ? start : start - 1)
        return { [self] in
            guard !cursor.done else { return nil }
            let limit = end.map { Int(min(Int64(pageSize), $0 - cursor.next + 1)) } ?? pageSize
            guard limit > 0 else { return nil }
            var events = try self.events(fromSeq: cursor.next, limit: limit)
            cursor.next = (events.last?.seq ?? cursor.next - 1) + 1
            cursor.done = events.count < limit
            if let hash, !cursor.checked {
                guard let first = events.first, first.seq == start - 1, first.hash == hash else { throw HistoryChanged() }
                cursor.checked = true
                events.removeFirst()
            }
            return events
        }
    }

    /// The event read models stand at is no longer what they folded last.
    struct HistoryChanged: Error {}
}

/// A page reader's position; touched only by the pipeline's producer thread.
private final class PageCursor: @unchecked Sendable {
    // @unchecked: used from one thread at a time (the producer), handed over once at start.
    var next: Int64
    var done = false
    /// Whether the checkpoint's event was found with its hash (when one was expected).
    var checked = false
    init(_ start: Int64) { next = start }
}
