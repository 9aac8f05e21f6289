import Foundation
import LedgerCore

/// The shipped data behind ``WorkingDayCalendar``: fixed holidays with the years they apply, the days
/// off that never move, Kurban Ait by year, and the government's yearly transfers (domain.md §6).
/// Extended by editing `kz-calendar.json` (see `tools/calendar/`), never by changing code.
public struct CalendarData: Sendable, Decodable {
    public struct FixedHoliday: Sendable, Decodable {
        public let month: Int
        public let day: Int
        public let nameKk: String
        public let nameEn: String
        public let fromYear: Int?
        public let untilYear: Int?

        func applies(in year: Int) -> Bool {
            (fromYear.map { year >= $0 } ?? true) && (untilYear.map { year <= $0 } ?? true)
        }
    }

    public struct NeverMoving: Sendable, Decodable {
        public let month: Int
        public let day: Int
        public let nameKk: String
        public let nameEn: String
    }

    public struct LunarDate: Sendable, Decodable {
        public let date: LocalDate
        /// True while the date is an astronomical estimate not yet confirmed by the official calendar.
        public let estimated: Bool
    }

    /// A Saturday or Sunday worked in exchange for a weekday off.
    public struct Transfer: Sendable, Decodable {
        public let off: LocalDate
        public let worked: LocalDate
        public let year: Int
    }

    public let firstYear: Int
    public let lastYear: Int
    public let fixedHolidays: [FixedHoliday]
    public let neverMoving: [NeverMoving]
    public let kurbanAit: [String: LunarDate]
    public let transfers: [Transfer]

    /// The Kazakhstan calendar shipped with the package.
    public static func kazakhstan() throws -> CalendarData {
        guard let url = Bundle.module.url(forResource: "kz-calendar", withExtension: "json") else {
            throw LedgerError(.notFound, field: "calendar", "the Kazakhstan calendar data (kz-calendar.json) is missing from the package")
        }
        return try JSONDecoder().decode(CalendarData.self, from: Data(contentsOf: url))
    }
}
