import ArgumentParser
import Evaluation
import LedgerCore

struct AttestationCommand: AsyncParsableCommand {
    enum View: String, ExpressibleByArgument, CaseIterable { case cases, history, protocol_ = "protocol", summary }

    static let configuration = CommandConfiguration(
        commandName: "attestation",
        abstract: "Attestation read models: each person's current outcome and history, the commission's protocol, the summary by outcome.")
    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "cases | history | protocol | summary") var view: View
    @Option(help: "The body (cases, history, summary).") var body: String?
    @Option(help: "The commission (protocol).") var commission: String?
    @Option(help: "One person (cases, history).") var person: String?
    @Flag(help: "Print JSON lines.") var json = false

    func run() async throws {
        try await reportingFailures {
            let store = try ledger.openExisting()
            let projection = AttestationProjection()
            switch view {
            case .cases:
                try printReadModel(store, projection, AttestationProjection.cases, json: json) { row in
                    (body.map { row[1] == .text($0) } ?? true) && (person.map { row[3] == .text($0) } ?? true)
                }
            case .history:
                try printReadModel(store, projection, AttestationProjection.history, json: json) { row in
                    (body.map { row[2] == .text($0) } ?? true) && (person.map { row[0] == .text($0) } ?? true)
                }
            case .protocol_:
                guard let commission else { throw CLIFailure.badInput("commission: give --commission for the protocol") }
                try printReadModel(store, projection, AttestationProjection.protocols, json: json) { $0[0] == .text(commission) }
            case .summary:
                try printReadModel(store, projection, AttestationProjection.summary, json: json) { row in body.map { row[0] == .text($0) } ?? true }
            }
        }
    }
}
