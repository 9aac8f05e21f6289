import Evaluation
import LedgerCore

/// The 2023 method's individual 360 report (004 App. 7; §34–§37): per competency asked (§35), the
/// respondents' mean and the figure rounded, the servant's self-assessment shown but not counted (§36),
/// and the least developed competencies that training plans take into account (§37); how many answered,
/// never who answered what (§34: anonymous) — and the events whose hashes prove it.
struct Console360Report {
    let parties: ConsoleFormParties
    let text: ConsoleText

    func values() throws -> [String: Any] {
        let language = parties.language, record = parties.record
        guard let answers = parties.last(QuarterlyEvents.surveyAnswersRecorded) else {
            throw LedgerError(.notFound, field: "case", "004 §37: no 360 answers of \(record.stream) are recorded yet")
        }
        let payload = try answers.payload()
        let opened = parties.last(QuarterlyEvents.surveyOpened), assessed = parties.last(QuarterlyEvents.selfAssessmentRecorded)
        let own = Dictionary((try assessed?.payload()["scores"]?.arrayValue ?? []).compactMap { row in
            row["competency"]?.stringValue.map { ($0, row["score"]?.integerValue) }
        }) { a, _ in a }
        let least = Set((payload["leastDeveloped"]?.arrayValue ?? []).compactMap(\.stringValue))
        let rows = (payload["results"]?.arrayValue ?? []).enumerated().map { index, result -> [String: Any] in
            let competency = result["competency"]?.stringValue ?? ""
            return ["number": index + 1, "competency": text.catalogues[language]?["competency." + competency] ?? competency,
                    "mean": ConsoleText.decimal(result["rounded"]?.stringValue, language),
                    "self": own[competency]??.description ?? "—", "least": least.contains(competency) ? text("leastDevelopedMark", language) : ""]
        }
        return [
            "stream": record.stream, "year": parties.year, "servant": parties.person(parties.servant), "position": parties.position,
            "answered": payload["answers"]?.arrayValue?.count ?? 0, "rows": rows,
            "signers": [["role": text("formHrOfficer", language), "name": parties.person(answers.actor.person), "date": parties.day(answers)]],
            "proof": parties.proof([opened, assessed, answers]),
        ]
    }
}
