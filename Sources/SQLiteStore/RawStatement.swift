import GRDB
import GRDBSQLite
import LedgerCore

/// Direct binding and column access on a GRDB-prepared statement, for the ledger's hot loops (bulk
/// append, verification, projection rebuilds), where boxing every value in `DatabaseValue` would cost
/// more than the work itself. Everything else goes through GRDB's ordinary API.
struct RawStatement {
    let statement: Statement
    var handle: SQLiteStatement { statement.sqliteStatement }

    init(_ statement: Statement) { self.statement = statement }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ index: Int32, _ text: String) {
        var copy = text
        copy.withUTF8 { bindText(index, $0) }
    }

    func bind(_ index: Int32, bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { bindText(index, $0) }
    }

    func bind(_ index: Int32, blob: [UInt8]) {
        blob.withUnsafeBytes { _ = sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
    }

    private func bindText(_ index: Int32, _ buffer: UnsafeBufferPointer<UInt8>) {
        if let base = buffer.baseAddress, buffer.count > 0 {
            base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                _ = sqlite3_bind_text(handle, index, $0, Int32(buffer.count), Self.transient)
            }
        } else {
            _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
        }
    }

    func bind(_ index: Int32, _ number: Int64) { sqlite3_bind_int64(handle, index, number) }

    func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }

    func bind(_ index: Int32, _ value: ReadModelValue) {
        switch value {
        case .null: bindNull(index)
        case .integer(let number): bind(index, number)
        case .text(let text): bind(index, text)
        }
    }

    /// Steps once; true while a row is available. Throws SQLite's error (constraint, trigger …).
    func step(_ db: Database) throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func string(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }

    /// The column's bytes, borrowed: valid until the next step or reset.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        let pointer = sqlite3_column_text(handle, column)
        return UnsafeBufferPointer(start: pointer, count: pointer == nil ? 0 : Int(sqlite3_column_bytes(handle, column)))
    }

    /// The column as a blob, copied.
    func blob(_ column: Int32) -> [UInt8] {
        guard let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column))))
    }

    /// A stored timestamp. Text not in the ledger's fixed form reads as the epoch's first instant, which
    /// no chained envelope hashes to: `verify` reports the row as altered.
    func timestamp(_ column: Int32) -> Timestamp {
        guard let pointer = sqlite3_column_text(handle, column) else { return Timestamp(microsecondsSinceEpoch: 0) }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Timestamp(fixedForm: UnsafeBufferPointer(start: pointer, count: count)) ?? Timestamp(microsecondsSinceEpoch: 0)
    }

    func readModelValue(_ column: Int32) -> ReadModelValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(int64(column))
        default: return .text(string(column))
        }
    }
}
