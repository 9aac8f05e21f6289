import ArgumentParser
import Evaluation
import Foundation
import LedgerCore
import SQLiteStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append the events of a JSON Lines file, all or nothing.",
        discussion: """
            One event a line: {"stream", "expectedVersion"?, "id"?, "type", "schemaVersion", "occurredAt",
            "actor": {"person", "role"}, "payload"}. Every line is checked first; a bad line is reported with its
            number and nothing from the file is written. Re-importing the same file (same ids) writes nothing new.
            """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var backend: PostgresOption

    @Argument(help: "The JSON Lines file (- for standard input).")
    var file: String

    func run() async throws {
        try await reportingFailures {
            let text: String
            do {
                text = try await InputLines(path: file).text()
            } catch CLIFailure.badInput(let message) {
                throw CLIFailure.badInput("\(message); nothing was imported")
            }
            let store = try await backend.open(or: ledger)
            do {
                let summary = try await Ledger(store: store, catalog: BagalauCatalog.all).importLines(text) { UUID().uuidString.lowercased() }
                if let first = summary.firstSeq, let last = summary.lastSeq {
                    print("imported \(summary.appended) events (seq \(first)–\(last)); \(summary.alreadyStored) were stored already")
                } else {
                    print("imported 0 events: all \(summary.alreadyStored) were stored already")
                }
                if let key = SigningKey.fromEnvironment, let checkpoint = try await SigningKey.checkpoint(store, keyPath: key) {
                    print("signed tree head at seq \(checkpoint.event.seq) (covers seq 1–\(checkpoint.signed.headSeq))")
                }
            } catch let error as EventImport.LineError {
                throw CLIFailure.badInput("\(file) line \(error.line): \(error.error); nothing was imported")
            } catch let error as LedgerError {
                throw CLIFailure.of(error, "\(file): \(error); nothing was imported")
            }
        }
    }
}
