import LedgerCore

/// Each case's last own act, by the month it happened in — the records office's index by case end
/// (issue 12 §2): a case ends with its last act (001 §8, 004 §15), so it cannot be due for purge before
/// three years after the last act of its own stream. `retention due` and `purge` load only the cases whose
/// last act is old enough, instead of folding every case of the ledger. Reads envelopes only, so it
/// survives a purge unchanged.
public struct CaseActivityProjection: Projection {
    public let name = "case-activity"
    public let version = 1

    /// Partitioned by the month (UTC, `YYYY-MM`) of the case's last act.
    public static let cases = ReadModelTable(name: "case_activity", columns: [
        .init("stream", .text), .init("month", .text), .init("last_occurred_at", .text),
    ], partitionedBy: "month")

    public var tables: [ReadModelTable] { [Self.cases] }
    public var readsPurgedEvents: Bool { true }
    public var readsPayloads: Bool { false }

    public init() {}

    public func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws {
        guard CaseRecord.isCase(event.stream) else { return }
        let key: [ReadModelValue] = [.text(event.stream)]
        let occurred = event.occurredAt.description
        // Acts may be entered late with their real dates (paper acts): the latest date counts, not the last entered.
        if let known = try session.row(Self.cases, key: key)?[2].text, known >= occurred { return }
        session.upsert(Self.cases, [.text(event.stream), .text(String(occurred.prefix(7))), .text(occurred)])
    }

    /// Whether a case whose last own act happened at `lastOccurredAt` (the ledger's UTC form) may be due for
    /// purge on `date`: its end, the day of its last act in its body's zone, is no earlier than the UTC day
    /// before, and it is due `years` after its end (later still with holds). False means it cannot be due.
    public static func mayBeDue(lastOccurredAt: String, on date: LocalDate, years: Int = 3) -> Bool {
        guard let day = LocalDate(String(lastOccurredAt.prefix(10))) else { return true }
        return day.adding(days: -1).adding(months: 12 * years) <= date
    }

    /// The months whose partitions may hold a case due on `date`: every month up to the one after
    /// `years` before it (a superset; ``mayBeDue(lastOccurredAt:on:years:)`` decides each row).
    public static func monthsMayBeDue(_ months: [String], on date: LocalDate, years: Int = 3) -> [String] {
        let bound = date.adding(months: 1 - 12 * years).description.prefix(7)
        return months.filter { $0.prefix(7) <= bound }
    }
}
