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

    /// Records a signed tree head of the ledger as it is (nothing when the head is a checkpoint already).
    @discardableResult
    static func checkpoint(_ store: SQLiteEventStore, keyPath: String) async throws -> (event: RecordedEvent, signed: ChainCheckpoint)? {
        let key = try load(keyPath)
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
