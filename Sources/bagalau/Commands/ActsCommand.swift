import ArgumentParser
import Evaluation
import Foundation
import LedgerCore
import SQLiteStore

struct ActsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acts",
        abstract: "Record the acts of a JSON Lines file, in order, each decided by its rulebook.",
        discussion: """
            One act a line: {"act": "annual.draft-plan", "id": …, "occurredAt": …, "actor": {"person", "role"}, …fields}
            (docs/acts.md lists the acts and their fields). Each act is decided against the ledger as it stands and
            recorded on its own; the first refused act stops the file with its line number, the clause and the
            facts, and every act before it stays recorded. Acts with an id that is stored already are skipped, so a
            file can be run again after fixing the refused line.
            """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var backend: PostgresOption

    @Argument(help: "The JSON Lines file of acts (- for standard input; a pipe such as <(…) works too).")
    var file: String

    func run() async throws {
        try await reportingFailures {
            let input = InputLines(path: file)
            let handle = try input.open()
            let store = try await backend.open(or: ledger)
            let service = ActService(store: store)
            var recorded = 0, skipped = 0
            do {
                try await input.forEach(handle) { number, line in
                    do {
                        let request = try ActRequest(try JSONParser.parse(String(line)))
                        let outcome = try await service.perform(request)
                        if outcome.alreadyRecorded {
                            skipped += 1
                            return
                        }
                        recorded += 1
                        let seqs = outcome.events.map { String($0.seq) }.joined(separator: ", ")
                        acknowledge("line \(number): \(request.name) by \(request.actor.person) (\(request.actor.role)) → seq \(seqs)")
                        for finding in outcome.findings where finding.isLate { acknowledge("  late: \(finding)") }
                    } catch let error as LedgerError {
                        throw CLIFailure.of(error, "\(file) line \(number): \(error); the \(recorded) acts before it are recorded")
                    } catch let error as JSONParser.SyntaxError {
                        throw CLIFailure.badInput("\(file) line \(number): \(error); the \(recorded) acts before it are recorded")
                    }
                }
            } catch CLIFailure.badInput(let message) where !message.hasSuffix("are recorded") {
                // A line that is not UTF-8: the acts before it stay recorded, as for a refused act.
                throw CLIFailure.badInput("\(message); the \(recorded) acts before it are recorded")
            }
            acknowledge("recorded \(recorded) acts; \(skipped) were recorded already")
            if let key = SigningKey.fromEnvironment, let checkpoint = try await SigningKey.checkpoint(store, keyPath: key) {
                acknowledge("signed tree head at seq \(checkpoint.event.seq) (covers seq 1–\(checkpoint.signed.headSeq))")
            }
        }
    }
}

/// Writes one line of `acts`' output at once, unbuffered: each "→ seq" line is an act's acknowledgement,
/// written after it is durable, and a reader of the pipe must see it then — not when a buffer fills, nor
/// never if the process is killed.
private func acknowledge(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
