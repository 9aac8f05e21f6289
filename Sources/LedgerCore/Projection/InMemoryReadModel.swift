/// A projection folded in memory over a given run of events, with no database: the read model as it
/// stood at a moment (issue 6's as-of replay), or in tests.
public struct InMemoryReadModel: Sendable {
    /// Rows by table name, in key order.
    public let rows: [String: [ReadModelRow]]

    public init(_ projection: any Projection, events: some Sequence<RecordedEvent>) throws {
        var session = ReadModelSession(tables: projection.tables, startsEmpty: true, cacheLimit: .max)
        for event in events where (event.canonicalPayload != nil || projection.readsPurgedEvents) && (projection.handledTypes?.contains(event.type) ?? true) {
            try projection.apply(event, to: &session)
        }
        var rows: [String: [ReadModelRow]] = [:]
        for table in projection.tables { rows[table.name] = [] }
        for change in session.takeChanges() { if let row = change.row { rows[change.table.name, default: []].append(row) } }
        self.rows = rows
    }
}
