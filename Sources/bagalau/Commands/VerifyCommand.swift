import ArgumentParser
import Foundation
import Evaluation
import LedgerCore
import SQLiteStore

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the hash chain and the Merkle tree, check every signed tree head and, with --receipt, that the ledger extends a head kept; with --read-models, every read model too; the first break exits 3.")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var backend: PostgresOption
    @Option(help: "The trusted Ed25519 public key (hex): every checkpoint must be signed by it, and at least one must be.") var publicKey: String?
    @Option(help: "A receipt kept from `bagalau checkpoint --receipt`: the ledger must prove it extends that signed tree head.") var receipt: String?
    @Flag(help: "Also check every read model: its rows against the digest written with them, and against a copy folded from the log.") var readModels = false

    func run() async throws {
        try await reportingFailures {
            let store = try await backend.open(or: ledger, readOnly: true)
            let status = try await ChainStatus(store: store, trustedKey: publicKey)
            if let failure = status.failure { throw CLIFailure.chainBroken(failure.message) }
            let report = status.chain
            let purged = report.purgedPayloads > 0 ? ", \(report.purgedPayloads) purged payloads (digests kept, each named by a purge certificate)" : ""
            print("chain intact: \(report.eventsChecked) events verified\(purged); head hash \(report.headHash)")
            print("Merkle tree: every stored node rebuilt and matched")
            let checkpoints = try status.checkpoints.get()
            if let last = checkpoints.last {
                print("signed tree heads: \(checkpoints.count) valid (key \(checkpoints.keys.sorted().joined(separator: ", "))); the last covers seq 1–\(last.headSeq), root \(last.rootHash)")
            } else {
                print("signed tree heads: none (record one with `bagalau checkpoint --key FILE`)")
            }
            if readModels {
                let check = try ReadModelCheck(readModels: try ledger.readModels(of: store), projections: BagalauProjections.all)
                if !check.findings.isEmpty { throw CLIFailure.chainBroken("read models altered:\n  " + check.findings.joined(separator: "\n  ")) }
                let built = check.results.filter { $0.checkpoint != nil && !$0.unfinished }
                let unbuilt = check.results.filter { $0.checkpoint == nil }.map(\.projection)
                let unfinished = check.results.filter(\.unfinished).map { "\($0.projection) (folded to seq \($0.checkpoint ?? 0))" }
                print("read models: \(built.count) matched their digests and a copy folded from the log (\(built.map { "\($0.projection) to seq \($0.checkpoint ?? 0)" }.joined(separator: ", ")))"
                      + (unbuilt.isEmpty ? "" : "; not built: \(unbuilt.joined(separator: ", "))")
                      + (unfinished.isEmpty ? "" : "; not checked, a cold build not finished — the next read, or `bagalau rebuild`, finishes it: \(unfinished.joined(separator: ", "))"))
            }
            if let receipt {
                guard let data = FileManager.default.contents(atPath: receipt) else { throw CLIFailure.noFile(receipt) }
                do {
                    let check = try await ReceiptCheck(store: store, receipt: Array(data), trustedKey: publicKey)
                    print("receipt: the ledger (\(check.ledgerHead.size) events) extends the tree head of \(check.receipt.headSeq) events signed \(check.receipt.signedAt) (consistency proof of \(check.proofLength) hashes)")
                } catch let error as LedgerError where error.code == .chainBroken {
                    throw CLIFailure.chainBroken(error.message)
                }
            }
        }
    }
}
