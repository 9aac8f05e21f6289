import Foundation
import LedgerCore
import Testing

@testable import Evaluation

/// The working-day calendar of Kazakhstan (domain.md §6), 2016–2027.
struct WorkingDayCalendarTests {
    let calendar = WorkingDayCalendar.kazakhstan

    func day(_ text: String) -> LocalDate { LocalDate(text)! }

    /// Issue 28 §7: "A 'by the 5th' term (004 §27) that fell on Saturday 5 Oct 2024 was judged 1 working day
    /// late for a notice on Monday the 7th."
    @Test("term.non-working-day: a 'by the 5th' term on Saturday 5 Oct 2024 ends on Monday 7 Oct (on time that day, 1 working day late on the 8th); a term in months likewise; a bound counted back stays")
    func termEndingOnADayOff() throws {
        let notice = try DeadlineFinding.by(day("2024-10-05"), actedOn: day("2024-10-07"), clause: "004 §27", rule: "notice of quarter 3's evaluation", calendar: calendar)
        #expect(notice.dueBy == day("2024-10-07") && notice.workingDaysLate == 0 && !notice.isLate)
        #expect(notice.rule.contains("2024-10-05 is a non-working day") && notice.rule.contains(Rule.termNonWorkingDay.key))
        let late = try DeadlineFinding.by(day("2024-10-05"), actedOn: day("2024-10-08"), clause: "004 §27", rule: "notice", calendar: calendar)
        #expect(late.workingDaysLate == 1)
        // A working last day is not moved, and the rule's words are the rule's.
        let friday = try DeadlineFinding.by(day("2024-04-05"), actedOn: day("2024-04-08"), clause: "004 §27", rule: "notice", calendar: calendar)
        #expect(friday.dueBy == day("2024-04-05") && friday.workingDaysLate == 1 && friday.rule == "notice")
        // A holiday: "by the 16th" of December 2024 (Independence Day, Monday) ends on Tuesday the 17th.
        #expect(try calendar.termEnd(lastDay: day("2024-12-16")) == day("2024-12-17"))
        // 3 months from 2024-06-08 end on Sunday 2024-09-08: the complaint of Monday the 9th is in time.
        let complaint = try DeadlineFinding.byMonths(day("2024-09-08"), actedOn: day("2024-09-09"), clause: "APC Art. 91", rule: "complaint", calendar: calendar)
        #expect(complaint.dueBy == day("2024-09-09") && complaint.calendarDaysLate == 0 && !complaint.isLate)
        // "At least a month before" is a bound counted back, not a term's end: it is not moved.
        let notMoved = try DeadlineFinding.byMonths(day("2024-09-08"), actedOn: day("2024-09-09"), clause: "000 §I.4", rule: "notice", calendar: calendar, forward: false)
        #expect(notMoved.dueBy == day("2024-09-08") && notMoved.calendarDaysLate == 1)
    }

    @Test("domain.md §6 transfers: 2023 Sat 1 Jul worked, Fri 7 Jul off; 2024 Wed 8 May off; 2025 Fri 3 Jan off, Sun 5 Jan worked")
    func transfers() throws {
        #expect(try calendar.isWorkingDay(day("2023-07-07")) == false)
        #expect(try calendar.isWorkingDay(day("2023-07-01")) == true)
        #expect(try calendar.kind(of: day("2023-07-01")) == .transferredWorkday(insteadOf: day("2023-07-07")))
        #expect(try calendar.isWorkingDay(day("2024-05-08")) == false)
        #expect(try calendar.isWorkingDay(day("2024-05-04")) == true)
        #expect(try calendar.isWorkingDay(day("2025-01-03")) == false)
        #expect(try calendar.isWorkingDay(day("2025-01-05")) == true)
    }

    @Test("domain.md §6: Nauryz 2025 (Fri 21 – Sun 23 Mar) moves the weekend days off to Mon 24 and Tue 25 Mar")
    func nauryz2025() throws {
        for date in ["2025-03-21", "2025-03-22", "2025-03-23", "2025-03-24", "2025-03-25"] {
            #expect(try calendar.isWorkingDay(day(date)) == false, "\(date)")
        }
        #expect(try calendar.kind(of: day("2025-03-24")) == .observedHoliday(of: day("2025-03-22"), name: "Наурыз мейрамы"))
        #expect(try calendar.isWorkingDay(day("2025-03-26")) == true)
    }

    @Test("domain.md §6: Orthodox Christmas and Kurban Ait never move — Sun 7 Jan 2018 and Sun 11 Aug 2019 leave Monday a working day")
    func neverMoving() throws {
        #expect(try calendar.isWorkingDay(day("2018-01-08")) == true)
        #expect(try calendar.isWorkingDay(day("2019-08-12")) == true)
        #expect(try calendar.kind(of: day("2023-06-28")) == .holiday(name: "Құрбан айт"))
    }

    @Test("domain.md §6: 16–17 Dec until 2021 (Sat–Sun 2017 → Mon 18 and Tue 19 off); 25 Oct again from 2022; 1 Dec until 2021")
    func yearRanges() throws {
        #expect(try calendar.isWorkingDay(day("2017-12-18")) == false)
        #expect(try calendar.isWorkingDay(day("2017-12-19")) == false)
        #expect(try calendar.isWorkingDay(day("2022-12-01")) == true)
        #expect(try calendar.isWorkingDay(day("2021-12-01")) == false)
        #expect(try calendar.isWorkingDay(day("2021-10-25")) == true)
        #expect(try calendar.isWorkingDay(day("2023-10-25")) == false)
        #expect(try calendar.isWorkingDay(day("2027-03-15")) == false)  // Constitution Day from 2027
        #expect(try calendar.isWorkingDay(day("2027-08-30")) == true)
    }

    @Test("the 2026 amendment of the holidays law: 30 August is no longer a holiday in 2026 (Sun 30 Aug moves nothing: Mon 31 Aug is worked); still one in 2025")
    func constitutionDay2026() throws {
        #expect(try calendar.isWorkingDay(day("2026-08-31")) == true)
        #expect(try calendar.kind(of: day("2026-08-30")) == .weekend)
        #expect(try calendar.kind(of: day("2025-09-01")) == .observedHoliday(of: day("2025-08-30"), name: "Конституция күні"))  // Sat 30 Aug 2025 → Mon 1 Sep
        #expect(try calendar.isWorkingDay(day("2024-08-30")) == false)  // Fri 30 Aug 2024, Constitution Day
    }

    @Test("every day off and every worked weekend of 2016–2025 matches an independent implementation (the holidays package)")
    func goldenDaysOff() throws {
        let url = try #require(Bundle.module.url(forResource: "kz-exceptions-2016-2025", withExtension: "txt", subdirectory: "Fixtures"))
        let golden = Set(try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init))
        var computed = Set<String>()
        var date = day("2016-01-01")
        while date <= day("2025-12-31") {
            let working = try calendar.isWorkingDay(date)
            if date.isWeekend && working { computed.insert("\(date) worked") }
            if !date.isWeekend && !working { computed.insert("\(date) off") }
            date = date.adding(days: 1)
        }
        #expect(computed.subtracting(golden).sorted() == [])
        #expect(golden.subtracting(computed).sorted() == [])
        #expect(golden.count == 185)
    }

    @Test("001 §9: a 2018 plan due within 10 working days of 1 Jan is due 16 Jan (2 Jan holiday, 7 Jan on a Sunday)")
    func tenWorkingDays() throws {
        #expect(try calendar.deadline(workingDays: 10, after: day("2018-01-01")) == day("2018-01-16"))
    }

    @Test("001 §29: notice 7 working days before 2023-07-10 falls on 2023-06-27 (28 Jun Kurban Ait, 6–7 Jul off, Sat 1 Jul worked)")
    func workingDaysBefore() throws {
        // Working days before Mon 10 Jul: 5 Jul, 4 Jul, 3 Jul, Sat 1 Jul, 30 Jun, 29 Jun, 27 Jun.
        #expect(try calendar.adding(workingDays: -7, to: day("2023-07-10")) == day("2023-06-27"))
    }

    @Test("workingDays(between:and:) counts d with start < d <= end; a late act is one past the count")
    func counting() throws {
        #expect(try calendar.workingDays(between: day("2018-01-01"), and: day("2018-01-16")) == 10)
        #expect(try calendar.workingDays(between: day("2018-01-01"), and: day("2018-01-17")) == 11)
        #expect(try calendar.workingDays(between: day("2018-01-16"), and: day("2018-01-01")) == -10)
        #expect(try calendar.workingDays(between: day("2025-03-20"), and: day("2025-03-26")) == 1)
    }

    @Test("a date outside the shipped years is an error that says how to extend the data, never a guess")
    func outsideCoverage() {
        #expect(throws: LedgerError.self) { try calendar.isWorkingDay(day("2031-01-06")) }
        do {
            _ = try calendar.isWorkingDay(day("2015-12-31"))
        } catch let error as LedgerError {
            #expect(error.message.contains("add its year to kz-calendar.json"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
