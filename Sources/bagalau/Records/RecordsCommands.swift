import Crypto
import ArgumentParser
import Evaluation
import Foundation
import LedgerCore
import SQLiteStore

struct KeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen", abstract: "Create the ledger's Ed25519 signing key (a file readable by its owner only) and print its public key.")
    @Option(help: "Where to write the private key.") var out: String

    func run() async throws {
        try await reportingFailures {
            let key = try SigningKey.generate(to: out)
            let publicKey = Hex.encode(Array(key.publicKey.rawRepresentation))
            print("public key \(publicKey) (fingerprint \(ChainCheckpoint.fingerprint(publicKey)))")
        }
    }
}

struct CheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Record the chain head signed with the ledger's key (run it from cron, or set BAGALAU_SIGNING_KEY for acts and import).")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var backend: PostgresOption
    @Option(help: "The private key file (bagalau keygen).") var key: String
    @Option(help: "Also write the signed tree head to this file: a receipt to keep, for `bagalau verify --receipt`.") var receipt: String?

    func run() async throws {
        try await reportingFailures {
            let store = try await backend.open(or: ledger)
            var signed: ChainCheckpoint
            if let made = try await SigningKey.checkpoint(store, keyPath: key) {
                signed = made.signed
                print("signed tree head at seq \(made.event.seq): covers seq 1–\(signed.headSeq), Merkle root \(signed.rootHash)")
            } else if let latest = try await ChainCheckpoint.latest(in: store), try await store.headSeq() == latest.event.seq {
                signed = latest.signed
                print("nothing new to sign: the head is the checkpoint at seq \(latest.event.seq) (covers seq 1–\(signed.headSeq))")
            } else {
                print("nothing to sign: the ledger is empty")
                return
            }
            if let receipt {
                guard FileManager.default.createFile(atPath: receipt, contents: Data(signed.receipt)) else { throw CLIFailure.storage("cannot write \(receipt)") }
                print("receipt written to \(receipt)")
            }
        }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a case, a body or a period as one self-verifying bundle (events, chain evidence, signed checkpoint, public key).")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var postgres: PostgresOption
    @OptionGroup var readerOptions: ReaderOptions
    @Option(help: "One case stream, e.g. case/annual/b/2018/p1.") var `case`: String?
    @Option(help: "A body.") var body: String?
    @Option(help: "A period's start (recorded time).") var from: String?
    @Option(help: "A period's end, exclusive.") var to: String?
    @Option(help: "The bundle file to write.") var out: String

    func run() async throws {
        try await reportingFailures {
            let store = try await postgres.open(or: ledger)
            let selection: ExportBundle.Selection
            switch (self.case, body, from, to) {
            case (let stream?, nil, nil, nil): selection = .stream(stream)
            case (nil, let body?, nil, nil): selection = .body(body)
            case (nil, nil, let from?, let to?): selection = .period(from: try moment(from, field: "from"), to: try moment(to, field: "to"))
            default: throw CLIFailure.badInput("give one of --case, --body, or --from with --to")
            }
            let evidence = try await BundleEvidence(store: store, selection: selection)
            let selected = evidence.selected
            let cases = Array(Set(selected.map(\.stream).filter(CaseRecord.isCase))).sorted()
            try await readerOptions.admit(store, to: cases, what: "export")
            let bytes = try evidence.bytes()
            guard FileManager.default.createFile(atPath: out, contents: Data(bytes)) else { throw CLIFailure.storage("cannot write \(out)") }
            let later = evidence.notYetSigned > 0 ? "; \(evidence.notYetSigned) recorded after it wait for the next checkpoint" : ""
            print("exported \(selected.count) events (\(cases.count) case(s)), each with its inclusion proof against the tree head of seq 1–\(evidence.treeHead.headSeq)\(later), to \(out)")
        }
    }
}

struct VerifyBundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-bundle", abstract: "Check an export bundle offline, without the ledger: any altered byte fails (exit 3).")
    @Argument(help: "The bundle file.") var file: String
    @Option(help: "The trusted Ed25519 public key (hex) the checkpoint must be signed by.") var publicKey: String?

    func run() async throws {
        try await reportingFailures {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIFailure.noFile(file) }
            do {
                let report = try ExportBundle.verify(Array(data), trustedKey: publicKey)
                print("bundle verified: \(report.selected) selected events (\(report.purged) purged), \(report.eventsChecked) envelopes proved against the signed tree head of \(report.checkpointSeq) events, signed by key \(report.keyFingerprint)")
            } catch let failure as ExportBundle.Failure {
                throw CLIFailure.chainBroken("bundle does not verify: \(failure.reason)")
            }
        }
    }
}

struct CaseFileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case-file",
        abstract: "One case's file for appeals reviewers: every act, who, when it happened and was recorded, the clause, votes, corrections, deadlines, reads.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var postgres: PostgresOption
    @OptionGroup var readerOptions: ReaderOptions
    @Option(help: "The case stream, e.g. case/annual/b/2018/p1.") var `case`: String
    @Option(help: "text, json or html.") var format = "text"
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() async throws {
        try await reportingFailures {
            guard ["text", "json", "html"].contains(format) else { throw CLIFailure.badInput("format: text, json or html; got \(format)") }
            let store = try await postgres.open(or: ledger)
            _ = try await CaseRecord.load(self.case, from: store)
            try await readerOptions.admit(store, to: [self.case], what: "case-file")
            let file = CaseFile(try await CaseRecord.load(self.case, from: store))
            let rendered = format == "json" ? CanonicalJSON.string(file.json) + "\n" : format == "html" ? file.html : file.text
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: Data(rendered.utf8)) else { throw CLIFailure.storage("cannot write \(out)") }
                print("wrote the case file of \(self.case) to \(out)")
            } else {
                print(rendered, terminator: "")
            }
        }
    }
}

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Grades and states as they stood at a moment: what the ledger knew (--axis recorded) or what was true (--axis occurred).")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var postgres: PostgresOption
    @OptionGroup var readerOptions: ReaderOptions
    @Option(name: .customLong("as-of"), help: "The moment: RFC 3339, or a date (its end).") var asOf: String
    @Option(help: "recorded (what the ledger knew) or occurred (what was true).") var axis: String = "recorded"
    @Option(help: "One case stream.") var `case`: String?
    @Option(help: "One body.") var body: String?
    @Flag(help: "Print JSON lines.") var json = false

    func run() async throws {
        try await reportingFailures {
            guard let axis = TimeAxis(rawValue: axis) else { throw CLIFailure.badInput("axis: recorded or occurred; got \(axis)") }
            let store = try await postgres.open(or: ledger)
            let at = try moment(asOf, field: "as-of")
            let replay = try await ScopedReplay.replay(store, case: self.case, body: body, asOf: at, axis: axis)
            try await readerOptions.admit(store, to: replay.cases, what: "replay")
            if !json { print("as of \(at) (\(axis.rawValue) time): \(replay.cases.count) case(s)") }
            for (table, kept) in replay.tables {
                if json {
                    for row in kept { printJSON(.object([("table", .string(table.name))] + (table.json(row).objectMembers ?? []))) }
                    continue
                }
                print("\n[\(table.name)]")
                print(kept.isEmpty ? "(none)" : try await ReadableTable.text(table, kept, log: store))
            }
        }
    }
}

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "What changed in grades and states between two moments, and which acts changed it.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var postgres: PostgresOption
    @OptionGroup var readerOptions: ReaderOptions
    @Argument(help: "The earlier moment.") var from: String
    @Argument(help: "The later moment.") var to: String
    @Option(help: "recorded or occurred.") var axis: String = "recorded"
    @Option(help: "One case stream.") var `case`: String?
    @Option(help: "One body.") var body: String?

    func run() async throws {
        try await reportingFailures {
            guard let axis = TimeAxis(rawValue: axis) else { throw CLIFailure.badInput("axis: recorded or occurred; got \(axis)") }
            let store = try await postgres.open(or: ledger)
            let (t1, t2) = (try moment(from, field: "from"), try moment(to, field: "to"))
            let diff = try await ScopedReplay.diff(store, case: self.case, body: body, from: t1, to: t2, axis: axis)
            let (acts, changes) = (diff.acts, diff.changes)
            try await readerOptions.admit(store, to: Set(acts.map(\.stream).filter(CaseRecord.isCase)).sorted(), what: "replay")
            print("from \(t1) to \(t2) (\(axis.rawValue) time)")
            for (table, change) in changes {
                print("\n[\(change.table)] \(change.key.map(\.description).joined(separator: " / "))")
                for column in change.columns {
                    let index = table.columns.firstIndex { $0.name == column }!
                    print("  \(column): \(change.before?[index].description ?? "—") → \(change.after?[index].description ?? "—")")
                }
            }
            if changes.isEmpty { print("(no grade or state changed)") }
            print("\nacts in between:")
            let catalog = BagalauCatalog.all
            for act in acts {
                let clause = catalog.descriptor(type: act.type, schemaVersion: act.schemaVersion)?.clause ?? ""
                print("  #\(act.seq) \(act.type)\(clause.isEmpty ? "" : " [\(clause)]") by \(act.actor.person) (\(act.actor.role)); happened \(act.occurredAt), recorded \(act.recordedAt); \(act.stream)")
            }
            if acts.isEmpty { print("  (none)") }
        }
    }
}
