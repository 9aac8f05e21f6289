import LedgerCore

/// The calendar decree (design.md §10): decided by the ``CalendarDecreeRulebook`` on the calendar's stream.
enum CalendarActs {
    static let all: [DeclaredAct] = [
        DeclaredAct(ActDeclaration("calendar.record-decree", roles: "records-officer", [
            ActField("decreeId", .string), .basis,
            ActField("days", .list(.record([ActField("date", .date), ActField("becomes", .oneOf(["day-off", "working-day"])), .optional("note", .string)]))),
        ], note: "applies to every act judged after it (docs/calendar.md)")) { service, r in
            let days = try r.items("days").map { WorkingDayCalendar.DecreedDay(date: try $0.date("date"), dayOff: try $0.string("becomes") == "day-off", note: $0.optionalString("note") ?? "") }
            let decrees = try await service.fold(CalendarDecrees.self, CalendarEvents.stream)
            let draft = try CalendarDecreeRulebook().decide(
                decreeId: try r.string("decreeId"), basis: try r.string("basis"), days: days, by: r.actor, at: r.occurredAt, decrees: decrees, calendar: service.calendar)
            return (CalendarEvents.stream, decrees.expectedVersion, Decision(events: [draft]))
        },
    ]
}
