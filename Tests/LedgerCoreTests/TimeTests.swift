import Testing

@testable import LedgerCore

struct TimeTests {
    @Test("RFC 3339 with an offset is normalised to UTC in the ledger's fixed form")
    func offsets() {
        #expect(Timestamp(rfc3339: "2023-07-07T15:30:00+06:00")?.description == "2023-07-07T09:30:00.000000Z")
        #expect(Timestamp(rfc3339: "2023-07-07T09:30:00.25Z")?.description == "2023-07-07T09:30:00.250000Z")
        #expect(Timestamp(rfc3339: "1969-12-31T23:59:59.999999Z")?.microsecondsSinceEpoch == -1)
    }

    @Test("dates alone, missing offsets and impossible dates are not timestamps", arguments: [
        "2023-07-07", "2023-07-07T09:30:00", "2023-02-29T00:00:00Z", "2023-07-07T24:00:00Z", "2023-07-07T09:30:00+6:00",
    ])
    func invalid(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test("fixed-form timestamps sort as text in time order")
    func sortsAsText() {
        let times = ["2016-01-01T00:00:00Z", "2023-07-07T09:30:00.5Z", "2027-12-31T23:59:59Z"].map { Timestamp(rfc3339: $0)! }
        #expect(times.map(\.description) == times.map(\.description).sorted())
    }

    @Test("local dates: parsing, weekdays, leap years")
    func dates() {
        #expect(LocalDate("2024-02-29")?.description == "2024-02-29")
        #expect(LocalDate("2023-02-29") == nil)
        #expect(LocalDate("2023-07-07")?.isoWeekday == 5)  // a Friday
        #expect(LocalDate("2023-07-01")?.isWeekend == true)  // a Saturday
        #expect(LocalDate("2024-01-01")!.adding(days: 366).description == "2025-01-01")
    }

    @Test("the calendar date of an instant depends on the body's zone (Almaty was UTC+6 until 2024-03-01)")
    func localDateOfInstant() {
        let instant = Timestamp(rfc3339: "2023-07-06T20:00:00Z")!
        #expect(instant.utcDate.description == "2023-07-06")
        #expect(instant.localDate(offsetSeconds: 6 * 3600).description == "2023-07-07")
    }
}
