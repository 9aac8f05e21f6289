import Crypto

/// The digest of a read-model table's contents, kept in step with every write (issue 11 §5).
///
/// It is a multiset hash: each row's SHA-256 (over its values in column order, each tagged with its
/// type) read as four 64-bit lanes, summed lane by lane modulo 2^64, with the number of rows. Because the
/// sum does not depend on order, a writer keeps it current at the cost of the rows it changes: it adds
/// the new row's hash and subtracts the one the row replaces. Equal digests mean equal contents (design.md
/// §4: a read model built incrementally and one rebuilt from scratch are the same).
///
/// What it proves is limited on purpose: it catches a row edited, inserted or deleted in a read model's
/// table by anything other than its projection — the digest stored beside it no longer matches the rows —
/// but someone who edits both the rows and the stored digest is caught only by rebuilding the read model
/// from the log and comparing (`bagalau verify --read-models`). The log stays the only evidence.
public struct ReadModelDigest: Sendable, Hashable, CustomStringConvertible {
    public private(set) var lanes: [UInt64]
    public private(set) var rows: Int64

    /// The digest of an empty table.
    public init() {
        lanes = [0, 0, 0, 0]
        rows = 0
    }

    /// A stored digest: 32 bytes (four little-endian lanes) and a row count; nil when not 32 bytes.
    public init?(bytes: [UInt8], rows: Int64) {
        guard bytes.count == 32 else { return nil }
        lanes = (0..<4).map { Self.word(bytes, lane: $0) }
        self.rows = rows
    }

    /// The digest of `rows`, in any order.
    public init(of rows: some Sequence<ReadModelRow>) {
        self.init()
        for row in rows { add(row) }
    }

    public mutating func add(_ row: ReadModelRow) { combine(row, sign: 1) }

    /// The digest of the union of two disjoint sets of rows (a table's partitions summed).
    public mutating func add(_ other: ReadModelDigest) {
        for lane in 0..<4 { lanes[lane] = lanes[lane] &+ other.lanes[lane] }
        rows += other.rows
    }

    public mutating func remove(_ row: ReadModelRow) { combine(row, sign: -1) }

    /// The 32 bytes stored beside the table.
    public var bytes: [UInt8] { lanes.flatMap { lane in (0..<8).map { UInt8(truncatingIfNeeded: lane >> (8 * UInt64($0))) } } }

    public var description: String { "\(rows) rows, \(Hex.encode(bytes))" }

    private mutating func combine(_ row: ReadModelRow, sign: Int64) {
        let hash = Self.rowHash(row)
        for lane in 0..<4 {
            let word = Self.word(hash, lane: lane)
            lanes[lane] = sign > 0 ? lanes[lane] &+ word : lanes[lane] &- word
        }
        rows += sign
    }

    /// The `lane`th 64-bit word of 32 bytes, little-endian.
    private static func word(_ bytes: [UInt8], lane: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { value, byte in value | UInt64(bytes[lane * 8 + byte]) << (8 * UInt64(byte)) }
    }

    /// SHA-256 of a row's values, each tagged with its type (`n;`, `i<number>;`, `t<JSON string>;`), so
    /// that no two rows of different values share an encoding.
    static func rowHash(_ row: ReadModelRow) -> [UInt8] {
        var writer = CanonicalJSONWriter(capacity: 128)
        for value in row {
            switch value {
            case .null: writer.append("n;")
            case .integer(let number): writer.append("i"); writer.writeInteger(number); writer.append(";")
            case .text(let text): writer.append("t"); writer.writeString(text); writer.append(";")
            }
        }
        return Array(SHA256.hash(data: writer.bytes))
    }
}
