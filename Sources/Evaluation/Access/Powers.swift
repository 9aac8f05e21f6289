import LedgerCore

/// What a signed-in person may do, derived from the ledger at the moment of the request, never from a
/// claim in the request (design.md §13). An act's actor must be the signed-in person, acting in a role
/// the ledger gives them now:
/// - the offices an account holds (administrator, records officer, auditor, appeals reviewer, agency
///   officer), while the account is open;
/// - a body's standing roles (HR officer, authorised person, first head, head of apparatus, maslikhat
///   chair), held by whoever the body's record names today;
/// - a person's part in a case (the servant, the supervisors and the evaluator, the commission's chair,
///   members and secretary, calibration participants): the act's rulebook checks each against the case
///   itself and refuses anyone else.
public enum Powers {
    public static let bodyRoles: Set<String> = [Roles.hrOfficer, Roles.authorisedPerson, Roles.firstHead, Roles.headOfApparatus, Roles.maslikhatChair]
    public static let caseRoles: Set<String> = [
        Roles.servant, Roles.directSupervisor, Roles.superiorSupervisor, Roles.evaluator, Roles.commissionChair,
        Roles.commissionMember, Roles.commissionSecretary, Roles.calibrationParticipant,
    ]

    /// A refusal for want of power: the person is known, the act or read is not theirs.
    public static func forbidden(_ field: String, _ facts: String) -> LedgerError {
        LedgerError(.forbidden, field: field, "design.md §13: \(facts)")
    }

    /// Refuses unless `person`, whose account is `account`, may perform `request` now. `organisation` is
    /// the body the act belongs to, if any.
    public static func requireAct(_ request: ActRequest, by person: String, account: AccountState, organisation: OrganisationState?, at now: Timestamp) throws {
        guard account.status(at: now) == .active else {
            throw forbidden("actor", "the account of \(person) is \(account.status(at: now) == .none ? "not opened" : account.status(at: now).rawValue)")
        }
        guard request.actor.person == person else {
            throw forbidden("actor.person", "an act is recorded in the name of the person signed in (\(person)); this one names \(request.actor.person)")
        }
        let role = request.actor.role
        if AccessEvents.offices.contains(role) {
            guard account.holds(office: role, at: now) else { throw forbidden("actor.role", "\(person)'s account holds no office \(role)") }
        } else if bodyRoles.contains(role) {
            guard let organisation, let bodyId = organisation.bodyId else {
                throw forbidden("actor.role", "\(role) is a body's role, and this act names no registered body")
            }
            let today = BodyTimeZone.localDate(of: now, zone: organisation.timeZone)
            guard organisation.holder(of: role, on: today) == person else {
                throw forbidden("actor.role", "\(person) is not the \(role) of \(bodyId) on \(today)")
            }
        } else if !caseRoles.contains(role) {
            throw forbidden("actor.role", "no one acts as \(role); the roles are \((AccessEvents.offices + bodyRoles.sorted() + caseRoles.sorted()).joined(separator: ", "))")
        }
    }
}
