import Crypto
import Evaluation
import LedgerCore
import SQLiteStore

/// The ledger's Ed25519 key at work: records a signed tree head of the ledger as it stands (design.md §7),
/// for `bagalau checkpoint`, after `acts` and `import` with a key set, and after every purge — on the
/// command line and in `POST /retention/purge` of a server started with a key.
public struct TreeHeadSigner: Sendable {
    /// The private key's 32 bytes (the key type itself is not `Sendable`).
    private let rawKey: [UInt8]

    public init(key: Curve25519.Signing.PrivateKey) { rawKey = Array(key.rawRepresentation) }

    private var key: Curve25519.Signing.PrivateKey {
        // The bytes came from a valid key: reading them back cannot fail.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: rawKey)
    }

    /// Records a signed tree head of the ledger as it is (nothing when the head is a checkpoint already).
    @discardableResult
    public func sign(_ store: any EventStore) async throws -> (event: RecordedEvent, signed: ChainCheckpoint)? {
        let head = try await store.headSeq()
        guard head > 0, let last = try await store.readAll(fromSeq: head, limit: 1).first, last.stream != ChainCheckpoint.stream else { return nil }
        let signed = try ChainCheckpoint.sign(try await store.treeHead(size: head), at: SystemClock().now(), key: key)
        let descriptor = ChainCheckpoint.descriptor
        let draft = EventDraft(type: descriptor.type, schemaVersion: descriptor.schemaVersion, occurredAt: signed.signedAt,
                               actor: Actor(person: "ledger", role: "ledger"), payload: signed.payload)
        // At the checkpoint stream's version: of two signers at once, one records. An act recorded meanwhile
        // lands before the checkpoint, which still signs the head it read (a head before it is all it claims).
        let checkpoints = try await store.readStream(ChainCheckpoint.stream, fromVersion: 1)
        guard let event = try await Ledger(store: store, catalog: BagalauCatalog.all).record(
            to: ChainCheckpoint.stream, expecting: checkpoints.last.map { .exactly($0.version) } ?? .noStream, [draft]).first
        else { return nil }
        return (event, signed)
    }
}
