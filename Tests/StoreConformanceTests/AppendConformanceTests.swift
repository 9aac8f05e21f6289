import LedgerCore
import LedgerTestSupport
import Testing

/// design.md §6 and §8 as every store must keep them: gapless positions, versions per stream, the chain,
/// expected versions, idempotency, all-or-nothing batches — the same assertions for SQLite and PostgreSQL.
struct AppendConformanceTests {
    @Test("appends get gapless seq from 1 and versions per stream from 1, chained, and read back identical", arguments: StoreKind.allCases)
    func appendAndRead(kind: StoreKind) async throws {
        let t = try await StoreUnderTest.make(kind)
        let a = try await t.store.append(to: "body/a", expecting: .noStream, [Drafts.body("a"), Drafts.appointment(body: "a", person: "p1")])
        let b = try await t.store.append(to: "body/b", expecting: .noStream, [Drafts.body("b")])
        #expect((a + b).map(\.seq) == [1, 2, 3])
        #expect(a.map(\.version) == [1, 2] && b.map(\.version) == [1])
        #expect(try await t.store.readAll(fromSeq: 1, limit: 10) == a + b)
        #expect(try await t.store.readAll(fromSeq: 2, limit: 1) == [a[1]])
        #expect(try await t.store.readStream("body/a", fromVersion: 2) == [a[1]])
        #expect(a[0].prevHash == ChainHasher.genesis && a[1].prevHash == a[0].hash && b[0].prevHash == a[1].hash)
        #expect(try await t.store.headSeq() == 3)
        #expect(try await t.store.event(id: a[1].id) == a[1])
        #expect(try await t.store.event(id: "no-such-id") == nil)
        let report = try await t.store.verify()
        #expect(report.isIntact && report.eventsChecked == 3 && report.headHash == b[0].hash)
    }

    @Test("design.md §8: a stale expected version is a conflict, and nothing of the call is written (not even its other streams)", arguments: StoreKind.allCases)
    func conflict(kind: StoreKind) async throws {
        let t = try await StoreUnderTest.make(kind)
        _ = try await t.store.append(to: "body/a", expecting: .noStream, [Drafts.body("a")])
        await #expect(throws: LedgerError(.wrongExpectedVersion, field: "expectedVersion", "")) {
            try await t.store.append([
                StreamAppend(stream: "body/b", expectedVersion: .noStream, events: [Drafts.body("b")]),
                StreamAppend(stream: "body/a", expectedVersion: .noStream, events: [Drafts.appointment(body: "a", person: "p1")]),
            ])
        }
        await #expect(throws: LedgerError(.wrongExpectedVersion, field: "expectedVersion", "")) {
            try await t.store.append(to: "body/a", expecting: .exactly(2), [Drafts.appointment(body: "a", person: "p1")])
        }
        #expect(try await t.store.headSeq() == 1)
        #expect(try await t.store.readStream("body/b", fromVersion: 1).isEmpty)
        let next = try await t.store.append(to: "body/a", expecting: .exactly(1), [Drafts.appointment(body: "a", person: "p1")])
        #expect(next.map(\.seq) == [2] && next.map(\.version) == [2])
    }

    @Test("design.md §8: the same id with the same content returns the stored event and writes nothing; with other content it is refused", arguments: StoreKind.allCases)
    func idempotency(kind: StoreKind) async throws {
        let t = try await StoreUnderTest.make(kind)
        let draft = Drafts.body("a")
        let first = try await t.store.append(to: "body/a", expecting: .noStream, [draft])
        t.clock.advance(seconds: 60)
        // Re-sent after the stream moved on: still a replay, not a conflict.
        _ = try await t.store.append(to: "body/a", expecting: .exactly(1), [Drafts.appointment(body: "a", person: "p1")])
        let again = try await t.store.append(to: "body/a", expecting: .noStream, [draft])
        #expect(again == first)
        #expect(try await t.store.headSeq() == 2)
        let other = Drafts.body("b", eventID: draft.id)
        await #expect(throws: LedgerError(.idempotencyConflict, field: "id", "")) {
            try await t.store.append(to: "body/a", expecting: .any, [other])
        }
        // A batch that mixes a stored event with a new one is refused whole.
        await #expect(throws: LedgerError(.idempotencyConflict, field: "id", "")) {
            try await t.store.append(to: "body/a", expecting: .any, [draft, Drafts.appointment(body: "a", person: "p9")])
        }
        #expect(try await t.store.headSeq() == 2)
    }

    @Test("appendAll stores every batch in one transaction: a failing batch leaves nothing; a re-run counts what was stored", arguments: StoreKind.allCases)
    func appendAll(kind: StoreKind) async throws {
        let t = try await StoreUnderTest.make(kind)
        let batches = (0..<5).map { n in [StreamAppend(stream: "body/b\(n)", expectedVersion: .noStream, events: [Drafts.body("b\(n)"), Drafts.appointment(body: "b\(n)", person: "p\(n)")])] }
        let failing = Batches(batches, failAt: 3)
        await #expect(throws: LedgerError.self) { try await t.store.appendAll { try failing.next() } }
        #expect(try await t.store.headSeq() == 0)
        let whole = Batches(batches)
        let summary = try await t.store.appendAll { try whole.next() }
        #expect(summary.appended == 10 && summary.alreadyStored == 0 && summary.firstSeq == 1 && summary.lastSeq == 10)
        let replay = Batches(batches)
        let again = try await t.store.appendAll { try replay.next() }
        #expect(again.appended == 0 && again.alreadyStored == 10)
        #expect(try await t.store.verify().isIntact)
    }

    @Test("concurrent appends: on one stream at one expected version exactly one wins; on distinct streams all land, gapless", arguments: StoreKind.allCases)
    func concurrency(kind: StoreKind) async throws {
        let t = try await StoreUnderTest.make(kind)
        _ = try await t.store.append(to: "body/a", expecting: .noStream, [Drafts.body("a")])
        let store = t.store
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for n in 0..<8 {
                group.addTask { (try? await store.append(to: "body/a", expecting: .exactly(1), [Drafts.appointment(body: "a", person: "p\(n)")])) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<16 {
                group.addTask { _ = try await store.append(to: "body/c\(n)", expecting: .noStream, [Drafts.body("c\(n)")]) }
            }
            try await group.waitForAll()
        }
        let all = try await t.store.readAll(fromSeq: 1, limit: 100)
        #expect(all.map(\.seq) == Array(1...18))
        #expect(try await t.store.verify().isIntact)
    }

    @Test("reads: by recorded time (a half-open range), stream names by prefix (a prefix, not a pattern)", arguments: StoreKind.allCases)
    func reads(kind: StoreKind) async throws {
        let t = try await StoreUnderTest.make(kind, start: "2026-01-05T09:00:00Z")
        _ = try await t.store.append(to: "body/a", expecting: .noStream, [Drafts.body("a")])
        t.clock.advance(seconds: 3600)
        let middle = try await t.store.append(to: "body/ab", expecting: .noStream, [Drafts.body("ab")])
        t.clock.advance(seconds: 3600)
        _ = try await t.store.append(to: "body/a/1", expecting: .noStream, [Drafts.body("a1")])
        _ = try await t.store.append(to: "body/a_2", expecting: .noStream, [Drafts.body("a_2")])
        let from = Timestamp(rfc3339: "2026-01-05T10:00:00Z")!, to = Timestamp(rfc3339: "2026-01-05T11:00:00Z")!
        #expect(try await t.store.readRecorded(from: from, to: to) == middle)
        #expect(try await t.store.readRecorded(from: to, to: Timestamp(rfc3339: "2027-01-01T00:00:00Z")!).map(\.seq) == [3, 4])
        #expect(try await t.store.streamNames(prefix: "body/a/") == ["body/a/1"])
        #expect(try await t.store.streamNames(prefix: "body/a") == ["body/a", "body/a/1", "body/a_2", "body/ab"])
        #expect(try await t.store.streamNames(prefix: "body/a_").count == 1)
        #expect(try await t.store.streamNames(prefix: "nobody").isEmpty)
    }
}

/// Batches handed out one by one, optionally failing at one of them (as a bad line of an import does).
final class Batches: @unchecked Sendable {
    // @unchecked: `next` is called by one writer at a time.
    private let batches: [[StreamAppend]]
    private let failAt: Int?
    private var position = 0

    init(_ batches: [[StreamAppend]], failAt: Int? = nil) {
        self.batches = batches
        self.failAt = failAt
    }

    func next() throws -> [StreamAppend]? {
        defer { position += 1 }
        if position == failAt { throw LedgerError(.invalidEvent, field: "line", "batch \(position) is bad") }
        return position < batches.count ? batches[position] : nil
    }
}
