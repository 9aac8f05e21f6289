import ArgumentParser
import Foundation

@main
struct Bagalau: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bagalau",
        abstract: "Bagalau (бағалау): a verifiable ledger of civil-servant evaluations and attestations.",
        discussion: """
            Every act is an append-only event in one SQLite file (--db, or $BAGALAU_DB, default bagalau.sqlite),
            chained by SHA-256 so that any alteration is found by `bagalau verify`.

            Exit codes: 0 done; 1 storage failure; 3 the chain is broken; 64 usage; 65 bad input or a refused
            act (nothing was written); 66 no such ledger or file; 73 the ledger exists already; 77 a confidential read refused (004 §21).
            """,
        subcommands: [
            InitCommand.self, ActsCommand.self, ImportCommand.self, LogCommand.self, VerifyCommand.self, StatsCommand.self,
            GradesCommand.self, ProtocolCommand.self, CaseCommand.self, QuarterlyCommand.self, AttestationCommand.self,
            CaseFileCommand.self, ReplayCommand.self, DiffCommand.self, KeygenCommand.self, CheckpointCommand.self, ExportCommand.self,
            VerifyBundleCommand.self, RetentionCommand.self, DemoCommand.self, SchemasCommand.self, RulesCommand.self, ActReferenceCommand.self, ServeCommand.self,
            AccountsCommand.self, BackupCommand.self, RebuildCommand.self,
        ]
    )

    /// Every file Bagalau creates — the ledger, its WAL and shared-memory files, keys, receipts, bundles,
    /// case files — is readable and writable by its owner only (mode 0600): the process's umask is set
    /// before any command runs.
    static func main() async {
        umask(0o077)
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
