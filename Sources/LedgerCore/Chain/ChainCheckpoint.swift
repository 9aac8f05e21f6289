import Crypto

/// A signed tree head (design.md §7): the size of the ledger's Merkle tree, its root, the hash of the
/// last event it covers and when it was signed, signed with the ledger's Ed25519 key (swift-crypto).
/// The signature covers the canonical JSON `{"headHash","headSeq","rootHash","signedAt"}`. The
/// checkpoint is recorded as an event on `ledger/checkpoints`; written to a file, it is a **receipt**
/// an auditor keeps, against which a later ledger proves by a consistency proof that it extends it.
public struct ChainCheckpoint: Sendable, Equatable {
    /// The tree's size: the checkpoint covers seq 1…headSeq.
    public let headSeq: Int64
    /// The hash of the event at headSeq.
    public let headHash: String
    /// The Merkle tree hash of the first headSeq events (RFC 9162 §2.1.1), hex.
    public let rootHash: String
    public let signedAt: Timestamp
    /// The Ed25519 public key, 64 lower-case hex characters.
    public let publicKey: String
    /// The Ed25519 signature, 128 lower-case hex characters.
    public let signature: String

    public static let stream = "ledger/checkpoints"
    public static let descriptor = EventTypeDescriptor(
        type: "ledger.checkpoint-signed", schemaVersion: 2,
        summary: "The ledger signs the head of its Merkle tree with its Ed25519 key",
        payload: .object([
            .required("headSeq", .integer(minimum: 1), "the tree's size: the last event the checkpoint covers"),
            .required("headHash", .sha256, "that event's hash"),
            .required("rootHash", .sha256, "the Merkle tree hash of events 1…headSeq (RFC 9162)"),
            .required("signedAt", .string(minLength: 20, maxLength: 40), "when the head was signed"),
            .required("publicKey", .string(minLength: 64, maxLength: 64), "the Ed25519 public key, hex"),
            .required("signature", .string(minLength: 128, maxLength: 128), "Ed25519 over the canonical {headHash, headSeq, rootHash, signedAt}, hex"),
        ]))
    /// The first version's shape (a chain head without the tree), kept with its schema.
    public static let descriptorV1 = EventTypeDescriptor(
        type: "ledger.checkpoint-signed", schemaVersion: 1,
        summary: "The ledger signs its chain head with its Ed25519 key",
        payload: .object([
            .required("headSeq", .integer(minimum: 1), "the last event the checkpoint covers"),
            .required("headHash", .sha256, "that event's hash"),
            .required("publicKey", .string(minLength: 64, maxLength: 64), "the Ed25519 public key, hex"),
            .required("signature", .string(minLength: 128, maxLength: 128), "Ed25519 over the canonical {headHash, headSeq}, hex"),
        ]))

    /// The bytes the key signs.
    public static func message(head: TreeHead, signedAt: Timestamp) -> [UInt8] {
        CanonicalJSON.bytes(.object([
            ("headHash", .string(head.headHash)), ("headSeq", .integer(head.size)), ("rootHash", .string(head.rootHash)),
            ("signedAt", .string(signedAt.description)),
        ]))
    }

    /// Signs the tree head with `key`.
    public static func sign(_ head: TreeHead, at signedAt: Timestamp, key: Curve25519.Signing.PrivateKey) throws -> ChainCheckpoint {
        let signature = try key.signature(for: message(head: head, signedAt: signedAt))
        return ChainCheckpoint(
            head: head, signedAt: signedAt, publicKey: Hex.encode(Array(key.publicKey.rawRepresentation)), signature: Hex.encode(Array(signature)))
    }

    public init(head: TreeHead, signedAt: Timestamp, publicKey: String, signature: String) {
        headSeq = head.size
        headHash = head.headHash
        rootHash = head.rootHash
        self.signedAt = signedAt
        self.publicKey = publicKey
        self.signature = signature
    }

    public var head: TreeHead { TreeHead(size: headSeq, rootHash: rootHash, headHash: headHash) }

    /// Reads a checkpoint's payload (an event's, or a receipt file's); nil when it is not one.
    public init?(payload: JSONValue) {
        guard let seq = payload["headSeq"]?.integerValue, let hash = payload["headHash"]?.stringValue, let root = payload["rootHash"]?.stringValue,
            let signedAt = payload["signedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
            let key = payload["publicKey"]?.stringValue, let signature = payload["signature"]?.stringValue
        else { return nil }
        self.init(head: TreeHead(size: seq, rootHash: root, headHash: hash), signedAt: signedAt, publicKey: key, signature: signature)
    }

    public var payload: JSONValue {
        .object([
            ("headSeq", .integer(headSeq)), ("headHash", .string(headHash)), ("rootHash", .string(rootHash)),
            ("signedAt", .string(signedAt.description)), ("publicKey", .string(publicKey)), ("signature", .string(signature)),
        ])
    }

    /// The ledger's latest signed tree head and the event recording it; nil when none is recorded (or the
    /// last one is unreadable, which ``CheckpointAudit`` reports).
    public static func latest(in store: any EventStore) async throws -> (event: RecordedEvent, signed: ChainCheckpoint)? {
        guard let event = try await store.readStream(stream, fromVersion: 1).last, let signed = ChainCheckpoint(payload: try event.payload()) else { return nil }
        return (event, signed)
    }

    /// The receipt file: the signed head as canonical JSON and a newline.
    public var receipt: [UInt8] { CanonicalJSON.bytes(payload) + [0x0A] }

    /// Whether the signature is the key's over this head.
    public var hasValidSignature: Bool {
        guard let keyBytes = Hex.decode(publicKey), let signatureBytes = Hex.decode(signature),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes)
        else { return false }
        return key.isValidSignature(signatureBytes, for: Self.message(head: head, signedAt: signedAt))
    }

    /// A key's short fingerprint for reports: the first 16 hex characters of SHA-256 of the public key.
    public static func fingerprint(_ publicKey: String) -> String { String(ChainHasher.digest(publicKey).prefix(16)) }
}
