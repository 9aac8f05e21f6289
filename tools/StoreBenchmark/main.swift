import ArgumentParser
import Foundation
import LedgerCore
import LedgerTestSupport
import PostgresStore
import SQLiteStore

/// The SQLite file and a PostgreSQL database side by side (issue 12 §5, docs/deployment.md): the same
/// workload through the same `EventStore` protocol — batch appends, one event per transaction, a full
/// replay and verify — each store fresh in every round, medians and ranges over the rounds.
@main
struct StoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append, replay and verify on the SQLite file and on PostgreSQL; prints a markdown table.")

    @Option(help: "A PostgreSQL server's URL; each round creates a database of its own there (without it, SQLite alone).") var postgres: String?
    @Option(help: "Also write every round's figures as JSON to this file (tools/side_by_side.py reads it).") var json: String?
    @Option(help: "Streams (one aggregate each).") var streams = 1_000
    @Option(help: "Events per stream.") var perStream = 100
    @Option(help: "Streams per batch append (one transaction).") var batchStreams = 10
    @Option(help: "Single-event appends (one transaction each), timed on the loaded ledger.") var singles = 1_000
    @Option(help: "Rounds (medians are reported).") var rounds = 3

    mutating func validate() throws {
        guard streams > 0, perStream > 0, batchStreams > 0, singles > 0, rounds > 0 else { throw ValidationError("counts must be positive") }
    }

    func run() async throws {
        var results: [String: [Figures]] = [:]
        for round in 1...rounds {
            for kind in postgres == nil ? ["SQLite"] : ["SQLite", "PostgreSQL"] {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bagalau-store-bench-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                let store: any EventStore = kind == "SQLite"
                    ? try SQLiteEventStore(path: folder.appendingPathComponent("ledger.sqlite").path)
                    : try await PostgresEventStore(url: try await PostgresTestServer.newDatabase(on: postgres!))
                let figures = try await measure(store)
                (store as? PostgresEventStore)?.close()
                results[kind, default: []].append(figures)
                FileHandle.standardError.write(Data("round \(round) \(kind): \(figures)\n".utf8))
            }
        }
        print(Report(results: results, events: streams * perStream, singles: singles, rounds: rounds).markdown)
        if let json {
            let rounds = results.mapValues { $0.map { ["batch": $0.batch, "single": $0.single, "replay": $0.replay, "verify": $0.verify] } }
            try JSONSerialization.data(withJSONObject: rounds, options: [.sortedKeys]).write(to: URL(fileURLWithPath: json))
        }
    }

    struct Figures: CustomStringConvertible {
        var batch = 0.0, single = 0.0, singleP50 = 0.0, singleP99 = 0.0, replay = 0.0, verify = 0.0
        var description: String {
            String(format: "batch %.0f/s, single %.0f/s (p50 %.2f ms, p99 %.2f ms), replay %.0f/s, verify %.0f/s", batch, single, singleP50, singleP99, replay, verify)
        }
    }

    func measure(_ store: any EventStore) async throws -> Figures {
        var figures = Figures()
        let total = streams * perStream
        let draftsStart = ContinuousClock.now
        var stream = 0
        while stream < streams {
            let appends = (stream..<min(streams, stream + batchStreams)).map { s in
                StreamAppend(stream: "body/s\(s)", expectedVersion: .noStream, events: (0..<perStream).map { Self.draft(stream: s, n: $0) })
            }
            _ = try await store.append(appends)
            stream += batchStreams
        }
        figures.batch = Double(total) / Self.seconds(since: draftsStart)

        var latencies: [Double] = []
        let singlesStart = ContinuousClock.now
        for n in 0..<singles {
            let s = n % streams
            let started = ContinuousClock.now
            _ = try await store.append(to: "body/s\(s)", expecting: .any, [Self.draft(stream: s, n: perStream + n)])
            latencies.append(Self.seconds(since: started) * 1000)
        }
        figures.single = Double(singles) / Self.seconds(since: singlesStart)
        latencies.sort()
        figures.singleP50 = latencies[latencies.count / 2]
        figures.singleP99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]

        let replayStart = ContinuousClock.now
        var next: Int64 = 1, replayed = 0
        while true {
            let page = try await store.readAll(fromSeq: next, limit: 1000)
            for var event in page {
                event.decodePayload()
                replayed += 1
            }
            guard let last = page.last else { break }
            next = last.seq + 1
        }
        figures.replay = Double(replayed) / Self.seconds(since: replayStart)

        let verifyStart = ContinuousClock.now
        let report = try await store.verify()
        guard report.isIntact else { throw ValidationError("the benchmark's ledger does not verify: \(String(describing: report.firstFinding))") }
        figures.verify = Double(report.eventsChecked) / Self.seconds(since: verifyStart)
        return figures
    }

    static func draft(stream: Int, n: Int) -> EventDraft {
        EventDraft(
            type: "organisation.servant-appointed", schemaVersion: 1, occurredAt: Timestamp(rfc3339: "2018-01-03T10:00:00+06:00")!,
            actor: Actor(person: "hr-\(stream % 97)", role: "hr-officer"),
            payload: ["bodyId": .string("s\(stream)"), "personId": .string("person-\(stream)-\(n)"), "fullName": "Асқар Сейітұлы Омаров",
                      "positionId": .string("pos-\(stream)-\(n)"), "positionTitle": "Мәслихат аппаратының бас маманы", "category": "E-3",
                      "appointedOn": "2016-02-15"])
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// The figures as a markdown table: per store the median of the rounds and their range.
struct Report {
    let results: [String: [StoreBenchmark.Figures]]
    let events: Int
    let singles: Int
    let rounds: Int

    var markdown: String {
        let rows: [(String, KeyPath<StoreBenchmark.Figures, Double>, String)] = [
            ("batch append (events/s)", \.batch, "%.0f"), ("one event per transaction (appends/s)", \.single, "%.0f"),
            ("one event per transaction, p50 (ms)", \.singleP50, "%.2f"), ("one event per transaction, p99 (ms)", \.singleP99, "%.2f"),
            ("full replay, payloads parsed (events/s)", \.replay, "%.0f"), ("verify: chain and Merkle tree (events/s)", \.verify, "%.0f"),
        ]
        var lines = ["| \(events) events, \(singles) single appends, \(rounds) rounds | SQLite (median, range) | PostgreSQL (median, range) | PostgreSQL / SQLite |", "|---|---|---|---|"]
        for (name, path, format) in rows {
            let sqlite = (results["SQLite"] ?? []).map { $0[keyPath: path] }.sorted()
            let postgres = (results["PostgreSQL"] ?? []).map { $0[keyPath: path] }.sorted()
            func cell(_ values: [Double]) -> String {
                guard let first = values.first, let last = values.last else { return "—" }
                return "\(String(format: format, values[values.count / 2])) (\(String(format: format, first))–\(String(format: format, last)))"
            }
            let ratio = sqlite.isEmpty || postgres.isEmpty ? "—" : String(format: "%.2f", postgres[postgres.count / 2] / sqlite[sqlite.count / 2])
            lines.append("| \(name) | \(cell(sqlite)) | \(cell(postgres)) | \(ratio) |")
        }
        return lines.joined(separator: "\n")
    }
}
