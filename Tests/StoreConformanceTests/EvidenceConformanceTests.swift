import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

/// design.md §7 as every store must keep it: the Merkle tree over the chain with its proofs, certified
/// purges only, guards against raw changes, and a verify that finds what an insider changed.
struct EvidenceConformanceTests {
    /// A ledger of `count` events over three streams.
    func seeded(_ kind: StoreKind, count: Int) async throws -> (StoreUnderTest, [RecordedEvent]) {
        let t = try await StoreUnderTest.make(kind)
        var events: [RecordedEvent] = []
        var versions: [String: Int64] = [:]
        for n in 0..<count {
            let stream = "body/s\(n % 3)"
            let expected: ExpectedVersion = versions[stream].map { .exactly($0) } ?? .noStream
            events += try await t.store.append(to: stream, expecting: expected, [Drafts.appointment(body: "s\(n % 3)", person: "p\(n)")])
            versions[stream] = Int64(n / 3 + 1)
        }
        return (t, events)
    }

    @Test("RFC 9162 §2.1: the tree head at every size is the root of the events' hashes; every inclusion and consistency proof checks", arguments: StoreKind.allCases)
    func treeAndProofs(kind: StoreKind) async throws {
        let (t, events) = try await seeded(kind, count: 13)
        var frontier = MerkleFrontier()
        var roots: [[UInt8]] = []
        for event in events {
            _ = frontier.append(eventHash: Hex.decode(event.hash)!)
            roots.append(frontier.root)
        }
        for size in Int64(1)...13 {
            let head = try await t.store.treeHead(size: size)
            #expect(head.rootHash == Hex.encode(roots[Int(size) - 1]) && head.headHash == events[Int(size) - 1].hash, "size \(size)")
            for seq in Int64(1)...size {
                let proof = try await t.store.inclusionProof(seq: seq, treeSize: size).map { Hex.decode($0)! }
                let leaf = MerkleHash.leaf(Hex.decode(events[Int(seq) - 1].hash)!)
                #expect(MerkleProof.verifyInclusion(leafHash: leaf, leaf: seq - 1, size: size, proof: proof, root: roots[Int(size) - 1]), "seq \(seq) in \(size)")
            }
            let consistency = try await t.store.consistencyProof(from: size, to: 13).map { Hex.decode($0)! }
            #expect(MerkleProof.verifyConsistency(old: size, oldRoot: roots[Int(size) - 1], size: 13, root: roots[12], proof: consistency), "\(size) → 13")
        }
        #expect(try await t.store.treeHead(size: nil).size == 13)
        await #expect(throws: LedgerError.self) { try await t.store.treeHead(size: 14) }
    }

    @Test("verify walks a ledger larger than the pages it reads (12,000 events: the chain and the tree's nodes read in step)", arguments: StoreKind.allCases)
    func largerThanAPage(kind: StoreKind) async throws {
        let t = try await StoreUnderTest.make(kind)
        let batches = Batches((0..<12).map { b in
            [StreamAppend(stream: "body/b\(b)", expectedVersion: .noStream, events: (0..<1000).map { Drafts.appointment(body: "b\(b)", person: "p\($0)") })]
        })
        #expect(try await t.store.appendAll { try batches.next() }.appended == 12_000)
        let report = try await t.store.verify()
        #expect(report.isIntact && report.eventsChecked == 12_000)
        try await t.dropGuards()
        try await t.execute("UPDATE merkle_nodes SET hash = \(t.zeroHash) WHERE level = 3 AND idx = 1000")
        #expect(try await t.store.verify().firstFinding?.seq == 8001)
    }

    @Test("design.md §7: a payload may be absent only where a recorded purge certificate names its event; the purge removes payload and salt, and verify passes", arguments: StoreKind.allCases)
    func certifiedPurge(kind: StoreKind) async throws {
        let (t, _) = try await seeded(kind, count: 4)
        await #expect(throws: (any Error).self) { try await t.store.purgePayloads([2]) }
        #expect(try await t.store.absentPayloadSeqs().isEmpty)
        _ = try await t.store.append(to: PurgeCertificate.stream, expecting: .noStream, [Fixture.certificate(naming: [2])])
        // The certificate names seq 2 only: seq 3 in the same call refuses the whole purge.
        await #expect(throws: (any Error).self) { try await t.store.purgePayloads([2, 3]) }
        #expect(try await t.store.purgePayloads([2]) == 1)
        #expect(try await t.store.purgePayloads([2]) == 0)
        #expect(try await t.store.absentPayloadSeqs() == [2])
        let purged = try #require(try await t.store.readAll(fromSeq: 2, limit: 1).first)
        #expect(purged.canonicalPayload == nil && purged.payloadSalt == nil)
        let report = try await t.store.verify()
        #expect(report.isIntact && report.purgedPayloads == 1 && report.eventsChecked == 5)
    }

    @Test("the database refuses raw changes to the log and the tree: UPDATE, DELETE, and a purge that keeps the salt", arguments: StoreKind.allCases)
    func guards(kind: StoreKind) async throws {
        let (t, _) = try await seeded(kind, count: 4)
        for sql in [
            "UPDATE events SET type = 'x' WHERE seq = 1", "UPDATE events SET payload = '{}' WHERE seq = 1",
            "UPDATE events SET payload = NULL, hash = 'x' WHERE seq = 1", "DELETE FROM events WHERE seq = 4", "DELETE FROM events",
            "UPDATE events SET payload = NULL WHERE seq = 2", "UPDATE merkle_nodes SET hash = \(t.zeroHash)", "DELETE FROM merkle_nodes",
        ] {
            await #expect(throws: (any Error).self, "\(sql)") { try await t.execute(sql) }
        }
        let report = try await t.store.verify()
        #expect(report.isIntact && report.eventsChecked == 4)
    }

    @Test("an insider who switched the guards off is found by verify: an edited payload, a re-spelled time, a rewritten or missing tree node, a deleted event", arguments: StoreKind.allCases)
    func insider(kind: StoreKind) async throws {
        let cases: [(sql: String, seq: Int64, kind: ChainFinding.Kind)] = [
            ("UPDATE events SET payload = replace(payload, 'p2', 'p9') WHERE seq = 3", 3, .payloadAltered),
            // The same instant spelled otherwise: an insider hoping a reader parses the time rather than hashing it.
            ("UPDATE events SET recorded_at = replace(recorded_at, '.000000Z', 'Z') WHERE seq = 2", 2, .envelopeAltered),
            ("UPDATE merkle_nodes SET hash = ZERO WHERE level = 2 AND idx = 0", 1, .treeAltered),
            ("DELETE FROM merkle_nodes WHERE level = 1 AND idx = 1", 3, .treeAltered),
            ("DELETE FROM events WHERE seq = 4", 4, .missingEvent),
        ]
        for tamper in cases {
            let (t, _) = try await seeded(kind, count: 6)
            try await t.dropGuards()
            try await t.execute(tamper.sql.replacingOccurrences(of: "ZERO", with: t.zeroHash))
            let report = try await t.store.verify()
            #expect(report.firstFinding?.seq == tamper.seq && report.firstFinding?.kind == tamper.kind, "\(tamper.sql): \(String(describing: report.firstFinding))")
        }
    }
}
