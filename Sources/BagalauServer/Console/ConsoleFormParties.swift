import Evaluation
import LedgerCore
import SQLiteStore

/// What every official form of an annual case fills the same way: the servant with their position, the
/// people who signed with their names as the body's appointments recorded them, the days acts happened in
/// the body's time zone, and the events whose hashes prove the filled parts.
struct ConsoleFormParties {
    let record: CaseRecord
    let language: ConsoleText.Language
    /// The evaluated servant's id (the case stream's last part) and the year evaluated.
    let servant: String
    let year: String
    private let names: [String: String]
    private let organisation: OrganisationState

    init(record: CaseRecord, store: SQLiteEventStore, language: ConsoleText.Language) async throws {
        self.record = record
        self.language = language
        let parts = record.stream.split(separator: "/").map(String.init)
        servant = parts.last ?? ""
        year = parts.count > 3 ? parts[3] : ""
        let body = try await store.readStream(OrganisationEvents.stream(bodyId: ExportBundle.Selection.body(of: record.stream) ?? ""), fromVersion: 1)
        names = Self.fullNames(in: body)
        organisation = try OrganisationState(events: body)
    }

    /// The last act of `type` in the case.
    func last(_ type: EventTypeDescriptor) -> RecordedEvent? { record.acts.last { $0.type == type.type } }

    /// A person as the form writes them: full name and id.
    func person(_ id: String?) -> String {
        guard let id else { return "" }
        return names[id].map { "\($0) (\(id))" } ?? id
    }

    var position: String { organisation.servants[servant]?.positionTitle ?? "" }

    /// The day an act happened, in the body's time zone and the reader's language.
    func day(_ event: RecordedEvent?) -> String {
        event.map { ConsoleText.date(BodyTimeZone.localDate(of: $0.occurredAt, zone: record.timeZone), language) } ?? ""
    }

    /// The rows of the form's proof table.
    func proof(_ events: [RecordedEvent?]) -> [[String: Any]] {
        events.compactMap { $0 }.map { event in ["seq": event.seq, "type": event.type, "hash": event.hash, "day": day(event)] }
    }

    /// Full names as the body's appointments recorded them (личные данные stay in the payloads: 004 §16).
    static func fullNames(in body: [RecordedEvent]) -> [String: String] {
        var names: [String: String] = [:]
        for event in body where event.type == OrganisationEvents.servantAppointed.type {
            guard let payload = try? event.payload(), let id = payload["personId"]?.stringValue, let name = payload["fullName"]?.stringValue else { continue }
            names[id] = name
        }
        return names
    }
}
