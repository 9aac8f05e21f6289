import Evaluation
import LedgerCore

/// The 2023 method's feedback form on the 360 results (кері байланыс, 004 App. 8; §37, §43): the year and
/// the servant, the competencies the 360 found least developed — which training plans take into account
/// (§37) — beside each competency's rounded mean, and the feedback the evaluator gave at each meeting held
/// after a quarter's result (§43): the achievements of the period, the development of skills and
/// competencies, the servant's potential and career goals; the signatures of the evaluator and the servant,
/// and the events that prove it. 004 names App. 8 without its layout; the form carries what its clauses say.
struct ConsoleFeedbackForm {
    let parties: ConsoleFormParties
    let text: ConsoleText

    func values() throws -> [String: Any] {
        let language = parties.language, record = parties.record
        let meetings = record.acts.filter { $0.type == QuarterlyEvents.feedbackMeetingHeld.type }
        guard let last = meetings.last else {
            throw LedgerError(.notFound, field: "case", "004 §43: no feedback meeting of \(record.stream) is held yet")
        }
        let answers = parties.last(QuarterlyEvents.surveyAnswersRecorded)
        let payload = try answers?.payload()
        let least = Set((payload?["leastDeveloped"]?.arrayValue ?? []).compactMap(\.stringValue))
        let competencies = (payload?["results"]?.arrayValue ?? []).map { result -> [String: Any] in
            let competency = result["competency"]?.stringValue ?? ""
            return ["competency": text.catalogues[language]?["competency." + competency] ?? competency,
                    "mean": ConsoleText.decimal(result["rounded"]?.stringValue, language), "least": least.contains(competency)]
        }
        let rows = try meetings.map { meeting -> [String: Any] in
            let held = try meeting.payload()
            return ["quarter": held["quarter"]?.integerValue ?? 0, "on": parties.day(meeting), "evaluator": parties.person(meeting.actor.person),
                    "achievements": held["achievements"]?.stringValue ?? "", "development": held["development"]?.stringValue ?? "",
                    "careerGoals": held["careerGoals"]?.stringValue ?? ""]
        }
        return [
            "stream": record.stream, "year": parties.year, "servant": parties.person(parties.servant), "position": parties.position,
            "has360": answers != nil, "competencies": competencies, "meetings": rows,
            "signers": [["role": text("formEvaluator", language), "name": parties.person(last.actor.person), "date": parties.day(last)],
                        ["role": text("formServant", language), "name": parties.person(parties.servant), "date": ""]],
            "proof": parties.proof(([answers].compactMap { $0 } + meetings).sorted { $0.seq < $1.seq }),
        ]
    }
}
