import Evaluation
import LedgerCore
import SQLiteStore

/// The 2018 method's KPI evaluation sheet (НМИ бойынша бағалау парағы, 002 App. 2; 001 §17–§23), filled
/// from the ledger as the seed form lays it out: approved by the superior supervisor, the servant and the
/// period, one row per KPI of the approved plan with its unit, planned and actual value and whether it was
/// achieved, the result, the signatures of the servant and the direct supervisor — and the events whose
/// hashes prove each filled part, so that a reviewer can check a printed sheet against a bundle.
struct ConsoleKPISheet {
    let parties: ConsoleFormParties
    let text: ConsoleText

    func values() throws -> [String: Any] {
        let language = parties.language, record = parties.record
        guard let signed = parties.last(AnnualEvents.kpiSheetSigned) else {
            throw LedgerError(.notFound, field: "case", "001 §17: no KPI sheet of \(record.stream) is signed yet")
        }
        let plan = ConsoleWorkPlan.plan(in: record)
        let approved = parties.last(AnnualEvents.planApproved), agreed = parties.last(AnnualEvents.kpiSheetAgreed)
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
        return [
            "stream": record.stream, "year": parties.year,
            "servant": parties.person(parties.servant), "position": parties.position,
            "approver": parties.person(agreed?.actor.person), "approvedOn": parties.day(agreed),
            "supervisor": parties.person(signed.actor.person), "signedOn": parties.day(signed),
            "rows": rows, "grade": text.grade(grade, language),
            "proof": parties.proof([plan, approved, signed, agreed]),
        ]
    }
}
