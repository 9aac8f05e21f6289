import LedgerCore

/// An act of attestation (seeds 000, 003).
public enum AttestationAct: Sendable {
    case order(orderNumber: String, orderDate: LocalDate, commissionId: String, publicRepresentativeIds: [String],
               subject: [String], notSubject: [(personId: String, reason: String)], methods: String)
    case schedule(entries: [(personId: String, date: LocalDate)])
    case openCase(personId: String)
    /// Outcome 3 of seed 000: a new case after the measures, linked to the first.
    /// `reattestedIn`: the case that re-attests `firstCase` already, if one is open (one re-attestation per decision).
    case openReattestation(roundId: String, personId: String, firstCase: AttestationCaseState, date: LocalDate, measures: String, reattestedIn: String? = nil)
    case signNotice(signedOn: LocalDate)
    case reschedule(date: LocalDate, reason: String)
    case fileDocument(kind: String, content: String, hrSheet: JSONValue?, test: JSONValue?)
    case holdInterview(present: [String], report: String, supervisorHeard: String?, previousComparison: String, recording: JSONValue?)
    case vote(outcome: String)
    case decide(category: String?)
    case orderResult(orderNumber: String, orderDate: LocalDate)
    case fileToPersonalFile
    case viewMaterials
    case fileAppeal(authority: String)
    case decideAppeal(outcome: String, newOutcome: String?, reasoning: String)
    /// 003: the agency's department analyses the commission's decision (civil-service attestation).
    case reviewDecision(conclusion: String, findings: String)
}

/// What the attestation rulebook reads besides the case: the round, the body, its regulations, the commission.
public struct AttestationContext: Sendable {
    public let round: AttestationRound
    public let organisation: OrganisationState
    public let methodology: MethodologyVersions
    public let commission: CommissionState
    public let calendar: WorkingDayCalendar

    public init(round: AttestationRound, organisation: OrganisationState, methodology: MethodologyVersions, commission: CommissionState,
                calendar: WorkingDayCalendar = .kazakhstan) {
        self.round = round
        self.organisation = organisation
        self.methodology = methodology
        self.commission = commission
        self.calendar = calendar
    }

    /// The clauses of the regulation `versionId` (the case's, or the round's); of the one in force on
    /// `date` when the version is not known yet.
    public func clauses(of versionId: String?, on date: LocalDate) -> ClauseTable? {
        versionId.flatMap { methodology.attestationVersions[$0]?.parameters.clauses } ?? methodology.attestationInForce(on: date)?.parameters.clauses
    }
}

/// The rules of attestation, each with its clause (seed 000 by its parts I–IV, seed 003 by name).
///
/// Decided here (docs/attestation.md): a notice signed less than the regulation's month before the date
/// is recorded and flagged; the interview is **refused** while no signed notice exists or before a full
/// month has passed since it was signed — the date must be moved instead. A tie is decided by the chair's
/// vote (as 001 §38 does for the evaluation commission); the votes counted are those of members present.
public struct AttestationRulebook: Sendable {
    public init() {}

    func draft(_ descriptor: EventTypeDescriptor, _ members: [(String, JSONValue)], by actor: Actor, at occurredAt: Timestamp, _ findings: [DeadlineFinding] = []) -> Decision {
        var fields = members
        if !findings.isEmpty { fields.append(("deadlines", .array(findings.map(\.json)))) }
        return Decision(events: [EventDraft(type: descriptor.type, schemaVersion: descriptor.schemaVersion, occurredAt: occurredAt, actor: actor, payload: .object(fields))], findings: findings)
    }

    func requireHolder(_ actor: Actor, _ role: String, of organisation: OrganisationState, on date: LocalDate, clause: String, act: String) throws {
        let holder = organisation.holder(of: role, on: date)
        guard let holder, actor.person == holder, actor.role == role else {
            throw Refusal.because(clause, field: "actor", "\(act) is the \(role)'s (\(holder ?? "none recorded") on \(date)); got \(actor.person) as \(actor.role)")
        }
    }

    /// Acts on the round's stream: the order and the schedule.
    public func decideRound(_ act: AttestationAct, roundId: String, by actor: Actor, at occurredAt: Timestamp, context: AttestationContext) throws -> Decision {
        let organisation = context.organisation, round = context.round
        let on = BodyTimeZone.localDate(of: occurredAt, zone: organisation.timeZone)
        func cite(_ rule: Rule) -> String { context.clauses(of: round.roundId != nil ? round.versionId : nil, on: on)?.cite(rule) ?? rule.key }
        switch act {
        case .order(let orderNumber, let orderDate, let commissionId, let publicRepresentatives, let subject, let notSubject, let methods):
            try requireHolder(actor, Roles.authorisedPerson, of: organisation, on: on, clause: cite(.attestationPreparation), act: "the order on attestation")
            guard round.roundId == nil else { throw Refusal.because("", field: "payload.roundId", "round \(roundId) is ordered already") }
            guard let regulation = context.methodology.attestationInForce(on: orderDate) else {
                throw Refusal.because("000 §I.1", field: "payload.orderDate", "no attestation regulation is in force on \(orderDate)")
            }
            let commission = context.commission
            guard commission.commissionId == commissionId, commission.purpose == "attestation", commission.bodyId == organisation.bodyId else {
                throw Refusal.because(cite(.attestationPreparation), field: "payload.commissionId", "\(commissionId) is not an attestation commission of this body")
            }
            guard Set(publicRepresentatives).isSubset(of: commission.memberIds) else {
                throw Refusal.because(cite(.attestationPublicRepresentatives), field: "payload.publicRepresentativeIds", "public representatives are members of the commission")
            }
            if regulation.parameters.publicRepresentativesRequired && publicRepresentatives.isEmpty {
                throw Refusal.because(cite(.attestationPublicRepresentatives), field: "payload.publicRepresentativeIds", "the regulation requires public representatives on the attestation commission")
            }
            let excluded = notSubject.map(\.personId)
            for (index, person) in (subject + excluded).enumerated() where organisation.servant(person, on: orderDate) == nil {
                throw Refusal.because(cite(.attestationPreparation), field: index < subject.count ? "payload.subject" : "payload.notSubject", "\(person) is not in the body's staff on \(orderDate)")
            }
            guard Set(subject).isDisjoint(with: excluded), Set(subject).count == subject.count, Set(excluded).count == excluded.count else {
                throw Refusal.because(cite(.attestationPreparation), field: "payload.subject", "each person is on one list, once")
            }
            return draft(AttestationEvents.ordered, [
                ("roundId", .string(roundId)), ("bodyId", .string(organisation.bodyId ?? "")), ("versionId", .string(regulation.versionId)),
                ("orderNumber", .string(orderNumber)), ("orderDate", .string(orderDate.description)), ("commissionId", .string(commissionId)),
                ("publicRepresentativeIds", .array(publicRepresentatives.map(JSONValue.string))), ("subject", .array(subject.map(JSONValue.string))),
                ("notSubject", .array(notSubject.map { ["personId": .string($0.personId), "reason": .string($0.reason)] })), ("methods", .string(methods)),
            ], by: actor, at: occurredAt)

        case .schedule(let entries):
            try requireHolder(actor, Roles.hrOfficer, of: organisation, on: on, clause: cite(.attestationPreparation), act: "the schedule")
            guard round.roundId != nil else { throw Refusal.because(cite(.attestationPreparation), field: "payload.roundId", "no order on attestation for round \(roundId)") }
            for (index, entry) in entries.enumerated() {
                guard round.subject.contains(entry.personId) else {
                    let reason = round.notSubject[entry.personId].map { " (not subject: \($0))" } ?? ""
                    throw Refusal.because(cite(.attestationPreparation), field: "payload.entries[\(index)]", "\(entry.personId) is not on the order's list of staff subject to attestation\(reason)")
                }
                guard entry.date >= round.orderDate else {
                    throw Refusal.because(cite(.attestationPreparation), field: "payload.entries[\(index)].date", "the date \(entry.date) precedes the order of \(round.orderDate)")
                }
            }
            return draft(AttestationEvents.scheduled, [
                ("roundId", .string(roundId)), ("entries", .array(entries.map { ["personId": .string($0.personId), "date": .string($0.date.description)] })),
            ], by: actor, at: occurredAt)

        default:
            throw Refusal.because("", field: "act", "this act belongs to a person's case, not to the round")
        }
    }
}
