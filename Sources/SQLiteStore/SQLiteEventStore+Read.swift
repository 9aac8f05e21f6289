import GRDB
import LedgerCore

extension SQLiteEventStore {
    public func readStream(_ stream: String, fromVersion: Int64) async throws -> [RecordedEvent] {
        try readStreamSync(stream, fromVersion: fromVersion)
    }

    public func readStream(_ stream: String, fromVersion: Int64, limit: Int) async throws -> [RecordedEvent] {
        try fetch("WHERE stream = ? AND version >= ? ORDER BY version LIMIT ?", bind: { $0.bind(1, stream); $0.bind(2, fromVersion); $0.bind(3, Int64(limit)) })
    }

    public func firstEvents(of streams: [String]) async throws -> [String: RecordedEvent] {
        try storageErrors {
            try pool.read { db in
                var openings: [String: RecordedEvent] = [:]
                for stream in streams {
                    openings[stream] = try Self.fetch(db, "WHERE stream = ? AND version = 1") { $0.bind(1, stream) }.first
                }
                return openings
            }
        }
    }

    public func readAll(fromSeq: Int64, limit: Int) async throws -> [RecordedEvent] {
        try readAllSync(fromSeq: fromSeq, limit: limit)
    }

    public func readRecorded(from: Timestamp, to: Timestamp) async throws -> [RecordedEvent] {
        try readRecordedSync(from: from, to: to)
    }

    /// Events with `from <= recordedAt < to`. `recordedAt` never decreases along `seq` (design.md §6),
    /// so the range is a run of positions found by two binary searches on the primary key.
    public func readRecordedSync(from: Timestamp, to: Timestamp) throws -> [RecordedEvent] {
        try storageErrors {
            try pool.read { db in
                let head = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM events") ?? 0
                let probe = RawStatement(try db.cachedStatement(sql: "SELECT recorded_at FROM events WHERE seq = ?"))
                func firstSeq(recordedAtLeast bound: Timestamp) throws -> Int64 {
                    var low: Int64 = 1, high = head + 1
                    while low < high {
                        let middle = low + (high - low) / 2
                        probe.reset()
                        probe.bind(1, middle)
                        guard try probe.step(db) else {
                            throw LedgerError(.chainBroken, field: "seq", "seq \(middle) is missing: run `bagalau verify`")
                        }
                        if probe.timestamp(0) < bound { low = middle + 1 } else { high = middle }
                    }
                    probe.reset()
                    return low
                }
                let first = try firstSeq(recordedAtLeast: from)
                let end = try firstSeq(recordedAtLeast: to)
                guard first < end else { return [] }
                return try Self.fetch(db, "WHERE seq >= ? AND seq < ? ORDER BY seq") { $0.bind(1, first); $0.bind(2, end) }
            }
        }
    }

    public func event(id: String) async throws -> RecordedEvent? {
        try fetch("WHERE id = ?", bind: { $0.bind(1, id) }).first
    }

    public func readStreamSync(_ stream: String, fromVersion: Int64) throws -> [RecordedEvent] {
        try fetch("WHERE stream = ? AND version >= ? ORDER BY version", bind: { $0.bind(1, stream); $0.bind(2, fromVersion) })
    }

    /// Every stream whose name starts with `prefix`, each in version order, in one statement (a range on
    /// the stream index, as `streamNames(prefix:)`): a body's cases read at once rather than one by one.
    public func readStreams(prefix: String) throws -> [(stream: String, events: [RecordedEvent])] {
        try fetch("WHERE stream >= ? AND stream < ? ORDER BY stream, version", bind: { $0.bind(1, prefix); $0.bind(2, prefix + "\u{10FFFF}") }).groupedByStream
    }

    /// Each name and each prefix is one lookup on the `(stream, version)` index, which holds `seq` (the
    /// rowid): no event row is read.
    public func seqs(streams: [String], prefixes: [String]) async throws -> [Int64] {
        try storageErrors {
            try pool.read { db in
                var seqs: [Int64] = []
                for stream in streams { seqs += try Int64.fetchAll(db.cachedStatement(sql: "SELECT seq FROM events WHERE stream = ?"), arguments: [stream]) }
                for prefix in prefixes {
                    seqs += try Int64.fetchAll(db.cachedStatement(sql: "SELECT seq FROM events WHERE stream >= ? AND stream < ?"), arguments: [prefix, prefix + "\u{10FFFF}"])
                }
                return seqs.sorted()
            }
        }
    }

    /// One lookup on the primary key a position, in one read transaction.
    public func readEvents(at seqs: [Int64]) async throws -> [RecordedEvent] {
        try storageErrors {
            try pool.read { db in
                var events: [RecordedEvent] = []
                events.reserveCapacity(seqs.count)
                for seq in seqs.sorted() { events += try Self.fetch(db, "WHERE seq = ?") { $0.bind(1, seq) } }
                return events
            }
        }
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

    /// One SELECT, read outside an explicit transaction: a single statement reads one consistent
    /// snapshot by itself (SQLite's autocommit), so the BEGIN and COMMIT that `read` adds around it
    /// are saved — an act reads several streams this way.
    func fetch(_ clause: String, bind: (RawStatement) -> Void) throws -> [RecordedEvent] {
        try storageErrors {
            try pool.unsafeRead { db in
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
            payloadSalt: row.optionalString(14), payloadDigest: row.string(11), prevHash: row.string(12), hash: row.string(13))
    }
}
