import LedgerCore

/// The year's evaluation schedule (бағалау кестесі, 004 §11): "the chief specialist-lawyer draws up the
/// evaluation schedule in the information system, and the maslikhat chair approves it". On the stream
/// `schedule/quarterly/<bodyId>/<year>`: HR draws it up (again, until approved), the chair approves it,
/// and each quarter's scoring is then judged against the approved date as well as 004 §5's deadline.
public enum QuarterlyScheduleEvents {
    public static func stream(bodyId: String, year: Int) -> String { "schedule/quarterly/\(bodyId)/\(year)" }

    public static let drawnUp = EventTypeDescriptor(
        type: "quarterly.schedule-drawn-up", schemaVersion: 1,
        summary: "HR draws up the year's evaluation schedule in the system", clause: "004 §11",
        payload: .object([
            .required("bodyId", .identifier, "the body"),
            .required("year", .integer(minimum: 2023, maximum: 2100), "the evaluated year"),
            .required("entries", .array(.object([
                .required("quarter", .integer(minimum: 1, maximum: 4), "the quarter"),
                .required("evaluateBy", .date, "the day by which the quarter is evaluated"),
            ]), minItems: 1, maxItems: 4), "one date per quarter"),
        ]))

    public static let approved = EventTypeDescriptor(
        type: "quarterly.schedule-approved", schemaVersion: 1,
        summary: "The maslikhat chair approves the evaluation schedule", clause: "004 §11",
        payload: .object([
            .required("bodyId", .identifier, "the body"),
            .required("year", .integer(minimum: 2023, maximum: 2100), "the evaluated year"),
        ]))

    public static let catalog = EventCatalog([drawnUp, approved])
}

/// The schedule as drawn up, and whether (and when) the chair approved it.
public struct QuarterlySchedule: StreamFold {
    public private(set) var dates: [Int: LocalDate] = [:]
    /// Approved by the maslikhat chair: from then on it binds the year's scoring.
    public private(set) var approved = false
    public private(set) var version: Int64 = 0

    public init() {}

    public mutating func apply(_ event: RecordedEvent) throws {
        version = event.version
        let payload = try event.payload()
        switch event.type {
        case QuarterlyScheduleEvents.drawnUp.type:
            dates = [:]
            if case .array(let entries)? = payload["entries"] {
                for entry in entries {
                    if let quarter = entry["quarter"]?.integerValue, let date = entry["evaluateBy"]?.stringValue.flatMap(LocalDate.init) { dates[Int(quarter)] = date }
                }
            }
        case QuarterlyScheduleEvents.approved.type:
            approved = true
        default:
            return
        }
    }

    /// The approved date for `quarter`; nil while the schedule is not approved or names no date for it.
    public func approvedDate(of quarter: Int) -> LocalDate? { approved ? dates[quarter] : nil }
}

public enum QuarterlyScheduleAct: Sendable {
    case drawUp(entries: [(quarter: Int, evaluateBy: LocalDate)])
    case approve
}

/// 004 §11: HR draws the schedule up, the maslikhat chair approves it; a date past 004 §5's deadline is refused.
public struct QuarterlyScheduleRulebook: Sendable {
    public init() {}

    public func decide(
        _ act: QuarterlyScheduleAct, bodyId: String, year: Int, by actor: Actor, at occurredAt: Timestamp, schedule: QuarterlySchedule,
        organisation: OrganisationState, parameters: QuarterlyEvaluationParameters
    ) throws -> EventDraft {
        let on = BodyTimeZone.localDate(of: occurredAt, zone: organisation.timeZone)
        func draft(_ descriptor: EventTypeDescriptor, _ members: [(String, JSONValue)]) -> EventDraft {
            EventDraft(type: descriptor.type, schemaVersion: 1, occurredAt: occurredAt, actor: actor,
                       payload: .object([("bodyId", .string(bodyId)), ("year", .integer(Int64(year)))] + members))
        }
        func requireHolder(_ role: String, _ act: String) throws {
            let holder = organisation.holder(of: role, on: on)
            guard let holder, actor.person == holder, actor.role == role else {
                throw Refusal.because(parameters.cite(.quarterlySchedule), field: "actor", "\(act) is the \(role)'s (\(holder ?? "none recorded") on \(on)); got \(actor.person) as \(actor.role)")
            }
        }
        guard !schedule.approved else {
            throw Refusal.because(parameters.cite(.quarterlySchedule), field: "payload.year", "the \(year) schedule is approved already")
        }
        switch act {
        case .drawUp(let entries):
            try requireHolder(Roles.hrOfficer, "drawing up the evaluation schedule")
            guard Set(entries.map(\.quarter)).count == entries.count else {
                throw Refusal.because(parameters.cite(.quarterlySchedule), field: "payload.entries", "each quarter is scheduled once")
            }
            for (index, entry) in entries.enumerated() {
                let deadline = QuarterlyGrades.deadline(year: year, quarter: entry.quarter, day: parameters.quarterDeadlineDay)
                guard entry.evaluateBy <= deadline, entry.evaluateBy > QuarterlyRulebook.quarterDates(year: year, quarter: entry.quarter).end else {
                    throw Refusal.because(parameters.cite(.quarterlyDeadline), field: "payload.entries[\(index)].evaluateBy",
                                          "quarter \(entry.quarter) is evaluated after it ends and by \(deadline); got \(entry.evaluateBy)")
                }
            }
            return draft(QuarterlyScheduleEvents.drawnUp, [("entries", .array(entries.sorted { $0.quarter < $1.quarter }.map {
                ["quarter": .integer(Int64($0.quarter)), "evaluateBy": .string($0.evaluateBy.description)]
            }))])
        case .approve:
            try requireHolder(Roles.maslikhatChair, "approving the evaluation schedule")
            guard !schedule.dates.isEmpty else { throw Refusal.because(parameters.cite(.quarterlySchedule), field: "payload.year", "no schedule of \(year) is drawn up to approve") }
            return draft(QuarterlyScheduleEvents.approved, [])
        }
    }
}
