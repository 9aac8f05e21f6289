import Evaluation
import LedgerCore
import SQLiteStore

/// What every official form of an annual case fills the same way: the servant with their position, the
/// people who signed with their names as the body's appointments recorded them, the days acts happened in
/// the body's time zone, and the events whose hashes prove the filled parts.
struct ConsoleFormParties {
    let record: CaseRecord
    /// The ledger the form is filled from, for what lies beyond the case (a round, a commission).
    let store: any EventStore
    let language: ConsoleText.Language
    /// The evaluated servant's id (the case stream's last part) and the year evaluated.
    let servant: String
    let year: String
    /// The quarter a 2023-method form is of (`?quarter=`), when one is asked.
    let quarter: Int?
    /// The body's methodology versions (each kind's parameters, by version id).
    let methodology: MethodologyVersions
    /// The 2023 methodology version the case is bound to (its bands, its App. 3 table), for a quarterly case.
    let quarterly: QuarterlyEvaluationParameters?
    private let people: ConsoleBodyPeople
    private let organisation: OrganisationState

    init(record: CaseRecord, store: any EventStore, quarter: Int? = nil, text: ConsoleText, language: ConsoleText.Language) async throws {
        self.record = record
        self.store = store
        self.language = language
        self.quarter = quarter
        let parts = record.stream.split(separator: "/").map(String.init)
        servant = parts.last ?? ""
        year = parts.count > 3 ? parts[3] : ""
        let bodyId = ExportBundle.Selection.body(of: record.stream) ?? ""
        let body = try await store.readStream(OrganisationEvents.stream(bodyId: bodyId), fromVersion: 1)
        people = ConsoleBodyPeople(body: body, timeZone: record.timeZone, text: text, language: language)
        organisation = try OrganisationState(events: body)
        var versions = MethodologyVersions()
        for event in try await store.readStream(MethodologyEvents.stream(bodyId: bodyId), fromVersion: 1) { try versions.apply(event) }
        methodology = versions
        let versionId = try record.acts.first { $0.type == QuarterlyEvents.caseOpened.type }?.payload()["methodologyVersionId"]?.stringValue
        quarterly = versionId.flatMap { versions.quarterlyVersions[$0]?.parameters }
    }

    /// The last act of `type` in the case.
    func last(_ type: EventTypeDescriptor) -> RecordedEvent? { record.acts.last { $0.type == type.type } }

    /// The last act of `type` in the case for the form's quarter.
    func last(_ type: EventTypeDescriptor, ofQuarter quarter: Int) -> RecordedEvent? {
        record.acts.last { $0.type == type.type && (try? $0.payload()["quarter"]?.integerValue) == Int64(quarter) }
    }

    /// The quarter the form is of, or why there is none to show.
    func requiredQuarter(_ clause: String) throws -> Int {
        guard let quarter else { throw LedgerError.invalid("quarter", "\(clause): the form is of one quarter; give quarter=1 to 4") }
        return quarter
    }

    /// A 2023-method result (`effective`) by the band's name in the version the case is bound to (004 §8):
    /// Kazakh or Russian as the version gives it; in English, the result's code.
    func band(_ result: String?) -> String {
        guard let result else { return "—" }
        return ConsoleText.band(quarterly?.bands.first { $0.result == result }, result: result, language)
    }

    /// A person as the form writes them: full name and id.
    func person(_ id: String?) -> String { people.person(id) }

    var position: String { organisation.servants[servant]?.positionTitle ?? "" }

    /// The day an act happened, in the body's time zone and the reader's language.
    func day(_ event: RecordedEvent?) -> String { people.day(event) }

    /// The rows of the form's proof table.
    func proof(_ events: [RecordedEvent?]) -> [[String: Any]] { people.proof(events) }
}

/// How a form writes a body's people and days: full names as the body's appointments recorded them
/// (личные данные stay in the payloads: 004 §16), the day an act happened in the body's time zone, and
/// the rows of the proof table — each act's sequence number, type and its title, day and hash.
struct ConsoleBodyPeople {
    let names: [String: String]
    let timeZone: String
    let text: ConsoleText
    let language: ConsoleText.Language

    init(body: [RecordedEvent], timeZone: String, text: ConsoleText, language: ConsoleText.Language) {
        var names: [String: String] = [:]
        for event in body where event.type == OrganisationEvents.servantAppointed.type {
            guard let payload = try? event.payload(), let id = payload["personId"]?.stringValue, let name = payload["fullName"]?.stringValue else { continue }
            names[id] = name
        }
        self.names = names
        self.timeZone = timeZone
        self.text = text
        self.language = language
    }

    /// A person as a form writes them: full name and id.
    func person(_ id: String?) -> String {
        guard let id else { return "" }
        return names[id].map { "\($0) (\(id))" } ?? id
    }

    /// The day an act happened, in the body's time zone and the reader's language.
    func day(_ event: RecordedEvent?) -> String {
        event.map { ConsoleText.date(BodyTimeZone.localDate(of: $0.occurredAt, zone: timeZone), language) } ?? ""
    }

    /// The rows of a form's proof table.
    func proof(_ events: [RecordedEvent?]) -> [[String: Any]] {
        events.compactMap { $0 }.map { event in ["seq": event.seq, "type": event.type, "title": text.event(event.type, language), "hash": event.hash, "day": day(event)] }
    }
}
