/// A read model folded from the log (design.md §4: read models are disposable; dropping them and
/// replaying the log must give the same bytes).
///
/// A projection is pure: it reads and writes rows only through the ``ReadModelSession`` it is handed,
/// so the same code runs on SQLite and PostgreSQL and in tests with no database.
public protocol Projection: Sendable {
    /// Unique name; also the key of its checkpoint.
    var name: String { get }
    /// Bump to make the runner drop and rebuild the read model after a change of shape or logic.
    var version: Int { get }
    var tables: [ReadModelTable] { get }
    /// The event types it reads; others are skipped without decoding. nil: every type.
    var handledTypes: Set<String>? { get }
    /// Whether it folds events whose payload a retention purge removed (only envelope readers do);
    /// others never see them, so a purged case leaves no row behind after a rebuild.
    var readsPurgedEvents: Bool { get }

    func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws
}

extension Projection {
    public var handledTypes: Set<String>? { nil }
    public var readsPurgedEvents: Bool { false }
}

/// The rows a projection sees while it folds events: a write-back cache over the stored read model.
/// Reads look in the cache first and ask the store only on a miss; writes stay in the cache until
/// the runner flushes them, with the checkpoint, in one transaction.
public struct ReadModelSession {
    public typealias Loader = (ReadModelTable, [ReadModelValue]) throws -> ReadModelRow?

    private struct Entry {
        var row: ReadModelRow?
        var dirty: Bool
    }

    /// Reads a stored row on a cache miss; the runner attaches one per transaction.
    public var loader: Loader
    /// Rows known to the session (a row, or nil for a row known not to exist), and whether each
    /// changed since the last flush.
    private var entries: [ReadModelKey: Entry] = [:]
    public private(set) var dirtyCount = 0
    /// How many rows the cache holds at most between flushes: past it, it is emptied after a flush and
    /// rows are read from the store again as needed — the memory of a fold is bounded, whatever the size
    /// of its tables (issue 12 §2).
    private let cacheLimit: Int
    private let tablesByName: [String: ReadModelTable]

    public init(tables: [ReadModelTable], cacheLimit: Int = 100_000, loader: @escaping Loader = { _, _ in nil }) {
        self.loader = loader
        self.cacheLimit = cacheLimit
        self.tablesByName = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
    }

    public mutating func row(_ table: ReadModelTable, key: [ReadModelValue]) throws -> ReadModelRow? {
        let cacheKey = ReadModelKey(table: table.name, key: key)
        if let entry = entries[cacheKey] { return entry.row }
        let loaded = try loader(table, key)
        entries[cacheKey] = Entry(row: loaded, dirty: false)
        return loaded
    }

    public mutating func upsert(_ table: ReadModelTable, _ row: ReadModelRow) {
        precondition(row.count == table.columns.count, "\(table.name): \(row.count) values for \(table.columns.count) columns")
        set(ReadModelKey(table: table.name, key: Array(row.prefix(table.keyColumnCount))), row)
    }

    public mutating func delete(_ table: ReadModelTable, key: [ReadModelValue]) {
        set(ReadModelKey(table: table.name, key: key), nil)
    }

    private mutating func set(_ key: ReadModelKey, _ row: ReadModelRow?) {
        let wasDirty = entries.updateValue(Entry(row: row, dirty: true), forKey: key)?.dirty ?? false
        if !wasDirty { dirtyCount += 1 }
    }

    /// The changes since the last call (row, or nil for a deletion), by table — each table's in key order
    /// when `ordered` (the order a read shows), as they come otherwise (a store writes them in any order)
    /// — and forgets them. Trims the cache when it has grown past its limit.
    public mutating func takeChanges(ordered: Bool = true) -> [(table: ReadModelTable, key: [ReadModelValue], row: ReadModelRow?)] {
        // By table, then each table's keys in order (the order of its B-tree): the keys are sorted by
        // position, so that sorting moves integers, not rows.
        var byTable: [String: [(key: [ReadModelValue], row: ReadModelRow?)]] = [:]
        for (key, entry) in entries where entry.dirty { byTable[key.table, default: []].append((key.key, entry.row)) }
        var changes: [(table: ReadModelTable, key: [ReadModelValue], row: ReadModelRow?)] = []
        changes.reserveCapacity(dirtyCount)
        for name in byTable.keys.sorted() {
            let rows = byTable[name]!, table = tablesByName[name]!
            for index in ordered ? rows.indices.sorted(by: { rows[$0].key.lexicographicallyPrecedes(rows[$1].key) }) : Array(rows.indices) {
                changes.append((table: table, key: rows[index].key, row: rows[index].row))
            }
        }
        if entries.count > cacheLimit {
            entries.removeAll(keepingCapacity: true)
        } else {
            for change in changes { entries[ReadModelKey(table: change.table.name, key: change.key)]?.dirty = false }
        }
        dirtyCount = 0
        return changes
    }
}
