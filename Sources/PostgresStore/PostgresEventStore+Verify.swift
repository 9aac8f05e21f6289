import LedgerCore
import Logging
import NIOCore
import PostgresNIO

extension PostgresEventStore {
    public func treeHead(size: Int64?) async throws -> TreeHead {
        try await inSnapshot { connection in
            let head = try await Self.head(connection, logger: logger)
            let size = size ?? head
            guard size <= head else { throw LedgerError(.notFound, field: "treeSize", "the ledger holds \(head) events, not \(size)") }
            let root = try await PostgresMerkleNodes.run(on: connection, logger: logger) { try MerkleProof.treeHash(0..<size, nodes: $0) }
            var hash = ChainHasher.genesis
            if size > 0 {
                for try await stored in try await connection.query("SELECT hash FROM events WHERE seq = \(size)", logger: logger).decode(String.self) { hash = stored }
            }
            return TreeHead(size: size, rootHash: Hex.encode(root), headHash: hash)
        }
    }

    public func inclusionProof(seq: Int64, treeSize: Int64) async throws -> [String] {
        try await inSnapshot { connection in
            try await PostgresMerkleNodes.run(on: connection, logger: logger) {
                try MerkleProof.inclusion(leaf: seq - 1, size: treeSize, nodes: $0)
            }.map { Hex.encode($0) }
        }
    }

    public func consistencyProof(from old: Int64, to size: Int64) async throws -> [String] {
        try await inSnapshot { connection in
            try await PostgresMerkleNodes.run(on: connection, logger: logger) {
                try MerkleProof.consistency(old: old, size: size, nodes: $0)
            }.map { Hex.encode($0) }
        }
    }

    /// Walks the chain (design.md §7) and rebuilds the Merkle tree beside it, in one snapshot: the events
    /// stream in `seq` order through one cursor, the stored nodes through another in the order an append
    /// completes them (by the last leaf each covers, then by level), so every stored node is compared with
    /// the node the events make as soon as they make it, in flat memory. Every field is hashed as stored.
    public func verify() async throws -> VerificationReport {
        try await inSnapshot { connection in
            let head = try await Self.head(connection, logger: logger)
            guard head > 0 else {
                return VerificationReport(eventsChecked: 0, purgedPayloads: 0, headHash: ChainHasher.genesis, firstFinding: nil)
            }
            try await connection.query(PostgresQuery(unsafeSQL: "DECLARE chain NO SCROLL CURSOR FOR SELECT \(Self.eventColumns) FROM events ORDER BY seq"), logger: logger)
            try await connection.query(
                "DECLARE tree NO SCROLL CURSOR FOR SELECT level, idx, hash FROM merkle_nodes ORDER BY ((idx + 1) << level), level", logger: logger)
            var segment = ChainSegment(firstSeq: 1)
            var rebuilt = MerkleFrontier()
            var stored = NodeCursor(connection: connection, logger: logger)
            var treeFinding: ChainFinding?
            reading: while true {
                // A page is read whole before the tree's cursor is asked for more: one connection answers
                // one query at a time, so reading the next nodes inside a running row stream would wait forever.
                let page = try await connection.query("FETCH 5000 FROM chain", logger: logger).collect()
                if page.isEmpty { break }
                for row in page {
                    let envelope = try Self.storedEnvelope(from: row)
                    guard envelope.withEnvelopeBytes({ segment.check($0) }) else { break reading }
                    guard treeFinding == nil, let raw = Hex.decode(envelope.hash), raw.count == 32 else { continue }
                    for node in rebuilt.append(eventHash: raw) {
                        treeFinding = try await stored.expect(node.key, node.hash)
                        if treeFinding != nil { break }
                    }
                }
            }
            let chain = ChainSegment.report([segment], expectedLastSeq: head, ends: [head])
            guard chain.isIntact else { return chain }
            if treeFinding == nil, let extra = try await stored.next() {
                treeFinding = ChainFinding.tree(level: extra.key.level, index: extra.key.index, "is stored beyond the ledger's events")
            }
            return chain.adding(treeFinding)
        }
    }

    /// A read-only transaction that sees one snapshot of the ledger for every statement in `body`.
    func inSnapshot<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await storageErrors {
            try await client.withConnection { connection in
                try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
                do {
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        }
    }

    static func head(_ connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        for try await head in try await connection.query("SELECT coalesce(max(seq), 0)::int8 FROM events", logger: logger).decode(Int64.self) {
            return head
        }
        return 0
    }

    /// A row selecting ``eventColumns``, every field as stored (no time parsed and printed again).
    static func storedEnvelope(from row: PostgresRow) throws -> StoredEnvelope {
        let (seq, stream, version, id, type, schemaVersion, occurredAt, recordedAt, person, role, payload, digest, prevHash, hash, salt) =
            try row.decode((Int64, String, Int64, String, String, Int32, String, String, String, String, String?, String, String, String, String?).self)
        return StoredEnvelope(
            seq: seq, version: version, schemaVersion: Int64(schemaVersion), stream: stream, id: id, type: type, occurredAt: occurredAt,
            recordedAt: recordedAt, person: person, role: role, payload: payload, salt: salt, payloadDigest: digest, prevHash: prevHash, hash: hash)
    }
}

/// The stored nodes of the tree, read page by page from the `tree` cursor in the order appends complete them.
private struct NodeCursor {
    let connection: PostgresConnection
    let logger: Logger
    private var page: [(key: MerkleNodeKey, hash: [UInt8])] = []
    private var position = 0

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    mutating func next() async throws -> (key: MerkleNodeKey, hash: [UInt8])? {
        if position == page.count {
            page = []
            position = 0
            for try await (level, index, hash) in try await connection.query("FETCH 5000 FROM tree", logger: logger).decode((Int32, Int64, ByteBuffer).self) {
                page.append((MerkleNodeKey(level: Int(level), index: index), Array(buffer: hash)))
            }
            if page.isEmpty { return nil }
        }
        defer { position += 1 }
        return page[position]
    }

    /// Compares the next stored node with the one the events made; the finding, or nil when they agree.
    mutating func expect(_ key: MerkleNodeKey, _ hash: [UInt8]) async throws -> ChainFinding? {
        guard let stored = try await next() else { return ChainFinding.tree(level: key.level, index: key.index, "is missing") }
        guard stored.key == key else {
            // In completion order, a stored node before the expected one is one that no events make.
            let storedFirst = (stored.key.index + 1) << Int64(stored.key.level), expectedFirst = (key.index + 1) << Int64(key.level)
            if storedFirst < expectedFirst || (storedFirst == expectedFirst && stored.key.level < key.level) {
                return ChainFinding.tree(level: stored.key.level, index: stored.key.index, "is stored where the events make no node")
            }
            return ChainFinding.tree(level: key.level, index: key.index, "is missing")
        }
        return stored.hash == hash ? nil : ChainFinding.tree(level: key.level, index: key.index, "does not hash its children: the tree was rewritten")
    }
}
