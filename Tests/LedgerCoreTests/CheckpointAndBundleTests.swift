import Crypto
import Foundation
import Testing

@testable import LedgerCore

/// Signed checkpoints and export bundles on a synthetic chain (issue 6 §3–§4).
struct CheckpointAndBundleTests {
    /// A fixed test key (32 bytes), so that no non-Sendable key is shared between tests.
    static var key: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32)) }

    /// Two events of a case, one of another body, then a checkpoint of the head: four linked events.
    static func ledger() throws -> [RecordedEvent] {
        let first = ChainTests.event(seq: 1, stream: "case/annual/b/2018/p1", version: 1, prevHash: ChainHasher.genesis, payload: ["grade": "effective"])
        let second = ChainTests.event(seq: 2, stream: "body/c", version: 1, prevHash: first.hash, payload: ["name": "other"])
        let third = ChainTests.event(seq: 3, stream: "case/annual/b/2018/p1", version: 2, prevHash: second.hash, payload: ["vote": "for"])
        let signed = try ChainCheckpoint.sign(headSeq: 3, headHash: third.hash, key: key)
        let checkpoint = ChainTests.event(seq: 4, stream: ChainCheckpoint.stream, version: 1, prevHash: third.hash, payload: signed.payload)
        return [first, second, third, checkpoint]
    }

    @Test("a checkpoint's Ed25519 signature covers seq and head hash: another hash, seq or key does not verify")
    func signatures() throws {
        let signed = try ChainCheckpoint.sign(headSeq: 3, headHash: String(repeating: "a", count: 64), key: Self.key)
        #expect(signed.hasValidSignature)
        #expect(!ChainCheckpoint(headSeq: 4, headHash: signed.headHash, publicKey: signed.publicKey, signature: signed.signature).hasValidSignature)
        #expect(!ChainCheckpoint(headSeq: 3, headHash: String(repeating: "b", count: 64), publicKey: signed.publicKey, signature: signed.signature).hasValidSignature)
        let other = Hex.encode(Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation))
        #expect(!ChainCheckpoint(headSeq: 3, headHash: signed.headHash, publicKey: other, signature: signed.signature).hasValidSignature)
        #expect(Hex.decode(signed.publicKey).map(Hex.encode) == signed.publicKey)
        #expect(Hex.decode("0A") == nil && Hex.decode("abc") == nil)
    }

    @Test("a case bundle carries the case's payloads only, verifies offline, and fails when its selection, a payload, an envelope or the key is changed")
    func caseBundle() throws {
        let events = try Self.ledger()
        let bytes = try ExportBundle.make(selection: .stream("case/annual/b/2018/p1"), chain: events, checkpoint: events[3])
        let report = try ExportBundle.verify(bytes)
        #expect(report.selected == 2 && report.eventsChecked == 4 && report.checkpointSeq == 4)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("\"other\""))  // the other body's payload is not exported, only its envelope
        func altered(_ from: String, _ to: String) throws -> [UInt8] {
            #expect(text.contains(from))
            return Array(text.replacingOccurrences(of: from, with: to).utf8)
        }
        for (from, to) in [("\"effective\"", "\"excellent\""), ("\"hr-1\"", "\"hr-2\""), ("case/annual/b/2018/p1", "case/annual/b/2018/p2"), ("\"vote\":\"for\"", "\"vote\":\"against\"")] {
            #expect(throws: ExportBundle.Failure.self, "\(from) → \(to)") { _ = try ExportBundle.verify(try altered(from, to)) }
        }
        #expect(throws: ExportBundle.Failure.self) { _ = try ExportBundle.verify(Array((text + " ").utf8)) }
        let stranger = Hex.encode(Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation))
        #expect(throws: ExportBundle.Failure.self) { _ = try ExportBundle.verify(bytes, trustedKey: stranger) }
        // Dropping the case's first event makes it look complete when it is not: refused.
        #expect(throws: ExportBundle.Failure.self) {
            _ = try ExportBundle.verify(try ExportBundle.make(selection: .stream("case/annual/b/2018/p1"), chain: Array(events.dropFirst()), checkpoint: events[3]))
        }
    }

    @Test("a body bundle starts at the ledger's first event; a purged payload travels as null and still verifies by its digest in the chain")
    func bodyBundleWithPurge() throws {
        var events = try Self.ledger()
        events[0] = ChainTests.replacingPayload(of: events[0], with: nil)
        let bytes = try ExportBundle.make(selection: .body("b"), chain: events, checkpoint: events[3])
        let report = try ExportBundle.verify(bytes)
        #expect(report.selected == 2 && report.purged == 1)
        #expect(throws: ExportBundle.Failure.self) {
            _ = try ExportBundle.verify(try ExportBundle.make(selection: .body("b"), chain: Array(events.dropFirst()), checkpoint: events[3]))
        }
        #expect(ExportBundle.Selection.body(of: "access/case/quarterly/m/2024/s1") == "m" && ExportBundle.Selection.body(of: "commission/c-1") == nil)
    }
}
