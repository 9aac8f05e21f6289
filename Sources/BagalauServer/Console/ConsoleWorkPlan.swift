import Evaluation
import LedgerCore

/// The 2018 method's individual work plan (жеке жұмыс жоспары, 002 App. 1; 001 §9–§13), filled from the
/// ledger as the seed form lays it out: approved ("БЕКІТЕМІН") by the superior supervisor with the day,
/// the year it is drawn up for, the servant, their position and division, one row per KPI — its name, the
/// state-planning document it follows from, unit, planned value, deadline and key result — and the
/// signatures of the servant and the direct supervisor; under it the events whose hashes prove it.
struct ConsoleWorkPlan {
    let parties: ConsoleFormParties
    let text: ConsoleText

    /// The plan as last drafted: the KPIs the approval (or the sheet) refers to.
    static func plan(in record: CaseRecord) -> RecordedEvent? {
        record.acts.last { $0.type == AnnualEvents.planDrafted.type && (try? $0.payload()["kpis"]) != nil }
    }

    func values() throws -> [String: Any] {
        let language = parties.language, record = parties.record
        guard let plan = Self.plan(in: record) else {
            throw LedgerError(.notFound, field: "case", "001 §9: no individual work plan of \(record.stream) is drafted yet")
        }
        let submitted = parties.last(AnnualEvents.planSubmitted), approved = parties.last(AnnualEvents.planApproved)
        let rows = (try plan.payload()["kpis"]?.arrayValue ?? []).map { kpi -> [String: Any] in
            ["number": kpi["number"]?.integerValue ?? 0, "name": kpi["name"]?.stringValue ?? "", "source": kpi["sourceDocument"]?.stringValue ?? "",
             "unit": kpi["unit"]?.stringValue ?? "", "planned": ConsoleText.decimal(kpi["plannedValue"]?.stringValue, language),
             "deadline": ConsoleText.date(text: kpi["deadline"]?.stringValue, language), "result": kpi["expectedResult"]?.stringValue ?? ""]
        }
        return [
            "stream": record.stream, "year": parties.year,
            "servant": parties.person(parties.servant), "position": parties.position,
            "approver": parties.person(approved?.actor.person), "approvedOn": parties.day(approved),
            "supervisor": parties.person(plan.actor.person), "signedOn": parties.day(submitted ?? plan),
            "rows": rows,
            "proof": parties.proof([plan, submitted, approved]),
        ]
    }
}
