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
        // Even lengths, so that each run starts on a left leaf and checks the tree's level 1 over its own events.
        let length = ((head + runs - 1) / runs + 1) & ~1
        let bounds = (0..<runs).map { run in (run * length + 1)...min(head, (run + 1) * length) }.filter { !$0.isEmpty }
        let checked = parallelMap(count: bounds.count, sequentialBelow: 2) { index in
            Result { try checkRun(bounds[index]) }
        }
        let checkedRuns = try checked.map { try $0.get() }
        let chain = ChainSegment.report(checkedRuns.map(\.segment), expectedLastSeq: head, ends: bounds.map(\.upperBound))
        guard chain.isIntact else { return chain }
        let treeFinding = checkedRuns.compactMap(\.tree).min { $0.seq < $1.seq }
        return chain.adding(try treeFinding ?? verifyUpperTreeSync())
    }

    /// One run of the chain, and the Merkle tree's level 1 over it: each pair of its events hashed into
    /// the node above them and compared with the stored one as the run reads them (no second scan).
    private func checkRun(_ positions: ClosedRange<Int64>) throws -> (segment: ChainSegment, tree: ChainFinding?) {
        try storageErrors {
            try pool.read { db in
                let statement = RawStatement(try db.makeStatement(
                    sql: "SELECT \(LedgerSchema.eventColumns) FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq"))
                statement.bind(1, positions.lowerBound)
                statement.bind(2, positions.upperBound)
                let nodes = RawStatement(try db.makeStatement(sql: "SELECT idx, hash FROM merkle_nodes WHERE level = 1 AND idx BETWEEN ? AND ? ORDER BY idx"))
                nodes.bind(1, (positions.lowerBound - 1) / 2)
                nodes.bind(2, positions.upperBound / 2 - 1)
                var tree = MerkleLevelOneCheck(nodes: nodes, db: db)
                defer { statement.reset(); nodes.reset() }
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
                    if tree.finding == nil { try tree.check(seq: row.seq, hash: row.hash) }
                }
                return (segment, tree.finding)
            }
        }
    }
}

/// The Merkle tree's level 1 checked along a run of events (RFC 9162 §2.1.1): every two leaves, the
/// node over them must be the next stored level-1 node.
private struct MerkleLevelOneCheck {
    let nodes: RawStatement
    let db: Database
    private var left: [UInt8]?
    private(set) var finding: ChainFinding?

    init(nodes: RawStatement, db: Database) {
        self.nodes = nodes
        self.db = db
    }

    mutating func check(seq: Int64, hash: UnsafeBufferPointer<UInt8>) throws {
        guard let bytes = Hex.decode(digits: hash), bytes.count == 32 else { return }  // the chain check reports it
        let leaf = MerkleHash.leaf(bytes)
        guard let left else {
            self.left = leaf
            return
        }
        self.left = nil
        let index = seq / 2 - 1
        guard try nodes.step(db), nodes.int64(0) == index else {
            finding = ChainFinding.tree(level: 1, index: index, "is missing")
            return
        }
        if nodes.blob(1) != MerkleHash.node(left, leaf) {
            finding = ChainFinding.tree(level: 1, index: index, "does not hash its children: the tree was rewritten")
        }
    }
}
