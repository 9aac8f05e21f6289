import LedgerCore

/// Who may read a commission's protocol (хаттама, 002 App. 5), decided from the ledger at the moment of
/// the read: it is the commission's own record — its members and chair who vote, the secretary who keeps
/// it (001 §34), the HR officer who drafts it (001 §36) and the authorised person who approves the
/// results written in it (001 §39). Its votes concern servants' results, which are confidential like the
/// cases they decide (004 §16, §21; design.md §12): an auditor or appeals reviewer reads it only under a
/// mandate in force covering the commission's body or the whole ledger, and each such read is recorded.
public enum CommissionAccess {
    /// The people who read the protocol as parties, with the role each reads in, at `now`.
    public static func parties(of commission: CommissionState, organisation: OrganisationState, at now: Timestamp) -> [String: String] {
        let today = BodyTimeZone.localDate(of: now, zone: organisation.timeZone)
        var parties: [String: String] = [:]
        if let authorised = organisation.holder(of: Roles.authorisedPerson, on: today) { parties[authorised] = Roles.authorisedPerson }
        if let hr = organisation.holder(of: Roles.hrOfficer, on: today) { parties[hr] = Roles.hrOfficer }
        for member in commission.memberIds { parties[member] = Roles.commissionMember }
        if let secretary = commission.secretaryId { parties[secretary] = Roles.commissionSecretary }
        if let chair = commission.chairId { parties[chair] = Roles.commissionChair }
        return parties
    }

    /// How `person` may read the protocol of `commissionId` now, or a ``LedgerError/Code/forbidden``
    /// refusal naming why not (``LedgerError/Code/notFound`` when no such commission is recorded).
    public static func admit(
        _ person: String, account: AccountState, to commissionId: String, store: any EventStore, at now: Timestamp,
        organisation: @Sendable (String) async throws -> OrganisationState
    ) async throws -> CaseAccess.Grant {
        guard account.status(at: now) == .active else { throw Powers.forbidden("person", "the account of \(person) is not open") }
        let stream = CommissionEvents.stream(commissionId: commissionId)
        let commission = try CommissionState(events: try await store.readStream(stream, fromVersion: 1).filter { $0.recordedAt <= now })
        guard commission.version > 0, let bodyId = commission.bodyId else {
            throw LedgerError(.notFound, field: "commission", "no commission \(commissionId) is recorded")
        }
        if let role = parties(of: commission, organisation: try await organisation(bodyId), at: now)[person] { return .party(role: role) }
        let today = BodyTimeZone.localDate(of: now, zone: "Asia/Almaty")
        for power in AccessEvents.mandatePowers {
            if let mandate = account.mandates(power, covering: stream, bodyId: bodyId, on: today, at: now).first { return .mandate(mandate) }
        }
        throw LedgerError(.forbidden, field: "commission",
            "001 §34, §36, §39; 004 §16, §21: the protocol of commission \(commissionId) is read by its members, its secretary, the body's HR officer and authorised person; \(person) is none of them and holds no mandate in force covering body \(bodyId)")
    }
}
