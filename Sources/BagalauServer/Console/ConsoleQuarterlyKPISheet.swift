import Evaluation
import LedgerCore

/// The 2023 method's KPI evaluation sheet of a quarter (004 App. 2, scored by the table of App. 3;
/// §23, §28): one row per KPI of the plan in force with its unit, planned value, the actual value and
/// completion HR pre-computed (§23), the highest score the App. 3 table allows at that completion, and
/// the evaluator's score 0–5; the quarter's score (their mean) and the band of 004 §8 as the methodology
/// version names it; who scored and who was familiarised (§12) — and the events whose hashes prove it.
struct ConsoleQuarterlyKPISheet {
    let parties: ConsoleFormParties
    let text: ConsoleText

    func values() throws -> [String: Any] {
        let language = parties.language, record = parties.record
        let quarter = try parties.requiredQuarter("004 App. 2")
        guard let scored = parties.last(QuarterlyEvents.kpisScored, ofQuarter: quarter) else {
            throw LedgerError(.notFound, field: "quarter", "004 §28: no KPI of \(record.stream) is scored for quarter \(quarter)")
        }
        let computed = parties.last(QuarterlyEvents.actualValuesComputed, ofQuarter: quarter)
        let familiarised = parties.last(QuarterlyEvents.familiarised, ofQuarter: quarter)
        let plan = ConsoleQuarterlyPlan.plan(in: record, before: scored.seq)
        let payload = try scored.payload()
        func byNumber(_ rows: [JSONValue]?) -> [Int64: JSONValue] {
            Dictionary((rows ?? []).compactMap { row in row["number"]?.integerValue.map { ($0, row) } }) { a, _ in a }
        }
        let actual = byNumber(try computed?.payload()["values"]?.arrayValue), scores = byNumber(payload["scores"]?.arrayValue)
        let rows = (try plan?.payload()["kpis"]?.arrayValue ?? []).map { kpi -> [String: Any] in
            let number = kpi["number"]?.integerValue ?? 0
            let completion = scores[number]?["completion"]?.stringValue ?? actual[number]?["completion"]?.stringValue
            let allowed = completion.flatMap(ExactScore.init(decimal:)).flatMap { parties.quarterly?.highestKpiScore(completion: $0) }
            return ["number": number, "name": kpi["name"]?.stringValue ?? "", "unit": kpi["unit"]?.stringValue ?? "",
                    "planned": ConsoleText.decimal(kpi["plannedValue"]?.stringValue, language),
                    "actual": ConsoleText.decimal(actual[number]?["actualValue"]?.stringValue, language),
                    "completion": ConsoleText.decimal(completion, language), "allowed": allowed.map(String.init) ?? "—",
                    "score": scores[number]?["score"]?.integerValue.map(String.init) ?? "—"]
        }
        return [
            "stream": record.stream, "year": parties.year, "quarter": quarter, "servant": parties.person(parties.servant), "position": parties.position,
            "rows": rows, "score": ConsoleText.decimal(payload["rounded"]?.stringValue, language), "band": parties.band(payload["result"]?.stringValue),
            "computedBy": parties.person(computed?.actor.person), "computedOn": parties.day(computed),
            "signers": [
                ["role": text("formEvaluator", language), "name": parties.person(scored.actor.person), "date": parties.day(scored)],
                ["role": text("formFamiliarised", language), "name": parties.person(parties.servant), "date": parties.day(familiarised)],
            ],
            "proof": parties.proof([plan, computed, scored, familiarised]),
        ]
    }
}
