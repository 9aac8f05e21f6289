import GRDB
import LedgerCore

extension SQLiteEventStore {
    public func readStream(_ stream: String, fromVersion: Int64) async throws -> [RecordedEvent] {
        try readStreamSync(stream, fromVersion: fromVersion)
    }

    public func readAll(fromSeq: Int64, limit: Int) async throws -> [RecordedEvent] {
        try readAllSync(fromSeq: fromSeq, limit: limit)
    }

    public func readRecorded(from: Timestamp, to: Timestamp) async throws -> [RecordedEvent] {
        try fetch(
            "WHERE recorded_at >= ? AND recorded_at < ? ORDER BY seq",
            bind: { $0.bind(1, from.description); $0.bind(2, to.description) })
    }

    public func readStreamSync(_ stream: String, fromVersion: Int64) throws -> [RecordedEvent] {
        try fetch("WHERE stream = ? AND version >= ? ORDER BY version", bind: { $0.bind(1, stream); $0.bind(2, fromVersion) })
    }

    public func readAllSync(fromSeq: Int64, limit: Int) throws -> [RecordedEvent] {
        try fetch("WHERE seq >= ? ORDER BY seq LIMIT ?", bind: { $0.bind(1, fromSeq); $0.bind(2, Int64(limit)) })
    }

    /// Streams every event with `seq >= fromSeq` to `body`, in order, inside one read transaction
    /// (a consistent snapshot), without holding them all in memory.
    public func forEachEvent(fromSeq: Int64 = 1, _ body: (RecordedEvent) throws -> Void) throws {
        try storageErrors {
            try pool.read { db in
                let statement = RawStatement(try db.makeStatement(sql: "SELECT \(LedgerSchema.eventColumns) FROM events WHERE seq >= ? ORDER BY seq"))
                statement.bind(1, fromSeq)
                while try statement.step(db) { try body(Self.event(from: statement)) }
            }
        }
    }

    func fetch(_ clause: String, bind: (RawStatement) -> Void) throws -> [RecordedEvent] {
        try storageErrors {
            try pool.read { db in
                try Self.fetch(db, clause, bind: bind)
            }
        }
    }

    static func fetch(_ db: Database, _ clause: String, bind: (RawStatement) -> Void) throws -> [RecordedEvent] {
        let statement = RawStatement(try db.cachedStatement(sql: "SELECT \(LedgerSchema.eventColumns) FROM events \(clause)"))
        statement.reset()
        bind(statement)
        var events: [RecordedEvent] = []
        defer { statement.reset() }
        while try statement.step(db) { events.append(event(from: statement)) }
        return events
    }

    /// Decodes the current row of a statement that selects ``LedgerSchema/eventColumns``.
    static func event(from row: RawStatement) -> RecordedEvent {
        RecordedEvent(
            seq: row.int64(0), stream: row.string(1), version: row.int64(2), id: row.string(3), type: row.string(4),
            schemaVersion: Int(row.int64(5)), occurredAt: row.timestamp(6), recordedAt: row.timestamp(7),
            actor: Actor(person: row.string(8), role: row.string(9)), canonicalPayload: row.optionalString(10),
            payloadDigest: row.string(11), prevHash: row.string(12), hash: row.string(13))
    }
}
