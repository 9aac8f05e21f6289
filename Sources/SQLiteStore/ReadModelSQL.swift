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
        return "CREATE TABLE IF NOT EXISTS \(tableName(table)) (\(columns.joined(separator: ", ")), PRIMARY KEY (\(key))) STRICT, WITHOUT ROWID"
    }

    static func drop(_ table: ReadModelTable) -> String { "DROP TABLE IF EXISTS \(tableName(table))" }

    static func upsert(_ table: ReadModelTable) -> String {
        let names = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        return "INSERT OR REPLACE INTO \(tableName(table)) (\(names)) VALUES (\(marks))"
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

    static func selectAll(_ table: ReadModelTable) -> String {
        let names = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let order = (1...table.keyColumnCount).map(String.init).joined(separator: ", ")
        return "SELECT \(names) FROM \(tableName(table)) ORDER BY \(order)"
    }

    /// The statements of one table, their SQL built once.
    struct Statements {
        let upsert: String, delete: String, select: String
        init(_ table: ReadModelTable) {
            upsert = ReadModelSQL.upsert(table)
            delete = ReadModelSQL.delete(table)
            select = ReadModelSQL.select(table)
        }
    }

    static func statements(for tables: [ReadModelTable]) -> [String: Statements] {
        Dictionary(uniqueKeysWithValues: tables.map { ($0.name, Statements($0)) })
    }

    static func load(_ db: Database, _ table: ReadModelTable, key: [ReadModelValue], sql: [String: Statements]) throws -> ReadModelRow? {
        let statement = RawStatement(try db.cachedStatement(sql: sql[table.name]!.select))
        statement.reset()
        for (index, value) in key.enumerated() { statement.bind(Int32(index + 1), value) }
        defer { statement.reset() }
        guard try statement.step(db) else { return nil }
        return (0..<Int32(table.columns.count)).map { statement.readModelValue($0) }
    }

    /// Every row of `table` in key order.
    static func rows(_ db: Database, _ table: ReadModelTable) throws -> [ReadModelRow] {
        let statement = RawStatement(try db.makeStatement(sql: selectAll(table)))
        var rows: [ReadModelRow] = []
        while try statement.step(db) { rows.append((0..<Int32(table.columns.count)).map { statement.readModelValue($0) }) }
        return rows
    }

    /// The digest of the rows `table` holds now (``ReadModelDigest``).
    static func digest(_ db: Database, _ table: ReadModelTable) throws -> ReadModelDigest {
        ReadModelDigest(of: try rows(db, table))
    }

    /// The digests a projection's runner last wrote, by table name (issue 11 §5); empty when the ledger
    /// file predates them.
    static func storedDigests(_ db: Database, projection: String) throws -> [String: ReadModelDigest] {
        guard try db.tableExists("read_model_digests") else { return [:] }
        var digests: [String: ReadModelDigest] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT table_name, digest, rows FROM read_model_digests WHERE projection = ?", arguments: [projection]) {
            let bytes: [UInt8] = Array(row["digest"] as Data)
            digests[row["table_name"]] = ReadModelDigest(bytes: bytes, rows: row["rows"])
        }
        return digests
    }

    /// How a table whose rows no longer match its stored digest is said (by a read and by the check).
    static func mismatch(stored: ReadModelDigest?, actual: ReadModelDigest) -> String {
        "its rows (\(actual.rows)) no longer match the digest its projection wrote with them (\(stored.map { "\($0.rows) rows" } ?? "no digest"))"
    }

    static func storeDigests(_ db: Database, projection: String, _ digests: [String: ReadModelDigest]) throws {
        for (table, digest) in digests {
            try db.execute(sql: "INSERT OR REPLACE INTO read_model_digests (projection, table_name, digest, rows) VALUES (?, ?, ?, ?)",
                           arguments: [projection, table, Data(digest.bytes), digest.rows])
        }
    }

    /// Writes `changes`, moving each table's digest with them: the new row added, the row it replaces —
    /// read from the table, whatever wrote it — subtracted. A row changed behind the projection's back
    /// thus stays a difference between the digest and the rows, however often it is written over.
    static func write(
        _ db: Database, _ changes: [(table: ReadModelTable, key: [ReadModelValue], row: ReadModelRow?)], sql: [String: Statements],
        digests: inout [String: ReadModelDigest]
    ) throws {
        for change in changes {
            let statements = sql[change.table.name]!
            if let old = try load(db, change.table, key: change.key, sql: sql) { digests[change.table.name, default: ReadModelDigest()].remove(old) }
            let statement: RawStatement
            if let row = change.row {
                digests[change.table.name, default: ReadModelDigest()].add(row)
                statement = RawStatement(try db.cachedStatement(sql: statements.upsert))
                statement.reset()
                for (index, value) in row.enumerated() { statement.bind(Int32(index + 1), value) }
            } else {
                statement = RawStatement(try db.cachedStatement(sql: statements.delete))
                statement.reset()
                for (index, value) in change.key.enumerated() { statement.bind(Int32(index + 1), value) }
            }
            _ = try statement.step(db)
            statement.reset()
        }
    }
}
