/// A draft made ready for the chain before any lock is taken: its envelope checked, its payload in
/// canonical JSON, a fresh salt and the salted digest (design.md §7), and the canonical envelope but for
/// its position. Every store prepares its appends this way, on every core, and then only inserts.
package struct PreparedDraft: Sendable {
    package let draft: EventDraft
    package let canonicalPayload: [UInt8]
    /// The payload's salt, 64 hex digits.
    package let salt: String
    package let payloadDigest: String
    package let occurredAt: String
    /// The canonical envelope but for its position, serialised ahead of the write lock.
    package let envelope: EnvelopeTemplate

    /// Envelope checks, canonical payloads and their digests for each stream's batch: everything that
    /// needs no lock, spread over the cores. The first bad draft is refused with its field.
    package static func prepare(_ appends: [StreamAppend]) throws -> [[PreparedDraft]] {
        for append in appends { try EnvelopeRules.checkStream(append.stream) }
        let flat = appends.flatMap { append in append.events.map { (append.stream, $0) } }
        let preparedFlat = parallelMap(count: flat.count) { index -> Result<PreparedDraft, LedgerError> in
            let (stream, draft) = flat[index]
            do {
                try EnvelopeRules.check(draft)
            } catch let error as LedgerError {
                return .failure(error)
            } catch {
                return .failure(LedgerError(.invalidEvent, "\(error)"))
            }
            let canonical = CanonicalJSON.bytes(draft.payload)
            let salt = ChainHasher.newSalt()
            let digest = ChainHasher.payloadDigest(salt: salt, canonicalPayload: canonical)
            let occurredAt = draft.occurredAt.description
            return .success(PreparedDraft(
                draft: draft, canonicalPayload: canonical, salt: Hex.encode(salt), payloadDigest: digest, occurredAt: occurredAt,
                envelope: EnvelopeTemplate(
                    stream: stream, id: draft.id, type: draft.type, schemaVersion: draft.schemaVersion, occurredAt: occurredAt,
                    actor: draft.actor, payloadDigest: digest)))
        }
        var prepared: [[PreparedDraft]] = []
        prepared.reserveCapacity(appends.count)
        var cursor = 0
        for append in appends {
            prepared.append(try preparedFlat[cursor..<(cursor + append.events.count)].map { try $0.get() })
            cursor += append.events.count
        }
        return prepared
    }
}

extension ExpectedVersion {
    /// Whether a stream at `actual` meets this expectation (design.md §8); a mismatch is a conflict that
    /// names both versions, and nothing of the append is written.
    package func check(actual: Int64, stream: String) throws {
        switch self {
        case .any: return
        case .noStream where actual == 0: return
        case .exactly(let version) where version == actual: return
        default:
            let found = actual == 0 ? "it does not exist yet" : "it is at version \(actual)"
            throw LedgerError(
                .wrongExpectedVersion, field: "expectedVersion",
                "stream \(stream) was expected at version \(self), but \(found); nothing was written — reload and decide again")
        }
    }
}

extension PreparedDraft {
    /// design.md §8 for a batch: the stored events when every draft of it is stored already (a replay),
    /// nil when none is; a batch that mixes stored and new events is refused, naming both counts.
    package static func replayed(_ stored: [RecordedEvent], of drafts: [PreparedDraft], stream: String) throws -> [RecordedEvent]? {
        if stored.isEmpty { return nil }
        guard stored.count == drafts.count else {
            throw LedgerError(
                .idempotencyConflict, field: "id",
                "the batch for stream \(stream) mixes \(stored.count) events stored already with \(drafts.count - stored.count) new ones; send the new ones alone")
        }
        return stored
    }
}

extension RecordedEvent {
    /// This stored event as the answer to `item`, a draft re-sent with its id: itself when the content is
    /// the same (design.md §8); an id reused for other content is refused.
    package func replaying(_ item: PreparedDraft, stream: String) throws -> RecordedEvent {
        guard hasSameContent(as: item.draft, stream: stream, canonicalPayload: item.canonicalPayload) else {
            throw LedgerError(
                .idempotencyConflict, field: "id",
                "event \(item.draft.id) is stored already (seq \(seq)) with other content; a new act needs a new id")
        }
        return self
    }
}
