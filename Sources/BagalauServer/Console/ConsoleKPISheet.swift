import Evaluation
import LedgerCore
import SQLiteStore

/// The 2018 method's KPI evaluation sheet (НМИ бойынша бағалау парағы, 002 App. 2; 001 §17–§23), filled
/// from the ledger as the seed form lays it out: approved by the superior supervisor, the servant and the
/// period, one row per KPI of the approved plan with its unit, planned and actual value and whether it was
/// achieved, the result, the signatures of the servant and the direct supervisor — and the events whose
/// hashes prove each filled part, so that a reviewer can check a printed sheet against a bundle.
struct ConsoleKPISheet {
    let record: CaseRecord
    let store: SQLiteEventStore
    let text: ConsoleText
    let language: ConsoleText.Language

    func values() async throws -> [String: Any] {
        let events = record.acts
        func last(_ type: EventTypeDescriptor) -> RecordedEvent? { events.last { $0.type == type.type } }
        guard let signed = last(AnnualEvents.kpiSheetSigned) else {
            throw LedgerError(.notFound, field: "case", "001 §17: no KPI sheet of \(record.stream) is signed yet")
        }
        let plan = events.last { [AnnualEvents.planDrafted.type, AnnualEvents.planApproved.type].contains($0.type) && (try? $0.payload()["kpis"]) != nil }
        let approved = last(AnnualEvents.planApproved), agreed = last(AnnualEvents.kpiSheetAgreed)
        let results = Dictionary((try signed.payload()["results"]?.arrayValue ?? []).compactMap { row in row["number"]?.integerValue.map { ($0, row) } }) { a, _ in a }
        let rows = (try plan?.payload()["kpis"]?.arrayValue ?? []).map { kpi -> [String: Any] in
            let number = kpi["number"]?.integerValue ?? 0
            let result = results[number]
            let achieved = result?["achieved"] == .bool(true)
            return ["number": number, "name": kpi["name"]?.stringValue ?? "", "unit": kpi["unit"]?.stringValue ?? "",
                    "planned": ConsoleText.decimal(kpi["plannedValue"]?.stringValue, language), "actual": ConsoleText.decimal(result?["actualValue"]?.stringValue, language),
                    "achieved": result == nil ? "—" : text(achieved ? "achievedYes" : "achievedNo", language)]
        }
        let grade = try signed.payload()["grade"]?.stringValue ?? ""
        let parts = record.stream.split(separator: "/").map(String.init)
        let body = try await store.readStream(OrganisationEvents.stream(bodyId: ExportBundle.Selection.body(of: record.stream) ?? ""), fromVersion: 1)
        let names = Self.fullNames(in: body)
        let organisation = try OrganisationState(events: body)
        let servant = parts.last ?? ""
        func person(_ id: String?) -> String {
            guard let id else { return "" }
            return names[id].map { "\($0) (\(id))" } ?? id
        }
        func day(_ event: RecordedEvent?) -> String { event.map { ConsoleText.date(BodyTimeZone.localDate(of: $0.occurredAt, zone: record.timeZone), language) } ?? "" }
        let proof = [plan, approved, signed, agreed].compactMap { $0 }.map { event -> [String: Any] in
            ["seq": event.seq, "type": event.type, "hash": event.hash, "day": day(event)]
        }
        return [
            "stream": record.stream, "year": parts.count > 3 ? parts[3] : "",
            "servant": person(servant), "position": organisation.servants[servant]?.positionTitle ?? "",
            "approver": person(agreed?.actor.person), "approvedOn": day(agreed),
            "supervisor": person(signed.actor.person), "signedOn": day(signed),
            "rows": rows, "grade": text.catalogues[language]?["grade" + grade.prefix(1).uppercased() + grade.dropFirst()] ?? grade,
            "proof": proof,
        ]
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
