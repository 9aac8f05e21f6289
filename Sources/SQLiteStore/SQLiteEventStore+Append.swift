import GRDB
import LedgerCore

extension SQLiteEventStore {
    public func append(_ appends: [StreamAppend]) async throws -> [RecordedEvent] {
        try appendSync(appends)
    }

    /// Appends every batch in one IMMEDIATE transaction: all of it is stored, or none of it.
    public func appendSync(_ appends: [StreamAppend]) throws -> [RecordedEvent] {
        for append in appends { try EnvelopeRules.checkStream(append.stream) }
        // Canonicalise and digest outside the write lock, on every core for large batches.
        let flat = appends.flatMap(\.events)
        let preparedFlat = parallelMap(count: flat.count) { index -> Result<PreparedDraft, LedgerError> in
            let draft = flat[index]
            do {
                try EnvelopeRules.check(draft)
            } catch let error as LedgerError {
                return .failure(error)
            } catch {
                return .failure(LedgerError(.invalidEvent, "\(error)"))
            }
            let canonical = CanonicalJSON.bytes(draft.payload)
            return .success(PreparedDraft(
                draft: draft, canonicalPayload: canonical,
                payloadDigest: ChainHasher.payloadDigest(canonicalPayload: canonical),
                occurredAt: draft.occurredAt.description))
        }
        var prepared: [[PreparedDraft]] = []
        prepared.reserveCapacity(appends.count)
        var cursor = 0
        for append in appends {
            prepared.append(try preparedFlat[cursor..<(cursor + append.events.count)].map { try $0.get() })
            cursor += append.events.count
        }
        return try storageErrors {
            try pool.writeWithoutTransaction { db in
                var stored: [RecordedEvent] = []
                try db.inTransaction(.immediate) {
                    stored = try AppendTransaction(db: db, clock: clock).run(appends, prepared)
                    return .commit
                }
                return stored
            }
        }
    }
}

struct PreparedDraft {
    let draft: EventDraft
    let canonicalPayload: [UInt8]
    let payloadDigest: String
    let occurredAt: String
}

/// One append transaction: checks expected versions and idempotency, then chains and inserts.
private struct AppendTransaction {
    let db: Database
    let clock: any LedgerClock

    func run(_ appends: [StreamAppend], _ prepared: [[PreparedDraft]]) throws -> [RecordedEvent] {
        let head = try Row.fetchOne(db, sql: "SELECT seq, hash, recorded_at FROM events ORDER BY seq DESC LIMIT 1")
        var seq: Int64 = head?["seq"] ?? 0
        var prevHash: String = head?["hash"] ?? ChainHasher.genesis
        let lastRecorded = (head?["recorded_at"] as String?).flatMap { Timestamp(rfc3339: $0) }
        // recordedAt never decreases, whatever the clock says (design.md §6).
        let recordedAt = max(clock.now(), lastRecorded ?? Timestamp(microsecondsSinceEpoch: .min))
        let recordedText = recordedAt.description

        let insert = RawStatement(try db.cachedStatement(sql: """
            INSERT INTO events (seq, stream, version, id, type, schema_version, occurred_at, recorded_at,
                actor_person, actor_role, payload, payload_digest, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """))
        let byID = RawStatement(try db.cachedStatement(sql: "SELECT \(LedgerSchema.eventColumns) FROM events WHERE id = ?"))
        let streamHead = RawStatement(try db.cachedStatement(sql: "SELECT max(version) FROM events WHERE stream = ?"))
        var versions: [String: Int64] = [:]
        var hasher = ChainHasher()
        var stored: [RecordedEvent] = []
        stored.reserveCapacity(prepared.reduce(0) { $0 + $1.count })

        for (append, drafts) in zip(appends, prepared) {
            // Idempotency (design.md §8): an id already stored must carry the same content.
            var replayed: [RecordedEvent] = []
            for item in drafts {
                byID.reset()
                byID.bind(1, item.draft.id)
                guard try byID.step(db) else { continue }
                let existing = SQLiteEventStore.event(from: byID)
                byID.reset()
                guard existing.hasSameContent(as: item.draft, stream: append.stream, payloadDigest: item.payloadDigest) else {
                    throw LedgerError(
                        .idempotencyConflict, field: "id",
                        "event \(item.draft.id) is stored already (seq \(existing.seq)) with other content; a new act needs a new id")
                }
                replayed.append(existing)
            }
            if !replayed.isEmpty {
                guard replayed.count == drafts.count else {
                    throw LedgerError(
                        .idempotencyConflict, field: "id",
                        "the batch for stream \(append.stream) mixes \(replayed.count) events stored already with \(drafts.count - replayed.count) new ones; send the new ones alone")
                }
                stored.append(contentsOf: replayed)
                continue
            }

            var version: Int64
            if let known = versions[append.stream] {
                version = known
            } else {
                streamHead.reset()
                streamHead.bind(1, append.stream)
                _ = try streamHead.step(db)
                version = streamHead.isNull(0) ? 0 : streamHead.int64(0)
                streamHead.reset()
            }
            try Self.check(append.expectedVersion, actual: version, stream: append.stream)

            for item in drafts {
                seq += 1
                version += 1
                let draft = item.draft
                let hash = hasher.hash(
                    seq: seq, stream: append.stream, version: version, id: draft.id, type: draft.type,
                    schemaVersion: draft.schemaVersion, occurredAt: item.occurredAt, recordedAt: recordedText,
                    actor: draft.actor, payloadDigest: item.payloadDigest, prevHash: prevHash)
                insert.reset()
                insert.bind(1, seq)
                insert.bind(2, append.stream)
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
                _ = try insert.step(db)
                insert.reset()
                stored.append(RecordedEvent(
                    seq: seq, stream: append.stream, version: version, id: draft.id, type: draft.type,
                    schemaVersion: draft.schemaVersion, occurredAt: draft.occurredAt, recordedAt: recordedAt,
                    actor: draft.actor, canonicalPayload: String(decoding: item.canonicalPayload, as: UTF8.self),
                    payloadDigest: item.payloadDigest, prevHash: prevHash, hash: hash))
                prevHash = hash
            }
            versions[append.stream] = version
        }
        return stored
    }

    static func check(_ expected: ExpectedVersion, actual: Int64, stream: String) throws {
        switch expected {
        case .any: return
        case .noStream where actual == 0: return
        case .exactly(let version) where version == actual: return
        default:
            let found = actual == 0 ? "it does not exist yet" : "it is at version \(actual)"
            throw LedgerError(
                .wrongExpectedVersion, field: "expectedVersion",
                "stream \(stream) was expected at version \(expected), but \(found); nothing was written — reload and decide again")
        }
    }
}
