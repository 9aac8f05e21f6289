import Foundation
import GRDB
import LedgerCore

extension SQLiteEventStore {
    /// An online, consistent copy of the ledger file at `path` (issue 11 §7): `VACUUM INTO` reads one
    /// snapshot — acts committed while it runs are simply not in the copy — and writes a compact file
    /// without free pages, so no purged payload survives in it either. Writers are not blocked. Refuses
    /// to overwrite a file.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(.storage, field: "to", "\(path) exists already; a backup never overwrites a file (it was left untouched)")
        }
        try storageErrors {
            // One statement outside an explicit transaction reads one snapshot by itself.
            try pool.unsafeRead { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
        }
    }
}
