import LedgerCore

public enum CommissionAct: Sendable {
    case form(commissionId: String, purpose: String, orderNumber: String, orderDate: LocalDate,
              chairId: String, secretaryId: String, memberIds: [String])
    case amend(orderNumber: String, orderDate: LocalDate, chairId: String?, secretaryId: String?,
               addMemberIds: [String], removeMemberIds: [String])

    /// An amending order: 001 §31 (002 §30), the only way to change the chair or a member.
    var isAmendment: Bool { if case .amend = self { true } else { false } }
}

/// The rules on a commission's composition: formed by the authorised person, at least 5 members
/// (001 §5, 002 §5); changed only by an amending order (001 §31, 002 §30); the HR officer its secretary,
/// who does not vote (001 §34, 002 §33).
public struct CommissionRulebook: Sendable {
    public let minimumMembers: Int

    /// `minimumMembers` comes from the methodology version in force (5 in 2018, 001 §5).
    /// The clauses its rules cite: the annual version's (001 or 002), or an attestation regulation's.
    public let clauses: ClauseTable

    public init(minimumMembers: Int, clauses: ClauseTable) {
        self.minimumMembers = minimumMembers
        self.clauses = clauses
    }

    /// An evaluation commission under the annual version in force.
    public init(parameters: AnnualEvaluationParameters) {
        self.init(minimumMembers: parameters.commissionMinimumMembers, clauses: parameters.clauses)
    }

    public func decide(
        _ act: CommissionAct, by actor: Actor, at occurredAt: Timestamp, commission: CommissionState, organisation: OrganisationState
    ) throws -> EventDraft {
        try Refusal.requireRole(actor, [Roles.authorisedPerson], clause: clauses.cite(act.isAmendment ? .commissionAmendment : .commissionFormation), act: "forming or changing the commission")
        guard let bodyId = organisation.bodyId else {
            throw Refusal.because("", field: "payload.bodyId", "register the body before forming its commission")
        }
        switch act {
        case .form(let commissionId, let purpose, let orderNumber, let orderDate, let chairId, let secretaryId, let memberIds):
            guard commission.commissionId == nil else {
                throw Refusal.because(clauses.cite(.commissionAmendment), field: "payload.commissionId", "the commission exists already; change it by an amending order")
            }
            try check(chairId: chairId, secretaryId: secretaryId, members: memberIds, on: orderDate, organisation: organisation)
            return EventDraft(
                type: CommissionEvents.formed.type, schemaVersion: 1, occurredAt: occurredAt, actor: actor,
                payload: [
                    "commissionId": .string(commissionId), "bodyId": .string(bodyId), "purpose": .string(purpose),
                    "orderNumber": .string(orderNumber), "orderDate": .string(orderDate.description), "chairId": .string(chairId),
                    "secretaryId": .string(secretaryId), "memberIds": .array(memberIds.map { .string($0) }),
                ])

        case .amend(let orderNumber, let orderDate, let chairId, let secretaryId, let added, let removed):
            guard let commissionId = commission.commissionId else {
                throw Refusal.because(clauses.cite(.commissionAmendment), field: "payload.commissionId", "no commission has been formed to amend")
            }
            let members = commission.memberIds.union(added).subtracting(removed)
            try check(
                chairId: chairId ?? commission.chairId ?? "", secretaryId: secretaryId ?? commission.secretaryId ?? "",
                members: Array(members).sorted(), on: orderDate, organisation: organisation)
            var payload: [(String, JSONValue)] = [
                ("commissionId", .string(commissionId)), ("orderNumber", .string(orderNumber)), ("orderDate", .string(orderDate.description)),
                ("addMemberIds", .array(added.map { .string($0) })), ("removeMemberIds", .array(removed.map { .string($0) })),
            ]
            if let chairId { payload.append(("chairId", .string(chairId))) }
            if let secretaryId { payload.append(("secretaryId", .string(secretaryId))) }
            return EventDraft(type: CommissionEvents.amended.type, schemaVersion: 1, occurredAt: occurredAt, actor: actor, payload: .object(payload))
        }
    }

    private func check(chairId: String, secretaryId: String, members: [String], on date: LocalDate, organisation: OrganisationState) throws {
        guard Set(members).count == members.count else {
            throw Refusal.because("", field: "payload.memberIds", "a member is listed twice")
        }
        guard members.count >= minimumMembers else {
            throw Refusal.because(clauses.cite(.commissionFormation), field: "payload.memberIds", "a commission has at least \(minimumMembers) members; got \(members.count)")
        }
        guard members.contains(chairId) else {
            throw Refusal.because(clauses.cite(.commissionFormation), field: "payload.chairId", "the chair \(chairId) must be one of the members")
        }
        guard !members.contains(secretaryId) else {
            throw Refusal.because(clauses.cite(.commissionSecretary), field: "payload.secretaryId", "the secretary \(secretaryId) does not vote, so is not a member")
        }
        let hr = organisation.holder(of: Roles.hrOfficer, on: date)
        guard hr == secretaryId else {
            throw Refusal.because(
                clauses.cite(.commissionSecretary), field: "payload.secretaryId",
                "the secretary is the HR officer (\(hr ?? "none recorded") on \(date)); got \(secretaryId)")
        }
    }
}
