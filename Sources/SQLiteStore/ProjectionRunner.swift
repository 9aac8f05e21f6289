import GRDB
import LedgerCore

/// Folds the log into one projection's read-model tables in the read-model file, with a checkpoint
/// (issue #2 §6). Changed rows are written together with the checkpoint in one transaction, so a
/// crash leaves the read model at its last checkpoint, from which the next run continues. The log is
/// only read (issue 12 §2): the read models live in their own file (``ReadModelStore``).
public struct ProjectionRunner: Sendable {
    public let readModels: ReadModelStore
    public let projection: any Projection
    public let pageSize: Int
    /// The rows a fold holds in memory at most, shared by the projections folded together (each its cache,
    /// written out when half of it is dirty in a cold build).
    public let rowBudget: Int

    /// The rows a fold may hold unless told otherwise.
    public static let defaultRowBudget = 140_000

    public init(readModels: ReadModelStore, projection: any Projection, pageSize: Int = 8192, rowBudget: Int = defaultRowBudget) {
        self.readModels = readModels
        self.projection = projection
        self.pageSize = pageSize
        self.rowBudget = rowBudget
    }

    /// The last `seq` folded (0 for none), or nil if the read model was never built.
    public func checkpoint() throws -> Int64? {
        try readModels.storageErrors {
            try readModels.pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT seq FROM projection_checkpoints WHERE name = ? AND version = ?",
                                   arguments: [projection.name, projection.version])
            }
        }
    }

    /// Folds every event after the checkpoint. Rebuilds first when the projection's version changed.
    /// Returns the number of events folded.
    @discardableResult
    public func catchUp() throws -> Int {
        let resume = try prepare()
        do {
            return try fold(from: resume.start, build: resume.build, expecting: resume.hash)
        } catch is ReadModelStore.HistoryChanged {
            // Built from another log, or from a history that no longer holds its last event: folded anew.
            try reset()
            return try fold(from: 1, build: .fromEmpty, expecting: nil)
        }
    }

    /// Drops the read model and folds the whole log again.
    @discardableResult
    public func rebuild() throws -> Int {
        try reset()
        return try fold(from: 1, build: .fromEmpty, expecting: nil)
    }

    /// The digest of the rows each table holds now, by table name: equal after a rebuild (design.md §4).
    public func tableDigests() throws -> [String: ReadModelDigest] {
        try readModels.storageErrors {
            try readModels.pool.read { db in
                var digests: [String: ReadModelDigest] = [:]
                for table in projection.tables { digests[table.name] = try ReadModelSQL.digest(db, table) }
                return digests
            }
        }
    }

    /// The digests the runner last wrote with the rows, by table name (issue 11 §5).
    public func storedDigests() throws -> [String: ReadModelDigest] {
        let stored = try readModels.storageErrors { try readModels.pool.read { try ReadModelSQL.storedDigests($0, projection: projection.name) } }
        // A table without a stored partition is empty.
        return Dictionary(uniqueKeysWithValues: projection.tables.map { ($0.name, stored[$0.name] ?? ReadModelDigest()) })
    }

    /// Every row of one table, in key order — refused when the rows no longer match the digest the runner
    /// wrote with them: a read never answers from a read model changed outside its projection (issue 11 §5).
    public func rows(of table: ReadModelTable) throws -> [ReadModelRow] { try checkedRows(of: table) }

    /// Every partition of `table` that holds a row. Only to choose partitions to read (``rows(of:in:)``).
    public func partitions(of table: ReadModelTable) throws -> [ReadModelValue] {
        try readModels.storageErrors {
            try readModels.pool.read { db in
                try refuseUnfinished(db, table)
                return try ReadModelSQL.partitions(db, table)
            }
        }
    }

    /// The partitions of `table` holding a row whose lookup column `column` has `value` — which bodies a
    /// person has cases in. Only to choose partitions to read: the rows are then read, and checked, by
    /// ``rows(of:in:)``.
    public func partitions(of table: ReadModelTable, where column: String, equals value: ReadModelValue) throws -> [ReadModelValue] {
        precondition(table.lookupColumns.contains { table.columns[$0].name == column }, "\(column) is not a lookup column of \(table.name)")
        return try readModels.storageErrors {
            try readModels.pool.read { db in
                try refuseUnfinished(db, table)
                return try ReadModelSQL.partitions(db, table, where: (column, value))
            }
        }
    }

    /// The rows of one partition of a table — a body's, a case's, a commission's (``ReadModelTable/partitionColumn``)
    /// — read by an index, in key order, and checked against that partition's digest alone (issue 12 §2).
    public func rows(of table: ReadModelTable, in partition: ReadModelValue) throws -> [ReadModelRow] { try rows(of: table, inEach: [partition]) }

    /// The rows of several partitions of a table — a body's cases' rows of a table kept by case — each
    /// partition checked against its own digest, all read in one read transaction, in the order given.
    public func rows(of table: ReadModelTable, inEach partitions: [ReadModelValue]) throws -> [ReadModelRow] {
        try readModels.storageErrors {
            try readModels.pool.read { db in
                try refuseUnfinished(db, table)
                return try partitions.flatMap { partition in
                    try checked(db, table, try ReadModelSQL.rows(db, table, partition: partition),
                                stored: try ReadModelSQL.storedDigest(db, projection: projection.name, table: table, partition: partition))
                }
            }
        }
    }

    /// The rows of a whole table and the digest stored for them (all its partitions' summed), compared in
    /// one read transaction.
    private func checkedRows(of table: ReadModelTable) throws -> [ReadModelRow] {
        try readModels.storageErrors {
            try readModels.pool.read { db in
                try refuseUnfinished(db, table)
                return try checked(db, table, try ReadModelSQL.rows(db, table), stored: ReadModelSQL.storedDigests(db, projection: projection.name)[table.name] ?? ReadModelDigest())
            }
        }
    }

    /// No read answers from a cold build that has not finished: its rows have no digests yet, and a
    /// projection that writes only holds them staged, outside the table (which would read as empty).
    private func refuseUnfinished(_ db: Database, _ table: ReadModelTable) throws {
        if try ReadModelSQL.digestsPending(db, projection: projection.name) {
            throw LedgerError(.storage, field: ReadModelSQL.tableName(table),
                "the read model \(projection.name) is in a cold build that has not finished (its digests are computed at its end): no read answers from it until it has; any read's catch-up, or `bagalau rebuild`, finishes it")
        }
    }

    /// `rows`, once their digest is the one stored for them (read in `db`'s transaction).
    private func checked(_ db: Database, _ table: ReadModelTable, _ rows: [ReadModelRow], stored: ReadModelDigest) throws -> [ReadModelRow] {
        let actual = ReadModelDigest(of: rows)
        guard stored == actual else { throw Self.altered(table, stored: stored, actual: actual) }
        return rows
    }

    /// What a read says of a table whose rows and digest differ.
    static func altered(_ table: ReadModelTable, stored: ReadModelDigest, actual: ReadModelDigest) -> LedgerError {
        LedgerError(.readModelAltered, field: ReadModelSQL.tableName(table),
            "\(ReadModelSQL.mismatch(stored: stored, actual: actual)): they were changed outside the ledger, and no read answers from them; `bagalau verify --read-models` shows what differs, and `bagalau rebuild` folds the read models again from the log")
    }

    /// Keeps the read model current until cancelled: catches up in pages, then follows the store's
    /// catch-up subscription, writing each new event's changes with its checkpoint.
    public func run(pollInterval: Duration = .milliseconds(100)) async throws {
        try catchUp()
        let sql = ReadModelSQL.statements(for: projection.tables)
        var session = ReadModelSession(tables: projection.tables)
        var flushed = try checkpoint() ?? 0
        for try await event in readModels.log.subscribe(fromSeq: flushed + 1, pollInterval: pollInterval) {
            if projection.handledTypes?.contains(event.type) ?? true { try apply([event], to: &session, sql: sql) }
            try flush(&session, through: (event.seq, event.hash), after: flushed, digests: true, sql: sql)
            flushed = event.seq
        }
    }

    /// How a fold writes: row by row with each partition's digest moved along (a catch-up), or as a cold
    /// build — rows only, the digests computed from the finished tables at the end (``ReadModelSQL/seal``),
    /// so that a row rewritten a hundred times in a rebuild is hashed once, not two hundred times.
    enum Build {
        /// A catch-up of a read model whose digests are current.
        case none
        /// A cold build into tables that are empty.
        case fromEmpty
        /// A cold build interrupted (by a crash, or a kill) at its checkpoint, resumed there: its tables
        /// hold rows, still without their digests.
        case resumed

        var defersDigests: Bool { self != .none }
    }

    /// Where the catch-up resumes: after the checkpoint, whose event must still have `hash`; or from the
    /// start into empty tables when the read model was never built or its projection's version changed.
    private func prepare() throws -> (start: Int64, build: Build, hash: String?) {
        let stored = try readModels.storageErrors {
            try readModels.pool.read { db in
                try Row.fetchOne(db, sql: "SELECT version, seq, hash, digests_pending FROM projection_checkpoints WHERE name = ?", arguments: [projection.name])
            }
        }
        if let stored, stored["version"] as Int64 == Int64(projection.version) {
            let seq: Int64 = stored["seq"]
            return (seq + 1, stored["digests_pending"] as Bool ? .resumed : .none, seq > 0 ? stored["hash"] : nil)
        }
        try reset()
        return (1, .fromEmpty, nil)
    }

    /// Empty tables and a checkpoint at 0, in one transaction; the digests pending until the cold build
    /// that follows seals them.
    private func reset() throws {
        try readModels.storageErrors {
            try readModels.pool.write { db in
                for table in projection.tables {
                    try db.execute(sql: ReadModelSQL.drop(table))
                    try db.execute(sql: ReadModelSQL.create(table))
                }
                try db.execute(sql: "INSERT OR REPLACE INTO projection_checkpoints (name, version, seq, hash, digests_pending) VALUES (?, ?, 0, NULL, 1)",
                               arguments: [projection.name, projection.version])
                try db.execute(sql: "DELETE FROM read_model_digests WHERE projection = ?", arguments: [projection.name])
            }
        }
    }

    /// The staging tables of a cold build's written-only tables (kept from an interrupted one: a resumed
    /// build appends to them).
    private func createStaging() throws {
        try readModels.storageErrors {
            try readModels.pool.write { db in
                for table in projection.tables where table.writtenOnly { try db.execute(sql: ReadModelSQL.createStaging(table)) }
            }
        }
    }

    /// An event's position and hash: where a read model stands in the log.
    private typealias Position = (seq: Int64, hash: String)

    /// Folds pages of events after `start`. A background reader fetches and decodes the next page
    /// while this thread folds the current one. Changes are flushed, with the checkpoint, after every
    /// page — or, in a cold build, once half the rows it may hold are dirty or the log is exhausted, so
    /// that each row is written once rather than once per page; a cold build ends by sealing its digests.
    private func fold(from start: Int64, build: Build, expecting hash: String?) throws -> Int {
        try Self.fold([self], from: start, build: build, expecting: hash, timings: nil)
    }

    /// Drops the read models of several projections and folds them again in one pass over the log: each
    /// page read and decoded once and folded into every one (issue 12 §2: a cold build reads the log
    /// once, not once per projection). All must keep their read models in the same file.
    /// `timings`, when given, is filled with where the pass spent its time.
    @discardableResult
    public static func rebuild(_ runners: [ProjectionRunner], timings: RebuildTimings? = nil) throws -> Int {
        guard let first = runners.first else { return 0 }
        precondition(runners.allSatisfy { $0.readModels === first.readModels }, "one pass folds the read models of one file")
        for runner in runners { try runner.reset() }
        return try fold(runners, from: 1, build: .fromEmpty, expecting: nil, timings: timings)
    }

    /// Folds the pages of events from `start` into each runner's projection (those its projection reads).
    private static func fold(
        _ runners: [ProjectionRunner], from start: Int64, build: Build, expecting hash: String?, timings: RebuildTimings?
    ) throws -> Int {
        // The rows held in memory are shared out among the projections folded together: a fold's memory
        // does not grow with the log, nor with how many read models one pass builds.
        let cacheRows = max(2, runners[0].rowBudget / runners.count)
        let flushRows = build.defersDigests ? cacheRows / 2 : 0
        let handled: Set<String>? = runners.contains { $0.projection.handledTypes == nil } ? nil
            : runners.reduce(into: Set<String>()) { $0.formUnion($1.projection.handledTypes ?? []) }
        let decoded: Set<String>? = runners.contains { $0.projection.readsPayloads && $0.projection.handledTypes == nil } ? nil
            : runners.reduce(into: Set<String>()) { if $1.projection.readsPayloads { $0.formUnion($1.projection.handledTypes ?? []) } }
        let pipeline = PagePipeline(produce: pageReader(runners[0].readModels, pageSize: runners[0].pageSize, handled: handled, decoded: decoded,
                                                        from: start, expecting: hash, timings: timings))
        defer { pipeline.cancel() }
        // A cold build appends the rows of written-only tables to their staging tables (``ReadModelSQL/unstage``).
        if build.defersDigests { for runner in runners { try runner.createStaging() } }
        let sql = runners.map { ReadModelSQL.statements(for: $0.projection.tables, staged: build.defersDigests) }
        var sessions = runners.map { ReadModelSession(tables: $0.projection.tables, cacheLimit: cacheRows, storeIsEmpty: build == .fromEmpty) }
        var folded = 0
        var checkpoints = [Position?](repeating: nil, count: runners.count)
        var flushed = [Int64](repeating: start - 1, count: runners.count)
        func flush(_ index: Int, through last: Position) throws {
            try timings.measure(.write, runners[index].projection.name, rows: sessions[index].dirtyCount) {
                try runners[index].flush(&sessions[index], through: last, after: flushed[index], digests: !build.defersDigests, sql: sql[index])
            }
            flushed[index] = last.seq
            checkpoints[index] = nil
        }
        while let page = try timings.measure(.wait, body: { try pipeline.next() }) {
            folded += page.read
            for (index, runner) in runners.enumerated() {
                // The page holds the types any of them reads; one alone reads all of it.
                let types = runners.count > 1 ? runner.projection.handledTypes : nil
                try timings.measure(.fold, runner.projection.name) {
                    try runner.apply(page.events, types: types, to: &sessions[index], sql: sql[index])
                }
                checkpoints[index] = page.last ?? checkpoints[index]
                if let last = checkpoints[index], sessions[index].dirtyCount >= flushRows { try flush(index, through: last) }
            }
        }
        for index in runners.indices {
            if let last = checkpoints[index] { try flush(index, through: last) }
            if build.defersDigests { try timings.measure(.seal, runners[index].projection.name) { try runners[index].sealDigests() } }
        }
        return folded
    }

    private struct Page: Sendable {
        /// The page's events of the types the projections read, payloads decoded.
        let events: [RecordedEvent]
        /// How many events the page covered, and the last one's position and hash.
        let read: Int
        let last: Position?
    }

    /// Reads pages of events from `start` on (``ReadModelStore/pages(from:through:expecting:pageSize:)``),
    /// keeps those of the types `handled` (all when nil) and decodes the payloads of the types `decoded`
    /// (all when nil), on every core.
    private static func pageReader(
        _ readModels: ReadModelStore, pageSize: Int, handled: Set<String>?, decoded: Set<String>?, from start: Int64, expecting hash: String?,
        timings: RebuildTimings?
    ) -> @Sendable () throws -> Page? {
        let next = readModels.pages(from: start, expecting: hash, pageSize: pageSize)
        return {
            try timings.measure(.read) {
                guard let events = try next() else { return nil }
                let wanted = handled.map { types in events.filter { types.contains($0.type) } } ?? events
                let ready = parallelMap(count: wanted.count) { index -> RecordedEvent in
                    var event = wanted[index]
                    if decoded?.contains(event.type) ?? true { event.decodePayload() }
                    return event
                }
                return Page(events: ready, read: events.count, last: events.last.map { ($0.seq, $0.hash) })
            }
        }
    }

    /// Folds `events` of the types `types` (all when nil) in order, with the stored read model readable on
    /// a cache miss (one read transaction).
    private func apply(_ events: [RecordedEvent], types: Set<String>? = nil, to session: inout ReadModelSession, sql: [String: ReadModelSQL.Statements]) throws {
        try readModels.storageErrors {
            try readModels.pool.read { db in
                session.loader = { table, key in try ReadModelSQL.load(db, table, key: key, sql: sql) }
                defer { session.loader = { _, _ in nil } }
                for event in events where (types?.contains(event.type) ?? true) && (event.canonicalPayload != nil || projection.readsPurgedEvents) {
                    try projection.apply(event, to: &session)
                }
            }
        }
    }

    /// Writes the session's changes and the checkpoint `last` in one transaction, with the digests of the
    /// partitions they touch when `digests` (a cold build seals them at its end instead). When the
    /// checkpoint still stands at `after` — where this session last left it — no other writer came
    /// between, and the rows the changes replace are those the session knows; otherwise they are read again.
    private func flush(_ session: inout ReadModelSession, through last: Position, after: Int64, digests: Bool, sql: [String: ReadModelSQL.Statements]) throws {
        try readModels.storageErrors {
            try readModels.pool.write { db in
                let standing = try Int64.fetchOne(db, sql: "SELECT seq FROM projection_checkpoints WHERE name = ?", arguments: [projection.name])
                let changes = session.takeChanges(ordered: false)
                if digests {
                    try ReadModelSQL.write(db, changes, knownReplaced: standing == after, sql: sql, projection: projection.name)
                } else {
                    try ReadModelSQL.writeRows(db, changes, sql: sql)
                }
                try db.execute(sql: "UPDATE projection_checkpoints SET seq = ?, hash = ? WHERE name = ?", arguments: [last.seq, last.hash, projection.name])
            }
        }
    }

    /// The end of a cold build: every partition's digest computed from the rows the build wrote, and the
    /// digests no longer pending — in one transaction, so a read never sees rows with half their digests.
    private func sealDigests() throws {
        try readModels.storageErrors {
            try readModels.pool.write { db in
                for table in projection.tables where table.writtenOnly { try ReadModelSQL.unstage(db, table) }
                try ReadModelSQL.seal(db, projection.tables, projection: projection.name)
                try db.execute(sql: "UPDATE projection_checkpoints SET digests_pending = 0 WHERE name = ?", arguments: [projection.name])
            }
        }
    }

}
