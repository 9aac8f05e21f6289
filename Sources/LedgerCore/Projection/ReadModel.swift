import Foundation

/// A value in a read-model row. Read models hold only what projections put there; legal numbers stay
/// exact (integers, or decimals as text).
public enum ReadModelValue: Sendable, Hashable, Comparable, CustomStringConvertible {
    case null
    case integer(Int64)
    case text(String)

    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let number): return String(number)
        case .text(let text): return text
        }
    }

    /// NULL first, then integers, then text by its UTF-8 bytes (SQLite's order of storage classes, and
    /// its BINARY collation).
    public static func < (a: ReadModelValue, b: ReadModelValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return false
        case (.null, _): return true
        case (_, .null): return false
        case (.integer(let x), .integer(let y)): return x < y
        case (.integer, .text): return true
        case (.text, .integer): return false
        case (.text(let x), .text(let y)): return Self.compareBytes(x, y) < 0
        }
    }

    /// Text is equal when its bytes are, as SQLite's BINARY collation compares it (not by Unicode
    /// canonical equivalence, as Swift's `String ==` does): the read model holds what the file holds.
    public static func == (a: ReadModelValue, b: ReadModelValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.integer(let x), .integer(let y)): return x == y
        case (.text(let x), .text(let y)): return compareBytes(x, y) == 0
        default: return false
        }
    }

    /// Hashed by its bytes, consistently with ``==`` (and without normalising the text first).
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case .integer(let number): hasher.combine(1 as UInt8); hasher.combine(number)
        case .text(let text):
            hasher.combine(2 as UInt8)
            Self.withBytes(text) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// The order of two texts' UTF-8 bytes: negative, zero or positive.
    static func compareBytes(_ x: String, _ y: String) -> Int {
        withBytes(x) { a in
            withBytes(y) { b in
                let common = min(a.count, b.count)
                if common > 0, let p = a.baseAddress, let q = b.baseAddress {
                    let order = memcmp(p, q, common)
                    if order != 0 { return Int(order) }
                }
                return a.count - b.count
            }
        }
    }

    /// A text's UTF-8 bytes, in place when the string is stored contiguously (as strings read from
    /// SQLite and JSON are), copied otherwise.
    static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    public var integer: Int64? {
        if case .integer(let number) = self { return number }
        return nil
    }

    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}

/// The definition of one read-model table. The first ``keyColumnCount`` columns form its primary key.
/// Its rows are partitioned by the value of ``partitionColumn`` (the first key column unless said
/// otherwise; a body's, a case's or a commission's id): each partition has its own digest, and a read of
/// one partition — a body's cases, a case's trail — reads its rows by an index and checks that digest
/// alone, so its cost follows the partition, not the country (issue 12 §2).
public struct ReadModelTable: Sendable, Hashable {
    public enum ColumnType: String, Sendable { case integer = "INTEGER", text = "TEXT" }

    public struct Column: Sendable, Hashable {
        public let name: String
        public let type: ColumnType
        public let nullable: Bool

        public init(_ name: String, _ type: ColumnType, nullable: Bool = false) {
            self.name = name
            self.type = type
            self.nullable = nullable
        }
    }

    public let name: String
    public let columns: [Column]
    public let keyColumnCount: Int
    public let partitionColumn: Int
    /// Columns with an index of their own, to find which partitions hold a value (a person's cases).
    public let lookupColumns: [Int]
    /// Whether its projection only writes its rows — never reads one back, never deletes one (an audit
    /// trail, the deadlines judged: a row an event). A cold build then appends them as they come and puts
    /// them in key order into the table once, at its end (issue 12 §3: rows met in the log's order land
    /// all over the key's B-tree, each insert a page of its own); a fold in memory that shows none of its
    /// rows keeps none.
    public let writtenOnly: Bool

    public init(name: String, columns: [Column], keyColumnCount: Int = 1, partitionedBy partition: String? = nil, indexedBy lookups: [String] = [],
                writtenOnly: Bool = false) {
        precondition(keyColumnCount >= 1 && keyColumnCount <= columns.count)
        self.writtenOnly = writtenOnly
        self.name = name
        self.columns = columns
        self.keyColumnCount = keyColumnCount
        partitionColumn = partition.map { name in columns.firstIndex { $0.name == name }! } ?? 0
        lookupColumns = lookups.map { name in columns.firstIndex { $0.name == name }! }
    }

    /// The index of the column called `name` in a row (nil when the table has none).
    public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// The partition a row belongs to.
    public func partition(of row: ReadModelRow) -> ReadModelValue { row[partitionColumn] }

    /// The name of the column whose value makes a row's partition (`body_id`, `case_id`, …).
    public var partitionColumnName: String { columns[partitionColumn].name }
}

/// One row of a read-model table, values in column order.
public typealias ReadModelRow = [ReadModelValue]

/// A table and the key of one of its rows.
public struct ReadModelKey: Hashable, Sendable {
    public let table: String
    public let key: [ReadModelValue]

    public init(table: String, key: [ReadModelValue]) {
        self.table = table
        self.key = key
    }

    // By bytes, as ``ReadModelValue`` is: a fold looks up a key for nearly every event it folds.
    public static func == (a: ReadModelKey, b: ReadModelKey) -> Bool {
        a.key == b.key && ReadModelValue.compareBytes(a.table, b.table) == 0
    }

    public func hash(into hasher: inout Hasher) {
        ReadModelValue.withBytes(table) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(key.count)
        for value in key { value.hash(into: &hasher) }
    }
}

extension ReadModelValue {
    /// The value as JSON: null, a whole number or a string.
    public var json: JSONValue {
        switch self {
        case .null: return .null
        case .integer(let number): return .integer(number)
        case .text(let text): return .string(text)
        }
    }
}

extension ReadModelTable {
    /// A row of this table as a JSON object, member by column.
    public func json(_ row: ReadModelRow) -> JSONValue {
        .object(zip(columns, row).map { ($0.name, $1.json) })
    }
}
