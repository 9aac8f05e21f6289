import Foundation
import GRDB
import LedgerCore

/// SQL for read-model tables. Every table is named `rm_<name>`, so read models can never collide with
/// the log's own tables, and dropping them never touches the log.
enum ReadModelSQL {
    static func tableName(_ table: ReadModelTable) -> String { "rm_" + table.name }

    static func create(_ table: ReadModelTable) -> String {
        let columns = table.columns.map { "\"\($0.name)\" \($0.type.rawValue)\($0.nullable ? "" : " NOT NULL")" }
        let key = table.columns.prefix(table.keyColumnCount).map { "\"\($0.name)\"" }.joined(separator: ", ")
        let create = "CREATE TABLE IF NOT EXISTS \(tableName(table)) (\(columns.joined(separator: ", ")), PRIMARY KEY (\(key))) STRICT, WITHOUT ROWID"
        // A partition read by a column that does not lead the key, and a lookup, go through an index of their own.
        let indexed = (table.partitionColumn > 0 ? [table.partitionColumn] : []) + table.lookupColumns
        return ([create] + indexed.map { index in
            let column = table.columns[index].name
            return "CREATE INDEX IF NOT EXISTS \"\(tableName(table))_by_\(column)\" ON \(tableName(table)) (\"\(column)\")"
        }).joined(separator: "; ")
    }

    /// The partitions of `table` that hold a row — or a row whose `column` (a lookup column) has the
    /// value given — by the partition column's index (or the lookup column's).
    static func partitions(_ db: Database, _ table: ReadModelTable, where lookup: (column: String, value: ReadModelValue)? = nil) throws -> [ReadModelValue] {
        let condition = lookup.map { " WHERE \"\($0.column)\" = ?" } ?? ""
        let statement = RawStatement(try db.cachedStatement(sql: "SELECT DISTINCT \"\(table.partitionColumnName)\" FROM \(tableName(table))\(condition) ORDER BY 1"))
        statement.reset()
        defer { statement.reset() }
        if let lookup { statement.bind(1, lookup.value) }
        var found: [ReadModelValue] = []
        while try statement.step(db) { found.append(statement.readModelValue(0)) }
        return found
    }

    static func drop(_ table: ReadModelTable) -> String { "DROP TABLE IF EXISTS \(tableName(table)); DROP TABLE IF EXISTS \(stagingName(table))" }

    /// Where a cold build appends the rows of a written-only table (``ReadModelTable/writtenOnly``) as they
    /// come: its columns without a key, so each row goes to the end of the file.
    static func stagingName(_ table: ReadModelTable) -> String { tableName(table) + "__staged" }

    static func createStaging(_ table: ReadModelTable) -> String {
        let columns = table.columns.map { "\"\($0.name)\" \($0.type.rawValue)\($0.nullable ? "" : " NOT NULL")" }
        return "CREATE TABLE IF NOT EXISTS \(stagingName(table)) (\(columns.joined(separator: ", "))) STRICT"
    }

    /// Puts a cold build's staged rows into their table in key order — the last written of a key wins, as
    /// it would have row by row — in one statement, and drops the staging table. Nothing when none is staged.
    static func unstage(_ db: Database, _ table: ReadModelTable) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [stagingName(table)]) ?? false else { return }
        let names = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let order = table.columns.prefix(table.keyColumnCount).map { "\"\($0.name)\"" }.joined(separator: ", ")
        try db.execute(sql: "INSERT OR REPLACE INTO \(tableName(table)) (\(names)) SELECT \(names) FROM \(stagingName(table)) ORDER BY \(order), rowid")
        try db.execute(sql: "DROP TABLE \(stagingName(table))")
    }

    static func upsert(_ table: ReadModelTable) -> String { insert(table, "INSERT OR REPLACE INTO", tableName(table)) }

    /// A row appended to the table's staging table (``stagingName(_:)``).
    static func stage(_ table: ReadModelTable) -> String { insert(table, "INSERT INTO", stagingName(table)) }

    private static func insert(_ table: ReadModelTable, _ verb: String, _ name: String) -> String {
        let names = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        return "\(verb) \(name) (\(names)) VALUES (\(marks))"
    }

    static func keyCondition(_ table: ReadModelTable) -> String {
        table.columns.prefix(table.keyColumnCount).map { "\"\($0.name)\" = ?" }.joined(separator: " AND ")
    }

    static func delete(_ table: ReadModelTable) -> String {
        "DELETE FROM \(tableName(table)) WHERE \(keyCondition(table))"
    }

    static func select(_ table: ReadModelTable) -> String {
        let names = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        return "SELECT \(names) FROM \(tableName(table)) WHERE \(keyCondition(table))"
    }

    static func selectAll(_ table: ReadModelTable, partition: Bool = false) -> String {
        let names = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let order = (1...table.keyColumnCount).map(String.init).joined(separator: ", ")
        let condition = partition ? " WHERE \"\(table.partitionColumnName)\" = ?" : ""
        return "SELECT \(names) FROM \(tableName(table))\(condition) ORDER BY \(order)"
    }

    /// The statements of one table, their SQL built once. `staged`: a cold build's rows of a written-only
    /// table go to its staging table (``stagingName(_:)``), where no row is deleted.
    struct Statements {
        let upsert: String, delete: String, select: String
        let staged: Bool
        init(_ table: ReadModelTable, staged: Bool = false) {
            let staged = staged && table.writtenOnly
            upsert = staged ? ReadModelSQL.stage(table) : ReadModelSQL.upsert(table)
            delete = ReadModelSQL.delete(table)
            select = ReadModelSQL.select(table)
            self.staged = staged
        }
    }

    static func statements(for tables: [ReadModelTable], staged: Bool = false) -> [String: Statements] {
        Dictionary(uniqueKeysWithValues: tables.map { ($0.name, Statements($0, staged: staged)) })
    }

    static func load(_ db: Database, _ table: ReadModelTable, key: [ReadModelValue], sql: [String: Statements]) throws -> ReadModelRow? {
        let statement = RawStatement(try db.cachedStatement(sql: sql[table.name]!.select))
        statement.reset()
        for (index, value) in key.enumerated() { statement.bind(Int32(index + 1), value) }
        defer { statement.reset() }
        guard try statement.step(db) else { return nil }
        return (0..<Int32(table.columns.count)).map { statement.readModelValue($0) }
    }

    /// Every row of `table` in key order — or of one of its partitions.
    static func rows(_ db: Database, _ table: ReadModelTable, partition: ReadModelValue? = nil) throws -> [ReadModelRow] {
        let statement = RawStatement(try db.cachedStatement(sql: selectAll(table, partition: partition != nil)))
        statement.reset()
        defer { statement.reset() }
        if let partition { statement.bind(1, partition) }
        var rows: [ReadModelRow] = []
        while try statement.step(db) { rows.append((0..<Int32(table.columns.count)).map { statement.readModelValue($0) }) }
        return rows
    }

    /// The digest of the rows `table` holds now (``ReadModelDigest``).
    static func digest(_ db: Database, _ table: ReadModelTable) throws -> ReadModelDigest {
        ReadModelDigest(of: try rows(db, table))
    }

    /// The digests a projection's runner last wrote, by table name (issue 11 §5): each table's partitions
    /// summed. A table with no stored partition is empty.
    static func storedDigests(_ db: Database, projection: String) throws -> [String: ReadModelDigest] {
        var digests: [String: ReadModelDigest] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT table_name, digest, rows FROM read_model_digests WHERE projection = ?", arguments: [projection]) {
            let bytes: [UInt8] = Array(row["digest"] as Data)
            digests[row["table_name"], default: ReadModelDigest()].add(ReadModelDigest(bytes: bytes, rows: row["rows"]) ?? ReadModelDigest())
        }
        return digests
    }

    /// Whether the projection's read model is in a cold build that has not sealed its digests (a read and
    /// `verify --read-models` both ask, each in its own read transaction).
    static func digestsPending(_ db: Database, projection: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT digests_pending FROM projection_checkpoints WHERE name = ?", arguments: [projection]) ?? false
    }

    /// The digest the runner last wrote for one partition of a table (empty when it holds no row).
    static func storedDigest(_ db: Database, projection: String, table: ReadModelTable, partition: ReadModelValue) throws -> ReadModelDigest {
        let statement = RawStatement(try db.cachedStatement(sql: "SELECT digest, rows FROM read_model_digests WHERE projection = ? AND table_name = ? AND part = ?"))
        statement.reset()
        defer { statement.reset() }
        statement.bind(1, projection)
        statement.bind(2, table.name)
        statement.bind(3, part(partition))
        guard try statement.step(db) else { return ReadModelDigest() }
        return ReadModelDigest(bytes: statement.blob(0), rows: statement.int64(1)) ?? ReadModelDigest()
    }

    /// A partition's value as the digests table keys it: its type and its value (`n`, `i5`, `tb-12`).
    static func part(_ value: ReadModelValue) -> String {
        switch value {
        case .null: return "n"
        case .integer(let number): return "i\(number)"
        case .text(let text): return "t" + text
        }
    }

    /// How a table whose rows no longer match its stored digest is said (by a read and by the check).
    static func mismatch(stored: ReadModelDigest, actual: ReadModelDigest) -> String {
        "its rows (\(actual.rows)) no longer match the digest its projection wrote with them (\(stored.rows) rows)"
    }

    /// Writes the rows of `changes` alone, their digests left to ``seal(_:_:projection:)`` — a cold build's
    /// flush (``ProjectionRunner``).
    static func writeRows(_ db: Database, _ changes: [ReadModelChange], sql: [String: Statements]) throws {
        var writer = RowWriter(db: db, sql: sql)
        for change in changes {
            if change.row == nil, case .some(.none) = change.replaced { continue }  // the store holds no such row
            try writer.write(change)
        }
    }

    /// Upserts a change's row, or deletes its key, with its table's statements — looked up once a table, as
    /// the changes come table by table, not once a row.
    private struct RowWriter {
        let db: Database
        let sql: [String: Statements]
        private var current: (table: String, upsert: RawStatement, delete: RawStatement, staged: Bool)?

        init(db: Database, sql: [String: Statements]) {
            self.db = db
            self.sql = sql
        }

        mutating func write(_ change: ReadModelChange) throws {
            if current?.table != change.table.name {
                let statements = sql[change.table.name]!
                current = (change.table.name, RawStatement(try db.cachedStatement(sql: statements.upsert)), RawStatement(try db.cachedStatement(sql: statements.delete)),
                           statements.staged)
            }
            if change.row == nil, current!.staged {
                throw LedgerError(.storage, field: change.table.name, "a row of \(change.table.name), a table said to be written only (its rows staged in a cold build), was deleted")
            }
            let statement = change.row == nil ? current!.delete : current!.upsert
            statement.reset()
            for (index, value) in (change.row ?? change.key).enumerated() { statement.bind(Int32(index + 1), value) }
            _ = try statement.step(db)
            statement.reset()
        }
    }

    /// Computes the digest of every partition of `tables` from the rows they hold and stores them, replacing
    /// any the projection had: the end of a cold build. Reads each table once, in partition order (by its
    /// key, or by its partition column's index), one partition's digest in memory at a time.
    static func seal(_ db: Database, _ tables: [ReadModelTable], projection: String) throws {
        try db.execute(sql: "DELETE FROM read_model_digests WHERE projection = ?", arguments: [projection])
        let store = RawStatement(try db.cachedStatement(sql: "INSERT INTO read_model_digests (projection, table_name, part, digest, rows) VALUES (?, ?, ?, ?, ?)"))
        for table in tables {
            let names = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
            let statement = RawStatement(try db.makeStatement(sql: "SELECT \(names) FROM \(tableName(table)) ORDER BY \"\(table.partitionColumnName)\""))
            var current: (part: ReadModelValue, digest: ReadModelDigest)?
            func storeCurrent() throws {
                guard let (part, digest) = current else { return }
                store.reset()
                store.bind(1, projection)
                store.bind(2, table.name)
                store.bind(3, Self.part(part))
                store.bind(4, blob: digest.bytes)
                store.bind(5, digest.rows)
                _ = try store.step(db)
            }
            while try statement.step(db) {
                let row = (0..<Int32(table.columns.count)).map { statement.readModelValue($0) }
                let part = table.partition(of: row)
                if current?.part != part {
                    try storeCurrent()
                    current = (part, ReadModelDigest())
                }
                current!.digest.add(row)
            }
            try storeCurrent()
            statement.reset()
        }
        store.reset()
    }

    /// Writes `changes`, moving the digest of each row's partition with them: the new row added, the row
    /// it replaces — read from the table, whatever wrote it — subtracted. A row changed behind the
    /// projection's back thus stays a difference between the digest and the rows, however often it is
    /// written over. Only the partitions touched are read and written back.
    ///
    /// `knownReplaced`: the table holds what the session last read or wrote (no other writer came between,
    /// which the caller checks by the checkpoint), so the row a change replaces is taken from the session
    /// when it knows it, instead of being read again — a rebuild's new rows are never looked up.
    static func write(
        _ db: Database, _ changes: [ReadModelChange], knownReplaced: Bool, sql: [String: Statements], projection: String
    ) throws {
        struct Part: Hashable { let table: String, part: ReadModelValue }
        var digests: [Part: ReadModelDigest] = [:]
        func adjust(_ table: ReadModelTable, _ row: ReadModelRow, add: Bool) throws {
            let key = Part(table: table.name, part: table.partition(of: row))
            var digest = try digests[key] ?? storedDigest(db, projection: projection, table: table, partition: key.part)
            if add { digest.add(row) } else { digest.remove(row) }
            digests[key] = digest
        }
        var writer = RowWriter(db: db, sql: sql)
        for change in changes {
            let replaced = try (knownReplaced ? change.replaced : nil) ?? load(db, change.table, key: change.key, sql: sql)
            if let replaced { try adjust(change.table, replaced, add: false) }
            if let row = change.row { try adjust(change.table, row, add: true) } else if replaced == nil { continue }  // nothing to delete
            try writer.write(change)
        }
        let store = RawStatement(try db.cachedStatement(sql: "INSERT OR REPLACE INTO read_model_digests (projection, table_name, part, digest, rows) VALUES (?, ?, ?, ?, ?)"))
        let drop = RawStatement(try db.cachedStatement(sql: "DELETE FROM read_model_digests WHERE projection = ? AND table_name = ? AND part = ?"))
        for (key, digest) in digests {
            // A partition left with no row keeps no digest: an absent one reads as empty.
            let empty = digest == ReadModelDigest()
            let statement = empty ? drop : store
            statement.reset()
            statement.bind(1, projection)
            statement.bind(2, key.table)
            statement.bind(3, part(key.part))
            if !empty {
                statement.bind(4, blob: digest.bytes)
                statement.bind(5, digest.rows)
            }
            _ = try statement.step(db)
            statement.reset()
        }
    }
}
