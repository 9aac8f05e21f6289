import Crypto
import Foundation
import Testing

@testable import LedgerCore

/// Signed tree heads and export bundles with inclusion proofs, on a synthetic chain (design.md §7, issue 11 §2–§3).
struct CheckpointAndBundleTests {
    /// A fixed test key (32 bytes), so that no non-Sendable key is shared between tests.
    static var key: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32)) }
    static let signedAt = Timestamp(rfc3339: "2026-12-03T09:00:00Z")!
    static let caseStream = "case/annual/b/2018/p1"

    /// Two events of a case, one of another body, a purge certificate naming the case's first event:
    /// four linked events; `purged` removes that payload as a certified purge would.
    static func ledger(purged: Bool = false) -> [RecordedEvent] {
        let first = ChainTests.event(seq: 1, stream: caseStream, version: 1, prevHash: ChainHasher.genesis, payload: ["grade": "effective"])
        let second = ChainTests.event(seq: 2, stream: "body/c", version: 1, prevHash: first.hash, payload: ["name": "other"])
        let third = ChainTests.event(seq: 3, stream: caseStream, version: 2, prevHash: second.hash, payload: ["vote": "for"])
        let certificate = ChainTests.event(
            seq: 4, stream: PurgeCertificate.stream, version: 1, type: PurgeCertificate.type, prevHash: third.hash,
            payload: ["cases": [["caseStream": .string(caseStream), "events": [["seq": 1, "type": "test.event", "payloadDigest": .string(first.payloadDigest)]]]]])
        return [purged ? ChainTests.replacingPayload(of: first, with: nil) : first, second, third, certificate]
    }

    static func head(_ events: [RecordedEvent]) throws -> ChainCheckpoint {
        let root = LeafList.mth(LeafList(events: events).leaves)
        return try ChainCheckpoint.sign(TreeHead(size: Int64(events.count), rootHash: Hex.encode(root), headHash: events.last!.hash), at: signedAt, key: key)
    }

    static func bundle(_ selection: ExportBundle.Selection, _ events: [RecordedEvent], carrying selected: [RecordedEvent], certificates: [RecordedEvent] = [], boundaries: [RecordedEvent] = []) throws -> [UInt8] {
        let nodes = LeafList(events: events)
        var proofs: [Int64: [String]] = [:]
        for event in selected + certificates + boundaries {
            proofs[event.seq] = try MerkleProof.inclusion(leaf: event.seq - 1, size: Int64(events.count), nodes: nodes).map { Hex.encode($0) }
        }
        return ExportBundle.make(selection: selection, treeHead: try head(events), selected: selected, certificates: certificates, boundaries: boundaries, proofs: proofs)
    }

    @Test("a signed tree head's Ed25519 signature covers size, head hash, root and time: another of any, or another key, does not verify")
    func signatures() throws {
        let head = TreeHead(size: 3, rootHash: String(repeating: "c", count: 64), headHash: String(repeating: "a", count: 64))
        let signed = try ChainCheckpoint.sign(head, at: Self.signedAt, key: Self.key)
        #expect(signed.hasValidSignature)
        #expect(ChainCheckpoint(payload: signed.payload) == signed)
        func resigned(_ head: TreeHead, at: Timestamp = Self.signedAt, key: String? = nil) -> ChainCheckpoint {
            ChainCheckpoint(head: head, signedAt: at, publicKey: key ?? signed.publicKey, signature: signed.signature)
        }
        #expect(!resigned(TreeHead(size: 4, rootHash: head.rootHash, headHash: head.headHash)).hasValidSignature)
        #expect(!resigned(TreeHead(size: 3, rootHash: head.rootHash, headHash: String(repeating: "b", count: 64))).hasValidSignature)
        #expect(!resigned(TreeHead(size: 3, rootHash: String(repeating: "d", count: 64), headHash: head.headHash)).hasValidSignature)
        #expect(!resigned(head, at: Timestamp(rfc3339: "2026-12-04T09:00:00Z")!).hasValidSignature)
        let other = Hex.encode(Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation))
        #expect(!resigned(head, key: other).hasValidSignature)
        #expect(Hex.decode(signed.publicKey).map(Hex.encode) == signed.publicKey)
        #expect(Hex.decode("0A") == nil && Hex.decode("abc") == nil)
    }

    @Test("a case bundle carries the case's events only, each proved against the signed root; a changed payload, envelope, selection, key or dropped event fails")
    func caseBundle() throws {
        let events = Self.ledger(), selected = [events[0], events[2]]
        let bytes = try Self.bundle(.stream(Self.caseStream), events, carrying: selected)
        let report = try ExportBundle.verify(bytes)
        #expect(report.selected == 2 && report.eventsChecked == 2 && report.checkpointSeq == 4 && report.purged == 0)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("\"other\""))  // the other body's event is not in the bundle at all
        func altered(_ from: String, _ to: String) throws -> [UInt8] {
            #expect(text.contains(from))
            return Array(text.replacingOccurrences(of: from, with: to).utf8)
        }
        for (from, to) in [("\"effective\"", "\"excellent\""), ("\"hr-1\"", "\"hr-2\""), (Self.caseStream, "case/annual/b/2018/p2"), ("\"vote\":\"for\"", "\"vote\":\"against\"")] {
            #expect(throws: ExportBundle.Failure.self, "\(from) → \(to)") { _ = try ExportBundle.verify(try altered(from, to)) }
        }
        #expect(throws: ExportBundle.Failure.self) { _ = try ExportBundle.verify(Array((text + " ").utf8)) }
        let stranger = Hex.encode(Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation))
        #expect(throws: ExportBundle.Failure.self) { _ = try ExportBundle.verify(bytes, trustedKey: stranger) }
        // Dropping the case's first event makes it look complete when it is not: refused.
        #expect(throws: ExportBundle.Failure.self) { _ = try ExportBundle.verify(try Self.bundle(.stream(Self.caseStream), events, carrying: [events[2]])) }
        // Another body's event slipped in: refused.
        #expect(throws: ExportBundle.Failure.self) { _ = try ExportBundle.verify(try Self.bundle(.stream(Self.caseStream), events, carrying: events)) }
    }

    @Test("issue 11: a purged payload travels as null only with the purge certificate that names it; an exporter nulling a payload is caught")
    func purgedPayloadNeedsItsCertificate() throws {
        let purged = Self.ledger(purged: true)
        let certified = try ExportBundle.verify(try Self.bundle(.stream(Self.caseStream), purged, carrying: [purged[0], purged[2]], certificates: [purged[3]]))
        #expect(certified.selected == 2 && certified.purged == 1 && certified.eventsChecked == 3)
        #expect(throws: ExportBundle.Failure.self) { _ = try ExportBundle.verify(try Self.bundle(.stream(Self.caseStream), purged, carrying: [purged[0], purged[2]])) }
        // The third event's payload hidden by the exporter: no certificate names it.
        let events = Self.ledger()
        let hidden = ChainTests.replacingPayload(of: events[2], with: nil)
        #expect(throws: ExportBundle.Failure(reason: "seq 3: the payload is absent and no purge certificate in the bundle names it: an act was hidden")) {
            _ = try ExportBundle.verify(try Self.bundle(.stream(Self.caseStream), events, carrying: [events[0], hidden], certificates: [events[3]]))
        }
    }

    @Test("a period bundle shows the events just outside it, so that none inside can be left out")
    func periodBundle() throws {
        let events = Self.ledger()
        let period = ExportBundle.Selection.period(from: events[1].recordedAt, to: events[3].recordedAt)
        let report = try ExportBundle.verify(try Self.bundle(period, events, carrying: [events[1], events[2]], boundaries: [events[0], events[3]]))
        #expect(report.selected == 2)
        #expect(throws: ExportBundle.Failure.self) { _ = try ExportBundle.verify(try Self.bundle(period, events, carrying: [events[1], events[2]], boundaries: [events[0]])) }
        #expect(throws: ExportBundle.Failure.self) { _ = try ExportBundle.verify(try Self.bundle(period, events, carrying: [events[1]], boundaries: [events[0], events[3]])) }
        #expect(ExportBundle.Selection.body(of: "access/case/quarterly/m/2024/s1") == "m" && ExportBundle.Selection.body(of: "commission/c-1") == nil)
    }
}
