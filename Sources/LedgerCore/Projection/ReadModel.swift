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

    /// NULL first, then integers, then text (SQLite's order of storage classes).
    public static func < (a: ReadModelValue, b: ReadModelValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return false
        case (.null, _): return true
        case (_, .null): return false
        case (.integer(let x), .integer(let y)): return x < y
        case (.integer, .text): return true
        case (.text, .integer): return false
        case (.text(let x), .text(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
        }
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

    public init(name: String, columns: [Column], keyColumnCount: Int = 1, partitionedBy partition: String? = nil, indexedBy lookups: [String] = []) {
        precondition(keyColumnCount >= 1 && keyColumnCount <= columns.count)
        self.name = name
        self.columns = columns
        self.keyColumnCount = keyColumnCount
        partitionColumn = partition.map { name in columns.firstIndex { $0.name == name }! } ?? 0
        lookupColumns = lookups.map { name in columns.firstIndex { $0.name == name }! }
    }

    /// The partition a row belongs to.
    public func partition(of row: ReadModelRow) -> ReadModelValue { row[partitionColumn] }
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
