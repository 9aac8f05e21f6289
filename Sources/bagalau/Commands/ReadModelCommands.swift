import ArgumentParser
import Evaluation
import LedgerCore
import SQLiteStore

/// Brings a projection up to date and prints the rows that `keep` selects, as text or JSON.
func printReadModel(
    _ store: SQLiteEventStore, _ projection: any Projection, _ table: ReadModelTable, json: Bool, keep: (ReadModelRow) -> Bool
) throws {
    let runner = ProjectionRunner(store: store, projection: projection)
    try runner.catchUp()
    let rows = try runner.rows(of: table).filter(keep)
    if json {
        for row in rows {
            printJSON(.object(zip(table.columns, row).map { column, value in
                switch value {
                case .null: return (column.name, .null)
                case .integer(let number): return (column.name, .integer(number))
                case .text(let text): return (column.name, .string(text))
                }
            }))
        }
        return
    }
    if rows.isEmpty {
        print("(none)")
        return
    }
    print(try ReadableTable.text(table, rows, store: store))
}

struct GradesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grades", abstract: "Annual evaluation results of a body and year.")
    @OptionGroup var ledger: LedgerOptions
    @Option(help: "The body.") var body: String
    @Option(help: "The evaluated year.") var year: Int
    @Flag(help: "Print JSON lines.") var json = false

    func run() async throws {
        try await reportingFailures {
            try printReadModel(try ledger.openExisting(), AnnualGradesProjection(), AnnualGradesProjection.grades, json: json) {
                $0[1] == .text(body) && $0[2] == .integer(Int64(year))
            }
        }
    }
}

struct ProtocolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protocol", abstract: "A commission's protocol: meetings with attendance and quorum, motions with each vote and result.")
    @OptionGroup var ledger: LedgerOptions
    @Option(help: "The commission.") var commission: String
    @Flag(help: "Print JSON lines.") var json = false

    func run() async throws {
        try await reportingFailures {
            let store = try ledger.openExisting()
            for table in [CommissionProtocolProjection.meetings, CommissionProtocolProjection.motions, CommissionProtocolProjection.votes] {
                if !json { print("\n[\(table.name)]") }
                try printReadModel(store, CommissionProtocolProjection(), table, json: json) { $0[0] == .text(commission) }
            }
        }
    }
}

struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "A case's audit trail: every act, who did it in which role, when it happened and was recorded, and the clause.")
    @OptionGroup var ledger: LedgerOptions
    @Option(help: "The body.") var body: String
    @Option(help: "The evaluated year.") var year: Int
    @Option(help: "The evaluated servant.") var person: String
    @Flag(help: "Print JSON lines.") var json = false

    func run() async throws {
        try await reportingFailures {
            let stream = AnnualEvents.stream(bodyId: body, year: year, personId: person)
            try printReadModel(try ledger.openExisting(), CaseAuditTrailProjection(), CaseAuditTrailProjection.trail, json: json) { $0[0] == .text(stream) }
        }
    }
}
