import LedgerCore

/// One row per annual case: plan, KPI grade, competency results, the commission's correction, the
/// approved result, familiarisation, appeal and court — what HR and the servant see of a year.
public struct AnnualGradesProjection: Projection {
    public let name = "annual-grades"
    public let version = 1

    public static let grades = ReadModelTable(name: "annual_grades", columns: [
        .init("case_id", .text), .init("body_id", .text), .init("year", .integer), .init("person_id", .text),
        .init("methodology_version_id", .text), .init("plan", .text),
        .init("kpi_achieved", .integer, nullable: true), .init("kpi_grade", .text, nullable: true),
        .init("competencies_met", .integer, nullable: true), .init("competencies_assessed", .integer, nullable: true),
        .init("final_grade", .text, nullable: true), .init("corrected_by_commission", .integer, nullable: true),
        .init("familiarisation", .text), .init("appeal", .text), .init("court", .text, nullable: true),
    ], partitionedBy: "body_id", indexedBy: ["person_id"])

    enum Column: Int { case plan = 5, kpiAchieved, kpiGrade, competenciesMet, competenciesAssessed, finalGrade, corrected, familiarisation, appeal, court }

    public var tables: [ReadModelTable] { [Self.grades] }
    public var handledTypes: Set<String>? { Self.types }
    /// Built once: a fold asks for every event it is offered.
    private static let types: Set<String> = Set(AnnualEvents.catalog.all.map(\.type))

    public init() {}

    public func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws {
        let payload = try event.payload()
        guard let caseId = payload["caseId"]?.stringValue else { return }
        if event.type == AnnualEvents.caseOpened.type {
            session.upsert(Self.grades, [
                .text(caseId), .text(payload["bodyId"]?.stringValue ?? ""), .integer(payload["year"]?.integerValue ?? 0),
                .text(payload["personId"]?.stringValue ?? ""), .text(payload["methodologyVersionId"]?.stringValue ?? ""),
                .text("not drafted"), .null, .null, .null, .null, .null, .null, .text("pending"), .text("none"), .null,
            ])
            return
        }
        guard var row = try session.row(Self.grades, key: [.text(caseId)]) else { return }
        func set(_ column: Column, _ value: ReadModelValue) { row[column.rawValue] = value }
        switch event.type {
        case AnnualEvents.planDrafted.type: set(.plan, .text("drafted"))
        case AnnualEvents.planSubmitted.type: set(.plan, .text("submitted"))
        case AnnualEvents.planReturned.type: set(.plan, .text("returned"))
        case AnnualEvents.planApproved.type: set(.plan, .text("approved"))
        case AnnualEvents.kpiSheetSigned.type:
            set(.kpiAchieved, .integer(payload["achieved"]?.integerValue ?? 0))
            set(.kpiGrade, .text(payload["grade"]?.stringValue ?? ""))
        case AnnualEvents.competencySheetSigned.type:
            guard case .array(let competencies)? = payload["competencies"] else { return }
            set(.competenciesMet, .integer(Int64(competencies.filter { $0["meetsExpectations"] == true }.count)))
            set(.competenciesAssessed, .integer(Int64(competencies.count)))
        case AnnualEvents.resultApproved.type:
            set(.finalGrade, .text(payload["finalGrade"]?.stringValue ?? ""))
            set(.corrected, .integer(payload["correctedByCommission"] == true ? 1 : 0))
            set(.familiarisation, .text("pending"))
        case AnnualEvents.familiarised.type: set(.familiarisation, .text("familiarised"))
        case AnnualEvents.familiarisationRefused.type: set(.familiarisation, .text("refused (act)"))
        case AnnualEvents.appealFiled.type: set(.appeal, .text("filed"))
        case AnnualEvents.appealDecided.type: set(.appeal, .text(payload["outcome"]?.stringValue ?? ""))
        case AnnualEvents.courtDecisionRecorded.type: set(.court, .text(payload["outcome"]?.stringValue ?? ""))
        default: return
        }
        session.upsert(Self.grades, row)
    }
}
