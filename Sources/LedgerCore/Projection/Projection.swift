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
    /// Whether it reads payloads (`RecordedEvent.payload()`); one that reads envelopes only lets a pass
    /// over the log skip parsing the payloads no other projection reads.
    var readsPayloads: Bool { get }

    func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws
}

extension Projection {
    public var handledTypes: Set<String>? { nil }
    public var readsPurgedEvents: Bool { false }
    public var readsPayloads: Bool { true }
}

/// One row's change since the last flush: the new row (nil: deleted), and the row it replaces as the
/// store held it, when the session knows it (``ReadModelSession``).
public struct ReadModelChange {
    public let table: ReadModelTable
    public let key: [ReadModelValue]
    public let row: ReadModelRow?
    /// The row the store held at this key (`.some(nil)`: none), as the session read it or last handed it
    /// out; nil when the session never learnt it — the writer reads it then.
    public let replaced: ReadModelRow??
}

/// The rows a projection sees while it folds events: a write-back cache over the stored read model.
/// Reads look in the cache first and ask the store only on a miss; writes stay in the cache until
/// the runner flushes them, with the checkpoint, in one transaction.
public struct ReadModelSession {
    public typealias Loader = (ReadModelTable, [ReadModelValue]) throws -> ReadModelRow?

    private struct Entry {
        var row: ReadModelRow?
        var dirty: Bool
        /// What the store holds at this key, when known (see ``ReadModelChange/replaced``).
        var stored: ReadModelRow??
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
    /// Whether every row the store holds is in the cache: true over tables that started empty (a rebuild),
    /// until the cache is first emptied. A miss then means no row, and the store is not asked.
    private var holdsEveryStoredRow: Bool

    /// Tables whose rows the session does not keep (``init(tables:cacheLimit:storeIsEmpty:discarding:loader:)``).
    private let discarded: Set<String>

    /// `storeIsEmpty`: the tables hold no row yet (a rebuild), so a key the session has not seen has none.
    /// `discarding`: written-only tables (``ReadModelTable/writtenOnly``) whose writes are dropped — a fold in
    /// memory that shows none of their rows (an as-of replay does not show the deadlines judged).
    ///
    /// A row of a written-only table is never read back: reading one is refused (its rows may be staged
    /// outside the table, or dropped), so a table wrongly said to be written only cannot fold wrong.
    public init(tables: [ReadModelTable], cacheLimit: Int = 100_000, storeIsEmpty: Bool = false, discarding: Set<String> = [],
                loader: @escaping Loader = { _, _ in nil }) {
        self.loader = loader
        self.cacheLimit = cacheLimit
        self.tablesByName = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
        holdsEveryStoredRow = storeIsEmpty
        discarded = discarding
    }

    public mutating func row(_ table: ReadModelTable, key: [ReadModelValue]) throws -> ReadModelRow? {
        guard !table.writtenOnly else {
            throw LedgerError(.storage, field: table.name, "a fold read a row of \(table.name), a table said to be written only (its rows are staged in a cold build, or not kept): its projection may not read it back")
        }
        let cacheKey = ReadModelKey(table: table.name, key: key)
        if let entry = entries[cacheKey] { return entry.row }
        let loaded = holdsEveryStoredRow ? nil : try loader(table, key)
        entries[cacheKey] = Entry(row: loaded, dirty: false, stored: .some(loaded))
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
        if !discarded.isEmpty, discarded.contains(key.table) { return }
        if let index = entries.index(forKey: key) {
            if !entries.values[index].dirty { dirtyCount += 1 }
            entries.values[index].row = row
            entries.values[index].dirty = true
        } else {
            entries[key] = Entry(row: row, dirty: true, stored: holdsEveryStoredRow ? .some(nil) : nil)
            dirtyCount += 1
        }
    }

    /// Every row the session holds, by table in key order, and the session emptied: the end of a fold kept
    /// in memory (``InMemoryReadModel``), whose rows are never written anywhere — no change is built and
    /// the cache is not kept beside them.
    public mutating func takeRows() -> [String: [ReadModelRow]] {
        var keyed: [String: [(key: [ReadModelValue], row: ReadModelRow)]] = [:]
        for (key, entry) in entries { if let row = entry.row { keyed[key.table, default: []].append((key.key, row)) } }
        entries = [:]
        dirtyCount = 0
        return keyed.mapValues { rows in rows.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map(\.row) }
    }

    /// The changes since the last call, by table — each table's in key order when `ordered` (the order a
    /// read shows), as they come otherwise (a store writes them in any order) — and forgets them: the
    /// caller writes them to the store. Trims the cache when it has grown past its limit.
    public mutating func takeChanges(ordered: Bool = true) -> [ReadModelChange] {
        // By table, then each table's keys in order (the order of its B-tree): the keys are sorted by
        // position, so that sorting moves integers, not rows.
        var byTable: [String: [ReadModelChange]] = [:]
        for (key, entry) in entries where entry.dirty {
            byTable[key.table, default: []].append(ReadModelChange(table: tablesByName[key.table]!, key: key.key, row: entry.row, replaced: entry.stored))
        }
        var changes: [ReadModelChange] = []
        changes.reserveCapacity(dirtyCount)
        for name in byTable.keys.sorted() {
            let rows = byTable[name]!
            if ordered {
                changes.append(contentsOf: rows.indices.sorted { rows[$0].key.lexicographicallyPrecedes(rows[$1].key) }.map { rows[$0] })
            } else {
                changes.append(contentsOf: rows)
            }
        }
        if entries.count > cacheLimit {
            entries.removeAll(keepingCapacity: true)
            holdsEveryStoredRow = false
        } else {
            for change in changes {
                let key = ReadModelKey(table: change.table.name, key: change.key)
                entries[key]?.dirty = false
                entries[key]?.stored = .some(change.row)
            }
        }
        dirtyCount = 0
        return changes
    }
}
