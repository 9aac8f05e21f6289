import Foundation
import LedgerCore
import LedgerTestSupport
import SQLiteStore
import Testing

/// Concurrent appends share commits (the group commit), each still decided on its own expected version.
struct GroupCommitTests {
    @Test("64 appends at once to 62 bodies and twice to two more: every body once, exactly one of each pair refused as stale, seq gapless, the chain intact")
    func concurrentAppends() async throws {
        let ledger = try TemporaryLedger()
        let streams = (0..<62).map { "body/b\($0)" } + ["body/x", "body/x", "body/y", "body/y"]
        let outcomes = await withTaskGroup(of: (String, Result<[RecordedEvent], any Error>).self) { group in
            for stream in streams {
                group.addTask {
                    let body = String(stream.dropFirst(5))
                    do { return (stream, .success(try await ledger.store.append(to: stream, expecting: .noStream, [Drafts.body(body)]))) } catch { return (stream, .failure(error)) }
                }
            }
            var all: [(String, Result<[RecordedEvent], any Error>)] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let stored = outcomes.compactMap { try? $0.1.get() }.flatMap { $0 }
        let refused = outcomes.compactMap { outcome -> (String, LedgerError)? in
            if case .failure(let error as LedgerError) = outcome.1 { return (outcome.0, error) }
            return nil
        }
        #expect(stored.count == 64)
        #expect(refused.map(\.0).sorted() == ["body/x", "body/y"])
        #expect(refused.allSatisfy { $0.1.code == .wrongExpectedVersion })
        #expect(stored.map(\.seq).sorted() == Array(1...64))
        #expect(try await ledger.store.headSeq() == 64)
        #expect(try await ledger.store.verify().isIntact)
        #expect(try await ledger.store.readStream("body/x", fromVersion: 1).count == 1)
    }
}
