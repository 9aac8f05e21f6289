import LedgerCore
import Logging
import NIOCore
import PostgresNIO

/// Nodes of the Merkle tree fetched ahead in one round trip: a root or a proof needs O(log n) of them,
/// and which ones depends only on the sizes, never on the hashes (RFC 9162 §2.1). ``MerkleProof`` runs
/// once against ``KeyRecorder`` to learn the keys, then against the fetched nodes.
struct PostgresMerkleNodes: MerkleNodeSource {
    let hashes: [MerkleNodeKey: [UInt8]]

    func hash(of node: MerkleNodeKey) throws -> [UInt8] {
        guard let hash = hashes[node] else {
            if node.level == 0 {
                throw LedgerError(.chainBroken, field: "seq", "the Merkle tree's leaf \(node.index) (seq \(node.index + 1)) is missing or not a hash")
            }
            throw LedgerError(.chainBroken, field: "merkle", "the Merkle tree's \(node) is missing")
        }
        return hash
    }

    /// Records the keys a computation asks for, answering each with a placeholder.
    final class KeyRecorder: MerkleNodeSource, @unchecked Sendable {
        // @unchecked: used by one computation on one thread, then read.
        private(set) var keys: [MerkleNodeKey] = []
        func hash(of node: MerkleNodeKey) throws -> [UInt8] {
            keys.append(node)
            return MerkleHash.empty
        }
    }

    /// Runs `compute` over the stored tree: once to learn which nodes it reads, then over those nodes,
    /// fetched in one query each for the leaves (from the events' hashes) and the nodes above them.
    static func run<T>(on connection: PostgresConnection, logger: Logger, _ compute: (any MerkleNodeSource) throws -> T) async throws -> T {
        let recorder = KeyRecorder()
        _ = try compute(recorder)
        return try compute(try await fetch(recorder.keys, connection: connection, logger: logger))
    }

    /// The nodes with these keys: leaves computed from the events' hashes (RFC 9162 §2.1.1), the rest as stored.
    static func fetch(_ keys: [MerkleNodeKey], connection: PostgresConnection, logger: Logger) async throws -> PostgresMerkleNodes {
        var hashes: [MerkleNodeKey: [UInt8]] = [:]
        let leaves = keys.filter { $0.level == 0 }.map { $0.index + 1 }
        if !leaves.isEmpty {
            for try await (seq, hash) in try await connection.query("SELECT seq, hash FROM events WHERE seq = ANY(\(leaves))", logger: logger)
                .decode((Int64, String).self)
            {
                if let leaf = MerkleHash.leaf(eventHash: hash) { hashes[MerkleNodeKey(level: 0, index: seq - 1)] = leaf }
            }
        }
        let inner = keys.filter { $0.level > 0 }
        if !inner.isEmpty {
            let levels = inner.map { Int32($0.level) }, indices = inner.map(\.index)
            let rows = try await connection.query("""
                SELECT n.level, n.idx, n.hash FROM merkle_nodes n
                JOIN unnest(\(levels)::int4[], \(indices)::int8[]) AS k(level, idx) ON n.level = k.level AND n.idx = k.idx
                """, logger: logger)
            for try await (level, index, hash) in rows.decode((Int32, Int64, ByteBuffer).self) {
                hashes[MerkleNodeKey(level: Int(level), index: index)] = Array(buffer: hash)
            }
        }
        return PostgresMerkleNodes(hashes: hashes)
    }
}
