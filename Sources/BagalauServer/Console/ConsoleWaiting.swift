import Evaluation
import LedgerCore
import SQLiteStore

/// The acts waiting for a person in their body's 2023 quarterly cases, as the ledger stands now, each a
/// link to its form with the case's fields filled in: the evaluator scores an ended quarter (004 §5,
/// §28, §30), the HR officer familiarises the servant with a score (004 §12) and posts a signed
/// calibration protocol (004 §42), the servant may apply for a calibration session (004 §39), the
/// maslikhat chair convenes it and signs its protocol (004 §40, §42), and each participant argues and
/// votes (004 §41–§42). Whether an act is still in time is the rulebook's to say when it is performed.
struct ConsoleWaiting {
    let console: Console
    let language: ConsoleText.Language

    func items(for person: String, bodyId: String, organisation: OrganisationState, today: LocalDate) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        let hr = organisation.holder(of: Roles.hrOfficer, on: today) == person
        let chair = organisation.holder(of: Roles.maslikhatChair, on: today) == person
        for (_, events) in try console.store.readStreams(prefix: "case/quarterly/\(bodyId)/") {
            guard events.allSatisfy({ $0.canonicalPayload != nil }) else { continue }
            let state = try QuarterlyCaseState(events: events, timeZone: organisation.timeZone)
            let base = ["bodyId": state.bodyId, "year": String(state.year), "personId": state.personId]
            func add(_ act: String, _ quarter: Int, role: String, _ extra: [String: String] = [:]) {
                let query = base.merging(["quarter": String(quarter), "role": role]) { a, _ in a }.merging(extra) { a, _ in a }
                let href = "/console/acts/\(act)?" + query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
                items.append(["act": console.text.catalogues[language]?["act." + act] ?? act, "person": state.personId, "quarter": quarter, "year": state.year, "href": href])
            }
            for number in 1...4 {
                let quarter = state.quarters[number]
                let ended = QuarterlyRulebook.quarterDates(year: state.year, quarter: number).end < today
                if state.evaluatorId == person, ended, quarter?.evaluatorScore == nil, quarter?.exemption == nil {
                    add(state.method == .differentiation ? "quarterly.score-differentiation" : "quarterly.score-kpis", number, role: Roles.evaluator)
                }
                guard let quarter, quarter.evaluatorScore != nil else { continue }
                if hr, quarter.familiarisedOn == nil { add("quarterly.familiarise", number, role: Roles.hrOfficer) }
                if state.personId == person, quarter.familiarisedOn != nil, quarter.calibration == nil {
                    add("quarterly.apply-for-calibration", number, role: Roles.servant)
                }
                guard let calibration = quarter.calibration else { continue }
                if chair, calibration.sessionId == nil { add("quarterly.convene-calibration", number, role: Roles.maslikhatChair) }
                guard calibration.sessionId != nil, calibration.protocolSignedOn == nil else {
                    if hr, calibration.protocolSignedOn != nil, calibration.postedOn == nil { add("quarterly.post-protocol", number, role: Roles.hrOfficer) }
                    continue
                }
                if calibration.participants.contains(person) {
                    let role = person == state.evaluatorId ? Roles.evaluator : Roles.calibrationParticipant
                    if !calibration.arguments.contains(where: { $0.personId == person }) { add("quarterly.argue", number, role: role) }
                    if !calibration.votes.contains(where: { $0.participantId == person }) { add("quarterly.vote", number, role: Roles.calibrationParticipant) }
                }
                if chair, calibration.votes.count == calibration.participants.count { add("quarterly.sign-protocol", number, role: Roles.maslikhatChair) }
            }
        }
        return items
    }
}
