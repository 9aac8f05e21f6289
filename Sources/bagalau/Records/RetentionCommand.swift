import ArgumentParser
import Evaluation
import Foundation
import LedgerCore
import BagalauServer
import SQLiteStore

struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Cases due for purge 3 years after they end (001 §8, 004 §15), and their purge.",
        subcommands: [Due.self, Purge.self])

    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the cases due for purge on a day (with --all: every case, its end, due date, hold and purge).")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var postgres: PostgresOption
        @Option(help: "The day (default: today).") var on: String?
        @Flag(help: "List every case, not only those due.") var all = false

        func run() async throws {
            try await reportingFailures {
                let date = try RetentionService.day(on, field: "on")
                let store = try await postgres.open(or: ledger)
                let statuses = try await RecordsOffice.retention(store, readModels: try ledger.readModels(of: store)).statuses(mayBeDueOn: all ? nil : date)
                print("case\tended_on\tdue_on\tstate")
                var listed = 0
                for status in statuses {
                    let state = status.state(on: date) == "held" ? "held (clock suspended)" : status.state(on: date)
                    guard all || state == "due" else { continue }
                    listed += 1
                    print("\(status.caseStream)\t\(status.endedOn?.description ?? "—")\t\(status.dueOn?.description ?? "—")\t\(state)")
                }
                if listed == 0 { print("(none due on \(date))") }
            }
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Certify and purge the cases due: payloads removed from the log and every read model; envelopes, digests and chain kept.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var postgres: PostgresOption
        @Option(help: "The day (default: today).") var on: String?
        @Option(help: "The records officer who orders it (person id).") var by: String
        @Option(help: "The certificate's id (default: purge-<day>).") var certificate: String?
        @Flag(help: "Show what would be purged; write nothing.") var dryRun = false
        @Option(help: "The ledger's private key (default: $BAGALAU_SIGNING_KEY): a tree head is signed after the purge.") var key: String?

        func run() async throws {
            try await reportingFailures {
                let date = try RetentionService.day(on, field: "on")
                let store = try await postgres.open(or: ledger)
                // A file's compaction an earlier purge left pending; PostgreSQL reclaims by VACUUM (docs/deployment.md).
                let wasPending = try (store as? SQLiteEventStore)?.compactionPending ?? false
                let signer = try SigningKey.signer(key)
                let purge = try await RecordsOffice.purge(store, readModels: try ledger.readModels(of: store), on: date, by: by, certificateId: certificate ?? "purge-\(date)", dryRun: dryRun, signer: signer)
                let outcome = purge.outcome
                if wasPending && !dryRun { print("an earlier purge's compaction is complete: its payloads are gone from the file") }
                for due in outcome.cases {
                    print("\(dryRun ? "would purge" : "purged") \(due.caseStream): ended \(due.endedOn), due \(due.dueOn), \(due.events.count) events")
                }
                if outcome.completedEarlier > 0 { print("completed an interrupted purge: \(outcome.completedEarlier) payloads") }
                guard !dryRun, outcome.payloadsRemoved + outcome.completedEarlier > 0 else {
                    if outcome.cases.isEmpty { print("no case is due for purge on \(date)") }
                    return
                }
                if let certificate = outcome.certificate {
                    print("certificate \(self.certificate ?? "purge-\(date)") recorded at seq \(certificate.seq); \(outcome.payloadsRemoved) payloads removed; read models rebuilt; \(store is SQLiteEventStore ? "file compacted" : "the database reclaims the rows' old versions by VACUUM")")
                }
                // design.md §7: a signed tree head after every purge, so that the certificate is covered by one.
                if let head = purge.treeHead {
                    print("signed tree head at seq \(head.event.seq) (covers seq 1–\(head.signed.headSeq))")
                } else if signer == nil {
                    print("no tree head signed after the purge: give --key FILE or set BAGALAU_SIGNING_KEY, or run `bagalau checkpoint --key FILE` now")
                }
            }
        }
    }
}
