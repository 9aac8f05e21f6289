import ArgumentParser
import LedgerCore
import SQLiteStore

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Walk the hash chain and report the first broken seq, if any (exit 3).")

    @OptionGroup var ledger: LedgerOptions
    @Option(help: "The trusted Ed25519 public key (hex): every checkpoint must be signed by it.") var publicKey: String?

    func run() async throws {
        try await reportingFailures {
            let store = try ledger.openExisting()
            let report = try await store.verify()
            if let finding = report.firstFinding {
                throw CLIFailure.chainBroken(
                    "chain broken at seq \(finding.seq) (\(finding.kind.rawValue)): \(finding.reason); \(report.eventsChecked) events before it verified")
            }
            let purged = report.purgedPayloads > 0 ? ", \(report.purgedPayloads) purged payloads (digests kept)" : ""
            print("chain intact: \(report.eventsChecked) events verified\(purged); head hash \(report.headHash)")
            let checkpoints = try await SigningKey.verifyCheckpoints(store, trustedKey: publicKey)
            if let head = checkpoints.lastHead {
                print("signed checkpoints: \(checkpoints.count) valid (key \(checkpoints.keys.sorted().joined(separator: ", "))); the last covers seq 1–\(head)")
            } else {
                print("signed checkpoints: none (record one with `bagalau checkpoint --key FILE`)")
            }
        }
    }
}
