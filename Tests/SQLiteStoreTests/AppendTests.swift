import Foundation
import GRDB
import LedgerCore
import LedgerTestSupport
import SQLiteStore
import Testing

struct AppendTests {
    @Test("appends get gapless seq from 1 and versions per stream from 1, and read back identical")
    func appendAndRead() async throws {
        let ledger = try TemporaryLedger()
        let a = try await ledger.store.append(to: "body/a", expecting: .noStream, [Drafts.body("a"), Drafts.appointment(body: "a", person: "p1")])
        let b = try await ledger.store.append(to: "body/b", expecting: .noStream, [Drafts.body("b")])
        #expect((a + b).map(\.seq) == [1, 2, 3])
        #expect(a.map(\.version) == [1, 2])
        #expect(b.map(\.version) == [1])
        #expect(try await ledger.store.readAll(fromSeq: 1, limit: 10) == a + b)
        #expect(try await ledger.store.readStream("body/a", fromVersion: 2) == [a[1]])
        #expect(a[0].prevHash == ChainHasher.genesis)
        #expect(a[1].prevHash == a[0].hash)
        #expect(b[0].prevHash == a[1].hash)
        #expect(try await ledger.store.headSeq() == 3)
    }

    @Test("the streams under a prefix are read at once, each in version order, and no stream beside the prefix")
    func streamsByPrefix() async throws {
        let ledger = try TemporaryLedger()
        let a = try await ledger.store.append(to: "body/a", expecting: .noStream, [Drafts.body("a")])
        let ab = try await ledger.store.append(to: "body/ab", expecting: .noStream, [Drafts.body("ab")])
        let a1 = try await ledger.store.append(to: "body/a/1", expecting: .noStream, [Drafts.body("a1")])
        let a2 = try await ledger.store.append(to: "body/a/2", expecting: .noStream, [Drafts.body("a2"), Drafts.appointment(body: "a2", person: "p1")])
        let a1more = try await ledger.store.append(to: "body/a/1", expecting: .exactly(1), [Drafts.appointment(body: "a1", person: "p2")])
        let read = try ledger.store.readStreams(prefix: "body/a/")
        #expect(read.map(\.stream) == ["body/a/1", "body/a/2"])
        #expect(read.map(\.events) == [a1 + a1more, a2])
        #expect(try ledger.store.readStreams(prefix: "body/a").flatMap(\.events).count == a.count + ab.count + 4)
        #expect(try ledger.store.readStreams(prefix: "body/z/").isEmpty)
    }

    @Test("design.md §8: a stale expected version is a conflict and nothing of the batch is written")
    func conflict() async throws {
        let ledger = try TemporaryLedger()
        _ = try await ledger.store.append(to: "body/a", expecting: .noStream, [Drafts.body("a")])
        await #expect(throws: LedgerError(.wrongExpectedVersion, field: "expectedVersion", "")) {
            try await ledger.store.append([
                StreamAppend(stream: "body/b", expectedVersion: .noStream, events: [Drafts.body("b")]),
                StreamAppend(stream: "body/a", expectedVersion: .noStream, events: [Drafts.appointment(body: "a", person: "p1")]),
            ])
        }
        #expect(try await ledger.store.headSeq() == 1)
        #expect(try await ledger.store.readStream("body/b", fromVersion: 1).isEmpty)
    }

    @Test("design.md §8: the same id with the same content returns the stored event and writes nothing")
    func idempotentReplay() async throws {
        let ledger = try TemporaryLedger()
        let draft = Drafts.body("a")
        let first = try await ledger.store.append(to: "body/a", expecting: .noStream, [draft])
        ledger.clock.advance(seconds: 60)
        let again = try await ledger.store.append(to: "body/a", expecting: .noStream, [draft])
        #expect(again == first)
        #expect(try await ledger.store.headSeq() == 1)
    }

    @Test("design.md §8: the same id with other content is an error, not an overwrite")
    func idempotencyConflict() async throws {
        let ledger = try TemporaryLedger()
        let id = UUID().uuidString.lowercased()
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.body("a", eventID: id)])
        await #expect(throws: LedgerError(.idempotencyConflict, field: "id", "")) {
            try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.body("other", eventID: id)])
        }
        #expect(try await ledger.store.readAll(fromSeq: 1, limit: 10).map { try $0.payload()["bodyId"] } == ["a"])
    }

    @Test("design.md §8: a batch sent again with no expected version is found by its ids and writes nothing")
    func replayWithoutExpectedVersion() async throws {
        let ledger = try TemporaryLedger()
        let batch = [Drafts.body("a"), Drafts.appointment(body: "a", person: "p1")]
        let first = try await ledger.store.append(to: "body/a", expecting: .any, batch)
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.appointment(body: "a", person: "p2")])
        let again = try await ledger.store.append(to: "body/a", expecting: .any, batch)
        #expect(again == first)
        #expect(try await ledger.store.headSeq() == 3)
        #expect(try ledger.store.verifySync().isIntact)
    }

    @Test("design.md §8: a batch mixing a new event with one stored already is refused whole — a retry never half-applies")
    func mixedBatch() async throws {
        let ledger = try TemporaryLedger()
        let stored = Drafts.appointment(body: "a", person: "p1")
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.body("a"), stored])
        for batch in [[Drafts.appointment(body: "a", person: "p2"), stored], [stored, Drafts.appointment(body: "a", person: "p3")]] {
            do {
                _ = try await ledger.store.append(to: "body/a", expecting: .any, batch)
                Issue.record("accepted")
            } catch let error as LedgerError {
                #expect(error.code == .idempotencyConflict)
                #expect(error.message.contains("mixes") && error.message.contains("send the new ones alone"))
            }
        }
        #expect(try await ledger.store.headSeq() == 2)
        #expect(try ledger.store.verifySync().isIntact)
    }

    @Test("recordedAt comes from the injected clock and never decreases, even when the clock goes back")
    func recordedAtNeverDecreases() async throws {
        let ledger = try TemporaryLedger(start: "2026-01-05T09:00:00Z")
        let first = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.body("a")])
        ledger.clock.set(Timestamp(rfc3339: "2025-12-31T00:00:00Z")!)
        let second = try await ledger.store.append(to: "body/b", expecting: .any, [Drafts.body("b")])
        #expect(first[0].recordedAt.description == "2026-01-05T09:00:00.000000Z")
        #expect(second[0].recordedAt == first[0].recordedAt)
        let inRange = try await ledger.store.readRecorded(from: Timestamp(rfc3339: "2026-01-05T00:00:00Z")!, to: Timestamp(rfc3339: "2026-01-06T00:00:00Z")!)
        #expect(inRange.count == 2)
        #expect(try await ledger.store.readRecorded(from: Timestamp(rfc3339: "2026-01-06T00:00:00Z")!, to: Timestamp(rfc3339: "2027-01-01T00:00:00Z")!).isEmpty)
    }

    @Test("concurrent writers expecting the same version: exactly one wins, the other gets a conflict")
    func concurrentWriters() async throws {
        let ledger = try TemporaryLedger()
        _ = try await ledger.store.append(to: "body/a", expecting: .noStream, [Drafts.body("a")])
        let other = try SQLiteEventStore(path: ledger.path, clock: ledger.clock)
        let stores: [SQLiteEventStore] = [ledger.store, other]
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    do {
                        _ = try await store.append(to: "body/a", expecting: .exactly(1), [Drafts.appointment(body: "a", person: "p\(index)")])
                        return true
                    } catch { return false }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try await ledger.store.headSeq() == 2)
    }

    @Test("a malformed envelope is refused before anything is written, naming the field")
    func envelopeRules() async throws {
        let ledger = try TemporaryLedger()
        var bad = Drafts.body("a", eventID: "NOT-A-UUID")
        await #expect(throws: LedgerError.invalid("id", "")) { try await ledger.store.append(to: "body/a", expecting: .any, [bad]) }
        bad = Drafts.body("a")
        await #expect(throws: LedgerError.invalid("stream", "")) { try await ledger.store.append(to: "body a", expecting: .any, [bad]) }
        #expect(try await ledger.store.headSeq() == 0)
    }

    @Test("the catch-up subscription yields stored events, then new ones as they are appended")
    func subscription() async throws {
        let ledger = try TemporaryLedger()
        _ = try await ledger.store.append(to: "body/a", expecting: .any, [Drafts.body("a")])
        var iterator = ledger.store.subscribe(fromSeq: 1, pollInterval: .milliseconds(10)).makeAsyncIterator()
        #expect(try await iterator.next()?.seq == 1)
        _ = try await ledger.store.append(to: "body/b", expecting: .any, [Drafts.body("b")])
        #expect(try await iterator.next()?.seq == 2)
    }
}
