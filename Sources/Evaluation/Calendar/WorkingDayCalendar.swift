import LedgerCore

/// Kazakhstan's working days (domain.md §5–§6; жұмыс күні): Monday to Friday, less public holidays,
/// with a holiday on a Saturday or Sunday moving the day off to the next working day, Orthodox
/// Christmas and the first day of Kurban Ait never moving, and the yearly transfers of days off.
///
/// Every deadline of every rulebook is computed here. Counting convention: "N working days after D"
/// is the N-th working day strictly after D; "N working days before D" the N-th strictly before.
public struct WorkingDayCalendar: Sendable {
    public enum DayKind: Sendable, Equatable {
        case working
        /// A transferred day: a Saturday or Sunday worked instead of `off`.
        case transferredWorkday(insteadOf: LocalDate)
        case weekend
        case holiday(name: String)
        /// The weekday off that replaces a holiday falling on a weekend.
        case observedHoliday(of: LocalDate, name: String)
        /// A weekday off in exchange for the worked `worked`.
        case transferredDayOff(from: LocalDate)
        /// A day off set by a decree recorded after the release (a transfer, Kurban Ait, a changed holiday).
        case decreedDayOff(decree: String, note: String)
        /// A working day set by a recorded decree (a weekend day worked, a holiday dropped).
        case decreedWorkday(decree: String, note: String)

        public var isWorkingDay: Bool {
            switch self {
            case .working, .transferredWorkday, .decreedWorkday: return true
            default: return false
            }
        }
    }

    public let years: ClosedRange<Int>
    private let firstDay: Int
    private var kinds: [DayKind]
    /// The decrees applied on top of the shipped data, in the order they were recorded (design.md §10).
    public private(set) var decrees: [String] = []

    /// Which calendar this is: the shipped data, plus the decrees recorded before the act it judges.
    public var identity: String {
        "kz-calendar \(years.lowerBound)–\(years.upperBound)" + (decrees.isEmpty ? "" : " + decree " + decrees.joined(separator: ", "))
    }

    /// One day a decree sets.
    public struct DecreedDay: Sendable, Equatable {
        public let date: LocalDate
        public let dayOff: Bool
        public let note: String
        public init(date: LocalDate, dayOff: Bool, note: String) {
            self.date = date
            self.dayOff = dayOff
            self.note = note
        }
    }

    /// This calendar with a decree's days applied over it (a later decree wins over an earlier one).
    public func applying(decree: String, _ days: [DecreedDay]) throws -> WorkingDayCalendar {
        var calendar = self
        for day in days {
            let offset = day.date.dayNumber - firstDay
            guard calendar.kinds.indices.contains(offset) else {
                throw LedgerError(.notFound, field: "date", "\(day.date) is outside the working-day calendar (\(years.lowerBound)–\(years.upperBound)); extend the shipped data first")
            }
            calendar.kinds[offset] = day.dayOff ? .decreedDayOff(decree: decree, note: day.note) : .decreedWorkday(decree: decree, note: day.note)
        }
        calendar.decrees.append(decree)
        return calendar
    }

    public static let kazakhstan: WorkingDayCalendar = {
        do {
            return WorkingDayCalendar(try CalendarData.kazakhstan())
        } catch {
            fatalError("the shipped calendar data does not load: \(error)")
        }
    }()

    public init(_ data: CalendarData) {
        years = data.firstYear...data.lastYear
        let firstDay = LocalDate(year: data.firstYear, month: 1, day: 1)!.dayNumber
        self.firstDay = firstDay
        let lastDay = LocalDate(year: data.lastYear, month: 12, day: 31)!.dayNumber
        var table = (firstDay...lastDay).map { LocalDate(dayNumber: $0).isWeekend ? DayKind.weekend : .working }
        func index(_ date: LocalDate) -> Int? {
            let offset = date.dayNumber - firstDay
            return table.indices.contains(offset) ? offset : nil
        }

        var movable: [(LocalDate, String)] = []
        for year in data.firstYear...data.lastYear {
            for holiday in data.fixedHolidays where holiday.applies(in: year) {
                guard let date = LocalDate(year: year, month: holiday.month, day: holiday.day) else { continue }
                movable.append((date, holiday.nameKk))
            }
            for fixed in data.neverMoving {
                if let date = LocalDate(year: year, month: fixed.month, day: fixed.day), let i = index(date) {
                    table[i] = .holiday(name: fixed.nameKk)
                }
            }
            if let kurban = data.kurbanAit[String(year)], let i = index(kurban.date) {
                table[i] = .holiday(name: "Құрбан айт")
            }
        }
        for (date, name) in movable {
            if let i = index(date) { table[i] = .holiday(name: name) }
        }
        // A holiday on a Saturday or Sunday makes the next working day a day off (Labour Code Art. 85).
        for (date, name) in movable.sorted(by: { $0.0 < $1.0 }) where date.isWeekend {
            var candidate = date.adding(days: 1)
            while let i = index(candidate), table[i] != .working { candidate = candidate.adding(days: 1) }
            if let i = index(candidate) { table[i] = .observedHoliday(of: date, name: name) }
        }
        for transfer in data.transfers {
            if let i = index(transfer.off) { table[i] = .transferredDayOff(from: transfer.worked) }
            if let i = index(transfer.worked) { table[i] = .transferredWorkday(insteadOf: transfer.off) }
        }
        kinds = table
    }

    /// What kind of day `date` is. Throws for a date outside the calendar's years.
    public func kind(of date: LocalDate) throws -> DayKind {
        let offset = date.dayNumber - firstDay
        guard kinds.indices.contains(offset) else {
            throw LedgerError(
                .notFound, field: "date",
                "\(date) is outside the working-day calendar (\(years.lowerBound)–\(years.upperBound)); add its year to kz-calendar.json")
        }
        return kinds[offset]
    }

    public func isWorkingDay(_ date: LocalDate) throws -> Bool { try kind(of: date).isWorkingDay }

    /// The `count`-th working day after `date` (before it, for a negative count); `date` itself for 0.
    public func adding(workingDays count: Int, to date: LocalDate) throws -> LocalDate {
        var remaining = abs(count)
        var day = date
        let step = count < 0 ? -1 : 1
        while remaining > 0 {
            day = day.adding(days: step)
            if try isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// The number of working days `d` with `start < d <= end` (negative when `end` is before `start`).
    public func workingDays(between start: LocalDate, and end: LocalDate) throws -> Int {
        if end < start { return -(try workingDays(between: end, and: start)) }
        var count = 0
        var day = start.adding(days: 1)
        while day <= end {
            if try isWorkingDay(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }

    /// The day a servant away until `lastDayAway` (inclusive) returns to work: the first working day
    /// after it. Deadlines "after returning to work" (001 §4, 004 §6) count from this day, not from the
    /// last day of the absence: away until Wed 2019-03-20, back on Tue 2019-03-26 (21, 22 and 25 March off).
    public func returnToWork(after lastDayAway: LocalDate) throws -> LocalDate {
        try adding(workingDays: 1, to: lastDayAway)
    }

    /// The day a term whose last day is `lastDay` ends (rule `term.non-working-day`): that day when it is a
    /// working day, else the next working day — a "by the 5th" that falls on Saturday 5 Oct 2024 ends on
    /// Monday 7 Oct. Working-day terms end on a working day already.
    public func termEnd(lastDay: LocalDate) throws -> LocalDate {
        var day = lastDay
        while try !isWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }

    /// The last day on which an act due "within `count` working days after `date`" is on time.
    public func deadline(workingDays count: Int, after date: LocalDate) throws -> LocalDate {
        try adding(workingDays: count, to: date)
    }
}
