import LedgerCore

/// What a rulebook decided about an accepted act: the events to append, and the deadline findings
/// the act raised. Late acts are recorded and flagged, never refused (design.md §5).
public struct Decision: Sendable {
    public let events: [EventDraft]
    public let findings: [DeadlineFinding]

    public init(events: [EventDraft], findings: [DeadlineFinding] = []) {
        self.events = events
        self.findings = findings
    }
}

/// A deadline the law sets, checked against the date an act happened.
public struct DeadlineFinding: Sendable, Equatable, CustomStringConvertible {
    public let clause: String
    public let rule: String
    public let dueBy: LocalDate
    public let actedOn: LocalDate
    /// Working days past the deadline (0: on time).
    public let workingDaysLate: Int

    public var isLate: Bool { workingDaysLate > 0 }

    public var description: String {
        isLate
            ? "\(clause): \(rule) by \(dueBy); done \(actedOn), \(workingDaysLate) working day\(workingDaysLate == 1 ? "" : "s") late"
            : "\(clause): \(rule) by \(dueBy); done \(actedOn), on time"
    }

    /// Checks an act on `actedOn` against "no later than `workingDays` working days before `date`".
    public static func before(
        _ workingDays: Int, before date: LocalDate, actedOn: LocalDate, clause: String, rule: String, calendar: WorkingDayCalendar
    ) throws -> DeadlineFinding {
        try judged(due: try calendar.adding(workingDays: -workingDays, to: date), actedOn: actedOn, clause: clause, rule: rule, calendar: calendar)
    }

    /// Checks an act on `actedOn` against "within `workingDays` working days after `start`".
    public static func within(
        _ workingDays: Int, after start: LocalDate, actedOn: LocalDate, clause: String, rule: String, calendar: WorkingDayCalendar
    ) throws -> DeadlineFinding {
        try judged(due: try calendar.deadline(workingDays: workingDays, after: start), actedOn: actedOn, clause: clause, rule: rule, calendar: calendar)
    }

    /// Checks an act on `actedOn` against a calendar date `due` (a deadline in months, or a day of a month).
    public static func by(_ due: LocalDate, actedOn: LocalDate, clause: String, rule: String, calendar: WorkingDayCalendar) throws -> DeadlineFinding {
        try judged(due: due, actedOn: actedOn, clause: clause, rule: rule, calendar: calendar)
    }

    /// The finding as a payload records it (``QuarterlyEvents/deadline``).
    public var json: JSONValue {
        ["clause": .string(clause), "rule": .string(rule), "dueBy": .string(dueBy.description), "actedOn": .string(actedOn.description),
         "workingDaysLate": .integer(Int64(workingDaysLate))]
    }

    /// An act on `actedOn` against a deadline `due`: late by the working days after it.
    private static func judged(due: LocalDate, actedOn: LocalDate, clause: String, rule: String, calendar: WorkingDayCalendar) throws -> DeadlineFinding {
        let late = actedOn > due ? try calendar.workingDays(between: due, and: actedOn) : 0
        return DeadlineFinding(clause: clause, rule: rule, dueBy: due, actedOn: actedOn, workingDaysLate: late)
    }
}
