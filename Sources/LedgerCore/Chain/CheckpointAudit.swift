/// The ledger's signed tree heads, checked (design.md §7): each a valid Ed25519 signature over a head
/// the ledger really holds — the event hash at its size and the Merkle root of the tree of that size —
/// and, when a key is trusted, signed by that key; a trusted key that signed nothing fails too.
public struct CheckpointAudit: Sendable, Equatable {
    public let count: Int
    /// The last checkpoint, nil when none is recorded.
    public let last: ChainCheckpoint?
    /// When the last checkpoint was recorded.
    public let lastRecordedAt: Timestamp?
    /// The fingerprints of the keys that signed them.
    public let keys: Set<String>

    public var lastHeadSeq: Int64? { last?.headSeq }
    public var lastHeadHash: String? { last?.headHash }

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
            // A head before its checkpoint is one the ledger holds: a storage failure reading it is reported as one.
            let held = signed.headSeq < event.seq ? try await store.treeHead(size: signed.headSeq) : nil
            guard let held, held.headHash == signed.headHash else {
                throw broken("signs seq \(signed.headSeq) with a hash the ledger does not hold there")
            }
            guard held.rootHash == signed.rootHash else {
                throw broken("signs a Merkle root over seq 1–\(signed.headSeq) that is not the ledger's: the history it signed was rewritten")
            }
            keys.insert(ChainCheckpoint.fingerprint(signed.publicKey))
            last = (signed, event)
        }
        if let trustedKey, last == nil {
            throw LedgerError(.chainBroken, "no checkpoint signed by the trusted key \(ChainCheckpoint.fingerprint(trustedKey)) is recorded: nothing proves what the ledger held")
        }
        count = checkpoints.count
        self.last = last?.0
        lastRecordedAt = last?.1.recordedAt
        self.keys = keys
    }
}

/// A receipt checked against today's ledger (design.md §7): an auditor kept a signed tree head; the
/// ledger proves by a consistency proof (RFC 9162 §2.1.4) that its tree extends that head. A dropped
/// tail, or any rewritten event before the head, fails.
public struct ReceiptCheck: Sendable, Equatable {
    public let receipt: ChainCheckpoint
    public let ledgerHead: TreeHead
    public let proofLength: Int

    /// Checks `bytes` (a receipt file) against `store`; a failure is thrown as ``LedgerError/Code/chainBroken``,
    /// a file that is not a receipt as ``LedgerError/Code/invalidEvent`` naming the field.
    public init(store: any EventStore, receipt bytes: [UInt8], trustedKey: String?) async throws {
        guard let text = String(validating: bytes, as: UTF8.self), let json = try? JSONParser.parse(text), let receipt = ChainCheckpoint(payload: json) else {
            throw LedgerError.invalid("receipt", "not a receipt: a signed tree head as `bagalau checkpoint --receipt` writes it (headSeq, headHash, rootHash, signedAt, publicKey, signature)")
        }
        guard receipt.hasValidSignature else { throw LedgerError(.chainBroken, field: "receipt", "the receipt's signature is not valid for its key: the receipt was altered") }
        if let trustedKey, receipt.publicKey != trustedKey {
            throw LedgerError(.chainBroken, field: "receipt", "the receipt is signed by key \(ChainCheckpoint.fingerprint(receipt.publicKey)), not the trusted key")
        }
        let head = try await store.treeHead(size: nil)
        guard head.size >= receipt.headSeq else {
            throw LedgerError(.chainBroken, field: "receipt", "the receipt signs \(receipt.headSeq) events but the ledger holds \(head.size): events were removed from its end")
        }
        let proof = try await store.consistencyProof(from: receipt.headSeq, to: head.size)
        let bytes = proof.compactMap(Hex.decode)
        guard bytes.count == proof.count, let oldRoot = Hex.decode(receipt.rootHash), let root = Hex.decode(head.rootHash),
            MerkleProof.verifyConsistency(old: receipt.headSeq, oldRoot: oldRoot, size: head.size, root: root, proof: bytes)
        else {
            throw LedgerError(.chainBroken, field: "receipt", "the ledger does not extend the receipt's tree head of \(receipt.headSeq) events (signed \(receipt.signedAt)): its history before seq \(receipt.headSeq + 1) was rewritten")
        }
        self.receipt = receipt
        ledgerHead = head
        proofLength = proof.count
    }
}
