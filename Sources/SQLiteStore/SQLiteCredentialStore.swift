import GRDB
import LedgerCore

/// The secrets of sign-in (``CredentialStore``) in their own tables of the ledger file.
public struct SQLiteCredentialStore: CredentialStore {
    let pool: DatabasePool

    public init(_ store: SQLiteEventStore) { pool = store.pool }

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch let error as DatabaseError {
            throw LedgerError(.storage, "SQLite (credentials): \(error.message ?? "\(error.resultCode)")")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let error as DatabaseError {
            throw LedgerError(.storage, "SQLite (credentials): \(error.message ?? "\(error.resultCode)")")
        }
    }

    public func credential(of personId: String) throws -> SignInCredential? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT password_hash, totp_secret, must_change FROM credentials WHERE person_id = ?", arguments: [personId]).map {
                SignInCredential(personId: personId, passwordHash: $0[0], totpSecret: $0[1], mustChange: ($0[2] as Int64) != 0)
            }
        }
    }

    public func setPassword(of personId: String, hash: String, totpSecret: String?, mustChange: Bool, at now: Int64) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO credentials (person_id, password_hash, totp_secret, must_change, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (person_id) DO UPDATE SET password_hash = excluded.password_hash,
                    totp_secret = coalesce(excluded.totp_secret, credentials.totp_secret), must_change = excluded.must_change, updated_at = excluded.updated_at
                """, arguments: [personId, hash, totpSecret, mustChange ? 1 : 0, now])
            try db.execute(sql: "DELETE FROM sessions WHERE person_id = ?", arguments: [personId])
        }
    }

    public func setLanguage(of personId: String, _ language: String) throws {
        try write { try $0.execute(sql: "INSERT INTO preferences (person_id, language) VALUES (?, ?) ON CONFLICT (person_id) DO UPDATE SET language = excluded.language", arguments: [personId, language]) }
    }

    public func erase(_ personId: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM credentials WHERE person_id = ?", arguments: [personId])
            try db.execute(sql: "DELETE FROM sessions WHERE person_id = ?", arguments: [personId])
        }
    }

    public func useSecondFactorStep(_ personId: String, step: Int64) throws -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE credentials SET totp_last_step = ? WHERE person_id = ? AND totp_last_step < ?", arguments: [step, personId, step])
            return db.changesCount == 1
        }
    }

    public func recordAttempt(_ personId: String, succeeded: Bool, reason: String, at now: Int64) throws {
        typealias Log = SignInAttemptLog
        try write { db in
            if reason == Log.throttled, try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sign_in_attempts WHERE person_id = ? AND at > ? AND reason = ?)",
                                                          arguments: [personId, now - Log.throttledEverySeconds, reason]) == true {
                return
            }
            try db.execute(sql: "INSERT INTO sign_in_attempts (person_id, at, succeeded, reason) VALUES (?, ?, ?, ?)", arguments: [personId, now, succeeded ? 1 : 0, reason])
            let row = db.lastInsertedRowID
            guard row % Log.pruneEvery == 0 else { return }
            try db.execute(sql: "DELETE FROM sign_in_attempts WHERE at < ? OR (rowid <= ? AND at < ?)",
                           arguments: [now - Log.keptSeconds, row - Log.maxRows, now - Log.countedSeconds])
        }
    }

    public func failuresSinceLastSuccess(_ personId: String, since: Int64) throws -> [Int64] {
        try read { db in
            // Attempts in order of recording (rowid): the same second may hold a success and failures.
            let lastSuccess = try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM sign_in_attempts WHERE person_id = ? AND succeeded = 1", arguments: [personId]) ?? 0
            return try Int64.fetchAll(db, sql: "SELECT at FROM sign_in_attempts WHERE person_id = ? AND succeeded = 0 AND reason != '\(SignInAttemptLog.throttled)' AND at >= ? AND rowid > ? ORDER BY at",
                                      arguments: [personId, since, lastSuccess])
        }
    }

    public func createSession(digest: String, personId: String, kind: SignInSession.Kind, csrfToken: String, label: String?, at now: Int64, expiresAt: Int64) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO sessions (token_digest, person_id, kind, csrf_token, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [digest, personId, kind.rawValue, csrfToken, label, now, expiresAt])
        }
    }

    public func session(digest: String, at now: Int64) throws -> SignInSession? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT s.person_id, s.kind, s.csrf_token, s.label, s.expires_at, coalesce(c.must_change, 0), p.language
                FROM sessions s LEFT JOIN credentials c ON c.person_id = s.person_id LEFT JOIN preferences p ON p.person_id = s.person_id
                WHERE s.token_digest = ? AND s.expires_at > ?
                """, arguments: [digest, now]).map {
                SignInSession(personId: $0[0], kind: SignInSession.Kind(rawValue: $0[1]) ?? .session, csrfToken: $0[2], label: $0[3], expiresAt: $0[4],
                        mustChangePassword: ($0[5] as Int64) != 0, language: $0[6])
            }
        }
    }

    public func endSession(digest: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_digest = ?", arguments: [digest]) }
    }

    @discardableResult
    public func endSessions(of personId: String) throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE person_id = ?", arguments: [personId])
            return db.changesCount
        }
    }
}
