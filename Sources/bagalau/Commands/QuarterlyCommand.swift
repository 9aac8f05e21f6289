import ArgumentParser
import Evaluation
import LedgerCore
import SQLiteStore
import BagalauServer

/// `bagalau quarterly`: the 2023 methodology's read models, shown only to those who may know the
/// results (004 §16, §21): the evaluated servant, the evaluator, the body's HR officer and the case's
/// calibration participants. Other cases are withheld; naming a case the reader may not see is refused.
struct QuarterlyCommand: AsyncParsableCommand {
    enum View: String, ExpressibleByArgument, CaseIterable {
        case grades, annual, calibrations, survey360 = "360", deadlines, due
    }

    static let configuration = CommandConfiguration(
        commandName: "quarterly",
        abstract: "Quarterly and annual grades, calibration history, 360 reports and deadlines of the 2023 methodology (confidential).",
        discussion: """
            Views: grades (each quarter: status, due date, components, evaluator's and final score, band), annual (the
            mean of the quarters, exact and rounded, with its band), calibrations (before → after, votes, arguments,
            the rule applied), 360 (per competency: answers, mean, self-assessment not counted, least developed),
            deadlines (every deadline an act was judged against; --late for the late ones only), due (quarters not yet
            evaluated nor exempt, with their deadline; --late for those past it on --on).
            """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var postgres: PostgresOption
    @Argument(help: "grades | annual | calibrations | 360 | deadlines | due") var view: View
    @Option(help: "The body.") var body: String
    @Option(help: "The evaluated year.") var year: Int
    @Option(help: "One evaluated servant (else every case the reader may see).") var person: String?
    @OptionGroup var operatorOptions: OperatorOptions
    @Option(help: "Whose view to show: their person id (004 §21).") var reader: String
    @Option(help: "The day the reader's role is judged on (default: today).") var on: String?
    @Flag(help: "deadlines: only those missed; due: only those past their deadline.") var late = false
    @Flag(help: "Print JSON lines.") var json = false

    func run() async throws {
        try await reportingFailures {
            let readModels = try await postgres.readModels(or: ledger)
            let store = readModels.log
            let projection = QuarterlyGradesProjection()
            let runner = ProjectionRunner(readModels: readModels, projection: projection)
            try runner.catchUp()
            // The body's time zone and its HR officer on the day from the staff directory, not a fold of
            // the body's stream (thousands of acts in a large body).
            let staff = ProjectionRunner(readModels: readModels, projection: StaffDirectoryProjection())
            try staff.catchUp()
            let zone = try staff.rows(of: StaffDirectoryProjection.bodies, in: .text(body)).first?[3].text ?? BodyTimeZone.defaultZone
            let today = try on.map { text -> LocalDate in
                guard let date = LocalDate(text) else { throw LedgerError.invalid("on", "must be a date YYYY-MM-DD") }
                return date
            } ?? BodyTimeZone.localDate(of: SystemClock().now(), zone: zone)
            let hrOfficer = StaffDirectoryProjection.holder(of: Roles.hrOfficer, on: today, among: try staff.rows(of: StaffDirectoryProjection.roles, in: .text(body)))

            let table: ReadModelTable
            switch view {
            case .grades, .due: table = QuarterlyGradesProjection.quarters
            case .annual: table = QuarterlyGradesProjection.annual
            case .calibrations: table = QuarterlyGradesProjection.calibrations
            case .survey360: table = QuarterlyGradesProjection.survey
            case .deadlines: table = QuarterlyGradesProjection.deadlines
            }
            // The cases the view covers; each case's readers by the case's partition.
            let cases = try await QuarterlyCaseList.cases(body: body, year: year, person: person, table: table, runner: runner, store: store)
            var visible: Set<String> = []
            let readersByCase = Dictionary(grouping: try runner.rows(of: QuarterlyGradesProjection.readers, inEach: cases.map { .text($0.id) })) { $0[0].text ?? "" }
            for (caseId, _, _) in cases {
                let readers = Set((readersByCase[caseId] ?? []).compactMap { $0[1].text })
                do {
                    try QuarterlyConfidentiality.requireReader(reader, caseId: caseId, caseReaders: readers, hrOfficer: hrOfficer)
                    visible.insert(caseId)
                } catch let error as LedgerError where person != nil {
                    throw CLIFailure.forbidden(error.description)
                } catch is LedgerError {
                    continue
                }
            }
            let shown = cases.filter { visible.contains($0.id) }.map { QuarterlyEvents.stream(bodyId: body, year: year, personId: $0.person) }
            try await operatorOptions.read().record(store, shown, what: "quarterly \(view.rawValue) as \(reader)")
            // Tables of the body's rows by its partition, those of a case's (calibrations, 360) by each visible case's.
            let partitions = table.partitionColumnName == "body_id" ? [body] : visible.sorted()
            let workingDaysLate = table.index(of: "working_days_late")
            try await printReadModel(readModels, projection, table, in: partitions, json: json) { row in
                guard visible.contains(row[0].text ?? "") else { return false }
                switch view {
                case .deadlines: return !late || (row[workingDaysLate!].integer ?? 0) > 0
                case .due: return row[7] == .text("due") && (!late || (row[6].text ?? "") < today.description)
                default: return true
                }
            }
            if visible.count < cases.count, !json {
                print("(\(cases.count - visible.count) case(s) withheld: 004 §16, §21)")
            }
        }
    }
}
