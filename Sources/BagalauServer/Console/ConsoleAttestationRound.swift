import Evaluation
import LedgerCore

/// An attestation round as a whole (seed 000 §I.4): the order — its number and date, the commission,
/// the methods — the staff subject to it with their dates from the schedule and, for each case the reader
/// may read, the outcome by the regulation's name and where the case stands; and the staff not subject to
/// it, with the reason the order gives.
struct ConsoleAttestationRound {
    let round: AttestationRound
    let order: RecordedEvent?
    /// The round's cases by person, and the ones the reader was admitted to.
    let cases: [String: AttestationCaseState]
    let admitted: Set<String>
    let regulation: AttestationParameters?
    let text: ConsoleText
    let language: ConsoleText.Language

    var values: [String: Any] {
        let payload = try? order?.payload()
        let withheld = text("withheld", language)
        let subject = round.subject.sorted().map { person -> [String: Any] in
            let state = cases[person]
            let stream = state.map { AttestationEvents.caseStream(bodyId: $0.bodyId, roundId: $0.roundId, personId: person) }
            let shown = stream.map(admitted.contains) ?? false
            return [
                "person": person, "date": round.dates[person].map { ConsoleText.date($0, language) } ?? "—",
                "outcome": !shown ? withheld : state?.outcome.map { ConsoleText.outcome($0, in: regulation, language) } ?? "—",
                "status": !shown ? withheld : state.map { text(status(of: $0), language) } ?? text("attNotOpened", language),
                "href": shown ? stream.map { "/console/attestation?case=\($0)" } ?? "" : "", "shown": shown,
            ]
        }
        return [
            "round": round.roundId ?? "", "number": payload?["orderNumber"]?.stringValue ?? "", "orderDate": ConsoleText.date(round.orderDate, language),
            "commission": round.commissionId, "methods": payload?["methods"]?.stringValue ?? "",
            "subject": subject, "notSubject": round.notSubject.sorted { $0.key < $1.key }.map { ["person": $0.key, "reason": $0.value] },
            "hasNotSubject": !round.notSubject.isEmpty,
        ]
    }

    /// Where a case stands, as a catalogue key.
    func status(of state: AttestationCaseState) -> String {
        if state.filedOn != nil { return "attFiledStatus" }
        if state.outcome != nil { return "attDecidedStatus" }
        if state.present != nil { return "attInterviewedStatus" }
        if state.notice != nil { return "attNotifiedStatus" }
        return "attOpenedStatus"
    }
}
