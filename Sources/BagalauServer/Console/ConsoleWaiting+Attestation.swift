import Evaluation
import LedgerCore
import SQLiteStore

/// The acts waiting for a person in their body's open attestations (seed 000; 003), as the ledger stands
/// now: the HR officer takes the person's signed notice, at least a month before the date (000 §I.4),
/// holds the interview as the commission's secretary once the package is filed (000 §II, §III.1) and files
/// the results to the personal file (000 §IV.2); each member present votes and then the chair declares
/// the decision (000 §III.2); the authorised person orders the results (000 §IV.1); the person may appeal
/// (003).
extension ConsoleWaiting {
    func attestationItems(for person: String, bodyId: String, organisation: OrganisationState, today: LocalDate, methodologies: MethodologyVersions) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        let hr = organisation.holder(of: Roles.hrOfficer, on: today) == person
        let authorised = organisation.holder(of: Roles.authorisedPerson, on: today) == person
        var commissions: [String: CommissionState] = [:]
        for state in try AttestationCaseState.states(of: await console.store.readStreams(prefix: "case/attestation/\(bodyId)/"), timeZone: organisation.timeZone)
        where !state.isClosed {
            if commissions[state.commissionId] == nil {
                commissions[state.commissionId] = try CommissionState(events: try await console.store.readStream(CommissionEvents.stream(commissionId: state.commissionId), fromVersion: 1))
            }
            let chair = commissions[state.commissionId]?.chairId
            let base = ["bodyId": state.bodyId, "roundId": state.roundId, "personId": state.personId]
            func add(_ act: String, role: String, due: (date: LocalDate, clause: String)? = nil) {
                items.append(item(act, base.merging(["role": role]) { a, _ in a }, person: state.personId, year: state.date.components.year, today: today, due: due))
            }
            if state.notice == nil {
                // 000 §I.4: signed at least the regulation's months before the date.
                let regulation = methodologies.attestationVersions[state.versionId]?.parameters
                if hr { add("attestation.sign-notice", role: Roles.hrOfficer, due: regulation.map { (state.date.adding(months: -$0.noticeMinimumMonths), $0.cite(.attestationPreparation)) }) }
                continue
            }
            guard let present = state.present else {
                if hr { add("attestation.hold-interview", role: Roles.hrOfficer) }
                continue
            }
            if state.outcome == nil {
                if present.contains(person), !state.votes.contains(where: { $0.memberId == person }) {
                    add("attestation.vote", role: person == chair ? Roles.commissionChair : Roles.commissionMember)
                }
                if person == chair, state.votes.count == present.count { add("attestation.decide", role: Roles.commissionChair) }
                continue
            }
            if authorised, state.resultOrderedOn == nil { add("attestation.order-result", role: Roles.authorisedPerson) }
            if hr, state.filedOn == nil { add("attestation.file-to-personal-file", role: Roles.hrOfficer) }
            if state.personId == person, state.appeal == nil { add("attestation.file-appeal", role: Roles.servant) }
        }
        return items
    }
}
