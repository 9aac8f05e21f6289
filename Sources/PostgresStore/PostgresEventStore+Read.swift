import LedgerCore
import Logging
import PostgresNIO

extension PostgresEventStore {
    /// Every column of `events`, in the order ``event(from:)`` reads them.
    static let eventColumns =
        "seq, stream, version, id, type, schema_version, occurred_at, recorded_at, actor_person, actor_role, payload, payload_digest, prev_hash, hash, payload_salt"

    public func readStream(_ stream: String, fromVersion: Int64) async throws -> [RecordedEvent] {
        var bindings = PostgresBindings()
        bindings.append(stream)
        bindings.append(fromVersion)
        return try await events("WHERE stream = $1 AND version >= $2 ORDER BY version", bindings)
    }

    public func readStream(_ stream: String, fromVersion: Int64, limit: Int) async throws -> [RecordedEvent] {
        var bindings = PostgresBindings()
        bindings.append(stream)
        bindings.append(fromVersion)
        bindings.append(Int64(limit))
        return try await events("WHERE stream = $1 AND version >= $2 ORDER BY version LIMIT $3", bindings)
    }

    public func readAll(fromSeq: Int64, limit: Int) async throws -> [RecordedEvent] {
        var bindings = PostgresBindings()
        bindings.append(fromSeq)
        bindings.append(Int64(limit))
        return try await events("WHERE seq >= $1 ORDER BY seq LIMIT $2", bindings)
    }

    /// Events with `from <= recordedAt < to`: the fixed form sorts as text, and the block-range index on
    /// `recorded_at` finds the run of positions (it never decreases along `seq`).
    public func readRecorded(from: Timestamp, to: Timestamp) async throws -> [RecordedEvent] {
        var bindings = PostgresBindings()
        bindings.append(from.description)
        bindings.append(to.description)
        return try await events("WHERE recorded_at >= $1 AND recorded_at < $2 ORDER BY seq", bindings)
    }

    public func event(id: String) async throws -> RecordedEvent? {
        var bindings = PostgresBindings()
        bindings.append(id)
        return try await events("WHERE id = $1", bindings).first
    }

    /// Every stream whose name starts with `prefix`, sorted: a range on the stream index ("C" collation:
    /// bytes, as in SQLite), never LIKE, whose wildcards a name could contain.
    public func streamNames(prefix: String) async throws -> [String] {
        try await streamNames(prefix: prefix, after: nil, limit: Int.max)
    }

    public func streamNames(prefix: String, after: String?, limit: Int) async throws -> [String] {
        try await storageErrors {
            var names: [String] = []
            let upper = prefix + "\u{10FFFF}", after = after ?? ""
            let rows = try await client.query(
                "SELECT DISTINCT stream FROM events WHERE stream >= \(prefix) AND stream > \(after) AND stream < \(upper) ORDER BY stream LIMIT \(limit)",
                logger: logger)
            for try await name in rows.decode(String.self) { names.append(name) }
            return names
        }
    }

    public func readStreams(prefix: String) async throws -> [(stream: String, events: [RecordedEvent])] {
        var bindings = PostgresBindings()
        bindings.append(prefix)
        bindings.append(prefix + "\u{10FFFF}")
        return try await events("WHERE stream >= $1 AND stream < $2 ORDER BY stream, version", bindings).groupedByStream
    }

    public func seqs(streams: [String], prefixes: [String]) async throws -> [Int64] {
        try await storageErrors {
            var bindings = PostgresBindings()
            bindings.append(streams)
            bindings.append(prefixes)
            bindings.append(prefixes.map { $0 + "\u{10FFFF}" })
            // One range on the stream index a prefix, each on its own arm so the planner keeps to the index.
            let query = PostgresQuery(unsafeSQL: """
                SELECT seq FROM events WHERE stream = ANY($1)
                UNION ALL
                SELECT e.seq FROM unnest($2::text[], $3::text[]) AS p(low, high) CROSS JOIN LATERAL
                    (SELECT seq FROM events WHERE stream >= p.low COLLATE "C" AND stream < p.high COLLATE "C") AS e
                ORDER BY 1
                """, binds: bindings)
            var seqs: [Int64] = []
            for try await seq in try await client.query(query, logger: logger).decode(Int64.self) { seqs.append(seq) }
            return seqs
        }
    }

    public func firstEvents(of streams: [String]) async throws -> [String: RecordedEvent] {
        var bindings = PostgresBindings()
        bindings.append(streams)
        return Dictionary(try await events("WHERE stream = ANY($1) AND version = 1", bindings).map { ($0.stream, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func readEvents(at seqs: [Int64]) async throws -> [RecordedEvent] {
        var bindings = PostgresBindings()
        bindings.append(seqs)
        return try await events("WHERE seq = ANY($1) ORDER BY seq", bindings)
    }

    public func absentPayloadSeqs() async throws -> [Int64] {
        try await storageErrors {
            var seqs: [Int64] = []
            for try await seq in try await client.query("SELECT seq FROM events WHERE payload IS NULL ORDER BY seq", logger: logger).decode(Int64.self) {
                seqs.append(seq)
            }
            return seqs
        }
    }

    /// Sets the payloads and their salts to NULL in one statement — the one UPDATE the triggers let
    /// through, and only for events a recorded purge certificate names (design.md §7). PostgreSQL keeps the
    /// old row versions until a vacuum: the records office runs `VACUUM (FULL)` on `events` after a purge
    /// (docs/deployment.md), as the SQLite file is compacted.
    public func purgePayloads(_ seqs: [Int64]) async throws -> Int {
        try await storageErrors(writing: true) {
            var removed = 0
            let rows = try await client.query(
                "UPDATE events SET payload = NULL, payload_salt = NULL WHERE seq = ANY(\(seqs)) AND payload IS NOT NULL RETURNING seq", logger: logger)
            for try await _ in rows.decode(Int64.self) { removed += 1 }
            return removed
        }
    }

    /// The events a clause selects (`WHERE … ORDER BY …` over ``eventColumns``), on `connection` when
    /// inside a transaction, else on any connection of the pool.
    func events(_ clause: String, _ bindings: PostgresBindings, on connection: PostgresConnection? = nil) async throws -> [RecordedEvent] {
        try await storageErrors {
            let query = PostgresQuery(unsafeSQL: "SELECT \(Self.eventColumns) FROM events \(clause)", binds: bindings)
            let rows = if let connection { try await connection.query(query, logger: logger) } else { try await client.query(query, logger: logger) }
            var events: [RecordedEvent] = []
            for try await row in rows { events.append(try Self.event(from: row)) }
            return events
        }
    }

    /// Decodes a row that selects ``eventColumns`` (through ``storedEnvelope(from:)``, the one reading of
    /// its layout), its times parsed.
    static func event(from row: PostgresRow) throws -> RecordedEvent {
        let e = try storedEnvelope(from: row)
        return RecordedEvent(
            seq: e.seq, stream: e.stream, version: e.version, id: e.id, type: e.type, schemaVersion: Int(e.schemaVersion),
            occurredAt: try timestamp(e.occurredAt, seq: e.seq), recordedAt: try timestamp(e.recordedAt, seq: e.seq),
            actor: Actor(person: e.person, role: e.role), canonicalPayload: e.payload, payloadSalt: e.salt, payloadDigest: e.payloadDigest,
            prevHash: e.prevHash, hash: e.hash)
    }

    private static func timestamp(_ text: String, seq: Int64) throws -> Timestamp {
        guard let time = Timestamp(rfc3339: text) else {
            throw LedgerError(.chainBroken, field: "seq", "seq \(seq) holds a time that is not one: \(text.prefix(40)); run `bagalau verify`")
        }
        return time
    }
}
