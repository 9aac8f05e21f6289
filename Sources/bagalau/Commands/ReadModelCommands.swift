import ArgumentParser
import Foundation
import Evaluation
import LedgerCore
import SQLiteStore

/// The operator of a confidential read model view (004 §16, §21) and what each shown row is a read of:
/// the case (or commission) stream its read is recorded in.
struct RecordedView {
    let reader: OperatorRead
    let what: String
    let subject: (ReadModelRow) -> String
}

/// The operator and reason every confidential view of the CLI requires (recorded in each case shown).
struct OperatorOptions: ParsableArguments {
    @Option(help: "Who runs this read (recorded in each case shown, 004 §21).") var `operator`: String
    @Option(help: "Why (recorded in each case shown).") var reason: String

    /// The operator's read, refused when the reason is empty.
    func read() throws -> OperatorRead {
        try OperatorRead(name: self.operator, reason: reason)
    }

    func view(_ what: String, subject: @escaping (ReadModelRow) -> String) throws -> RecordedView {
        RecordedView(reader: try read(), what: what, subject: subject)
    }
}

/// Brings a projection up to date and prints the rows that `keep` selects — of the partitions named (a
/// body's, a case's, a commission's: read by index), or of the whole table — as text or JSON; a
/// confidential view records the operator's read of each case shown first.
func printReadModel(
    _ readModels: ReadModelStore, _ projection: any Projection, _ table: ReadModelTable, in partitions: [String]? = nil, json: Bool, recorded: RecordedView? = nil,
    keep: (ReadModelRow) -> Bool
) async throws {
    let runner = ProjectionRunner(readModels: readModels, projection: projection)
    try runner.catchUp()
    let rows = try (partitions.map { try runner.rows(of: table, inEach: $0.map { .text($0) }) } ?? runner.rows(of: table)).filter(keep)
    if let recorded {
        try await recorded.reader.record(readModels.log, Array(Set(rows.map(recorded.subject))).sorted(), what: recorded.what)
    }
    if json {
        for row in rows { printJSON(table.json(row)) }
        return
    }
    if rows.isEmpty {
        print("(none)")
        return
    }
    print(try await ReadableTable.text(table, rows, log: readModels.log))
}

struct GradesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grades", abstract: "Annual evaluation results of a body and year.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var postgres: PostgresOption
    @Option(help: "The body.") var body: String
    @Option(help: "The evaluated year.") var year: Int
    @OptionGroup var operatorOptions: OperatorOptions
    @Flag(help: "Print JSON lines.") var json = false

    func run() async throws {
        try await reportingFailures {
            let recorded = try operatorOptions.view("grades") { AnnualEvents.stream(bodyId: $0[1].text ?? "", year: Int($0[2].integer ?? 0), personId: $0[3].text ?? "") }
            try await printReadModel(try await postgres.readModels(or: ledger), AnnualGradesProjection(), AnnualGradesProjection.grades, in: [body], json: json, recorded: recorded) {
                $0[1] == .text(body) && $0[2] == .integer(Int64(year))
            }
        }
    }
}

struct ProtocolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protocol", abstract: "A commission's protocol: meetings with attendance and quorum, motions with each vote and result.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var postgres: PostgresOption
    @Option(help: "The commission.") var commission: String
    @OptionGroup var operatorOptions: OperatorOptions
    @Flag(help: "Print JSON lines.") var json = false

    func run() async throws {
        try await reportingFailures {
            let readModels = try await postgres.readModels(or: ledger)
            // The protocol's votes are the commission's: its read is recorded in the commission's access stream.
            let recorded = try operatorOptions.view("protocol") { _ in CommissionEvents.stream(commissionId: commission) }
            for table in [CommissionProtocolProjection.meetings, CommissionProtocolProjection.motions, CommissionProtocolProjection.votes] {
                if !json { print("\n[\(table.name)]") }
                try await printReadModel(readModels, CommissionProtocolProjection(), table, in: [commission], json: json, recorded: table.name == CommissionProtocolProjection.votes.name ? recorded : nil) { $0[0] == .text(commission) }
            }
        }
    }
}

struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "A case's audit trail: every act, who did it in which role, when it happened and was recorded, and the clause.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var postgres: PostgresOption
    @Option(help: "The body.") var body: String
    @Option(help: "The evaluated year.") var year: Int
    @Option(help: "The evaluated servant.") var person: String
    @OptionGroup var operatorOptions: OperatorOptions
    @Flag(help: "Print JSON lines.") var json = false

    func run() async throws {
        try await reportingFailures {
            let stream = AnnualEvents.stream(bodyId: body, year: year, personId: person)
            try await printReadModel(try await postgres.readModels(or: ledger), CaseAuditTrailProjection(), CaseAuditTrailProjection.trail, in: [stream], json: json,
                                     recorded: try operatorOptions.view("case") { _ in stream }) { $0[0] == .text(stream) }
        }
    }
}

struct RebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Drop every read model and fold it again from the log (design.md §4: read models are disposable), with fresh digests.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var postgres: PostgresOption
    @Flag(help: "Also print where the pass spent its time: reading and decoding the log, and each read model's fold and writes.")
    var timings = false
    @Option(help: "The read-model rows the pass may hold in memory (about 200 bytes each): more writes each row fewer times.")
    var rowBudget = ProjectionRunner.defaultRowBudget

    func run() async throws {
        try await reportingFailures {
            let readModels = try await postgres.readModels(or: ledger)
            guard rowBudget >= 1000 else { throw CLIFailure.badInput("row-budget: at least 1000 rows; got \(rowBudget)") }
            let runners = BagalauProjections.all.map { ProjectionRunner(readModels: readModels, projection: $0, rowBudget: rowBudget) }
            let measured = timings ? RebuildTimings() : nil
            let started = ContinuousClock.now
            // One pass over the log folds every read model.
            let folded = try ProjectionRunner.rebuild(runners, timings: measured)
            let seconds = (ContinuousClock.now - started) / .seconds(1)
            for runner in runners {
                let rows = try runner.storedDigests().values.reduce(Int64(0)) { $0 + $1.rows }
                print("\(runner.projection.name): \(rows) rows")
            }
            print("\(folded) events folded into \(runners.count) read models in one pass, in \(String(format: "%.2f", seconds)) s")
            if let measured {
                func s(_ phase: RebuildTimings.Phase, _ projection: String = "") -> String { String(format: "%.2f s", measured.seconds(phase, projection)) }
                print("timings: log read and payloads decoded \(s(.read)) (on a thread of its own, beside the fold); the fold waited for pages \(s(.wait))")
                for runner in runners {
                    let name = runner.projection.name
                    print("timings: \(name): fold \(s(.fold, name)), \(measured.rowsWritten[name] ?? 0) row writes \(s(.write, name)), sealed \(s(.seal, name))")
                }
            }
        }
    }
}
