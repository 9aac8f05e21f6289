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

    /// Opens (and creates or migrates) the ledger at `path`; with `readOnly`, opens an existing file for
    /// reading only — nothing is migrated or written, so a copy on read-only media can be verified and read.
    public init(path: String, readOnly: Bool = false, clock: any LedgerClock = SystemClock()) throws {
        self.path = path
        self.clock = clock
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.readonly = readOnly
        configuration.prepareDatabase { db in
            // FULL: a commit that returned is on disk, WAL included (a crash loses no acknowledged act).
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // A 64 MiB page cache keeps a large import's scattered index pages in memory instead of
            // spilling them to the WAL mid-transaction; memory-mapped reads spare verify and rebuilds a copy.
            // A reader's connection keeps 8 MiB: it reads each page of a selection once, and a read of a large
            // body would otherwise hold 64 MiB of pages past the mapped first GiB (issue 12 §2: ≤ 200 MB).
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = -8192" : "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        }
        do {
            pool = try DatabasePool(path: readOnly ? Self.readOnlyLocation(path) : path, configuration: configuration)
            if readOnly {
                // A file without the ledger's tables is answered by `isLedger`; one with them must be of this format.
                if try pool.read({ try $0.tableExists("events") }) { try LedgerSchema.checkFormat(pool) }
            } else {
                try LedgerSchema.migrator.migrate(pool)
            }
        } catch let error as DatabaseError {
            throw LedgerError(.storage, field: "db", "cannot open the ledger at \(path): \(Self.describe(error))")
        } catch let error as LedgerSchemaError {
            throw LedgerError(.storage, field: "db", "cannot open the ledger at \(path): \(error)")
        }
        groupCommit.commit = { [unowned self] group in self.commitGroup(group) }
    }

    /// Where SQLite opens a file for reading only. A WAL file on read-only media whose `-shm` cannot be
    /// created is opened as immutable (SQLite's `immutable=1` URI): nothing can change it there anyway.
    static func readOnlyLocation(_ path: String) -> String {
        // The folder by URL: NSString's deletingLastPathComponent traps on a one-character path ("Q",
        // issue 31 §7), so every command that opened such a ledger died with SIGILL.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let canCreateShm = FileManager.default.fileExists(atPath: path + "-shm") || FileManager.default.isWritableFile(atPath: folder)
        guard isOnReadOnlyMedia(path) || !canCreateShm else { return path }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let escaped = absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#"))) ?? absolute
        return "file:\(escaped)?immutable=1"
    }

    /// Whether the file system holding `path` is mounted read-only.
    public static func isOnReadOnlyMedia(_ path: String) -> Bool {
        var info = statvfs()
        return statvfs(path, &info) == 0 && info.f_flag & UInt(ST_RDONLY) != 0
    }

    /// An open failure said as what it is.
    static func describe(_ error: DatabaseError) -> String {
        let message = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "another process holds it locked (\(message)); try again when it has finished"
        case .SQLITE_READONLY: return "it cannot be written here (\(message)): open it for reading only"
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH: return "the file cannot be opened (\(message)): check its permissions and its folder's"
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return "it is not a readable SQLite database (\(message))"
        case .SQLITE_FULL: return "the disk is full (\(message))"
        default: return message
        }
    }

    /// Whether the file has the ledger's tables.
    public var isLedger: Bool {
        get throws { try storageErrors { try pool.read { try $0.tableExists("events") } } }
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
