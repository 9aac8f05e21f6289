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
    /// The body's zone, for the local date of each act.
    public var timeZone = "Asia/Almaty"

    public init() {}

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
        default:
            return
        }
    }
}
