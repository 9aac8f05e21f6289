/// Rules that hold for every methodology and cite the law directly, not a body's adopted document: the
/// clause is fixed here (docs/rules.md, "Rules of every methodology").
extension Rule {
    public static let termNonWorkingDay = Rule(
        "term.non-working-day",
        "A term set as a date (by the 5th of the month) or in months whose last day is a non-working day ends on the next working day; working-day terms end on one already",
        test: "WorkingDayCalendarTests/termEndingOnADayOff")
    public static let retentionPeriod = Rule(
        "records.retention",
        "Evaluation documents are kept three years from the evaluation's end: a case that ended on 21 Dec 2018 is kept through 21 Dec 2021 and due for purge from 22 Dec 2021",
        test: "RecordsTests/retentionBoundary")
    public static let purgeNotInTheFuture = Rule(
        "records.purge-date",
        "A purge is irreversible: it is never dated after the day it is done",
        test: "RecordsTests/purgeNeverInTheFuture")

    /// Each cross-cutting rule with the clause it cites.
    public static let crossCutting: [(rule: Rule, clause: String)] = [
        (termNonWorkingDay, "Law No. 107-II \"On administrative procedures\" Art. 12-1 (to 30.06.2021); the Administrative Procedural Code (from 01.07.2021) and the Civil Code's General Part state the same"),
        (retentionPeriod, "001 §8; 002 §8; 004 §15"),
        (purgeNotInTheFuture, "001 §8; 004 §15"),
    ]
}
