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

    func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws
}

/// The rows a projection sees while it folds a page of events: a write-back cache over the stored
/// read model. Reads look in the cache first and ask the store only on a miss; writes stay in the cache
/// until the runner flushes them, with the checkpoint, in one transaction.
public struct ReadModelSession {
    public typealias Loader = (ReadModelTable, [ReadModelValue]) throws -> ReadModelRow?

    /// Reads a stored row on a cache miss; the runner attaches one per transaction.
    public var loader: Loader
    /// Rows known to the session: a row, or nil for a row known not to exist.
    private var cache: [ReadModelKey: ReadModelRow?] = [:]
    /// Keys changed since the last flush, in first-change order.
    private var dirtyOrder: [ReadModelKey] = []
    private var dirty: Set<ReadModelKey> = []
    /// True while every row of the read model is in the cache (after a rebuild from empty), so a
    /// miss means "no such row" without asking the store.
    private var cacheIsComplete: Bool
    private let cacheLimit: Int
    private let tablesByName: [String: ReadModelTable]

    public init(
        tables: [ReadModelTable], startsEmpty: Bool, cacheLimit: Int = 250_000, loader: @escaping Loader = { _, _ in nil }
    ) {
        self.loader = loader
        self.cacheIsComplete = startsEmpty
        self.cacheLimit = cacheLimit
        self.tablesByName = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
    }

    public mutating func row(_ table: ReadModelTable, key: [ReadModelValue]) throws -> ReadModelRow? {
        let cacheKey = ReadModelKey(table: table.name, key: key)
        if let cached = cache[cacheKey] { return cached }
        if cacheIsComplete { return nil }
        let loaded = try loader(table, key)
        cache[cacheKey] = .some(loaded)
        return loaded
    }

    public mutating func upsert(_ table: ReadModelTable, _ row: ReadModelRow) {
        precondition(row.count == table.columns.count, "\(table.name): \(row.count) values for \(table.columns.count) columns")
        let cacheKey = ReadModelKey(table: table.name, key: Array(row.prefix(table.keyColumnCount)))
        cache[cacheKey] = .some(row)
        markDirty(cacheKey)
    }

    public mutating func delete(_ table: ReadModelTable, key: [ReadModelValue]) {
        let cacheKey = ReadModelKey(table: table.name, key: key)
        cache[cacheKey] = .some(nil)
        markDirty(cacheKey)
    }

    private mutating func markDirty(_ key: ReadModelKey) {
        if dirty.insert(key).inserted { dirtyOrder.append(key) }
    }

    /// The changes since the last call (row, or nil for a deletion), and forgets them. Trims the cache
    /// when it has grown past its limit.
    public mutating func takeChanges() -> [(table: ReadModelTable, key: [ReadModelValue], row: ReadModelRow?)] {
        let changes = dirtyOrder.map { key in (table: tablesByName[key.table]!, key: key.key, row: cache[key]!) }
        dirtyOrder.removeAll(keepingCapacity: true)
        dirty.removeAll(keepingCapacity: true)
        if cache.count > cacheLimit {
            cache.removeAll()
            cacheIsComplete = false
        }
        return changes
    }
}
