import Foundation
import GRDB
import LedgerCore

extension SQLiteEventStore {
    public func verify() async throws -> VerificationReport { try verifySync() }

    /// Walks the chain (design.md §7), then rebuilds the Merkle tree over it and compares every stored
    /// node, and reports the first broken `seq` and why.
    ///
    /// The positions `1...head` are cut into one run per core; each run is read through its own
    /// reader connection (WAL allows concurrent readers) and checked whole, then the runs' edges are
    /// stitched: each run's first `prevHash` against the previous run's last `hash`, stream versions
    /// and `recordedAt` across the cut.
    /// `runs` overrides the number of runs (tests use it to check the stitching on small ledgers).
    public func verifySync(runs requested: Int? = nil) throws -> VerificationReport {
        let head = try headSeqSync()
        guard head > 0 else {
            return VerificationReport(eventsChecked: 0, purgedPayloads: 0, headHash: ChainHasher.genesis, firstFinding: nil)
        }
        let automatic = max(1, min(ProcessInfo.processInfo.activeProcessorCount, Int(head / 20_000)))
        let runs = Int64(min(Int(head), max(1, requested ?? automatic)))
        let length = (head + runs - 1) / runs
        let bounds = (0..<runs).map { run in (run * length + 1)...min(head, (run + 1) * length) }
        let segments = parallelMap(count: bounds.count, sequentialBelow: 2) { index in
            Result { try checkRun(bounds[index]) }
        }
        let chain = ChainSegment.report(try segments.map { try $0.get() }, expectedLastSeq: head)
        return chain.isIntact ? chain.adding(try verifyTreeSync()) : chain
    }

    private func checkRun(_ positions: ClosedRange<Int64>) throws -> ChainSegment {
        try storageErrors {
            try pool.read { db in
                let statement = RawStatement(try db.makeStatement(
                    sql: "SELECT \(LedgerSchema.eventColumns) FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq"))
                statement.bind(1, positions.lowerBound)
                statement.bind(2, positions.upperBound)
                var segment = ChainSegment(firstSeq: positions.lowerBound)
                while try statement.step(db) {
                    // Hash the stored bytes where SQLite holds them: no strings, no re-formatting.
                    let row = EnvelopeBytes(
                        seq: statement.int64(0), version: statement.int64(2), schemaVersion: statement.int64(5),
                        stream: statement.bytes(1), id: statement.bytes(3), type: statement.bytes(4),
                        occurredAt: statement.bytes(6), recordedAt: statement.bytes(7), person: statement.bytes(8),
                        role: statement.bytes(9), payload: statement.isNull(10) ? nil : statement.bytes(10),
                        salt: statement.isNull(14) ? nil : statement.bytes(14), payloadDigest: statement.bytes(11), prevHash: statement.bytes(12), hash: statement.bytes(13))
                    guard segment.check(row) else { break }
                }
                return segment
            }
        }
    }
}
