import LedgerCore
import NIOCore
import Logging
import PostgresNIO

extension PostgresEventStore {
    public func append(_ appends: [StreamAppend]) async throws -> [RecordedEvent] {
        let prepared = try PreparedDraft.prepare(appends)
        return try await inAppendTransaction { transaction in
            var stored: [RecordedEvent] = []
            try await transaction.run(appends, prepared) { event, _ in stored.append(event) }
            return stored
        }
    }

    /// Appends the batches `next` returns in one transaction: all of them are stored, or none.
    public func appendAll(_ next: @escaping @Sendable () throws -> [StreamAppend]?) async throws -> AppendSummary {
        try await inAppendTransaction { transaction in
            var summary = AppendSummary()
            while let appends = try next() {
                try await transaction.run(appends, try PreparedDraft.prepare(appends)) { event, isNew in summary.add(seq: event.seq, isNew: isNew) }
            }
            return summary
        }
    }

    /// One transaction holding the append lock: `LOCK TABLE events IN EXCLUSIVE MODE` lets readers read
    /// and keeps every other writer out until the commit, so positions are assigned one writer at a time
    /// and stay gapless (design.md §6). Anything thrown rolls the whole transaction back.
    private func inAppendTransaction<T: Sendable>(_ body: (inout PostgresAppendTransaction) async throws -> T) async throws -> T {
        try await storageErrors(writing: true) {
            try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    try await connection.query("LOCK TABLE events IN EXCLUSIVE MODE", logger: logger)
                    var transaction = try await PostgresAppendTransaction(connection: connection, store: self)
                    let result = try await body(&transaction)
                    try await connection.query("COMMIT", logger: logger)
                    cachedHead.value = transaction.head
                    return result
                } catch {
                    cachedHead.value = nil
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        }
    }
}

/// One append transaction: checks expected versions and idempotency, then chains, builds the tree's new
/// nodes and inserts each batch with one statement per table (arrays unnested by the server).
struct PostgresAppendTransaction {
    let connection: PostgresConnection
    let store: PostgresEventStore
    private var seq: Int64
    private var prevHash: String
    private var lastRecorded: Timestamp?
    private var tree: MerkleFrontier
    private let recordedAt: Timestamp
    private let recordedText: String
    private var versions: [String: Int64] = [:]
    private var scratch = CanonicalJSONWriter(capacity: 512)

    init(connection: PostgresConnection, store: PostgresEventStore) async throws {
        self.connection = connection
        self.store = store
        var head: (seq: Int64, hash: String, recordedAt: String)?
        for try await row in try await connection.query("SELECT seq, hash, recorded_at FROM events ORDER BY seq DESC LIMIT 1", logger: store.logger)
            .decode((Int64, String, String).self)
        {
            head = row
        }
        seq = head?.seq ?? 0
        prevHash = head?.hash ?? ChainHasher.genesis
        lastRecorded = head.flatMap { Timestamp(rfc3339: $0.recordedAt) }
        if let cached = store.cachedHead.value, cached.seq == seq, cached.hash == prevHash {
            tree = cached.tree
        } else {
            tree = try MerkleFrontier(size: seq, nodes: try await PostgresMerkleNodes.fetch(MerkleFrontier.edge(of: seq), connection: connection, logger: store.logger))
        }
        // recordedAt never decreases, whatever the clock says (design.md §6).
        recordedAt = max(store.clock.now(), lastRecorded ?? Timestamp(microsecondsSinceEpoch: .min))
        recordedText = recordedAt.description
    }

    /// Where this transaction leaves the head, for the next append of this process.
    var head: HeadCache.Head { HeadCache.Head(seq: seq, hash: prevHash, tree: tree) }

    /// Stores one call's batches; `stored` receives each event and whether it is new (false: a replay of
    /// events stored already with the same content, design.md §8).
    mutating func run(_ appends: [StreamAppend], _ prepared: [[PreparedDraft]], stored: (RecordedEvent, Bool) -> Void) async throws {
        let unknown = Set(appends.map(\.stream)).filter { versions[$0] == nil }
        if !unknown.isEmpty {
            for stream in unknown { versions[stream] = 0 }
            let rows = try await connection.query(
                "SELECT stream, max(version) FROM events WHERE stream = ANY(\(Array(unknown))) GROUP BY stream", logger: store.logger)
            for try await (stream, version) in rows.decode((String, Int64).self) { versions[stream] = version }
        }
        var existing: [String: RecordedEvent] = [:]
        let ids = prepared.flatMap { $0.map(\.draft.id) }
        var bindings = PostgresBindings()
        bindings.append(ids)
        for event in try await store.events("WHERE id = ANY($1)", bindings, on: connection) { existing[event.id] = event }

        var rows = EventRows()
        var nodes = NodeRows()
        var results: [(RecordedEvent, Bool)] = []
        for (append, drafts) in zip(appends, prepared) {
            if let replayed = try Self.replay(drafts, existing: existing, stream: append.stream) {
                results += replayed.map { ($0, false) }
                continue
            }
            let version = versions[append.stream] ?? 0
            try append.expectedVersion.check(actual: version, stream: append.stream)
            for (offset, item) in drafts.enumerated() {
                seq += 1
                let event = chain(item, stream: append.stream, version: version + Int64(offset) + 1, nodes: &nodes)
                rows.add(event, item)
                results.append((event, true))
            }
            versions[append.stream] = version + Int64(drafts.count)
        }
        try await rows.insert(on: connection, logger: store.logger)
        try await nodes.insert(on: connection, logger: store.logger)
        for (event, isNew) in results { stored(event, isNew) }
    }

    /// The stored events if every id of the batch is stored already with the same content; nil if none
    /// is. A batch mixing stored and new ids, or reusing an id for other content, is refused.
    private static func replay(_ drafts: [PreparedDraft], existing: [String: RecordedEvent], stream: String) throws -> [RecordedEvent]? {
        let stored = try drafts.compactMap { item in try existing[item.draft.id]?.replaying(item, stream: stream) }
        return try PreparedDraft.replayed(stored, of: drafts, stream: stream)
    }

    /// The event at the next position: its hash over the previous one (design.md §7), and the tree's new nodes.
    private mutating func chain(_ item: PreparedDraft, stream: String, version: Int64, nodes: inout NodeRows) -> RecordedEvent {
        let rawHash = item.envelope.rawHash(seq: seq, version: version, recordedAt: recordedText, prevHash: prevHash, scratch: &scratch)
        let hash = Hex.encode(rawHash)
        for node in tree.append(eventHash: rawHash) { nodes.add(node.key, node.hash) }
        defer { prevHash = hash }
        let draft = item.draft
        return RecordedEvent(
            seq: seq, stream: stream, version: version, id: draft.id, type: draft.type,
            schemaVersion: draft.schemaVersion, occurredAt: draft.occurredAt, recordedAt: recordedAt,
            actor: draft.actor, canonicalPayload: String(decoding: item.canonicalPayload, as: UTF8.self),
            payloadSalt: item.salt, payloadDigest: item.payloadDigest, prevHash: prevHash, hash: hash)
    }
}

/// A batch of events as one array per column, inserted by one statement.
private struct EventRows {
    var seq: [Int64] = [], stream: [String] = [], version: [Int64] = [], id: [String] = [], type: [String] = []
    var schemaVersion: [Int32] = [], occurredAt: [String] = [], recordedAt: [String] = [], person: [String] = []
    var role: [String] = [], payload: [String] = [], digest: [String] = [], prevHash: [String] = [], hash: [String] = []
    var salt: [String] = []

    mutating func add(_ event: RecordedEvent, _ item: PreparedDraft) {
        seq.append(event.seq); stream.append(event.stream); version.append(event.version); id.append(event.id)
        type.append(event.type); schemaVersion.append(Int32(event.schemaVersion)); occurredAt.append(item.occurredAt)
        recordedAt.append(event.recordedAt.description); person.append(event.actor.person); role.append(event.actor.role)
        payload.append(event.canonicalPayload ?? ""); digest.append(event.payloadDigest); prevHash.append(event.prevHash)
        hash.append(event.hash); salt.append(item.salt)
    }

    func insert(on connection: PostgresConnection, logger: Logger) async throws {
        guard !seq.isEmpty else { return }
        try await connection.query("""
            INSERT INTO events (seq, stream, version, id, type, schema_version, occurred_at, recorded_at,
                actor_person, actor_role, payload, payload_digest, prev_hash, hash, payload_salt)
            SELECT * FROM unnest(\(seq)::int8[], \(stream)::text[], \(version)::int8[], \(id)::text[], \(type)::text[],
                \(schemaVersion)::int4[], \(occurredAt)::text[], \(recordedAt)::text[], \(person)::text[], \(role)::text[],
                \(payload)::text[], \(digest)::text[], \(prevHash)::text[], \(hash)::text[], \(salt)::text[])
            """, logger: logger)
    }
}

/// The Merkle tree's nodes an append completed, inserted by one statement.
private struct NodeRows {
    var level: [Int32] = [], index: [Int64] = [], hash: [ByteBuffer] = []

    mutating func add(_ key: MerkleNodeKey, _ bytes: [UInt8]) {
        level.append(Int32(key.level))
        index.append(key.index)
        hash.append(ByteBuffer(bytes: bytes))
    }

    func insert(on connection: PostgresConnection, logger: Logger) async throws {
        guard !level.isEmpty else { return }
        try await connection.query(
            "INSERT INTO merkle_nodes (level, idx, hash) SELECT * FROM unnest(\(level)::int4[], \(index)::int8[], \(hash)::bytea[])",
            logger: logger)
    }
}
