import LedgerCore
import LedgerTestSupport
import Testing

/// Reads that follow the selection (issue 12 §2): a body's events come from its own streams, read by
/// name and by prefix on the stream index — and they are exactly the events a scan of the whole ledger
/// would give to the body (``ExportBundle/Selection/body(of:)``), on either store.
struct SelectionConformanceTests {
    static let streams = [
        "body/b", "body/b2", "body/bb", "body/b/x", "methodology/b", "methodology/b/x", "attestation/b", "attestation/b/c1",
        "attestation/bb/c1", "case/annual/b/2018/p1", "case/annual/b/2018/p2", "case/annual/bb/2018/p1", "case/annual/b",
        "case/quarterly/b/2024/s1", "case/attestation/b/2017/a1", "case/other/b/2018/p1", "access/case/annual/b/2018/p1",
        "access/case/annual/b2/2018/p1", "findings/case/quarterly/b/2024/s1", "access/body/b", "retention", "calendar", "checkpoints",
    ]

    @Test("a body's events are its own streams' — read by name and prefix, the same as a scan of the ledger gives it", arguments: StoreKind.allCases)
    func bodyEvents(kind: StoreKind) async throws {
        let t = try await StoreUnderTest.make(kind)
        for (n, stream) in Self.streams.enumerated() {
            _ = try await t.store.append(to: stream, expecting: .noStream, [Drafts.body("x\(n)"), Drafts.body("y\(n)")])
        }
        let all = try await t.store.readAll(fromSeq: 1, limit: 1000)
        for body in ["b", "bb", "b2"] {
            let scanned = all.filter { ExportBundle.Selection.body(of: $0.stream) == body }
            let read = try await BodyStreams.events(of: body, in: t.store)
            #expect(read == scanned, "body \(body): \(Set(read.map(\.stream)).symmetricDifference(scanned.map(\.stream)))")
        }
        let mine = Set(try await BodyStreams.events(of: "b", in: t.store).map(\.stream))
        #expect(mine == ["body/b", "methodology/b", "attestation/b", "attestation/b/c1", "case/annual/b/2018/p1", "case/annual/b/2018/p2",
                         "case/annual/b", "case/quarterly/b/2024/s1", "case/attestation/b/2017/a1", "access/case/annual/b/2018/p1",
                         "findings/case/quarterly/b/2024/s1", "access/body/b"])
        // A body's events a page at a time: the same events, in ledger order, never more than a page held.
        var pages: [[RecordedEvent]] = []
        try await BodyStreams.forEachPage(of: "b", in: t.store, pageSize: 3) { pages.append($0) }
        #expect(pages.allSatisfy { $0.count <= 3 } && pages.flatMap { $0 } == all.filter { ExportBundle.Selection.body(of: $0.stream) == "b" })
        // Positions from the stream index (by name and by prefix, an unknown name adding none), and the events at them.
        let positions = try await t.store.seqs(streams: ["body/b", "body/none"], prefixes: ["case/annual/b/"])
        #expect(positions == all.filter { $0.stream == "body/b" || $0.stream.hasPrefix("case/annual/b/") }.map(\.seq))
        #expect(try await t.store.readEvents(at: positions) == all.filter { positions.contains($0.seq) })
        #expect(try await t.store.readEvents(at: [positions[1], positions[0], 10_000]).map(\.seq) == [positions[0], positions[1]])
        // The first event of each stream named, none for a stream with no event.
        let openings = try await t.store.firstEvents(of: ["body/b", "case/annual/b/2018/p2", "body/none"])
        #expect(openings.count == 2 && openings["body/b"] == all.first { $0.stream == "body/b" } && openings["case/annual/b/2018/p2"]?.version == 1
                && openings["case/annual/b/2018/p2"] == all.first { $0.stream == "case/annual/b/2018/p2" })
        // A page of stream names: the first ones, the ones after a name, none past the prefix's end.
        #expect(try await t.store.streamNames(prefix: "case/", after: nil, limit: 3) == ["case/annual/b", "case/annual/b/2018/p1", "case/annual/b/2018/p2"])
        #expect(try await t.store.streamNames(prefix: "case/", after: "case/annual/b/2018/p2", limit: 2) == ["case/annual/bb/2018/p1", "case/attestation/b/2017/a1"])
        #expect(try await t.store.streamNames(prefix: "case/annual/b/", after: "case/annual/a", limit: 5) == ["case/annual/b/2018/p1", "case/annual/b/2018/p2"])
        #expect(try await t.store.streamNames(prefix: "case/annual/b/", after: "case/annual/b/2018/p2", limit: 5).isEmpty)
        let cases = try await t.store.readStreams(prefix: "case/annual/b/")
        #expect(cases.map(\.stream) == ["case/annual/b/2018/p1", "case/annual/b/2018/p2"] && cases.allSatisfy { $0.events.map(\.version) == [1, 2] })
        // A stream's first events without the rest, and none past its end.
        let whole = try await t.store.readStream("body/b", fromVersion: 1)
        #expect(try await t.store.readStream("body/b", fromVersion: 1, limit: 1) == Array(whole.prefix(1)))
        #expect(try await t.store.readStream("body/b", fromVersion: 2, limit: 5) == Array(whole.suffix(1)))
        #expect(try await t.store.readStream("body/b", fromVersion: 3, limit: 5).isEmpty)
    }
}
