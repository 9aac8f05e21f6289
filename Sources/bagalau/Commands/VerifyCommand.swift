import ArgumentParser
import LedgerCore
import SQLiteStore

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Walk the hash chain and report the first broken seq, if any (exit 3).")

    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        try await reportingFailures {
            let report = try await ledger.openExisting().verify()
            if let finding = report.firstFinding {
                throw CLIFailure.chainBroken(
                    "chain broken at seq \(finding.seq) (\(finding.kind.rawValue)): \(finding.reason); \(report.eventsChecked) events before it verified")
            }
            let purged = report.purgedPayloads > 0 ? ", \(report.purgedPayloads) purged payloads (digests kept)" : ""
            print("chain intact: \(report.eventsChecked) events verified\(purged); head hash \(report.headHash)")
        }
    }
}
