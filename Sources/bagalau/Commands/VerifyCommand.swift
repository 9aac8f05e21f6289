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
            let store = try ledger.openExisting()
            let report = try await store.verify()
            if let finding = report.firstFinding {
                throw CLIFailure.chainBroken(
                    "chain broken at seq \(finding.seq) (\(finding.kind.rawValue)): \(finding.reason); \(report.eventsChecked) events before it verified")
            }
            // An absent payload is a purge only where a purge certificate names its event (design.md §7).
            let uncertified = try await PurgeAudit.uncertified(in: store)
            if let first = uncertified.first {
                throw CLIFailure.chainBroken(
                    "payload erased at seq \(first) with no purge certificate naming it (\(uncertified.count) such event\(uncertified.count == 1 ? "" : "s")): an act was removed outside a certified purge")
            }
            let purged = report.purgedPayloads > 0 ? ", \(report.purgedPayloads) purged payloads (digests kept, each named by a purge certificate)" : ""
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
