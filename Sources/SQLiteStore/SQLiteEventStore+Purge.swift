import GRDB
import LedgerCore

extension SQLiteEventStore {
    public func streamNames(prefix: String) async throws -> [String] {
        try await streamNames(prefix: prefix, after: nil, limit: Int.max)
    }

    public func streamNames(prefix: String, after: String?, limit: Int) async throws -> [String] {
        // A range on the stream index rather than LIKE, whose wildcards a name could contain; one lower
        // bound, the tighter: SQLite ranges the index on one of two.
        let after = after.flatMap { prefix.utf8.lexicographicallyPrecedes($0.utf8) ? $0 : nil }
        let lower = after.map { _ in "stream > ?" } ?? "stream >= ?"
        return try storageErrors {
            try pool.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT stream FROM events WHERE \(lower) AND stream < ? ORDER BY stream LIMIT ?",
                                    arguments: [after ?? prefix, prefix + "\u{10FFFF}", limit])
            }
        }
    }

    public func absentPayloadSeqs() async throws -> [Int64] {
        try storageErrors { try pool.read { try Int64.fetchAll($0, sql: "SELECT seq FROM events WHERE payload IS NULL ORDER BY seq") } }
    }

    /// Sets the payloads and their salts to NULL — the one UPDATE the schema's triggers let through, and
    /// only for events a recorded purge certificate names — in one transaction.
    public func purgePayloads(_ seqs: [Int64]) async throws -> Int {
        try storageErrors {
            try pool.write { db in
                let statement = try db.makeStatement(sql: "UPDATE events SET payload = NULL, payload_salt = NULL WHERE seq = ? AND payload IS NOT NULL")
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
    /// from the database file"). Overwrites freed content, rewrites the file without free pages, folds
    /// the WAL into the file and truncates it. A reader holding an older snapshot keeps the old pages
    /// alive in the WAL: then this throws, saying so, and the compaction stays pending
    /// (``compactionPending``) until a later run completes it — never "done" while the data is in the file.
    public func compactAfterPurge() throws {
        try setMeta(Self.compactionKey, "pending")
        try storageErrors {
            try pool.writeWithoutTransaction { db in
                // Cleared first, so that the checkpoint leaves nothing in the WAL; set again if it cannot finish.
                try db.execute(sql: "DELETE FROM ledger_meta WHERE key = ?", arguments: [Self.compactionKey])
                guard try Self.rewriteWithoutFreePages(db) else {
                    try db.execute(sql: "INSERT OR REPLACE INTO ledger_meta (key, value) VALUES (?, 'pending')", arguments: [Self.compactionKey])
                    throw LedgerError(
                        .storage, field: "db",
                        "the payloads are removed from the log, but another process holds a read snapshot of the ledger, so their old pages are still in its write-ahead log; the file could not be compacted yet — run `bagalau retention purge` again once that reader has closed")
                }
            }
        }
    }

    /// Overwrites freed content, rewrites the file without free pages, folds the WAL into the file and
    /// truncates it. False when another process's read snapshot keeps old pages in the WAL: then they
    /// are still there. The ledger after a purge, and its read models' file (``ReadModelStore/compact()``).
    static func rewriteWithoutFreePages(_ db: Database) throws -> Bool {
        try db.execute(sql: "PRAGMA secure_delete = ON")
        try db.execute(sql: "VACUUM")
        // (busy, WAL frames, frames checkpointed): busy, or frames left, means a reader still needs them.
        let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        let busy: Int = row?[0] ?? 1, frames: Int = row?[1] ?? -1, folded: Int = row?[2] ?? -1
        return busy == 0 && frames == folded
    }

    /// Whether a purge removed payloads whose pages may still be in the file (its compaction could not finish).
    public var compactionPending: Bool {
        get throws { try meta(Self.compactionKey) != nil }
    }

    static let compactionKey = "purge-compaction"
}
