import Evaluation
import LedgerCore

/// The attestation sheet (аттестаттау парағы; 000 §II.3, §III.2): prepared by HR for the person attested
/// and filled with the result — the person and position, the order and the date, the package the
/// commission had (000 §II), the interview (000 §III.1), the commission as its orders composed it on the
/// day of the decision with the members present, the votes counted per outcome, the decision by the
/// regulation's name for it with the qualification category and any re-attestation after measures
/// (000 §III.2), the order on the results (000 §IV.1), the person's sight of the materials (003) — the
/// signatures of the chair, the secretary and the members who voted, and the events that prove it.
/// The seeds name the sheet without its layout ("№ қосымша"); the sheet carries what their clauses say.
struct ConsoleAttestationSheet {
    let attestation: ConsoleAttestation
    /// The commission as its orders left it when the decision was recorded.
    let commission: CommissionState

    init(parties: ConsoleFormParties, text: ConsoleText) async throws {
        attestation = try await ConsoleAttestation(parties: parties, store: parties.store, text: text)
        let opened = try parties.last(AttestationEvents.caseOpened)?.payload()
        let decidedAt = parties.last(AttestationEvents.decided)?.seq ?? .max
        var commission = CommissionState()
        let stream = CommissionEvents.stream(commissionId: opened?["commissionId"]?.stringValue ?? "")
        for event in try await parties.store.readStream(stream, fromVersion: 1) where event.seq < decidedAt { try commission.apply(event) }
        self.commission = commission
    }

    func values() throws -> [String: Any] {
        let parties = attestation.parties, language = parties.language, text = attestation.text
        guard let decided = parties.last(AttestationEvents.decided) else {
            throw LedgerError(.notFound, field: "case", "000 §III.2: the commission has not decided \(parties.record.stream) yet")
        }
        let decision = try decided.payload()
        let votes = (decision["votes"]?.arrayValue ?? []).compactMap { $0["outcome"]?.stringValue }
        let tally = Dictionary(votes.map { ($0, 1) }, uniquingKeysWith: +).sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        let voters = (decision["votes"]?.arrayValue ?? []).compactMap { $0["memberId"]?.stringValue }
        let viewed = parties.last(AttestationEvents.materialsViewed)
        var values = try attestation.values()
        values["tally"] = tally.map { ["outcome": attestation.outcome($0.key), "count": $0.value] as [String: Any] }
        values["composition"] = [
            "chair": parties.person(commission.chairId), "secretary": parties.person(commission.secretaryId),
            "members": commission.memberIds.sorted().map { parties.person($0) }.joined(separator: ", "),
        ]
        values["reattestation"] = decision["reattestation"] == .bool(true)
        values["viewedOn"] = viewed.map { parties.day($0) }
        values["signers"] = [["role": text("chairLabel", language), "name": parties.person(decided.actor.person), "date": parties.day(decided)]]
            + [["role": text("secretaryLabel", language), "name": parties.person(commission.secretaryId), "date": parties.day(decided)]]
            + voters.filter { $0 != decided.actor.person }.map { ["role": text("memberLabel", language), "name": parties.person($0), "date": parties.day(decided)] }
            + [["role": text("attSheetAttested", language), "name": parties.person(parties.servant), "date": parties.day(viewed)]]
        return values
    }
}
