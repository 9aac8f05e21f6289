import ArgumentParser
import LedgerCore
import SQLiteStore

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Summarise what the ledger holds.")

    @OptionGroup var ledger: LedgerOptions
    @Flag(help: "Print as JSON.") var json = false

    func run() async throws {
        try await reportingFailures {
            let stats = try ledger.openExisting(readOnly: true).statistics()
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
