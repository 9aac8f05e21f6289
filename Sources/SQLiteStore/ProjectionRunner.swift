import GRDB
import LedgerCore

/// Folds the log into one projection's read-model tables in the ledger file, with a checkpoint
/// (issue #2 §6). Each page of events is applied and written, with its checkpoint, in one
/// transaction, so a crash leaves the read model at a page boundary that the next run continues from.
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

    /// Digest of each table's rows, by table name: equal after a rebuild (design.md §4).
    public func tableDigests() throws -> [String: String] {
        try store.storageErrors {
            try store.pool.read { db in
                var digests: [String: String] = [:]
                for table in projection.tables { digests[table.name] = try ReadModelSQL.digest(db, table) }
                return digests
            }
        }
    }

    /// Every row of one table, in key order.
    public func rows(of table: ReadModelTable) throws -> [ReadModelRow] {
        try store.storageErrors { try store.pool.read { try ReadModelSQL.rows($0, table) } }
    }

    /// Keeps the read model current: catches up, then folds new events as they are appended.
    public func run(pollInterval: Duration = .milliseconds(200)) async throws {
        while !Task.isCancelled {
            if try catchUp() == 0 { try await Task.sleep(for: pollInterval) }
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
                return (1, true)
            }
        }
    }

    private func fold(from start: Int64, startsEmpty: Bool) throws -> Int {
        var next = start
        var folded = 0
        let projection = self.projection
        var session = ReadModelSession(tables: projection.tables, startsEmpty: startsEmpty)
        while true {
            let applied: Int = try store.storageErrors {
                try store.pool.write { db in
                    session.loader = { table, key in try ReadModelSQL.load(db, table, key: key) }
                    defer { session.loader = { _, _ in nil } }
                    let events = try SQLiteEventStore.fetch(db, "WHERE seq >= ? ORDER BY seq LIMIT ?") {
                        $0.bind(1, next)
                        $0.bind(2, Int64(pageSize))
                    }
                    guard let last = events.last else { return 0 }
                    for event in events { try projection.apply(event, to: &session) }
                    try ReadModelSQL.write(db, session.takeChanges())
                    try db.execute(sql: "UPDATE projection_checkpoints SET seq = ? WHERE name = ?", arguments: [last.seq, projection.name])
                    next = last.seq + 1
                    return events.count
                }
            }
            folded += applied
            if applied < pageSize { return folded }
        }
    }
}
