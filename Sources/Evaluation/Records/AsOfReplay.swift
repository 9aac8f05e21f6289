import LedgerCore

/// The two time axes of an as-of replay (issue 6; design.md §6): what the ledger **knew** at T (events
/// recorded by T) and what was **true** at T (events that happened by T, whenever entered — acts on
/// paper are entered later with their real dates).
public enum TimeAxis: String, Sendable, CaseIterable {
    case recorded, occurred

    public func includes(_ event: RecordedEvent, asOf moment: Timestamp) -> Bool {
        switch self {
        case .recorded: return event.recordedAt <= moment
        case .occurred: return event.occurredAt <= moment
        }
    }
}

/// Grades and states as they stood at a moment: the grade projections folded in memory over the events
/// the axis admits, in ledger order.
public struct AsOfReplay: Sendable {
    /// The projections an as-of replay shows, and the table of each that identifies a case per row.
    public static let views: [(projection: any Projection, table: ReadModelTable)] = [
        (AnnualGradesProjection(), AnnualGradesProjection.grades),
        (QuarterlyGradesProjection(), QuarterlyGradesProjection.annual),
        (QuarterlyGradesProjection(), QuarterlyGradesProjection.quarters),
        (AttestationProjection(), AttestationProjection.cases),
    ]

    /// The tables of ``views`` by name.
    public static let viewTables: [String: ReadModelTable] = Dictionary(views.map { ($0.table.name, $0.table) }, uniquingKeysWith: { a, _ in a })

    /// Rows by table name, each row's first column its case id.
    public let tables: [(table: ReadModelTable, rows: [ReadModelRow])]

    private init(tables: [(table: ReadModelTable, rows: [ReadModelRow])]) { self.tables = tables }

    /// A replay fed the scope's events one at a time, in ledger order, holding the rows folded and not the
    /// events (a large body's events are read a page at a time, issue 12 §2).
    public struct Fold {
        public let moment: Timestamp
        public let axis: TimeAxis
        /// One fold per projection (the quarterly one shows two tables).
        private var folds: [(name: String, fold: InMemoryReadModel.Fold)] = []

        public init(asOf moment: Timestamp, axis: TimeAxis) {
            self.moment = moment
            self.axis = axis
            // Each projection keeps the tables shown of it and those it reads back; the others (the quarterly
            // deadlines judged, a row an act) are dropped as they come.
            for view in AsOfReplay.views where !folds.contains(where: { $0.name == view.projection.name }) {
                let shown = Set(AsOfReplay.views.filter { $0.projection.name == view.projection.name }.map(\.table.name))
                folds.append((view.projection.name, InMemoryReadModel.Fold(view.projection, keeping: shown)))
            }
        }

        /// Folds `event` when the axis admits it at the moment.
        public mutating func apply(_ event: RecordedEvent) throws {
            guard axis.includes(event, asOf: moment) else { return }
            for index in folds.indices { try folds[index].fold.apply(event) }
        }

        public mutating func finish() -> AsOfReplay {
            var built: [String: InMemoryReadModel] = [:]
            for index in folds.indices { built[folds[index].name] = folds[index].fold.finish() }
            return AsOfReplay(tables: AsOfReplay.views.map { view in (view.table, built[view.projection.name]?.rows[view.table.name] ?? []) })
        }
    }

    /// One row that differs between two moments: its table and key, before and after (nil: absent).
    public struct Change: Sendable, Equatable {
        public let table: String
        public let key: [ReadModelValue]
        public let before: ReadModelRow?
        public let after: ReadModelRow?
        /// The columns whose values differ, by name.
        public let columns: [String]
    }

    /// What changed from `earlier` to `later`, row by row.
    public static func changes(from earlier: AsOfReplay, to later: AsOfReplay) -> [Change] {
        var changes: [Change] = []
        for (before, after) in zip(earlier.tables, later.tables) {
            let table = before.table
            func keyed(_ rows: [ReadModelRow]) -> [[ReadModelValue]: ReadModelRow] {
                Dictionary(rows.map { (Array($0.prefix(table.keyColumnCount)), $0) }, uniquingKeysWith: { $1 })
            }
            let old = keyed(before.rows), new = keyed(after.rows)
            for key in Set(old.keys).union(new.keys).sorted(by: { $0.lexicographicallyPrecedes($1) }) where old[key] != new[key] {
                let columns = table.columns.enumerated().filter { old[key]?[$0.offset] != new[key]?[$0.offset] }.map(\.element.name)
                changes.append(Change(table: table.name, key: key, before: old[key], after: new[key], columns: columns))
            }
        }
        return changes
    }
}
