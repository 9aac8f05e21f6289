import Foundation
import GRDB
import LedgerCore

extension SQLiteEventStore {
    /// An online, consistent copy of the ledger file at `path` (issue 11 §7): `VACUUM INTO` reads one
    /// snapshot — acts committed while it runs are simply not in the copy — and writes a compact file
    /// without free pages, so no purged payload survives in it either. Writers are not blocked. Refuses
    /// to overwrite a file. The copy is written beside `path` under a temporary name and moved to `path`
    /// only once it is whole: a backup that fails (a full disk) leaves nothing behind to block the retry
    /// (issue 31 §7: it left a 0-byte file).
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(.storage, field: "to", "\(path) exists already; a backup never overwrites a file (it was left untouched)")
        }
        let partial = path + ".partial-" + UUID().uuidString.lowercased()
        do {
            try storageErrors {
                // One statement outside an explicit transaction reads one snapshot by itself.
                try pool.unsafeRead { db in try db.execute(sql: "VACUUM INTO ?", arguments: [partial]) }
            }
            // moveItem refuses an existing destination: a file that appeared meanwhile is not overwritten.
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            if let error = error as? LedgerError { throw error }
            throw LedgerError(.storage, field: "to", "the backup could not be moved to \(path): \(error.localizedDescription)")
        }
    }
}
