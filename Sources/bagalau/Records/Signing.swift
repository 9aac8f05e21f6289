import BagalauServer
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

    /// The signer of the key file given, else of `BAGALAU_SIGNING_KEY`; nil when neither names one.
    static func signer(_ path: String?) throws -> TreeHeadSigner? {
        try (path ?? fromEnvironment).map { TreeHeadSigner(key: try load($0)) }
    }

    /// Records a signed tree head of the ledger as it is, with the key in `keyPath` (``TreeHeadSigner``).
    @discardableResult
    static func checkpoint(_ store: any EventStore, keyPath: String) async throws -> (event: RecordedEvent, signed: ChainCheckpoint)? {
        try await TreeHeadSigner(key: try load(keyPath)).sign(store)
    }
}
