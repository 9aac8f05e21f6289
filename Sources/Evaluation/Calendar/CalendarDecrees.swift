import LedgerCore

/// Decrees on the working-day calendar recorded as acts (design.md §10): a year's transfers of days
/// off, the date of Kurban Ait, a changed holiday — published after a release. The calendar in force
/// for an act is the shipped data plus every decree recorded before it, on the stream `calendar/kz`;
/// a deadline judged under a decree names it (docs/calendar.md).
public enum CalendarEvents {
    public static let stream = "calendar/kz"

    public static let decreeRecorded = EventTypeDescriptor(
        type: "calendar.decree-recorded", schemaVersion: 1,
        summary: "The records office records a decree that sets days off or working days", clause: "Labour Code Art. 84–85",
        payload: .object([
            .required("decreeId", .identifier, "the decree's identifier, unique in the ledger"),
            .required("basis", .text, "the decree: who issued it, its number and date"),
            .required("days", .array(.object([
                .required("date", .date, "the day"),
                .required("becomes", .enumeration(["day-off", "working-day"]), "what the decree makes it"),
                .required("note", .text, "why, as the decree says (e.g. a transfer from Saturday 4 May)"),
            ]), minItems: 1, maxItems: 60), "the days it sets"),
        ]))

    public static let catalog = EventCatalog([decreeRecorded])
}

/// The decrees recorded so far, in order; ``calendar(over:)`` applies them to the shipped calendar.
public struct CalendarDecrees: StreamFold {
    public private(set) var decrees: [(id: String, days: [WorkingDayCalendar.DecreedDay])] = []
    public private(set) var version: Int64 = 0

    public init() {}

    public mutating func apply(_ event: RecordedEvent) throws {
        version = event.version
        guard event.type == CalendarEvents.decreeRecorded.type else { return }
        let payload = try event.payload()
        guard case .array(let items)? = payload["days"] else { return }
        let days = items.compactMap { item -> WorkingDayCalendar.DecreedDay? in
            guard let date = item["date"]?.stringValue.flatMap(LocalDate.init) else { return nil }
            return .init(date: date, dayOff: item["becomes"] == "day-off", note: item["note"]?.stringValue ?? "")
        }
        decrees.append((payload["decreeId"]?.stringValue ?? "", days))
    }

    /// `base` (the shipped calendar) with every recorded decree applied, in the order recorded.
    public func calendar(over base: WorkingDayCalendar) throws -> WorkingDayCalendar {
        try decrees.reduce(base) { try $0.applying(decree: $1.id, $1.days) }
    }
}

/// Recording a decree: the records office's act; each day named once, and each one a change.
public struct CalendarDecreeRulebook: Sendable {
    public init() {}

    public func decide(
        decreeId: String, basis: String, days: [WorkingDayCalendar.DecreedDay], by actor: Actor, at occurredAt: Timestamp,
        decrees: CalendarDecrees, calendar: WorkingDayCalendar
    ) throws -> EventDraft {
        try Refusal.requireRole(actor, [Roles.recordsOfficer], clause: "design.md §10", act: "recording a calendar decree")
        guard !decrees.decrees.contains(where: { $0.id == decreeId }) else {
            throw Refusal.because("", field: "payload.decreeId", "decree \(decreeId) is recorded already")
        }
        guard Set(days.map(\.date)).count == days.count else { throw Refusal.because("", field: "payload.days", "each day is named once") }
        for (index, day) in days.enumerated() {
            let kind = try calendar.kind(of: day.date)
            guard kind.isWorkingDay == day.dayOff else {
                throw Refusal.because("", field: "payload.days[\(index)]", "\(day.date) is a \(kind.isWorkingDay ? "working day" : "day off") already (\(kind)); a decree changes a day")
            }
        }
        return EventDraft(
            type: CalendarEvents.decreeRecorded.type, schemaVersion: 1, occurredAt: occurredAt, actor: actor,
            payload: ["decreeId": .string(decreeId), "basis": .string(basis), "days": .array(days.map {
                ["date": .string($0.date.description), "becomes": .string($0.dayOff ? "day-off" : "working-day"), "note": .string($0.note)]
            })])
    }
}
