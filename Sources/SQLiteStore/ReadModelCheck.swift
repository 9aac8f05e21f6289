import GRDB
import LedgerCore

/// `bagalau verify --read-models` (issue 11 §5): each read model the read-model file holds, checked two
/// ways, in one read snapshot of that file — its rows against the digest its runner wrote with them (a row
/// edited, inserted or deleted by anything else), and that digest against a scratch copy folded in memory
/// from the log up to the read model's checkpoint (rows forged with the digest recomputed, or a projection
/// that changed without a new version). Nothing is written.
public struct ReadModelCheck: Sendable {
    public struct Result: Sendable {
        public let projection: String
        /// The last seq the stored read model has folded; nil when it was never built in this file.
        public let checkpoint: Int64?
        public let tables: Int
        /// What differs, each naming its `rm_` table; empty when the read model is sound.
        public let findings: [String]
        /// A cold build of it has not finished (killed part-way): its digests are computed at its end, so it
        /// is not checked — like a read model never built, it is folded again by its next catch-up, and no
        /// read answers from it before.
        public var unfinished = false
    }

    public let results: [Result]

    public var findings: [String] { results.flatMap(\.findings) }

    public init(readModels: ReadModelStore, projections: [any Projection]) throws {
        results = try readModels.storageErrors {
            try readModels.pool.read { db in try projections.map { try Self.check(db, $0, log: readModels) } }
        }
    }

    private static func check(_ db: Database, _ projection: any Projection, log: ReadModelStore) throws -> Result {
        let checkpoint = try Int64.fetchOne(
            db, sql: "SELECT seq FROM projection_checkpoints WHERE name = ? AND version = ?", arguments: [projection.name, projection.version])
        guard let checkpoint, try projection.tables.allSatisfy({ try db.tableExists(ReadModelSQL.tableName($0)) }) else {
            return Result(projection: projection.name, checkpoint: nil, tables: projection.tables.count, findings: [])
        }
        if try ReadModelSQL.digestsPending(db, projection: projection.name) {
            // A cold build writes its digests at its end (ProjectionRunner.Build): this one has not ended.
            return Result(projection: projection.name, checkpoint: checkpoint, tables: projection.tables.count, findings: [], unfinished: true)
        }
        let stored = try ReadModelSQL.storedDigests(db, projection: projection.name)
        let rebuilt = try fold(log, projection, through: checkpoint).digests
        var findings: [String] = []
        for table in projection.tables {
            let name = ReadModelSQL.tableName(table)
            let actual = try ReadModelSQL.digest(db, table)
            let written = stored[table.name] ?? ReadModelDigest()
            if written != actual {
                findings.append("\(name): \(ReadModelSQL.mismatch(stored: written, actual: actual)): changed outside the ledger")
            } else if rebuilt[table.name] != actual {
                findings.append("\(name): differs from the log folded to seq \(checkpoint) (\(actual.rows) rows stored, \(rebuilt[table.name]?.rows ?? 0) from the log): rows forged with their digest rewritten, or the projection changed without a new version")
            }
        }
        return Result(projection: projection.name, checkpoint: checkpoint, tables: projection.tables.count, findings: findings)
    }

    /// The projection folded in memory over the log's events up to `seq`, read page by page on a thread of
    /// its own (the log may be a PostgreSQL database, waited for there).
    private static func fold(_ readModels: ReadModelStore, _ projection: any Projection, through seq: Int64) throws -> InMemoryReadModel {
        var fold = InMemoryReadModel.Fold(projection)
        let pages = PagePipeline(produce: readModels.pages(from: 1, through: seq, pageSize: 8192))
        defer { pages.cancel() }
        while let page = try pages.next() { for event in page { try fold.apply(event) } }
        return fold.finish()
    }
}
