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
        migrator.registerMigration("v4-salted-commitments-and-merkle-tree") { db in
            // design.md §7 as rewritten: a file with events written before salts and the tree is of an
            // older format and is refused (no ledger is in production: test ledgers are rebuilt).
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0 > 0 {
                throw LedgerSchemaError.olderFormat
            }
            try db.execute(sql: """
                -- 32 random bytes (hex) beside each payload, inside its digest, erased with it by a purge.
                ALTER TABLE events ADD COLUMN payload_salt TEXT;

                -- The perfect subtrees of the Merkle tree over the events' hashes (RFC 9162 §2.1.1), one
                -- row per completed node above the leaves: the 2^level leaves from index × 2^level on.
                -- A root or a proof reads O(log n) of them; verify rebuilds and compares every one.
                CREATE TABLE merkle_nodes (
                    level INTEGER NOT NULL CHECK (level >= 1),
                    idx   INTEGER NOT NULL,
                    hash  BLOB NOT NULL CHECK (length(hash) = 32),
                    PRIMARY KEY (level, idx)
                ) STRICT, WITHOUT ROWID;

                CREATE TRIGGER merkle_nodes_no_delete BEFORE DELETE ON merkle_nodes
                BEGIN SELECT RAISE(ABORT, 'the Merkle tree is append-only: DELETE is refused'); END;
                CREATE TRIGGER merkle_nodes_no_update BEFORE UPDATE ON merkle_nodes
                BEGIN SELECT RAISE(ABORT, 'the Merkle tree is append-only: UPDATE is refused'); END;

                -- The purge may set a payload and its salt to NULL, touching nothing else, and only for an
                -- event a recorded purge certificate names (design.md §7: "a payload may be absent only
                -- where a purge certificate recorded in the ledger names its event").
                DROP TRIGGER events_no_update;
                CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                WHEN NOT (
                    NEW.payload IS NULL AND OLD.payload IS NOT NULL AND NEW.payload_salt IS NULL
                    AND NEW.seq IS OLD.seq AND NEW.stream IS OLD.stream AND NEW.version IS OLD.version
                    AND NEW.id IS OLD.id AND NEW.type IS OLD.type AND NEW.schema_version IS OLD.schema_version
                    AND NEW.occurred_at IS OLD.occurred_at AND NEW.recorded_at IS OLD.recorded_at
                    AND NEW.actor_person IS OLD.actor_person AND NEW.actor_role IS OLD.actor_role
                    AND NEW.payload_digest IS OLD.payload_digest AND NEW.prev_hash IS OLD.prev_hash
                    AND NEW.hash IS OLD.hash)
                BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is refused (only a retention purge may clear a payload)'); END;

                CREATE TRIGGER events_purge_certified BEFORE UPDATE OF payload ON events
                WHEN NEW.payload IS NULL AND NOT EXISTS (
                    SELECT 1 FROM events AS certificate, json_each(certificate.payload, '$.cases') AS purged_case,
                        json_each(purged_case.value, '$.events') AS purged
                    WHERE certificate.stream = 'retention' AND certificate.type = 'retention.purge-certified'
                        AND json_extract(purged.value, '$.seq') = OLD.seq)
                BEGIN SELECT RAISE(ABORT, 'a payload may be removed only for an event a recorded purge certificate names'); END;
                """)
            try db.execute(sql: "INSERT OR REPLACE INTO ledger_meta (key, value) VALUES ('format', ?)", arguments: [LedgerSchema.format])
        }
        migrator.registerMigration("v5-read-model-digests") { db in
            // Issue 11 §5: each read-model table's digest (ReadModelDigest), written with its rows; a read
            // refuses a table whose rows no longer match it. Read models are derived: those built before
            // digests are rebuilt on their next catch-up (their checkpoints are dropped here).
            try db.execute(sql: """
                CREATE TABLE read_model_digests (
                    projection TEXT NOT NULL,
                    table_name TEXT NOT NULL,
                    digest     BLOB NOT NULL CHECK (length(digest) = 32),
                    rows       INTEGER NOT NULL,
                    PRIMARY KEY (projection, table_name)
                ) STRICT, WITHOUT ROWID;
                DELETE FROM projection_checkpoints;
                """)
        }
        migrator.registerMigration("v6-read-models-in-their-own-file") { db in
            // Issue 12 §2: read models moved to a file of their own (ReadModelStore), so that a read never
            // writes the ledger. Those this file held are derived data: dropped, folded again there.
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 3) = 'rm_'")
            for table in tables { try db.execute(sql: "DROP TABLE \"\(table)\"") }
            try db.execute(sql: "DROP TABLE projection_checkpoints; DROP TABLE read_model_digests")
        }
        return migrator
    }

    /// For a file opened read-only, where nothing may be migrated: it must be of this build's format.
    static func checkFormat(_ pool: DatabasePool) throws {
        let format = try pool.read { db in
            try db.tableExists("ledger_meta") ? try String.fetchOne(db, sql: "SELECT value FROM ledger_meta WHERE key = 'format'") : nil
        }
        guard format == LedgerSchema.format else { throw LedgerSchemaError.olderFormat }
    }

    /// The file format this build writes and reads (design.md §7: an older format is refused).
    static let format = "2"
}

/// Why a ledger file cannot be opened by this build.
enum LedgerSchemaError: Error, CustomStringConvertible {
    case olderFormat

    var description: String {
        "the file is a ledger of an older format (before salted payload commitments and the Merkle tree): this build does not read it; record its acts again into a new ledger (`bagalau init`, then `bagalau acts`)"
    }
}

extension LedgerSchema {

    /// Every column of `events`, in the order the read path expects.
    static let eventColumns =
        "seq, stream, version, id, type, schema_version, occurred_at, recorded_at, actor_person, actor_role, payload, payload_digest, prev_hash, hash, payload_salt"
}
