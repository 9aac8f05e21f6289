import ArgumentParser
import Evaluation
import Foundation
import LedgerCore
import SQLiteStore

/// `bagalau backup --to FILE`: an online copy, verified against the live ledger's signed tree head.
/// Restoring is opening the copy (`--db FILE`).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the ledger while acts are being written, then verify the copy's chain and tree and that it holds the live ledger's last signed tree head.",
        discussion: "Restoring is opening the copy: `--db FILE`. The copy holds the credentials beside the ledger too; keep it as the ledger is kept.")

    @OptionGroup var ledger: LedgerOptions
    @Option(help: "The copy to write (a new file).") var to: String

    func run() async throws {
        try await reportingFailures {
            let live = try ledger.openExisting(readOnly: true)
            try live.backup(to: to)
            let copy = try SQLiteEventStore(path: to)
            // The copy proves itself: the chain, the tree, every signed head it holds, every absent payload certified.
            let status = try await ChainStatus(store: copy)
            if let failure = status.failure { throw CLIFailure.chainBroken("the backup at \(to) does not verify: \(failure.message)") }
            let size = status.chain.eventsChecked
            print("backup written to \(to): \(size) events; chain and Merkle tree verified")
            // …and it is the live ledger's history: the live ledger's last signed head is in it, root for root.
            guard let signed = try await ChainCheckpoint.latest(in: live)?.signed else {
                print("the live ledger has no signed tree head to compare the copy with: sign one with `bagalau checkpoint --key FILE`")
                return
            }
            guard signed.hasValidSignature, signed.headSeq <= size, try await copy.treeHead(size: signed.headSeq).rootHash == signed.rootHash else {
                throw CLIFailure.chainBroken("the backup at \(to) does not hold the live ledger's signed tree head of seq 1–\(signed.headSeq) (root \(signed.rootHash))")
            }
            print("it holds the live ledger's signed tree head of seq 1–\(signed.headSeq) (root \(signed.rootHash), key \(ChainCheckpoint.fingerprint(signed.publicKey)))")
        }
    }
}
