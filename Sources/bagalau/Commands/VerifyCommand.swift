import ArgumentParser
import Evaluation
import LedgerCore
import SQLiteStore

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Walk the hash chain and report the first broken seq, if any (exit 3).")

    @OptionGroup var ledger: LedgerOptions
    @Option(help: "The trusted Ed25519 public key (hex): every checkpoint must be signed by it.") var publicKey: String?

    func run() async throws {
        try await reportingFailures {
            let status = try await ChainStatus(store: try ledger.openExisting(), trustedKey: publicKey)
            if let failure = status.failure { throw CLIFailure.chainBroken(failure.message) }
            let report = status.chain
            let purged = report.purgedPayloads > 0 ? ", \(report.purgedPayloads) purged payloads (digests kept, each named by a purge certificate)" : ""
            print("chain intact: \(report.eventsChecked) events verified\(purged); head hash \(report.headHash)")
            let checkpoints = try status.checkpoints.get()
            if let head = checkpoints.lastHeadSeq {
                print("signed checkpoints: \(checkpoints.count) valid (key \(checkpoints.keys.sorted().joined(separator: ", "))); the last covers seq 1–\(head)")
            } else {
                print("signed checkpoints: none (record one with `bagalau checkpoint --key FILE`)")
            }
        }
    }
}
