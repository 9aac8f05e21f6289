import Crypto

/// A signed statement of the chain's head (issue 6): the ledger records, from time to time, the seq and
/// hash of its last event signed with an Ed25519 key (swift-crypto). The signature covers the canonical
/// JSON `{"headHash":…,"headSeq":…}`; the checkpoint is itself an event of the chain, on the stream
/// `ledger/checkpoints`, so a bundle can carry it as evidence for every event up to its head.
public struct ChainCheckpoint: Sendable, Equatable {
    public let headSeq: Int64
    public let headHash: String
    /// The Ed25519 public key, 64 lower-case hex characters.
    public let publicKey: String
    /// The Ed25519 signature, 128 lower-case hex characters.
    public let signature: String

    public static let stream = "ledger/checkpoints"
    public static let descriptor = EventTypeDescriptor(
        type: "ledger.checkpoint-signed", schemaVersion: 1,
        summary: "The ledger signs its chain head with its Ed25519 key",
        payload: .object([
            .required("headSeq", .integer(minimum: 1), "the last event the checkpoint covers"),
            .required("headHash", .sha256, "that event's hash"),
            .required("publicKey", .string(minLength: 64, maxLength: 64), "the Ed25519 public key, hex"),
            .required("signature", .string(minLength: 128, maxLength: 128), "Ed25519 over the canonical {headHash, headSeq}, hex"),
        ]))

    /// The bytes the key signs.
    public static func message(headSeq: Int64, headHash: String) -> [UInt8] {
        CanonicalJSON.bytes(.object([("headHash", .string(headHash)), ("headSeq", .integer(headSeq))]))
    }

    /// Signs the head with `key`.
    public static func sign(headSeq: Int64, headHash: String, key: Curve25519.Signing.PrivateKey) throws -> ChainCheckpoint {
        let signature = try key.signature(for: message(headSeq: headSeq, headHash: headHash))
        return ChainCheckpoint(
            headSeq: headSeq, headHash: headHash, publicKey: Hex.encode(Array(key.publicKey.rawRepresentation)), signature: Hex.encode(Array(signature)))
    }

    public init(headSeq: Int64, headHash: String, publicKey: String, signature: String) {
        self.headSeq = headSeq
        self.headHash = headHash
        self.publicKey = publicKey
        self.signature = signature
    }

    /// Reads a checkpoint event's payload; nil when it is not one.
    public init?(payload: JSONValue) {
        guard let seq = payload["headSeq"]?.integerValue, let hash = payload["headHash"]?.stringValue,
            let key = payload["publicKey"]?.stringValue, let signature = payload["signature"]?.stringValue
        else { return nil }
        self.init(headSeq: seq, headHash: hash, publicKey: key, signature: signature)
    }

    public var payload: JSONValue {
        .object([("headSeq", .integer(headSeq)), ("headHash", .string(headHash)), ("publicKey", .string(publicKey)), ("signature", .string(signature))])
    }

    /// Whether the signature is the key's over this head.
    public var hasValidSignature: Bool {
        guard let keyBytes = Hex.decode(publicKey), let signatureBytes = Hex.decode(signature),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes)
        else { return false }
        return key.isValidSignature(signatureBytes, for: Self.message(headSeq: headSeq, headHash: headHash))
    }

    /// A key's short fingerprint for reports: the first 16 hex characters of SHA-256 of the public key.
    public static func fingerprint(_ publicKey: String) -> String { String(ChainHasher.digest(publicKey).prefix(16)) }
}
