import LedgerCore
import Logging
import PostgresNIO

/// The ledger's tables in PostgreSQL: the same envelope, chain and tree as the SQLite file (design.md
/// §6–§7), the same guards as triggers. Text columns that are ordered or compared as bytes (streams, ids,
/// times in their fixed form) use the "C" collation, so that prefixes and ranges mean what they mean in
/// SQLite. Migrations are append-only, as in the file: a shipped one is never edited.
enum PostgresSchema {
    /// The format this build writes and reads (design.md §7: an older one is refused).
    static let format = "2"

    static let migrations: [(name: String, statements: [String])] = [
        ("v1-ledger", [
            """
            CREATE TABLE events (
                seq            bigint PRIMARY KEY,
                stream         text COLLATE "C" NOT NULL,
                version        bigint NOT NULL,
                id             text COLLATE "C" NOT NULL UNIQUE,
                type           text COLLATE "C" NOT NULL,
                schema_version integer NOT NULL,
                occurred_at    text COLLATE "C" NOT NULL,
                recorded_at    text COLLATE "C" NOT NULL,
                actor_person   text COLLATE "C" NOT NULL,
                actor_role     text COLLATE "C" NOT NULL,
                payload        text,   -- canonical JSON (RFC 8785), as text: jsonb would not keep its bytes
                payload_digest text COLLATE "C" NOT NULL,
                prev_hash      text COLLATE "C" NOT NULL,
                hash           text COLLATE "C" NOT NULL,
                payload_salt   text COLLATE "C",
                UNIQUE (stream, version)
            )
            """,
            """
            -- recordedAt never decreases along seq (design.md §6): a block-range index finds a range of it
            -- at almost no cost to appends.
            CREATE INDEX events_recorded_at ON events USING brin (recorded_at)
            """,
            """

            -- The perfect subtrees of the Merkle tree above the leaves (RFC 9162 §2.1.1), as in the file.
            CREATE TABLE merkle_nodes (
                level integer NOT NULL CHECK (level >= 1),
                idx   bigint NOT NULL,
                hash  bytea NOT NULL CHECK (length(hash) = 32),
                PRIMARY KEY (level, idx)
            )
            """,
            """

            CREATE FUNCTION bagalau_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation'; END $$
            """,
            """

            -- The log is append-only: no DELETE or TRUNCATE, ever; the tree likewise, and no UPDATE of it.
            CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW
                EXECUTE FUNCTION bagalau_refuse('events are append-only: DELETE is refused')
            """,
            """
            CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT
                EXECUTE FUNCTION bagalau_refuse('events are append-only: TRUNCATE is refused')
            """,
            """
            CREATE TRIGGER merkle_nodes_no_change BEFORE UPDATE OR DELETE ON merkle_nodes FOR EACH ROW
                EXECUTE FUNCTION bagalau_refuse('the Merkle tree is append-only: UPDATE and DELETE are refused')
            """,
            """
            CREATE TRIGGER merkle_nodes_no_truncate BEFORE TRUNCATE ON merkle_nodes FOR EACH STATEMENT
                EXECUTE FUNCTION bagalau_refuse('the Merkle tree is append-only: TRUNCATE is refused')
            """,
            """

            -- No UPDATE, except the retention purge: it may set a payload and its salt to NULL, touching
            -- nothing else, and only for an event a recorded purge certificate names (design.md §7).
            CREATE FUNCTION events_purge_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NOT (NEW.payload IS NULL AND OLD.payload IS NOT NULL AND NEW.payload_salt IS NULL
                    AND (NEW.seq, NEW.stream, NEW.version, NEW.id, NEW.type, NEW.schema_version, NEW.occurred_at,
                         NEW.recorded_at, NEW.actor_person, NEW.actor_role, NEW.payload_digest, NEW.prev_hash, NEW.hash)
                    IS NOT DISTINCT FROM
                        (OLD.seq, OLD.stream, OLD.version, OLD.id, OLD.type, OLD.schema_version, OLD.occurred_at,
                         OLD.recorded_at, OLD.actor_person, OLD.actor_role, OLD.payload_digest, OLD.prev_hash, OLD.hash))
                THEN
                    RAISE EXCEPTION 'events are append-only: UPDATE is refused (only a retention purge may clear a payload)'
                        USING ERRCODE = 'restrict_violation';
                END IF;
                IF NOT EXISTS (
                    SELECT 1 FROM events AS certificate
                    WHERE certificate.stream = 'retention' AND certificate.type = 'retention.purge-certified'
                        AND jsonb_path_exists(certificate.payload::jsonb, '$.cases[*].events[*] ? (@.seq == $seq)',
                                              jsonb_build_object('seq', OLD.seq)))
                THEN
                    RAISE EXCEPTION 'a payload may be removed only for an event a recorded purge certificate names'
                        USING ERRCODE = 'restrict_violation';
                END IF;
                RETURN NEW;
            END $$
            """,
            """
            CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION events_purge_only()
            """,
        ]),
        // Sign-in secrets beside the log, outside the chain (design.md §13), as the file keeps them: so that
        // every server of a deployment signs people in from the same database. Not evidence: they can be
        // rotated and erased.
        ("v2-credentials", [
            """
            CREATE TABLE credentials (
                person_id      text COLLATE "C" PRIMARY KEY,
                password_hash  text NOT NULL,
                totp_secret    text,
                totp_last_step bigint NOT NULL DEFAULT 0,
                must_change    boolean NOT NULL,
                updated_at     bigint NOT NULL
            )
            """,
            """
            CREATE TABLE sessions (
                token_digest text COLLATE "C" PRIMARY KEY,
                person_id    text COLLATE "C" NOT NULL,
                kind         text NOT NULL CHECK (kind IN ('session', 'token')),
                csrf_token   text NOT NULL,
                label        text,
                created_at   bigint NOT NULL,
                expires_at   bigint NOT NULL
            )
            """,
            "CREATE INDEX sessions_by_person ON sessions (person_id)",
            """
            CREATE TABLE sign_in_attempts (
                id        bigserial PRIMARY KEY,
                person_id text COLLATE "C" NOT NULL,
                at        bigint NOT NULL,
                succeeded boolean NOT NULL,
                reason    text NOT NULL
            )
            """,
            "CREATE INDEX sign_in_attempts_by_person ON sign_in_attempts (person_id, at)",
            """
            CREATE TABLE preferences (
                person_id text COLLATE "C" PRIMARY KEY,
                language  text NOT NULL CHECK (language IN ('kk', 'ru', 'en'))
            )
            """,
        ]),
    ]

    /// Creates or brings up to date the ledger's tables, each migration in its own transaction, under an
    /// advisory lock so that two processes opening a new database at once do not both create them. A
    /// database that is up to date is only read: a read-only role, or a hot standby, opens it as well.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            if try await pending(connection, logger: logger).isEmpty { return try await checkFormat(connection, logger: logger) }
            try await connection.query("SELECT pg_advisory_lock(7391)", logger: logger)
            do {
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS ledger_meta (key text COLLATE \"C\" PRIMARY KEY, value text NOT NULL)", logger: logger)
                for migration in try await pending(connection, logger: logger) {
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        for statement in migration.statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                        let key = "migration:\(migration.name)"
                        try await connection.query("INSERT INTO ledger_meta (key, value) VALUES (\(key), 'applied')", logger: logger)
                        try await connection.query(
                            "INSERT INTO ledger_meta (key, value) VALUES ('format', \(format)) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                            logger: logger)
                        try await connection.query("COMMIT", logger: logger)
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
                try await checkFormat(connection, logger: logger)
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(7391)", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(7391)", logger: logger)
        }
    }

    /// The migrations the database has not had yet (all of them for a new database).
    private static func pending(_ connection: PostgresConnection, logger: Logger) async throws -> [(name: String, statements: [String])] {
        var exists = false
        for try await found in try await connection.query("SELECT to_regclass('ledger_meta') IS NOT NULL", logger: logger).decode(Bool.self) { exists = found }
        guard exists else { return migrations }
        var applied: Set<String> = []
        for try await name in try await connection.query("SELECT key FROM ledger_meta WHERE key LIKE 'migration:%'", logger: logger).decode(String.self) {
            applied.insert(String(name.dropFirst("migration:".count)))
        }
        return migrations.filter { !applied.contains($0.name) }
    }

    /// design.md §7: a ledger of another format is refused, with what it is.
    private static func checkFormat(_ connection: PostgresConnection, logger: Logger) async throws {
        var stored: String?
        for try await value in try await connection.query("SELECT value FROM ledger_meta WHERE key = 'format'", logger: logger).decode(String.self) {
            stored = value
        }
        guard stored == format else {
            throw LedgerError(.storage, field: "postgres", "the database holds a ledger of format \(stored ?? "unknown"); this build reads format \(format)")
        }
    }
}
