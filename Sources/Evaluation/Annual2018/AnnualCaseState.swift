import LedgerCore

/// One servant's annual evaluation as its events left it (stream `case/annual/…`).
public struct AnnualCaseState: StreamFold {
    /// Where the individual work plan stands (001 §9–§12).
    public enum PlanPhase: Sendable, Equatable {
        case none
        case drafted
        case submitted(on: LocalDate)
        case returned(on: LocalDate, reason: String)
        case approved(on: LocalDate)
    }

    public private(set) var version: Int64 = 0
    public private(set) var caseId: String?
    public private(set) var bodyId = ""
    public private(set) var personId = ""
    public private(set) var year = 0
    public private(set) var methodologyVersionId = ""
    public private(set) var periodStart = LocalDate(dayNumber: 0)
    public private(set) var periodEnd = LocalDate(dayNumber: 0)
    public private(set) var plan: PlanPhase = .none
    /// The date of the last return, while a corrected plan is being prepared (001 §12).
    public private(set) var lastReturnedOn: LocalDate?
    public private(set) var kpis: [JSONValue] = []
    /// Quarters whose monitoring is recorded (001 §16).
    public private(set) var monitoredQuarters: Set<Int> = []

    /// Where the KPI evaluation sheet stands (001 §17–§23).
    public enum SheetPhase: Sendable, Equatable {
        case none
        case signed(on: LocalDate, achieved: Int, grade: String)
        case returned(on: LocalDate, reason: String)
        case agreed(on: LocalDate, achieved: Int, grade: String)
    }

    public private(set) var kpiSheet: SheetPhase = .none
    public private(set) var kpiSheetLastReturnedOn: LocalDate?
    /// Competency results by competency: meets expectations or not (001 §27). Never part of the KPI grade.
    public private(set) var competencyResults: [String: Bool] = [:]
    public private(set) var competencySheetSignedOn: LocalDate?
    public private(set) var handedToCommission: (commissionId: String, on: LocalDate)?

    /// The approved result (001 §39): the final grade, whether the commission corrected it, and when.
    public private(set) var result: (finalGrade: String, correctedByCommission: Bool, approvedOn: LocalDate, motionId: String)?
    /// Familiarised in writing, or a refusal act (001 §40–§42).
    public private(set) var familiarisedOn: LocalDate?
    public private(set) var familiarisationRefusedOn: LocalDate?
    /// After a refusal act, the result sent through the intranet portal (001 §42).
    public private(set) var resultSentOn: LocalDate?
    /// The appeal (001 §43): filed, and the agency's outcome once decided.
    public private(set) var appeal: (filedOn: LocalDate, outcome: String?)?
    public private(set) var courtOutcome: String?
    /// The body's zone, for the local date of each act.
    public var timeZone = "Asia/Almaty"

    public init() {}

    /// 001 §8, issue 6: a case ends at its last act once its result is approved, the servant familiarised
    /// (or the refusal act drawn up) and any appeal decided; a reconsidered result needs its own
    /// familiarisation. A court stage, when recorded, is its last act.
    public var isClosed: Bool {
        result != nil && (familiarisedOn != nil || familiarisationRefusedOn != nil) && (appeal.map { $0.outcome != nil } ?? true)
    }

    public mutating func apply(_ event: RecordedEvent) throws {
        version = event.version
        let payload = try event.payload()
        let on = BodyTimeZone.localDate(of: event.occurredAt, zone: timeZone)
        switch event.type {
        case AnnualEvents.caseOpened.type:
            caseId = payload["caseId"]?.stringValue
            bodyId = payload["bodyId"]?.stringValue ?? ""
            personId = payload["personId"]?.stringValue ?? ""
            year = Int(payload["year"]?.integerValue ?? 0)
            methodologyVersionId = payload["methodologyVersionId"]?.stringValue ?? ""
            periodStart = payload["periodStart"]?.stringValue.flatMap(LocalDate.init) ?? periodStart
            periodEnd = payload["periodEnd"]?.stringValue.flatMap(LocalDate.init) ?? periodEnd
        case AnnualEvents.planDrafted.type:
            if case .array(let values)? = payload["kpis"] { kpis = values }
            plan = .drafted
        case AnnualEvents.planSubmitted.type:
            plan = .submitted(on: on)
        case AnnualEvents.planReturned.type:
            plan = .returned(on: on, reason: payload["reason"]?.stringValue ?? "")
            lastReturnedOn = on
        case AnnualEvents.planApproved.type:
            plan = .approved(on: on)
        case AnnualEvents.monitoringRecorded.type:
            if let quarter = payload["quarter"]?.integerValue { monitoredQuarters.insert(Int(quarter)) }
        case AnnualEvents.kpiSheetSigned.type:
            kpiSheet = .signed(on: on, achieved: Int(payload["achieved"]?.integerValue ?? 0), grade: payload["grade"]?.stringValue ?? "")
        case AnnualEvents.kpiSheetReturned.type:
            kpiSheet = .returned(on: on, reason: payload["reason"]?.stringValue ?? "")
            kpiSheetLastReturnedOn = on
        case AnnualEvents.kpiSheetAgreed.type:
            if case .signed(_, let achieved, let grade) = kpiSheet { kpiSheet = .agreed(on: on, achieved: achieved, grade: grade) }
        case AnnualEvents.competencySheetSigned.type:
            if case .array(let competencies)? = payload["competencies"] {
                for item in competencies {
                    if let name = item["competency"]?.stringValue, case .bool(let meets)? = item["meetsExpectations"] { competencyResults[name] = meets }
                }
            }
            competencySheetSignedOn = on
        case AnnualEvents.sheetsHandedToCommission.type:
            handedToCommission = (payload["commissionId"]?.stringValue ?? "", on)
        case AnnualEvents.resultApproved.type:
            if case .bool(let corrected)? = payload["correctedByCommission"] {
                result = (payload["finalGrade"]?.stringValue ?? "", corrected, on, payload["motionId"]?.stringValue ?? "")
            }
            familiarisedOn = nil
            familiarisationRefusedOn = nil
            resultSentOn = nil
        case AnnualEvents.familiarised.type:
            familiarisedOn = on
        case AnnualEvents.familiarisationRefused.type:
            familiarisationRefusedOn = on
        case AnnualEvents.resultSent.type:
            resultSentOn = on
        case AnnualEvents.appealFiled.type:
            appeal = (on, nil)
        case AnnualEvents.appealDecided.type:
            appeal?.outcome = payload["outcome"]?.stringValue
        case AnnualEvents.courtDecisionRecorded.type:
            courtOutcome = payload["outcome"]?.stringValue
        default:
            return
        }
    }
}
