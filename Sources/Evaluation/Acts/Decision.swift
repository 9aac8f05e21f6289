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
    /// Calendar days past the deadline, for a deadline the law sets in months ("at least one month
    /// before", "within 3 months"): its lateness is said in calendar days; nil for one in working days.
    public let calendarDaysLate: Int?

    public init(clause: String, rule: String, dueBy: LocalDate, actedOn: LocalDate, workingDaysLate: Int, calendarDaysLate: Int? = nil) {
        self.clause = clause
        self.rule = rule
        self.dueBy = dueBy
        self.actedOn = actedOn
        self.workingDaysLate = workingDaysLate
        self.calendarDaysLate = calendarDaysLate
    }

    public var isLate: Bool { (calendarDaysLate ?? workingDaysLate) > 0 }

    public var description: String { "\(clause): \(rule) by \(dueBy); done \(actedOn), \(Self.lateness(working: workingDaysLate, calendar: calendarDaysLate))" }

    /// "on time", "2 working days late", or for a deadline in months "6 calendar days late".
    public static func lateness(working: Int, calendar: Int?) -> String {
        if let calendar { return calendar == 0 ? "on time" : "\(calendar) calendar day\(calendar == 1 ? "" : "s") late" }
        return working == 0 ? "on time" : "\(working) working day\(working == 1 ? "" : "s") late"
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

    /// Checks an act on `actedOn` against a calendar date `due` (a day of a month, e.g. 004 §5's 10th); a
    /// term whose last day is a non-working day ends on the next working day (``movedOffNonWorkingDay``).
    public static func by(_ due: LocalDate, actedOn: LocalDate, clause: String, rule: String, calendar: WorkingDayCalendar) throws -> DeadlineFinding {
        let (end, rule) = try movedOffNonWorkingDay(due, rule: rule, calendar: calendar)
        return try judged(due: end, actedOn: actedOn, clause: clause, rule: rule, calendar: calendar)
    }

    /// Checks an act on `actedOn` against a deadline the law sets in months (`due` = a date so many
    /// months from another): its lateness is counted in calendar days, as the month is. A term running
    /// forward ("within 3 months") whose last day is a non-working day ends on the next working day;
    /// a bound counted back ("at least a month before") is no term's end and stays (`forward: false`).
    public static func byMonths(
        _ due: LocalDate, actedOn: LocalDate, clause: String, rule: String, calendar: WorkingDayCalendar, forward: Bool = true
    ) throws -> DeadlineFinding {
        let (end, rule) = forward ? try movedOffNonWorkingDay(due, rule: rule, calendar: calendar) : (due, rule)
        let finding = try judged(due: end, actedOn: actedOn, clause: clause, rule: rule, calendar: calendar)
        return DeadlineFinding(clause: clause, rule: finding.rule, dueBy: end, actedOn: actedOn, workingDaysLate: finding.workingDaysLate,
                               calendarDaysLate: max(0, actedOn.dayNumber - end.dayNumber))
    }

    /// Rule `term.non-working-day` (Law No. 107-II "On administrative procedures" Art. 12-1, to 30 June
    /// 2021; the Administrative Procedural Code and the Civil Code's General Part state the same): a term
    /// whose last day is a non-working day ends on the next working day. Issue 28 §7: "by the 5th" on
    /// Saturday 5 Oct 2024 ends on Monday 7 Oct; the rule's words say the term was moved, and why.
    static func movedOffNonWorkingDay(_ lastDay: LocalDate, rule: String, calendar: WorkingDayCalendar) throws -> (LocalDate, String) {
        let end = try calendar.termEnd(lastDay: lastDay)
        guard end != lastDay else { return (lastDay, rule) }
        return (end, "\(rule) (its last day \(lastDay) is a non-working day: the term ends on the next working day, \(Rule.termNonWorkingDay.key))")
    }

    /// The finding as a payload records it (``QuarterlyEvents/deadline``).
    /// The calendar-day lateness is not stored: it follows from `dueBy` and `actedOn` (the v1 payloads
    /// of the deadline-carrying events have no field for it).
    public var json: JSONValue {
        ["clause": .string(clause), "rule": .string(rule), "dueBy": .string(dueBy.description), "actedOn": .string(actedOn.description),
         "workingDaysLate": .integer(Int64(workingDaysLate))]
    }

    /// An act on `actedOn` against a deadline `due`: late by the working days after it.
    private static func judged(due: LocalDate, actedOn: LocalDate, clause: String, rule: String, calendar: WorkingDayCalendar) throws -> DeadlineFinding {
        let late = actedOn > due ? try calendar.workingDays(between: due, and: actedOn) : 0
        // Under recorded decrees the finding names the calendar it was computed with (design.md §10).
        let named = calendar.decrees.isEmpty ? rule : "\(rule) [\(calendar.identity)]"
        return DeadlineFinding(clause: clause, rule: named, dueBy: due, actedOn: actedOn, workingDaysLate: late)
    }
}
