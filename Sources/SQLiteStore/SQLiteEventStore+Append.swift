import GRDB
import LedgerCore

extension SQLiteEventStore {
    /// Appends through the group commit: concurrent callers share one transaction and one commit, each
    /// still checked against its own expected versions (``GroupCommit``).
    public func append(_ appends: [StreamAppend]) async throws -> [RecordedEvent] {
        try await groupCommit.append(appends, prepared: try PreparedDraft.prepare(appends))
    }

    /// Writes one group of appends in one transaction, each under its own savepoint, and answers each:
    /// its events, or the error that rolled it back alone; if the commit itself fails, every one fails.
    func commitGroup(_ group: [GroupCommit.Request]) {
        var outcomes = [Result<[RecordedEvent], any Error>](repeating: .success([]), count: group.count)
        do {
            try inAppendTransaction { transaction in
                for (index, request) in group.enumerated() {
                    let before = transaction
                    try transaction.db.inSavepoint {
                        do {
                            var stored: [RecordedEvent] = []
                            try transaction.run(request.appends, request.prepared, keeping: true) { _, _, event in stored.append(event!) }
                            outcomes[index] = .success(stored)
                            return .commit
                        } catch {
                            outcomes[index] = .failure(Self.ledgerError(error))
                            return .rollback
                        }
                    }
                    if case .failure = outcomes[index] { transaction = before }
                }
            }
        } catch {
            outcomes = outcomes.map { _ in .failure(Self.ledgerError(error)) }
        }
        for (request, outcome) in zip(group, outcomes) { request.reply.resume(with: outcome) }
    }

    /// A storage failure as a ``LedgerError`` with the storage code; ledger errors as they are.
    /// A storage failure said as what it is; the transaction it stopped was rolled back whole.
    static func ledgerError(_ error: any Error) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        let message = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_FULL:
            return LedgerError(.storage, "the disk holding the ledger is full (SQLite: \(message)): nothing of this write was stored; free space and run it again")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return LedgerError(.storage, "another process holds the ledger locked (SQLite: \(message)): nothing of this write was stored; try again when it has finished")
        case .SQLITE_IOERR:
            return LedgerError(.storage, "the ledger's storage failed (SQLite: \(message), extended code \(error.extendedResultCode.rawValue)): nothing of this write was stored")
        default:
            return LedgerError(.storage, "SQLite: \(message)")
        }
    }

    public func appendAll(_ next: @escaping @Sendable () throws -> [StreamAppend]?) async throws -> AppendSummary {
        try appendAllSync(next)
    }

    /// Appends every batch in one IMMEDIATE transaction: all of it is stored, or none of it.
    public func appendSync(_ appends: [StreamAppend]) throws -> [RecordedEvent] {
        let prepared = try PreparedDraft.prepare(appends)
        var stored: [RecordedEvent] = []
        try inAppendTransaction { transaction in
            try transaction.run(appends, prepared, keeping: true) { _, _, event in stored.append(event!) }
        }
        return stored
    }

    /// Appends the batches `next` returns, in one IMMEDIATE transaction. A background thread reads
    /// and prepares (canonical payloads, digests) the next batch while this one is written.
    public func appendAllSync(_ next: @escaping @Sendable () throws -> [StreamAppend]?) throws -> AppendSummary {
        let pipeline = PagePipeline<(appends: [StreamAppend], prepared: [[PreparedDraft]])> {
            guard let appends = try next() else { return nil }
            return (appends, try PreparedDraft.prepare(appends))
        }
        defer { pipeline.cancel() }
        var summary = AppendSummary()
        try inAppendTransaction { transaction in
            while let batch = try pipeline.next() {
                try transaction.run(batch.appends, batch.prepared, keeping: false) { seq, isNew, _ in summary.add(seq: seq, isNew: isNew) }
            }
        }
        return summary
    }

    private func inAppendTransaction(_ body: (inout AppendTransaction) throws -> Void) throws {
        try storageErrors {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    var transaction = try AppendTransaction(db: db, clock: clock)
                    try body(&transaction)
                    return .commit
                }
            }
        }
    }
}

/// One append transaction: checks expected versions and idempotency, then chains and inserts. Its
/// head (position, last hash, versions seen) carries over from batch to batch within the transaction.
private struct AppendTransaction {
    let db: Database
    private var seq: Int64
    private var prevHash: String
    /// The Merkle tree's right edge; the nodes each insert completes are stored with it.
    private var tree: MerkleFrontier
    private let recordedAt: Timestamp
    private let recordedText: String
    private var versions: [String: Int64] = [:]
    private var scratch = CanonicalJSONWriter(capacity: 512)
    private let insert: RawStatement
    private let insertNode: RawStatement
    private let byID: RawStatement
    private let streamHead: RawStatement

    init(db: Database, clock: any LedgerClock) throws {
        self.db = db
        let head = try Row.fetchOne(db, sql: "SELECT seq, hash, recorded_at FROM events ORDER BY seq DESC LIMIT 1")
        seq = head?["seq"] ?? 0
        prevHash = head?["hash"] ?? ChainHasher.genesis
        tree = try MerkleFrontier(size: seq, nodes: SQLiteMerkleNodes(db: db))
        let lastRecorded = (head?["recorded_at"] as String?).flatMap { Timestamp(rfc3339: $0) }
        // recordedAt never decreases, whatever the clock says (design.md §6).
        recordedAt = max(clock.now(), lastRecorded ?? Timestamp(microsecondsSinceEpoch: .min))
        recordedText = recordedAt.description
        insert = RawStatement(try db.cachedStatement(sql: """
            INSERT INTO events (seq, stream, version, id, type, schema_version, occurred_at, recorded_at,
                actor_person, actor_role, payload, payload_digest, prev_hash, hash, payload_salt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """))
        insertNode = RawStatement(try db.cachedStatement(sql: "INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)"))
        byID = RawStatement(try db.cachedStatement(sql: "SELECT \(LedgerSchema.eventColumns) FROM events WHERE id = ?"))
        streamHead = RawStatement(try db.cachedStatement(sql: "SELECT max(version) FROM events WHERE stream = ?"))
    }

    /// Stores one batch; `stored` receives each event's position, whether it is new (false: replayed),
    /// and the event itself when `keeping` (building it costs a copy of the payload).
    mutating func run(
        _ appends: [StreamAppend], _ prepared: [[PreparedDraft]], keeping: Bool, stored: (Int64, Bool, RecordedEvent?) -> Void
    ) throws {
        for (append, drafts) in zip(appends, prepared) {
            let version = try currentVersion(of: append.stream)
            do {
                try append.expectedVersion.check(actual: version, stream: append.stream)
            } catch {
                // A batch stored already meets a stream that has moved on: a replay, not a conflict.
                guard let replayed = try replay(of: append, drafts) else { throw error }
                for event in replayed { stored(event.seq, false, event) }
                continue
            }
            // New ids are the rule: insert, and let the unique index on id report a stored one.
            let start = (seq: seq, prevHash: prevHash, tree: tree)
            var inserted: [(Int64, RecordedEvent?)] = []
            do {
                for (offset, item) in drafts.enumerated() {
                    seq += 1
                    inserted.append((seq, try insert(item, stream: append.stream, version: version + Int64(offset) + 1, keeping: keeping)))
                }
            } catch let error as DatabaseError where error.isIdentifierTaken {
                // The id is stored: with other content it is a conflict (stored(_:) throws), with the same
                // content this is a replay — of the whole batch, or the batch mixes stored and new events.
                _ = try storedEvent(for: drafts[inserted.count], stream: append.stream)
                guard inserted.isEmpty, let replayed = try replay(of: append, drafts) else {
                    throw LedgerError(
                        .idempotencyConflict, field: "id",
                        "the batch for stream \(append.stream) mixes events stored already with new ones; send the new ones alone")
                }
                (seq, prevHash, tree) = start
                for event in replayed { stored(event.seq, false, event) }
                continue
            }
            for (position, event) in inserted { stored(position, true, event) }
            versions[append.stream] = version + Int64(drafts.count)
        }
    }

    /// The stored events if every id of the batch is stored already with the same content (design.md §8);
    /// nil if none is. A batch mixing stored and new ids, or reusing an id for other content, is refused.
    private func replay(of append: StreamAppend, _ drafts: [PreparedDraft]) throws -> [RecordedEvent]? {
        try PreparedDraft.replayed(try drafts.compactMap { try storedEvent(for: $0, stream: append.stream) }, of: drafts, stream: append.stream)
    }

    /// The event stored under the draft's id, if any; an id stored with other content is refused.
    private func storedEvent(for item: PreparedDraft, stream: String) throws -> RecordedEvent? {
        byID.reset()
        defer { byID.reset() }
        byID.bind(1, item.draft.id)
        guard try byID.step(db) else { return nil }
        return try SQLiteEventStore.event(from: byID).replaying(item, stream: stream)
    }

    private func currentVersion(of stream: String) throws -> Int64 {
        if let known = versions[stream] { return known }
        streamHead.reset()
        streamHead.bind(1, stream)
        _ = try streamHead.step(db)
        defer { streamHead.reset() }
        return streamHead.isNull(0) ? 0 : streamHead.int64(0)
    }

    private mutating func insert(_ item: PreparedDraft, stream: String, version: Int64, keeping: Bool) throws -> RecordedEvent? {
        defer { insert.reset() }
        let draft = item.draft
        let rawHash = item.envelope.rawHash(seq: seq, version: version, recordedAt: recordedText, prevHash: prevHash, scratch: &scratch)
        let hash = Hex.encode(rawHash)
        insert.reset()
        insert.bind(1, seq)
        insert.bind(2, stream)
        insert.bind(3, version)
        insert.bind(4, draft.id)
        insert.bind(5, draft.type)
        insert.bind(6, Int64(draft.schemaVersion))
        insert.bind(7, item.occurredAt)
        insert.bind(8, recordedText)
        insert.bind(9, draft.actor.person)
        insert.bind(10, draft.actor.role)
        insert.bind(11, bytes: item.canonicalPayload)
        insert.bind(12, item.payloadDigest)
        insert.bind(13, prevHash)
        insert.bind(14, hash)
        insert.bind(15, item.salt)
        _ = try insert.step(db)
        for node in tree.append(eventHash: rawHash) {
            insertNode.reset()
            insertNode.bind(1, Int64(node.key.level))
            insertNode.bind(2, node.key.index)
            insertNode.bind(3, blob: node.hash)
            _ = try insertNode.step(db)
        }
        insertNode.reset()
        defer { prevHash = hash }
        guard keeping else { return nil }
        return RecordedEvent(
            seq: seq, stream: stream, version: version, id: draft.id, type: draft.type,
            schemaVersion: draft.schemaVersion, occurredAt: draft.occurredAt, recordedAt: recordedAt,
            actor: draft.actor, canonicalPayload: String(decoding: item.canonicalPayload, as: UTF8.self),
            payloadSalt: item.salt, payloadDigest: item.payloadDigest, prevHash: prevHash, hash: hash)
    }
}

extension DatabaseError {
    /// The insert met an event id stored already (the unique index on `events.id`).
    var isIdentifierTaken: Bool {
        extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE && (message ?? "").contains("events.id")
    }
}
