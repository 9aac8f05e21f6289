import GRDB
import LedgerCore

/// Folds the log into one projection's read-model tables in the ledger file, with a checkpoint
/// (issue #2 §6). Changed rows are written together with the checkpoint in one transaction, so a
/// crash leaves the read model at its last checkpoint, from which the next run continues.
public struct ProjectionRunner: Sendable {
    public let store: SQLiteEventStore
    public let projection: any Projection
    public let pageSize: Int

    public init(store: SQLiteEventStore, projection: any Projection, pageSize: Int = 8192) {
        self.store = store
        self.projection = projection
        self.pageSize = pageSize
    }

    /// The last `seq` folded (0 for none), or nil if the read model was never built.
    public func checkpoint() throws -> Int64? {
        try store.storageErrors {
            try store.pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT seq FROM projection_checkpoints WHERE name = ? AND version = ?",
                                   arguments: [projection.name, projection.version])
            }
        }
    }

    /// Folds every event after the checkpoint. Rebuilds first when the projection's version changed.
    /// Returns the number of events folded.
    @discardableResult
    public func catchUp() throws -> Int {
        let (start, empty) = try prepare()
        return try fold(from: start, startsEmpty: empty)
    }

    /// Drops the read model and folds the whole log again.
    @discardableResult
    public func rebuild() throws -> Int {
        try store.storageErrors {
            try store.pool.write { db in
                for table in projection.tables { try db.execute(sql: ReadModelSQL.drop(table)) }
                try db.execute(sql: "DELETE FROM projection_checkpoints WHERE name = ?", arguments: [projection.name])
            }
        }
        return try catchUp()
    }

    /// The digest of the rows each table holds now, by table name: equal after a rebuild (design.md §4).
    public func tableDigests() throws -> [String: ReadModelDigest] {
        try store.storageErrors {
            try store.pool.read { db in
                var digests: [String: ReadModelDigest] = [:]
                for table in projection.tables { digests[table.name] = try ReadModelSQL.digest(db, table) }
                return digests
            }
        }
    }

    /// The digests the runner last wrote with the rows, by table name (issue 11 §5).
    public func storedDigests() throws -> [String: ReadModelDigest] {
        try store.storageErrors { try store.pool.read { try ReadModelSQL.storedDigests($0, projection: projection.name) } }
    }

    /// Every row of one table, in key order — refused when the rows no longer match the digest the runner
    /// wrote with them: a read never answers from a read model changed outside its projection (issue 11 §5).
    public func rows(of table: ReadModelTable) throws -> [ReadModelRow] {
        try store.storageErrors {
            try store.pool.read { db in
                let rows = try ReadModelSQL.rows(db, table)
                let stored = try ReadModelSQL.storedDigests(db, projection: projection.name)[table.name]
                let actual = ReadModelDigest(of: rows)
                guard stored == actual else { throw Self.altered(table, stored: stored, actual: actual) }
                return rows
            }
        }
    }

    /// What a read says of a table whose rows and digest differ.
    static func altered(_ table: ReadModelTable, stored: ReadModelDigest?, actual: ReadModelDigest) -> LedgerError {
        LedgerError(.readModelAltered, field: ReadModelSQL.tableName(table),
            "\(ReadModelSQL.mismatch(stored: stored, actual: actual)): they were changed outside the ledger, and no read answers from them; `bagalau verify --read-models` shows what differs, and `bagalau rebuild` folds the read models again from the log")
    }

    /// Keeps the read model current until cancelled: catches up in pages, then follows the store's
    /// catch-up subscription, writing each new event's changes with its checkpoint.
    public func run(pollInterval: Duration = .milliseconds(100)) async throws {
        try catchUp()
        let sql = ReadModelSQL.statements(for: projection.tables)
        var session = ReadModelSession(tables: projection.tables, startsEmpty: false)
        let from = (try checkpoint() ?? 0) + 1
        for try await event in store.subscribe(fromSeq: from, pollInterval: pollInterval) {
            if projection.handledTypes?.contains(event.type) ?? true { try apply([event], to: &session, sql: sql) }
            try flush(&session, through: event.seq, sql: sql)
        }
    }

    private func prepare() throws -> (start: Int64, empty: Bool) {
        try store.storageErrors {
            try store.pool.write { db in
                let stored = try Row.fetchOne(db, sql: "SELECT version, seq FROM projection_checkpoints WHERE name = ?", arguments: [projection.name])
                if let stored, stored["version"] as Int64 == Int64(projection.version) {
                    return (stored["seq"] as Int64 + 1, false)
                }
                for table in projection.tables {
                    try db.execute(sql: ReadModelSQL.drop(table))
                    try db.execute(sql: ReadModelSQL.create(table))
                }
                try db.execute(sql: "INSERT OR REPLACE INTO projection_checkpoints (name, version, seq) VALUES (?, ?, 0)",
                               arguments: [projection.name, projection.version])
                try db.execute(sql: "DELETE FROM read_model_digests WHERE projection = ?", arguments: [projection.name])
                try ReadModelSQL.storeDigests(db, projection: projection.name,
                                              Dictionary(uniqueKeysWithValues: projection.tables.map { ($0.name, ReadModelDigest()) }))
                return (1, true)
            }
        }
    }

    /// Folds pages of events after `start`. A background reader fetches and decodes the next page
    /// while this thread folds the current one. Changes are flushed, with the checkpoint, after every
    /// page — or, in a rebuild (tables that started empty), once ``rebuildFlushRows`` rows are dirty or
    /// the log is exhausted, so that each row is written once rather than once per page.
    private func fold(from start: Int64, startsEmpty: Bool) throws -> Int {
        let sql = ReadModelSQL.statements(for: projection.tables)
        let flushRows = startsEmpty ? Self.rebuildFlushRows : 0
        let pipeline = PagePipeline(produce: pageReader(from: start))
        defer { pipeline.cancel() }
        var session = ReadModelSession(tables: projection.tables, startsEmpty: startsEmpty)
        var folded = 0
        var checkpoint: Int64?
        while let page = try pipeline.next() {
            try apply(page.events, to: &session, sql: sql)
            folded += page.read
            checkpoint = page.lastSeq ?? checkpoint
            if let seq = checkpoint, page.isLast || session.dirtyCount >= flushRows {
                try flush(&session, through: seq, sql: sql)
                checkpoint = nil
            }
        }
        if let seq = checkpoint { try flush(&session, through: seq, sql: sql) }
        return folded
    }

    private struct Page: Sendable {
        /// The page's events of the types the projection reads, payloads decoded.
        let events: [RecordedEvent]
        /// How many events the page covered, and the last one's position.
        let read: Int
        let lastSeq: Int64?
        let isLast: Bool
    }

    /// Reads pages of events from `start` on and decodes the payloads the projection reads, on every core.
    private func pageReader(from start: Int64) -> @Sendable () throws -> Page? {
        let store = self.store, pageSize = self.pageSize, handled = projection.handledTypes
        let cursor = Cursor(start)
        return {
            guard !cursor.done else { return nil }
            let events = try store.storageErrors {
                try store.pool.read { db in
                    try SQLiteEventStore.fetch(db, "WHERE seq >= ? ORDER BY seq LIMIT ?") {
                        $0.bind(1, cursor.next)
                        $0.bind(2, Int64(pageSize))
                    }
                }
            }
            cursor.next = (events.last?.seq ?? cursor.next - 1) + 1
            cursor.done = events.count < pageSize
            let wanted = handled.map { types in events.filter { types.contains($0.type) } } ?? events
            let decoded = parallelMap(count: wanted.count) { index -> RecordedEvent in
                var event = wanted[index]
                event.decodePayload()
                return event
            }
            return Page(events: decoded, read: events.count, lastSeq: events.last?.seq, isLast: cursor.done)
        }
    }

    /// Folds `events` in order, with the stored read model readable on a cache miss (one read transaction).
    private func apply(_ events: [RecordedEvent], to session: inout ReadModelSession, sql: [String: ReadModelSQL.Statements]) throws {
        try store.storageErrors {
            try store.pool.read { db in
                session.loader = { table, key in try ReadModelSQL.load(db, table, key: key, sql: sql) }
                defer { session.loader = { _, _ in nil } }
                for event in events where event.canonicalPayload != nil || projection.readsPurgedEvents { try projection.apply(event, to: &session) }
            }
        }
    }

    private func flush(_ session: inout ReadModelSession, through seq: Int64, sql: [String: ReadModelSQL.Statements]) throws {
        try store.storageErrors {
            try store.pool.write { db in
                var digests = try ReadModelSQL.storedDigests(db, projection: projection.name)
                try ReadModelSQL.write(db, session.takeChanges(), sql: sql, digests: &digests)
                try ReadModelSQL.storeDigests(db, projection: projection.name, digests)
                try db.execute(sql: "UPDATE projection_checkpoints SET seq = ? WHERE name = ?", arguments: [seq, projection.name])
            }
        }
    }

    /// Dirty rows a rebuild holds in memory before writing them out.
    static let rebuildFlushRows = 200_000
}

/// The page reader's position; touched only by the pipeline's producer thread.
private final class Cursor: @unchecked Sendable {
    // @unchecked: used from one thread at a time (the producer), handed over once at start.
    var next: Int64
    var done = false
    init(_ start: Int64) { next = start }
}
