import LedgerCore

/// An access act (design.md §13): an account's life and an auditor's or appeals reviewer's mandates.
public enum AccessAct: Sendable {
    case openAccount(personId: String, bodyId: String?, offices: [String])
    case suspendAccount(personId: String, reason: String)
    case reinstateAccount(personId: String, reason: String)
    case closeAccount(personId: String, reason: String)
    case resetPassword(personId: String, reason: String)
    case grantMandate(mandateId: String, personId: String, power: String, scope: String, scopeId: String?, from: LocalDate, until: LocalDate, basis: String)
    case revokeMandate(mandateId: String, personId: String, basis: String)
}

/// Decides access acts. Who keeps an account: a body's staff account is the body's HR officer's (or an
/// administrator's); an auditor's or appeals reviewer's is the records office's (or an administrator's);
/// an administrator's, a records officer's and an agency officer's are an administrator's. Mandates are
/// granted and revoked by the records office or an administrator.
public struct AccessRulebook: Sendable {
    public init() {}

    static let clause = "design.md §13"

    public func decide(_ act: AccessAct, by actor: Actor, at occurredAt: Timestamp, account: AccountState, organisation: OrganisationState?) throws -> EventDraft {
        func draft(_ descriptor: EventTypeDescriptor, _ members: [(String, JSONValue)]) -> EventDraft {
            EventDraft(type: descriptor.type, schemaVersion: descriptor.schemaVersion, occurredAt: occurredAt, actor: actor, payload: .object(members))
        }
        switch act {
        case .openAccount(let personId, let bodyId, let offices):
            guard account.status == .none || account.status == .closed else {
                throw Refusal.because(Self.clause, field: "personId", "\(personId) has an account already (\(account.status.rawValue)); suspend, reinstate or close it instead")
            }
            if let unknown = offices.first(where: { !AccessEvents.offices.contains($0) }) {
                throw LedgerError.invalid("offices", "must each be one of \(AccessEvents.offices.joined(separator: ", ")); got \(unknown)")
            }
            if offices.isEmpty {
                guard let bodyId else { throw LedgerError.invalid("bodyId", "is required: a staff account belongs to a body (or name the account's offices)") }
                guard let organisation, organisation.bodyId == bodyId else { throw Refusal.because(Self.clause, field: "bodyId", "no body \(bodyId) is registered") }
                let date = BodyTimeZone.localDate(of: occurredAt, zone: organisation.timeZone)
                guard organisation.servant(personId, on: date) != nil else {
                    throw Refusal.because(Self.clause, field: "personId", "\(personId) is not on the staff of \(bodyId) on \(date)")
                }
            }
            try requireKeeper(actor, of: offices, organisation: organisation, at: occurredAt)
            var members: [(String, JSONValue)] = [("personId", .string(personId))]
            if let bodyId { members.append(("bodyId", .string(bodyId))) }
            members.append(("offices", .array(offices.map(JSONValue.string))))
            return draft(AccessEvents.accountOpened, members)

        case .suspendAccount(let personId, let reason):
            try requireStatus(account, personId, [.active], to: "suspend")
            try requireKeeper(actor, of: account.offices, organisation: organisation, at: occurredAt)
            return draft(AccessEvents.accountSuspended, [("personId", .string(personId)), ("reason", .string(reason))])
        case .reinstateAccount(let personId, let reason):
            try requireStatus(account, personId, [.suspended], to: "reinstate")
            try requireKeeper(actor, of: account.offices, organisation: organisation, at: occurredAt)
            return draft(AccessEvents.accountReinstated, [("personId", .string(personId)), ("reason", .string(reason))])
        case .closeAccount(let personId, let reason):
            try requireStatus(account, personId, [.active, .suspended], to: "close")
            try requireKeeper(actor, of: account.offices, organisation: organisation, at: occurredAt)
            return draft(AccessEvents.accountClosed, [("personId", .string(personId)), ("reason", .string(reason))])
        case .resetPassword(let personId, let reason):
            try requireStatus(account, personId, [.active, .suspended], to: "reset the password of")
            try requireKeeper(actor, of: account.offices, organisation: organisation, at: occurredAt)
            return draft(AccessEvents.passwordReset, [("personId", .string(personId)), ("reason", .string(reason))])

        case .grantMandate(let mandateId, let personId, let power, let scope, let scopeId, let from, let until, let basis):
            try Refusal.requireRole(actor, [Roles.recordsOfficer, Roles.administrator], clause: Self.clause, act: "granting a mandate")
            guard AccessEvents.mandatePowers.contains(power) else {
                throw LedgerError.invalid("power", "must be one of \(AccessEvents.mandatePowers.joined(separator: ", ")); got \(power)")
            }
            guard account.status == .active, account.offices.contains(power) else {
                throw Refusal.because(Self.clause, field: "personId", "a mandate in power \(power) is granted to an open \(power) account; \(personId) has none")
            }
            guard account.mandates[mandateId] == nil else { throw Refusal.because(Self.clause, field: "mandateId", "\(personId) holds a mandate \(mandateId) already") }
            switch scope {
            case "ledger":
                guard scopeId == nil else { throw LedgerError.invalid("scopeId", "must be absent for a mandate over the whole ledger") }
            case "body", "case":
                guard scopeId != nil else { throw LedgerError.invalid("scopeId", "is required: the body id or the case stream the mandate covers") }
            default:
                throw LedgerError.invalid("scope", "must be body, case or ledger; got \(scope)")
            }
            guard from <= until else { throw LedgerError.invalid("until", "must be on or after from (\(from)); got \(until)") }
            var members: [(String, JSONValue)] = [("mandateId", .string(mandateId)), ("personId", .string(personId)), ("power", .string(power)), ("scope", .string(scope))]
            if let scopeId { members.append(("scopeId", .string(scopeId))) }
            members += [("from", .string(from.description)), ("until", .string(until.description)), ("basis", .string(basis))]
            return draft(AccessEvents.mandateGranted, members)
        case .revokeMandate(let mandateId, let personId, let basis):
            try Refusal.requireRole(actor, [Roles.recordsOfficer, Roles.administrator], clause: Self.clause, act: "revoking a mandate")
            guard let mandate = account.mandates[mandateId] else { throw Refusal.because(Self.clause, field: "mandateId", "\(personId) holds no mandate \(mandateId)") }
            guard mandate.revokedAt == nil else { throw Refusal.because(Self.clause, field: "mandateId", "the mandate \(mandateId) is revoked already") }
            return draft(AccessEvents.mandateRevoked, [("mandateId", .string(mandateId)), ("personId", .string(personId)), ("basis", .string(basis))])
        }
    }

    /// The first administrator's account, opened by the operator on the machine that holds the file
    /// (`bagalau accounts bootstrap`): refused once any administrator's account is open.
    public func bootstrap(personId: String, operator name: String, at occurredAt: Timestamp, account: AccountState, administrators: Int) throws -> EventDraft {
        guard administrators == 0 else {
            throw Refusal.because(Self.clause, field: "person", "an administrator's account is open already: further accounts are opened by an administrator over the server")
        }
        guard account.status == .none || account.status == .closed else {
            throw Refusal.because(Self.clause, field: "person", "\(personId) has an account already (\(account.status.rawValue))")
        }
        return EventDraft(
            type: AccessEvents.accountOpened.type, schemaVersion: 1, occurredAt: occurredAt, actor: Actor(person: name, role: Roles.operator),
            payload: .object([("personId", .string(personId)), ("offices", [.string(Roles.administrator)])]))
    }

    private func requireStatus(_ account: AccountState, _ personId: String, _ allowed: Set<AccountState.Status>, to verb: String) throws {
        guard allowed.contains(account.status) else {
            throw Refusal.because(Self.clause, field: "personId", "cannot \(verb) the account of \(personId): it is \(account.status == .none ? "not opened" : account.status.rawValue)")
        }
    }

    /// Refuses unless `actor` keeps accounts with these offices.
    private func requireKeeper(_ actor: Actor, of offices: [String], organisation: OrganisationState?, at occurredAt: Timestamp) throws {
        if actor.role == Roles.administrator { return }
        if offices.isEmpty {
            try Refusal.requireRole(actor, [Roles.hrOfficer, Roles.administrator], clause: Self.clause, act: "keeping a staff account")
            let date = organisation.map { BodyTimeZone.localDate(of: occurredAt, zone: $0.timeZone) }
            guard let organisation, let date, organisation.holder(of: Roles.hrOfficer, on: date) == actor.person else {
                throw Refusal.because(Self.clause, field: "actor", "a staff account is kept by the body's HR officer; \(actor.person) is not it")
            }
        } else if offices.allSatisfy(AccessEvents.mandatePowers.contains) {
            try Refusal.requireRole(actor, [Roles.recordsOfficer, Roles.administrator], clause: Self.clause, act: "keeping an auditor's or appeals reviewer's account")
        } else {
            try Refusal.requireRole(actor, [Roles.administrator], clause: Self.clause, act: "keeping an account with the offices \(offices.joined(separator: ", "))")
        }
    }
}
