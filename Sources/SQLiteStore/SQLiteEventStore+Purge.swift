import GRDB
import LedgerCore

extension SQLiteEventStore {
    public func streamNames(prefix: String) async throws -> [String] {
        try storageErrors {
            try pool.read { db in
                // A range on the stream index rather than LIKE, whose wildcards a name could contain.
                try String.fetchAll(db, sql: "SELECT DISTINCT stream FROM events WHERE stream >= ? AND stream < ? ORDER BY stream",
                                    arguments: [prefix, prefix + "\u{10FFFF}"])
            }
        }
    }

    /// Sets the payloads to NULL — the one UPDATE the schema's trigger lets through — in one transaction.
    public func absentPayloadSeqs() async throws -> [Int64] {
        try storageErrors { try pool.read { try Int64.fetchAll($0, sql: "SELECT seq FROM events WHERE payload IS NULL ORDER BY seq") } }
    }

    public func purgePayloads(_ seqs: [Int64]) async throws -> Int {
        try storageErrors {
            try pool.write { db in
                let statement = try db.makeStatement(sql: "UPDATE events SET payload = NULL WHERE seq = ? AND payload IS NOT NULL")
                var removed = 0
                for seq in seqs {
                    try statement.execute(arguments: [seq])
                    removed += db.changesCount
                }
                return removed
            }
        }
    }

    /// After a purge: the removed payloads must not survive in free pages or the WAL (issue 6: "gone
    /// from the database file"). Overwrites freed content, folds the WAL into the file and truncates it,
    /// and rewrites the file without free pages.
    public func compactAfterPurge() throws {
        try storageErrors {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA secure_delete = ON")
                try db.execute(sql: "VACUUM")
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
    }
}
