import ArgumentParser
import LedgerCore
import SQLiteStore

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "List stored events in order.")

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "Only this stream.") var stream: String?
    @Option(help: "Start at this seq.") var fromSeq: Int64 = 1
    @Option(help: "At most this many events.") var limit: Int = 100
    @Flag(help: "Print each event's whole envelope as one JSON line.") var json = false

    func run() async throws {
        try await reportingFailures {
            let store = try ledger.openExisting()
            let events: [RecordedEvent]
            if let stream {
                events = Array(try await store.readStream(stream, fromVersion: 1).filter { $0.seq >= fromSeq }.prefix(limit))
            } else {
                events = try await store.readAll(fromSeq: fromSeq, limit: limit)
            }
            for event in events {
                if json {
                    printJSON(event.envelopeJSON)
                } else {
                    let purged = event.canonicalPayload == nil ? "  [payload purged]" : ""
                    print("\(event.seq)\t\(event.recordedAt)\t\(event.stream)@\(event.version)\t\(event.type) v\(event.schemaVersion)\t\(event.actor.person) (\(event.actor.role))\toccurred \(event.occurredAt)\(purged)")
                }
            }
            if !json && events.isEmpty { print("no events") }
        }
    }
}
