import Evaluation
import LedgerCore

/// The 2023 method's individual work plan of the head of apparatus (004 App. 1; §23–§26), filled from
/// the ledger: the year, the head of apparatus and position, one row per KPI (3 to 5, §24) with its unit
/// and planned value, the evaluator who set them, the HR officer who agreed them (§23), the day the plan
/// was placed in the system, a change after a change of functions or structure (§26) — and the events
/// whose hashes prove it. 004 names the appendix without reproducing its layout; the form carries what
/// §23–§26 say the plan holds.
struct ConsoleQuarterlyPlan {
    let parties: ConsoleFormParties
    let text: ConsoleText

    /// The plan in force: the last set or changed before `limit` (the whole case when nil).
    static func plan(in record: CaseRecord, before limit: Int64? = nil) -> RecordedEvent? {
        record.acts.last { [QuarterlyEvents.planSet.type, QuarterlyEvents.planChanged.type].contains($0.type) && $0.seq < (limit ?? .max) }
    }

    func values() throws -> [String: Any] {
        let language = parties.language, record = parties.record
        guard let plan = Self.plan(in: record) else {
            throw LedgerError(.notFound, field: "case", "004 §23: no work plan of \(record.stream) is set yet")
        }
        let payload = try plan.payload()
        let placed = parties.last(QuarterlyEvents.planPlaced)
        let rows = (payload["kpis"]?.arrayValue ?? []).map { kpi -> [String: Any] in
            ["number": kpi["number"]?.integerValue ?? 0, "name": kpi["name"]?.stringValue ?? "", "unit": kpi["unit"]?.stringValue ?? "",
             "planned": ConsoleText.decimal(kpi["plannedValue"]?.stringValue, language)]
        }
        return [
            "stream": record.stream, "year": parties.year, "servant": parties.person(parties.servant), "position": parties.position,
            "rows": rows, "changed": plan.type == QuarterlyEvents.planChanged.type, "placedOn": parties.day(placed),
            "signers": [
                ["role": text("formEvaluator", language), "name": parties.person(plan.actor.person), "date": parties.day(plan)],
                ["role": text("qPlanAgreed", language), "name": parties.person(payload["agreedBy"]?.stringValue), "date": parties.day(plan)],
                ["role": text("formServantHead", language), "name": parties.person(parties.servant), "date": ""],
            ],
            "proof": parties.proof([parties.last(QuarterlyEvents.planSet), plan.type == QuarterlyEvents.planChanged.type ? plan : nil, placed]),
        ]
    }
}
