import LedgerCore

/// The local calendar date of an instant in a body's zone (domain.md §5: deadlines count dates in
/// Asia/Almaty or the body's own zone). Kazakhstan's zones as in force: Almaty and Qostanay kept UTC+6
/// until 2024-03-01 00:00 local time and UTC+5 since; the western zones are UTC+5 throughout.
public enum BodyTimeZone {
    /// The zone of a body whose registration names none (domain.md §5).
    public static let defaultZone = "Asia/Almaty"

    /// A body's zone, from its registration — the first event of its stream; no later act changes it —
    /// read without the body's other acts.
    public static func of(bodyId: String, in store: any EventStore) async throws -> String {
        try OrganisationState(events: try await store.readStream(OrganisationEvents.stream(bodyId: bodyId), fromVersion: 1, limit: 1)).timeZone
    }

    static let unifiedOn = Timestamp(rfc3339: "2024-03-01T00:00:00+06:00")!

    public static func localDate(of instant: Timestamp, zone: String) -> LocalDate {
        instant.localDate(offsetSeconds: offsetHours(of: instant, zone: zone) * 3600)
    }

    /// Hours east of UTC in `zone` at `instant`.
    public static func offsetHours(of instant: Timestamp, zone: String) -> Int {
        let eastern = zone == "Asia/Almaty" || zone == "Asia/Qostanay"
        return eastern && instant < unifiedOn ? 6 : 5
    }

    /// The instant as a person in the body reads it: `2018-01-03 10:00 +06`.
    public static func localTime(of instant: Timestamp, zone: String) -> String {
        let hours = offsetHours(of: instant, zone: zone)
        let local = Timestamp(microsecondsSinceEpoch: instant.microsecondsSinceEpoch + Int64(hours) * 3_600_000_000).description
        return "\(local.prefix(10)) \(local.dropFirst(11).prefix(5)) +\(hours < 10 ? "0" : "")\(hours)"
    }
}
