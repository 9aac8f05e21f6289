/// A projection folded in memory over a given run of events, with no database: the read model as it
/// stood at a moment (issue 6's as-of replay), a scratch copy to check a stored one against (issue 11
/// §5), or in tests.
public struct InMemoryReadModel: Sendable {
    /// Rows by table name, in key order.
    public let rows: [String: [ReadModelRow]]

    public init(_ projection: any Projection, events: some Sequence<RecordedEvent>) throws {
        var fold = Fold(projection)
        for event in events { try fold.apply(event) }
        self = fold.finish()
    }

    private init(rows: [String: [ReadModelRow]]) { self.rows = rows }

    /// The digest of each table's rows, by table name (``ReadModelDigest``).
    public var digests: [String: ReadModelDigest] { rows.mapValues { ReadModelDigest(of: $0) } }

    /// A fold fed one event at a time, for a log streamed from storage rather than held in memory.
    public struct Fold {
        private let projection: any Projection
        private var session: ReadModelSession

        /// `keeping`: the tables whose rows the caller shows (all when nil); the rows of the written-only
        /// others are dropped as they come (``ReadModelSession/init(tables:cacheLimit:storeIsEmpty:discarding:loader:)``).
        public init(_ projection: any Projection, keeping: Set<String>? = nil) {
            self.projection = projection
            let discarding = keeping.map { kept in Set(projection.tables.filter { $0.writtenOnly && !kept.contains($0.name) }.map(\.name)) } ?? []
            session = ReadModelSession(tables: projection.tables, cacheLimit: .max, discarding: discarding)
        }

        /// Folds `event` if the projection reads it (and it is not purged, unless the projection reads purged events).
        public mutating func apply(_ event: RecordedEvent) throws {
            guard (event.canonicalPayload != nil || projection.readsPurgedEvents) && (projection.handledTypes?.contains(event.type) ?? true) else { return }
            try projection.apply(event, to: &session)
        }

        public mutating func finish() -> InMemoryReadModel {
            var rows = session.takeRows()
            for table in projection.tables where rows[table.name] == nil { rows[table.name] = [] }
            return InMemoryReadModel(rows: rows)
        }
    }
}
