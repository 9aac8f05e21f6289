import LedgerCore
import Logging
import PostgresNIO

/// The secrets of sign-in (``CredentialStore``) in their own tables of the PostgreSQL database beside the
/// log, so that every server of a deployment signs people in from one place (docs/deployment.md).
public struct PostgresCredentialStore: CredentialStore {
    let store: PostgresEventStore
    private var client: PostgresClient { store.client }
    private var logger: Logger { store.logger }

    public init(_ store: PostgresEventStore) { self.store = store }

    public func credential(of personId: String) async throws -> SignInCredential? {
        try await store.storageErrors {
            let rows = try await client.query("SELECT password_hash, totp_secret, must_change FROM credentials WHERE person_id = \(personId)", logger: logger)
            for try await (hash, secret, mustChange) in rows.decode((String, String?, Bool).self) {
                return SignInCredential(personId: personId, passwordHash: hash, totpSecret: secret, mustChange: mustChange)
            }
            return nil
        }
    }

    public func setPassword(of personId: String, hash: String, totpSecret: String?, mustChange: Bool, at now: Int64) async throws {
        try await store.storageErrors(writing: true) {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("""
                    INSERT INTO credentials (person_id, password_hash, totp_secret, must_change, updated_at) VALUES (\(personId), \(hash), \(totpSecret), \(mustChange), \(now))
                    ON CONFLICT (person_id) DO UPDATE SET password_hash = EXCLUDED.password_hash,
                        totp_secret = coalesce(EXCLUDED.totp_secret, credentials.totp_secret), must_change = EXCLUDED.must_change, updated_at = EXCLUDED.updated_at
                    """, logger: logger)
                try await connection.query("DELETE FROM sessions WHERE person_id = \(personId)", logger: logger)
            }
        }
    }

    public func setLanguage(of personId: String, _ language: String) async throws {
        try await store.storageErrors(writing: true) {
            _ = try await client.query(
                "INSERT INTO preferences (person_id, language) VALUES (\(personId), \(language)) ON CONFLICT (person_id) DO UPDATE SET language = EXCLUDED.language",
                logger: logger)
        }
    }

    public func erase(_ personId: String) async throws {
        try await store.storageErrors(writing: true) {
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("DELETE FROM credentials WHERE person_id = \(personId)", logger: logger)
                try await connection.query("DELETE FROM sessions WHERE person_id = \(personId)", logger: logger)
            }
        }
    }

    public func useSecondFactorStep(_ personId: String, step: Int64) async throws -> Bool {
        try await store.storageErrors(writing: true) {
            let rows = try await client.query(
                "UPDATE credentials SET totp_last_step = \(step) WHERE person_id = \(personId) AND totp_last_step < \(step) RETURNING person_id", logger: logger)
            var updated = false
            for try await _ in rows.decode(String.self) { updated = true }
            return updated
        }
    }

    public func recordAttempt(_ personId: String, succeeded: Bool, reason: String, at now: Int64) async throws {
        typealias Log = SignInAttemptLog
        let throttledSince = reason == Log.throttled ? now - Log.throttledEverySeconds : Int64.max
        try await store.storageErrors(writing: true) {
            let rows = try await client.query("""
                INSERT INTO sign_in_attempts (person_id, at, succeeded, reason)
                SELECT \(personId), \(now), \(succeeded), \(reason)
                WHERE NOT EXISTS (SELECT 1 FROM sign_in_attempts WHERE person_id = \(personId) AND at > \(throttledSince) AND reason = \(reason))
                RETURNING id
                """, logger: logger)
            var inserted: Int64?
            for try await id in rows.decode(Int64.self) { inserted = id }
            guard let id = inserted, id % Log.pruneEvery == 0 else { return }
            _ = try await client.query("""
                DELETE FROM sign_in_attempts
                WHERE at < \(now - Log.keptSeconds) OR (id <= \(id - Log.maxRows) AND at < \(now - Log.countedSeconds))
                """, logger: logger)
        }
    }

    public func failuresSinceLastSuccess(_ personId: String, since: Int64) async throws -> [Int64] {
        try await store.storageErrors {
            // Attempts in order of recording (id): the same second may hold a success and failures.
            let rows = try await client.query("""
                SELECT at FROM sign_in_attempts
                WHERE person_id = \(personId) AND NOT succeeded AND reason <> \(SignInAttemptLog.throttled) AND at >= \(since)
                    AND id > coalesce((SELECT max(id) FROM sign_in_attempts WHERE person_id = \(personId) AND succeeded), 0)
                ORDER BY at
                """, logger: logger)
            var times: [Int64] = []
            for try await at in rows.decode(Int64.self) { times.append(at) }
            return times
        }
    }

    public func createSession(digest: String, personId: String, kind: SignInSession.Kind, csrfToken: String, label: String?, at now: Int64, expiresAt: Int64) async throws {
        try await store.storageErrors(writing: true) {
            _ = try await client.query("""
                INSERT INTO sessions (token_digest, person_id, kind, csrf_token, label, created_at, expires_at)
                VALUES (\(digest), \(personId), \(kind.rawValue), \(csrfToken), \(label), \(now), \(expiresAt))
                """, logger: logger)
        }
    }

    public func session(digest: String, at now: Int64) async throws -> SignInSession? {
        try await store.storageErrors {
            let rows = try await client.query("""
                SELECT s.person_id, s.kind, s.csrf_token, s.label, s.expires_at, coalesce(c.must_change, false), p.language
                FROM sessions s LEFT JOIN credentials c ON c.person_id = s.person_id LEFT JOIN preferences p ON p.person_id = s.person_id
                WHERE s.token_digest = \(digest) AND s.expires_at > \(now)
                """, logger: logger)
            for try await (person, kind, csrf, label, expires, mustChange, language) in rows.decode((String, String, String, String?, Int64, Bool, String?).self) {
                return SignInSession(personId: person, kind: SignInSession.Kind(rawValue: kind) ?? .session, csrfToken: csrf, label: label, expiresAt: expires,
                                     mustChangePassword: mustChange, language: language)
            }
            return nil
        }
    }

    public func endSession(digest: String) async throws {
        try await store.storageErrors(writing: true) {
            _ = try await client.query("DELETE FROM sessions WHERE token_digest = \(digest)", logger: logger)
        }
    }

    @discardableResult
    public func endSessions(of personId: String) async throws -> Int {
        try await store.storageErrors(writing: true) {
            let rows = try await client.query("DELETE FROM sessions WHERE person_id = \(personId) RETURNING token_digest", logger: logger)
            var ended = 0
            for try await _ in rows.decode(String.self) { ended += 1 }
            return ended
        }
    }
}
