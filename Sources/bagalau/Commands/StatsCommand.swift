import ArgumentParser
import Foundation
import LedgerCore
import SQLiteStore

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Summarise what the ledger holds.")

    @OptionGroup var ledger: LedgerOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() async throws {
        try await reportingFailures {
            let store = try ledger.openExisting(readOnly: true)
            var stats = try store.statistics()
            let readModels = ledger.readModelPath(of: store)
            if FileManager.default.fileExists(atPath: readModels) { stats.projections = try ReadModelStore.checkpoints(at: readModels).map { ($0.name, $0.seq) } }
            if json {
                printJSON(stats.json)
                return
            }
            print("ledger      \(ledger.path) (\(stats.fileBytes) bytes)")
            print("events      \(stats.events) in \(stats.streams) streams, \(stats.purgedPayloads) purged payloads")
            print("recorded    \(stats.firstRecordedAt?.description ?? "-") … \(stats.lastRecordedAt?.description ?? "-")")
            print("head hash   \(stats.headHash)")
            for (type, count) in stats.eventsByType { print("  \(count)\t\(type)") }
            for (name, seq) in stats.projections { print("projection  \(name) at seq \(seq)") }
        }
    }
}
