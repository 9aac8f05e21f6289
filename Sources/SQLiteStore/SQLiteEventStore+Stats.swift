import Foundation
import GRDB
import LedgerCore

/// What `bagalau stats` shows.
public struct LedgerStatistics: Sendable {
    public let events: Int64
    public let streams: Int64
    public let purgedPayloads: Int64
    public let firstRecordedAt: Timestamp?
    public let lastRecordedAt: Timestamp?
    public let headHash: String
    public let eventsByType: [(String, Int64)]
    public let fileBytes: Int64
    /// Each read model's last folded seq, from the read-model file (filled by whoever opened it).
    public var projections: [(String, Int64)] = []

    public var json: JSONValue {
        .object([
            ("events", .integer(events)), ("streams", .integer(streams)), ("purgedPayloads", .integer(purgedPayloads)),
            ("firstRecordedAt", firstRecordedAt.map { .string($0.description) } ?? .null),
            ("lastRecordedAt", lastRecordedAt.map { .string($0.description) } ?? .null),
            ("headHash", .string(headHash)),
            ("eventsByType", .object(eventsByType.map { ($0.0, .integer($0.1)) })),
            ("projections", .object(projections.map { ($0.0, .integer($0.1)) })),
            ("fileBytes", .integer(fileBytes)),
        ])
    }
}

extension SQLiteEventStore {
    public func statistics() throws -> LedgerStatistics {
        try storageErrors {
            try pool.read { db in
                let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
                let first = try String.fetchOne(db, sql: "SELECT recorded_at FROM events ORDER BY seq LIMIT 1")
                let last = try String.fetchOne(db, sql: "SELECT recorded_at FROM events ORDER BY seq DESC LIMIT 1")
                let byType = try Row.fetchAll(db, sql: "SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY type")
                let attributes = try? FileManager.default.attributesOfItem(atPath: path)
                return LedgerStatistics(
                    events: head?["seq"] ?? 0,
                    streams: try Int64.fetchOne(db, sql: "SELECT count(DISTINCT stream) FROM events") ?? 0,
                    purgedPayloads: try Int64.fetchOne(db, sql: "SELECT count(*) FROM events WHERE payload IS NULL") ?? 0,
                    firstRecordedAt: first.flatMap { Timestamp(rfc3339: $0) },
                    lastRecordedAt: last.flatMap { Timestamp(rfc3339: $0) },
                    headHash: head?["hash"] ?? ChainHasher.genesis,
                    eventsByType: byType.map { ($0["type"], $0["n"]) },
                    fileBytes: (attributes?[.size] as? NSNumber)?.int64Value ?? 0)
            }
        }
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try storageErrors {
            try pool.write { try $0.execute(sql: "INSERT OR REPLACE INTO ledger_meta (key, value) VALUES (?, ?)", arguments: [key, value]) }
        }
    }

    public func meta(_ key: String) throws -> String? {
        try storageErrors { try pool.unsafeRead { try String.fetchOne($0, sql: "SELECT value FROM ledger_meta WHERE key = ?", arguments: [key]) } }
    }
}
