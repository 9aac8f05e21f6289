import GRDB

/// The ledger file's schema. Migrations are append-only: a shipped migration is never edited
/// (style.md, after GRDB).
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-event-log") { db in
            try db.execute(sql: """
                CREATE TABLE ledger_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;

                -- The event log: the only source of truth (design.md §4), envelope of design.md §6.
                CREATE TABLE events (
                    seq            INTEGER PRIMARY KEY NOT NULL,
                    stream         TEXT NOT NULL,
                    version        INTEGER NOT NULL,
                    id             TEXT NOT NULL UNIQUE,
                    type           TEXT NOT NULL,
                    schema_version INTEGER NOT NULL,
                    occurred_at    TEXT NOT NULL,
                    recorded_at    TEXT NOT NULL,
                    actor_person   TEXT NOT NULL,
                    actor_role     TEXT NOT NULL,
                    payload        TEXT,             -- canonical JSON (RFC 8785); NULL only after a retention purge
                    payload_digest TEXT NOT NULL,
                    prev_hash      TEXT NOT NULL,
                    hash           TEXT NOT NULL,
                    UNIQUE (stream, version)
                ) STRICT;
                -- No index on recorded_at: it never decreases along seq, so a recorded-time range is
                -- found by binary search on seq (SQLiteEventStore+Read). seq is gapless because the
                -- store assigns max(seq) + 1 inside an IMMEDIATE transaction; verify checks it.

                -- The log is append-only: no DELETE, ever.
                CREATE TRIGGER events_no_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is refused'); END;

                -- No UPDATE, except the retention purge, which may set a payload to NULL and touch nothing else.
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                WHEN NOT (
                    NEW.payload IS NULL AND OLD.payload IS NOT NULL
                    AND NEW.seq IS OLD.seq AND NEW.stream IS OLD.stream AND NEW.version IS OLD.version
                    AND NEW.id IS OLD.id AND NEW.type IS OLD.type AND NEW.schema_version IS OLD.schema_version
                    AND NEW.occurred_at IS OLD.occurred_at AND NEW.recorded_at IS OLD.recorded_at
                    AND NEW.actor_person IS OLD.actor_person AND NEW.actor_role IS OLD.actor_role
                    AND NEW.payload_digest IS OLD.payload_digest AND NEW.prev_hash IS OLD.prev_hash
                    AND NEW.hash IS OLD.hash)
                BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is refused (only a retention purge may clear a payload)'); END;

                -- Projection checkpoints: the last seq each read model has folded.
                CREATE TABLE projection_checkpoints (
                    name    TEXT PRIMARY KEY NOT NULL,
                    version INTEGER NOT NULL,
                    seq     INTEGER NOT NULL
                ) STRICT;
                """)
        }
        migrator.registerMigration("v2-credentials") { db in
            // Secrets beside the ledger, outside the chain (design.md §13): they can be rotated and erased.
            // Opening or closing an account is an act in `events`; nothing here is evidence.
            try db.execute(sql: """
                -- A person's password (a bcrypt hash, never the password) and second-factor key.
                CREATE TABLE credentials (
                    person_id     TEXT PRIMARY KEY NOT NULL,
                    password_hash TEXT NOT NULL,
                    totp_secret   TEXT,
                    totp_last_step INTEGER NOT NULL DEFAULT 0, -- the last second-factor step used: a code works once
                    must_change   INTEGER NOT NULL,
                    updated_at    INTEGER NOT NULL
                ) STRICT;

                -- Browser sessions and programs' bearer tokens, by the SHA-256 of the token (never the token).
                CREATE TABLE sessions (
                    token_digest TEXT PRIMARY KEY NOT NULL,
                    person_id    TEXT NOT NULL,
                    kind         TEXT NOT NULL CHECK (kind IN ('session', 'token')),
                    csrf_token   TEXT NOT NULL,
                    label        TEXT,
                    created_at   INTEGER NOT NULL,
                    expires_at   INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX sessions_by_person ON sessions (person_id);

                -- Every sign-in attempt, so that repeated failures are slowed down and can be reviewed.
                CREATE TABLE sign_in_attempts (
                    person_id TEXT NOT NULL,
                    at        INTEGER NOT NULL,
                    succeeded INTEGER NOT NULL,
                    reason    TEXT NOT NULL
                ) STRICT;
                CREATE INDEX sign_in_attempts_by_person ON sign_in_attempts (person_id, at);
                """)
        }
        migrator.registerMigration("v3-preferences") { db in
            // What a person chose for the console (its language), remembered per account; not evidence.
            try db.execute(sql: """
                CREATE TABLE preferences (
                    person_id TEXT PRIMARY KEY NOT NULL,
                    language  TEXT NOT NULL CHECK (language IN ('kk', 'ru', 'en'))
                ) STRICT;
                """)
        }
        return migrator
    }

    /// Every column of `events`, in the order the read path expects.
    static let eventColumns =
        "seq, stream, version, id, type, schema_version, occurred_at, recorded_at, actor_person, actor_role, payload, payload_digest, prev_hash, hash"
}
