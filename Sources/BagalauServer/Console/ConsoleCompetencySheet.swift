import Evaluation
import LedgerCore

/// The 2018 method's competency evaluation sheet (құзыреттер бойынша бағалау парағы, 002 App. 3; 001
/// §25–§27), filled from the ledger as the seed form lays it out: the year evaluated, the servant with
/// their position and division, one row per competency the direct supervisor assessed — its result,
/// "meets the expected result" when 3/4 or more of its behavioural indicators were observed (001 §27),
/// and, where it does not, the indicators not observed — the signatures of the servant and the direct
/// supervisor, and the event whose hash proves it.
struct ConsoleCompetencySheet {
    let parties: ConsoleFormParties
    let text: ConsoleText

    func values() throws -> [String: Any] {
        let language = parties.language, record = parties.record
        guard let signed = parties.last(AnnualEvents.competencySheetSigned) else {
            throw LedgerError(.notFound, field: "case", "001 §25: no competency sheet of \(record.stream) is signed yet")
        }
        let payload = try signed.payload()
        let rows = (payload["competencies"]?.arrayValue ?? []).enumerated().map { index, competency -> [String: Any] in
            let meets = competency["meetsExpectations"] == .bool(true)
            let missing = (competency["notObserved"]?.arrayValue ?? []).compactMap(\.stringValue)
            return ["number": index + 1, "name": competency["competency"]?.stringValue ?? "",
                    "result": text(meets ? "competencyMeets" : "competencyDoesNotMeet", language),
                    "notObserved": meets ? "" : missing.joined(separator: "; ")]
        }
        return [
            "stream": record.stream, "year": parties.year,
            "servant": parties.person(parties.servant), "position": parties.position,
            "category": payload["category"]?.stringValue ?? "",
            "supervisor": parties.person(signed.actor.person), "signedOn": parties.day(signed),
            "rows": rows,
            "proof": parties.proof([signed]),
        ]
    }
}
