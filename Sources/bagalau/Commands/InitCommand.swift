import ArgumentParser
import Foundation
import LedgerCore
import SQLiteStore

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a new, empty ledger file.")

    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        try await reportingFailures {
            guard !FileManager.default.fileExists(atPath: ledger.path) else { throw CLIFailure.ledgerExists(ledger.path) }
            let store = try SQLiteEventStore(path: ledger.path)
            try store.setMeta("created-at", SystemClock().now().description)
            print("created an empty ledger at \(ledger.path)")
        }
    }
}
