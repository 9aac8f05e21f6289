/// The ledger's signed checkpoints, checked (design.md §7): each a valid Ed25519 signature over a head
/// the chain really holds, and, when a key is trusted, signed by that key.
public struct CheckpointAudit: Sendable, Equatable {
    public let count: Int
    /// The last checkpoint's head, nil when none is recorded.
    public let lastHeadSeq: Int64?
    public let lastHeadHash: String?
    /// When the last checkpoint was recorded.
    public let lastRecordedAt: Timestamp?
    /// The fingerprints of the keys that signed them.
    public let keys: Set<String>

    /// Reads the checkpoint stream and checks each checkpoint; the first that fails is thrown as
    /// ``LedgerError/Code/chainBroken``.
    public init(store: any EventStore, trustedKey: String?) async throws {
        var keys: Set<String> = [], last: (ChainCheckpoint, RecordedEvent)?
        let checkpoints = try await store.readStream(ChainCheckpoint.stream, fromVersion: 1)
        for event in checkpoints {
            func broken(_ why: String) -> LedgerError { LedgerError(.chainBroken, "checkpoint at seq \(event.seq) \(why)") }
            guard let signed = ChainCheckpoint(payload: try event.payload()) else { throw broken("is unreadable") }
            guard signed.hasValidSignature else { throw broken("has a signature that is not valid") }
            if let trustedKey, signed.publicKey != trustedKey {
                throw broken("is signed by key \(ChainCheckpoint.fingerprint(signed.publicKey)), not the trusted key")
            }
            guard let head = try await store.readAll(fromSeq: signed.headSeq, limit: 1).first, head.seq == signed.headSeq, head.hash == signed.headHash else {
                throw broken("signs seq \(signed.headSeq) with a hash the ledger does not hold there")
            }
            keys.insert(ChainCheckpoint.fingerprint(signed.publicKey))
            last = (signed, event)
        }
        count = checkpoints.count
        lastHeadSeq = last?.0.headSeq
        lastHeadHash = last?.0.headHash
        lastRecordedAt = last?.1.recordedAt
        self.keys = keys
    }
}
