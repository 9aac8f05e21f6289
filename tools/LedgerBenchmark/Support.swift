import ArgumentParser
import Foundation
import GRDB
import GRDBSQLite
import LedgerCore

/// The benchmark's options (`--help` lists them); a bad value is refused naming the option.
struct BenchmarkOptions: ParsableArguments {
    @Option(help: "Events in the ledger.") var events = 1_000_000
    @Option(help: "Body streams they are spread over.") var streams = 10_000
    @Option(help: "Servants they are about.") var servants = 100_000
    @Option(help: "Import lines per file (one transaction each).") var batch = 100_000
    @Option(help: "Single-act durable appends timed on the full ledger.") var appends = 2_000
    @Option(help: "Rounds of each measurement (medians are reported).") var rounds = 3
    @Option(help: "The markdown page the figures are written to (docs/performance.md).") var output: String?

    mutating func validate() throws {
        guard events > 0, streams > 0, servants > 0, batch > 0, appends > 0 else { throw ValidationError("counts must be positive") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
    }
}

/// Import lines of appointments (first appointments, transfers, promotions) of `servants` people
/// spread over `streams` bodies: about ten acts per person, as years of a service record.
struct ImportLineGenerator {
    let streams: Int
    let servants: Int
    let names = ["Асқар Сейітұлы Омаров", "Дана Ерланқызы Әбенова", "Гүлнар Нұрланқызы Исаева", "Ерлан Болатұлы Бекұлы"]

    func line(_ index: Int) -> String {
        let servant = index % servants
        let body = String(format: "body-%05d", servant % streams)
        let person = String(format: "person-%07d", servant)
        let id = String(format: "00000000-0000-4000-8000-%012d", index)
        let name = names[index % names.count]
        return #"{"stream":"body/\#(body)","id":"\#(id)","type":"organisation.servant-appointed","schemaVersion":1,"occurredAt":"2018-01-03T10:00:00+06:00","actor":{"person":"hr-\#(index % 97)","role":"hr-officer"},"payload":{"bodyId":"\#(body)","personId":"\#(person)","fullName":"\#(name)","positionId":"pos-\#(person)","positionTitle":"Мәслихат аппаратының бас маманы","category":"E-\#(2 + index % 3)","appointedOn":"2016-02-15","probationEndsOn":null}}"#
    }

    func averagePayloadBytes<C: Collection<String>>(sample: C) -> Int {
        let total = sample.reduce(0) { sum, line in
            sum + CanonicalJSON.bytes((try? JSONParser.parse(line))?["payload"] ?? .null).count
        }
        return total / max(sample.count, 1)
    }
}

/// Inserts the rows the ledger stored into a plain table with the same columns and unique indexes,
/// using precomputed values: what SQLite alone costs, with no JSON, hashing or checks.
struct RawInsertBaseline {
    let ledgerPath: String
    let rawPath: String
    let batch: Int

    func run() throws -> Double {
        let source = try DatabaseQueue(path: ledgerPath)
        let rows = try source.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, stream, version, id, type, schema_version, occurred_at, recorded_at, actor_person, actor_role, payload, payload_digest, prev_hash, hash, payload_salt FROM events ORDER BY seq")
                .map { row in (0..<15).map { index -> RawValue in
                    switch (row[index] as DatabaseValue).storage {
                    case .int64(let number): return .integer(number)
                    case .string(let text): return .text(text)
                    default: return .null
                    }
                } }
        }
        var configuration = Configuration()
        configuration.prepareDatabase { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        let target = try DatabasePool(path: rawPath, configuration: configuration)
        try target.write { db in
            try db.execute(sql: """
                CREATE TABLE events (seq INTEGER PRIMARY KEY NOT NULL, stream TEXT NOT NULL, version INTEGER NOT NULL,
                    id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, schema_version INTEGER NOT NULL, occurred_at TEXT NOT NULL,
                    recorded_at TEXT NOT NULL, actor_person TEXT NOT NULL, actor_role TEXT NOT NULL, payload TEXT,
                    payload_digest TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, payload_salt TEXT, UNIQUE (stream, version)) STRICT;
                """)
        }
        return try measure {
            for start in stride(from: 0, to: rows.count, by: batch) {
                try target.write { db in
                    let statement = try db.cachedStatement(sql: "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    let handle = statement.sqliteStatement
                    for row in rows[start..<min(rows.count, start + batch)] {
                        sqlite3_reset(handle)
                        for (index, value) in row.enumerated() {
                            switch value {
                            case .integer(let number): sqlite3_bind_int64(handle, Int32(index + 1), number)
                            case .text(let text): text.withCString { _ = sqlite3_bind_text(handle, Int32(index + 1), $0, -1, transient) }
                            case .null: sqlite3_bind_null(handle, Int32(index + 1))
                            }
                        }
                        guard sqlite3_step(handle) == SQLITE_DONE else { fatalError(String(cString: sqlite3_errmsg(db.sqliteConnection))) }
                    }
                }
            }
        }
    }
}

enum RawValue { case integer(Int64), text(String), null }

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

func measure(_ body: () throws -> Void) throws -> Double {
    let started = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000_000
}

func measureAsync(_ body: () async throws -> Void) async throws -> Double {
    let started = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000_000
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
}

func peakResidentBytes() -> Int64 {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int64(usage.ru_maxrss) * 1024
}
