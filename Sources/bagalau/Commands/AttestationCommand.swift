import ArgumentParser
import Evaluation
import LedgerCore
import SQLiteStore

struct AttestationCommand: AsyncParsableCommand {
    enum View: String, ExpressibleByArgument, CaseIterable { case cases, history, protocol_ = "protocol", summary }

    static let configuration = CommandConfiguration(
        commandName: "attestation",
        abstract: "Attestation read models: each person's current outcome and history, the commission's protocol, the summary by outcome.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var postgres: PostgresOption
    @Argument(help: "cases | history | protocol | summary") var view: View
    @Option(help: "The body (cases, history, summary).") var body: String?
    @Option(help: "The commission (protocol).") var commission: String?
    @Option(help: "One person (cases, history).") var person: String?
    @OptionGroup var operatorOptions: OperatorOptions
    @Flag(help: "Print JSON lines.") var json = false

    func run() async throws {
        try await reportingFailures {
            let readModels = try await postgres.readModels(or: ledger)
            let projection = AttestationProjection()
            // Each view but the summary (counts by outcome) shows persons' outcomes: the operator's read is
            // recorded in each case (or, for the protocol, the commission) shown.
            switch view {
            case .cases:
                let recorded = try operatorOptions.view("attestation cases") { AttestationEvents.caseStream(bodyId: $0[1].text ?? "", roundId: $0[2].text ?? "", personId: $0[3].text ?? "") }
                try await printReadModel(readModels, projection, AttestationProjection.cases, in: body.map { [$0] }, json: json, recorded: recorded) { row in
                    (body.map { row[1] == .text($0) } ?? true) && (person.map { row[3] == .text($0) } ?? true)
                }
            case .history:
                let caseStreams = try Self.caseStreams(readModels, projection)
                let recorded = try operatorOptions.view("attestation history") { caseStreams[$0[1].text ?? ""] ?? "" }
                try await printReadModel(readModels, projection, AttestationProjection.history, in: person.map { [$0] }, json: json, recorded: recorded) { row in
                    (body.map { row[2] == .text($0) } ?? true) && (person.map { row[0] == .text($0) } ?? true)
                }
            case .protocol_:
                guard let commission else { throw CLIFailure.badInput("commission: give --commission for the protocol") }
                let recorded = try operatorOptions.view("attestation protocol") { _ in CommissionEvents.stream(commissionId: commission) }
                try await printReadModel(readModels, projection, AttestationProjection.protocols, in: [commission], json: json, recorded: recorded) { $0[0] == .text(commission) }
            case .summary:
                try await printReadModel(readModels, projection, AttestationProjection.summary, in: body.map { [$0] }, json: json) { row in body.map { row[0] == .text($0) } ?? true }
            }
        }
    }

    /// Each attestation case's stream by its case id (the history names cases by id).
    static func caseStreams(_ readModels: ReadModelStore, _ projection: AttestationProjection) throws -> [String: String] {
        let runner = ProjectionRunner(readModels: readModels, projection: projection)
        try runner.catchUp()
        return Dictionary(try runner.rows(of: AttestationProjection.cases).map {
            ($0[0].text ?? "", AttestationEvents.caseStream(bodyId: $0[1].text ?? "", roundId: $0[2].text ?? "", personId: $0[3].text ?? ""))
        }, uniquingKeysWith: { a, _ in a })
    }
}
