import Foundation
import GRDB
import LedgerCore

/// The embedded default store (design.md §2): one SQLite file, WAL mode, `synchronous=FULL`, so a
/// commit that returned survives a crash or power loss.
public final class SQLiteEventStore: EventStore, Sendable {
    public let path: String
    let pool: DatabasePool
    let clock: any LedgerClock
    /// The one writer that shares commits between concurrent appends.
    let groupCommit = GroupCommit()

    /// Opens (and creates or migrates) the ledger at `path`.
    public init(path: String, clock: any LedgerClock = SystemClock()) throws {
        self.path = path
        self.clock = clock
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // FULL: a commit that returned is on disk, WAL included (a crash loses no acknowledged act).
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // A 64 MiB page cache keeps a large import's scattered index pages in memory instead of
            // spilling them to the WAL mid-transaction; memory-mapped reads spare verify and rebuilds a copy.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try LedgerSchema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw LedgerError(.storage, field: "db", "cannot open the ledger at \(path): \(error.message ?? "\(error.resultCode)")")
        } catch let error as LedgerSchemaError {
            throw LedgerError(.storage, field: "db", "cannot open the ledger at \(path): \(error)")
        }
        groupCommit.commit = { [unowned self] group in self.commitGroup(group) }
    }

    /// Whether `path` holds a ledger already (used by `bagalau init` to refuse overwriting one).
    public static func ledgerExists(at path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path),
            let queue = try? DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }()),
            let exists = try? queue.read({ try $0.tableExists("events") })
        else { return false }
        return exists
    }

    public func headSeq() async throws -> Int64 { try headSeqSync() }

    /// The group commits so far: transactions and the appends they held.
    public var commitStatistics: (groups: Int, appends: Int) { groupCommit.statistics }

    public func headSeqSync() throws -> Int64 {
        try storageErrors { try pool.unsafeRead { try Int64.fetchOne($0, sql: "SELECT coalesce(max(seq), 0) FROM events") ?? 0 } }
    }

    /// Maps SQLite failures to ``LedgerError`` with the storage code; ledger errors pass through.
    func storageErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw Self.ledgerError(error)
        }
    }
}
