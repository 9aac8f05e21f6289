import Evaluation
import LedgerCore
import SQLiteStore

/// The App. 3 table as it bears on a quarter being scored (004 §28): beside the KPI scoring form, each KPI
/// of the plan with the completion HR pre-computed (§23) and the highest score that completion allows in
/// the version the case is bound to — the bound the rulebook enforces when the scores are recorded.
struct ConsoleKPIGuidance {
    let console: Console
    let language: ConsoleText.Language

    /// The rows for the case and quarter a form's fields name, or nil when they name none scored by KPIs.
    func rows(for fields: [String: String]) async throws -> [[String: Any]]? {
        guard let bodyId = fields["bodyId"], let year = fields["year"].flatMap({ Int($0) }), let personId = fields["personId"],
            let quarter = fields["quarter"].flatMap({ Int($0) })
        else { return nil }
        let events = try await console.store.readStream(QuarterlyEvents.stream(bodyId: bodyId, year: year, personId: personId), fromVersion: 1)
        let organisation = try await console.acts.organisation(bodyId: bodyId)
        let state = try QuarterlyCaseState(events: events, timeZone: organisation.timeZone)
        guard state.method == .kpi, let completion = state.quarters[quarter]?.completion, !completion.isEmpty else { return nil }
        let parameters = try await console.acts.methodologies(bodyId: bodyId).quarterlyVersions[state.methodologyVersionId]?.parameters
        return completion.keys.sorted().map { number in
            let done = completion[number]!
            return ["number": number, "completion": ConsoleText.decimal(done.decimalText, language),
                    "allowed": parameters?.highestKpiScore(completion: done).map(String.init) ?? "0–5"]
        }
    }
}
