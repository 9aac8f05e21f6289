import Crypto
import Evaluation
import Foundation
import LedgerCore
import SQLiteStore

/// The ledger's Ed25519 signing key, kept in a file of 64 hex characters readable by its owner only.
enum SigningKey {
    static func generate(to path: String) throws -> Curve25519.Signing.PrivateKey {
        guard !FileManager.default.fileExists(atPath: path) else { throw CLIFailure.badInput("\(path) exists already; it was left untouched") }
        let key = Curve25519.Signing.PrivateKey()
        guard FileManager.default.createFile(atPath: path, contents: Data(Hex.encode(Array(key.rawRepresentation)).utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CLIFailure.storage("cannot write \(path)")
        }
        return key
    }

    static func load(_ path: String) throws -> Curve25519.Signing.PrivateKey {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure.noFile(path) }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.decode(text), bytes.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes) else {
            throw CLIFailure.badInput("\(path): not an Ed25519 private key (64 lower-case hex characters, as `bagalau keygen` writes)")
        }
        return key
    }

    /// The key named by `BAGALAU_SIGNING_KEY`, if set: `acts` and `import` then sign the head after writing.
    static var fromEnvironment: String? { ProcessInfo.processInfo.environment["BAGALAU_SIGNING_KEY"] }

    /// Records a signed checkpoint of the current head (nothing when the head is a checkpoint already).
    @discardableResult
    static func checkpoint(_ store: SQLiteEventStore, keyPath: String) async throws -> RecordedEvent? {
        let key = try load(keyPath)
        let head = try await store.headSeq()
        guard head > 0, let last = try await store.readAll(fromSeq: head, limit: 1).first, last.stream != ChainCheckpoint.stream else { return nil }
        let signed = try ChainCheckpoint.sign(headSeq: last.seq, headHash: last.hash, key: key)
        let descriptor = ChainCheckpoint.descriptor
        let draft = EventDraft(type: descriptor.type, schemaVersion: descriptor.schemaVersion, occurredAt: SystemClock().now(),
                               actor: Actor(person: "ledger", role: "ledger"), payload: signed.payload)
        let checkpoints = try await store.readStream(ChainCheckpoint.stream, fromVersion: 1)
        return try await Ledger(store: store, catalog: BagalauCatalog.all).record(to: ChainCheckpoint.stream, expecting: checkpoints.last.map { .exactly($0.version) } ?? .noStream, [draft]).first
    }

    /// Checks every checkpoint of the ledger: a valid signature over a head the chain really has, and,
    /// when given, the trusted key.
    static func verifyCheckpoints(_ store: SQLiteEventStore, trustedKey: String?) async throws -> (count: Int, lastHead: Int64?, keys: Set<String>) {
        var keys: Set<String> = [], lastHead: Int64?
        let checkpoints = try await store.readStream(ChainCheckpoint.stream, fromVersion: 1)
        for event in checkpoints {
            guard let signed = ChainCheckpoint(payload: try event.payload()) else {
                throw CLIFailure.chainBroken("checkpoint at seq \(event.seq) is unreadable")
            }
            guard signed.hasValidSignature else { throw CLIFailure.chainBroken("checkpoint at seq \(event.seq): the signature is not valid") }
            if let trustedKey, signed.publicKey != trustedKey {
                throw CLIFailure.chainBroken("checkpoint at seq \(event.seq) is signed by key \(ChainCheckpoint.fingerprint(signed.publicKey)), not the trusted key")
            }
            guard let head = try await store.readAll(fromSeq: signed.headSeq, limit: 1).first, head.seq == signed.headSeq, head.hash == signed.headHash else {
                throw CLIFailure.chainBroken("checkpoint at seq \(event.seq) signs seq \(signed.headSeq) with a hash the ledger does not hold there")
            }
            keys.insert(ChainCheckpoint.fingerprint(signed.publicKey))
            lastHead = signed.headSeq
        }
        return (checkpoints.count, lastHead, keys)
    }
}
