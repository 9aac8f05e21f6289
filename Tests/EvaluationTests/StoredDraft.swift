import Evaluation
import LedgerCore

extension RecordedEvent {
    /// A draft as the store would hand it back at `seq` (chain fields left at genesis): for folding
    /// decided acts into state without a database.
    static func stored(_ draft: EventDraft, seq: Int64, stream: String) -> RecordedEvent {
        let canonical = CanonicalJSON.string(draft.payload)
        return RecordedEvent(
            seq: seq, stream: stream, version: seq, id: draft.id, type: draft.type, schemaVersion: draft.schemaVersion,
            occurredAt: draft.occurredAt, recordedAt: draft.occurredAt, actor: draft.actor, canonicalPayload: canonical, payloadSalt: nil,
            payloadDigest: ChainHasher.digest(canonical), prevHash: ChainHasher.genesis, hash: ChainHasher.genesis)
    }
}

/// The ledger error a rejected act throws, or nil if the act was accepted.
func refusal(_ body: () throws -> Void) -> LedgerError? {
    do {
        try body()
        return nil
    } catch {
        return error as? LedgerError
    }
}

extension StreamFold {
    /// Checks a decided draft against its schema, stores it at the next position, and folds it in.
    mutating func fold(_ draft: EventDraft, at seq: inout Int64, stream: String) throws {
        try BagalauCatalog.all.validate(draft)
        seq += 1
        try apply(.stored(draft, seq: seq, stream: stream))
    }
}
