import LedgerCore

/// The local calendar date of an instant in a body's zone (domain.md §5: deadlines count dates in
/// Asia/Almaty or the body's own zone). Kazakhstan's zones as in force: Almaty and Qostanay kept UTC+6
/// until 2024-03-01 00:00 local time and UTC+5 since; the western zones are UTC+5 throughout.
public enum BodyTimeZone {
    static let unifiedOn = Timestamp(rfc3339: "2024-03-01T00:00:00+06:00")!

    public static func localDate(of instant: Timestamp, zone: String) -> LocalDate {
        let eastern = zone == "Asia/Almaty" || zone == "Asia/Qostanay"
        let hours = eastern && instant < unifiedOn ? 6 : 5
        return instant.localDate(offsetSeconds: hours * 3600)
    }
}
