import GRDB
import LedgerCore

/// The Merkle tree's perfect subtrees as the ledger file keeps them: nodes above the leaves in
/// `merkle_nodes`, leaves computed from the events' hashes (RFC 9162 §2.1.1), read inside one
/// transaction so that a root or a proof sees one state of the tree.
struct SQLiteMerkleNodes: MerkleNodeSource {
    let db: Database

    func hash(of node: MerkleNodeKey) throws -> [UInt8] {
        if node.level == 0 {
            let statement = RawStatement(try db.cachedStatement(sql: "SELECT hash FROM events WHERE seq = ?"))
            defer { statement.reset() }
            statement.reset()
            statement.bind(1, node.index + 1)
            guard try statement.step(db), let leaf = MerkleHash.leaf(eventHash: statement.string(0)) else {
                throw LedgerError(.chainBroken, field: "seq", "the Merkle tree's leaf \(node.index) (seq \(node.index + 1)) is missing or not a hash")
            }
            return leaf
        }
        let statement = RawStatement(try db.cachedStatement(sql: "SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?"))
        defer { statement.reset() }
        statement.reset()
        statement.bind(1, Int64(node.level))
        statement.bind(2, node.index)
        guard try statement.step(db) else {
            throw LedgerError(.chainBroken, field: "merkle", "the Merkle tree's \(node) is missing")
        }
        return statement.blob(0)
    }
}

extension SQLiteEventStore {
    public func treeHead(size: Int64?) async throws -> TreeHead {
        try storageErrors {
            try pool.read { db in
                let head = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM events") ?? 0
                let size = size ?? head
                guard size <= head else {
                    throw LedgerError(.notFound, field: "treeSize", "the ledger holds \(head) events, not \(size)")
                }
                let nodes = SQLiteMerkleNodes(db: db)
                let root = try MerkleProof.treeHash(0..<size, nodes: nodes)
                let hash = size == 0 ? ChainHasher.genesis : try String.fetchOne(db, sql: "SELECT hash FROM events WHERE seq = ?", arguments: [size]) ?? ""
                return TreeHead(size: size, rootHash: Hex.encode(root), headHash: hash)
            }
        }
    }

    public func inclusionProof(seq: Int64, treeSize: Int64) async throws -> [String] {
        try storageErrors {
            try pool.read { db in try MerkleProof.inclusion(leaf: seq - 1, size: treeSize, nodes: SQLiteMerkleNodes(db: db)).map { Hex.encode($0) } }
        }
    }

    public func consistencyProof(from old: Int64, to size: Int64) async throws -> [String] {
        try storageErrors {
            try pool.read { db in try MerkleProof.consistency(old: old, size: size, nodes: SQLiteMerkleNodes(db: db)).map { Hex.encode($0) } }
        }
    }

    /// Compares every stored node above level 1 with the hash of its two children, level by level (each
    /// level once the one below matched; level 1 is checked against the events by the chain's runs,
    /// ``verifySync(runs:)``), and that no node is stored beyond the ledger's events (design.md §7). Two
    /// cursors stream side by side, so memory stays flat. Returns what differs first, or nil.
    func verifyUpperTreeSync() throws -> ChainFinding? {
        try storageErrors {
            try pool.read { db in
                let head = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM events") ?? 0
                if let extra = try Int64.fetchOne(db, sql: "SELECT idx FROM merkle_nodes WHERE level = 1 AND idx >= ? LIMIT 1", arguments: [head / 2]) {
                    return ChainFinding.tree(level: 1, index: extra, "is stored beyond the ledger's events")
                }
                var level = 2
                while Int64(1) << Int64(level) <= head {
                    let below = RawStatement(try db.makeStatement(sql: "SELECT hash FROM merkle_nodes WHERE level = \(level - 1) ORDER BY idx"))
                    let stored = RawStatement(try db.makeStatement(sql: "SELECT idx, hash FROM merkle_nodes WHERE level = \(level) ORDER BY idx"))
                    func child() throws -> [UInt8]? { try below.step(db) ? below.blob(0) : nil }
                    for index in 0..<(head >> Int64(level)) {
                        func finding(_ why: String) -> ChainFinding { ChainFinding.tree(level: level, index: index, why) }
                        guard let left = try child(), let right = try child() else { return finding("has no children stored") }
                        guard try stored.step(db), stored.int64(0) == index else { return finding("is missing") }
                        if stored.blob(1) != MerkleHash.node(left, right) { return finding("does not hash its children: the tree was rewritten") }
                    }
                    if try stored.step(db) { return ChainFinding.tree(level: level, index: stored.int64(0), "is stored beyond the ledger's events") }
                    level += 1
                }
                if let extra = try Row.fetchOne(db, sql: "SELECT level, idx FROM merkle_nodes WHERE level >= ? LIMIT 1", arguments: [level]) {
                    return ChainFinding.tree(level: extra["level"], index: extra["idx"], "is stored beyond the ledger's events")
                }
                return nil
            }
        }
    }
}
