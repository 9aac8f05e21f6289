import LedgerCore

/// An organisation act an HR officer or the authorised person asks for.
public enum OrganisationAct: Sendable {
    case registerBody(bodyId: String, nameKk: String, region: String, timeZone: String)
    case appoint(personId: String, fullName: String, positionId: String, positionTitle: String, category: String,
                 appointedOn: LocalDate, probationEndsOn: LocalDate?)
    case assignRole(personId: String, role: String, effectiveFrom: LocalDate)
    case assignSupervisor(personId: String, supervisorId: String, effectiveFrom: LocalDate)
    case recordLeave(personId: String, kind: LeaveKind, from: LocalDate, until: LocalDate)
    case dismiss(personId: String, dismissedOn: LocalDate)
    case recordStructureChange(changeId: String, orderNumber: String, effectiveFrom: LocalDate, description: String)
}

/// Decides organisation acts against the body's current state: accepts with one event, or refuses
/// naming the rule (design.md §5).
public struct OrganisationRulebook: Sendable {
    /// Who records organisation acts (001 §5): the HR officer, or the authorised person who signs the
    /// orders. Besides them the server's administrator may, to set a body up — register it, appoint and
    /// name its HR officer — before anyone holds its roles (design.md §13).
    static let recorders: Set<String> = [Roles.hrOfficer, Roles.authorisedPerson]

    public init() {}

    public func decide(_ act: OrganisationAct, by actor: Actor, at occurredAt: Timestamp, state: OrganisationState) throws -> EventDraft {
        if actor.role != Roles.administrator {
            try Refusal.requireRole(actor, Self.recorders, clause: "001 §5", act: "recording an organisation act")
        }
        let bodyId: String
        if case .registerBody(let id, _, _, _) = act {
            guard state.bodyId == nil else {
                throw Refusal.because("", field: "payload.bodyId", "the body \(state.bodyId!) is registered already")
            }
            bodyId = id
        } else {
            guard let registered = state.bodyId else {
                throw Refusal.because("", field: "payload.bodyId", "register the body before recording its staff")
            }
            bodyId = registered
        }
        func draft(_ descriptor: EventTypeDescriptor, _ members: [(String, JSONValue)]) -> EventDraft {
            EventDraft(type: descriptor.type, schemaVersion: descriptor.schemaVersion, occurredAt: occurredAt, actor: actor,
                       payload: .object([("bodyId", .string(bodyId))] + members))
        }
        switch act {
        case .registerBody(_, let nameKk, let region, let timeZone):
            return draft(OrganisationEvents.bodyRegistered, [("nameKk", .string(nameKk)), ("region", .string(region)), ("timeZone", .string(timeZone))])

        case .appoint(let personId, let fullName, let positionId, let positionTitle, let category, let appointedOn, let probationEndsOn):
            if let probationEndsOn, probationEndsOn < appointedOn {
                throw Refusal.because("", field: "payload.probationEndsOn", "probation ends \(probationEndsOn), before the appointment on \(appointedOn)")
            }
            return draft(OrganisationEvents.servantAppointed, [
                ("personId", .string(personId)), ("fullName", .string(fullName)), ("positionId", .string(positionId)),
                ("positionTitle", .string(positionTitle)), ("category", .string(category)),
                ("appointedOn", .string(appointedOn.description)), ("probationEndsOn", probationEndsOn.map { .string($0.description) } ?? .null),
            ])

        case .assignRole(let personId, let role, let effectiveFrom):
            try requireStaff(personId, on: effectiveFrom, state: state, field: "payload.personId")
            return draft(OrganisationEvents.roleAssigned, [
                ("personId", .string(personId)), ("role", .string(role)), ("effectiveFrom", .string(effectiveFrom.description)),
            ])

        case .assignSupervisor(let personId, let supervisorId, let effectiveFrom):
            try requireStaff(personId, on: effectiveFrom, state: state, field: "payload.personId")
            try requireStaff(supervisorId, on: effectiveFrom, state: state, field: "payload.supervisorId")
            var chain = supervisorId
            var seen: Set<String> = []
            while true {
                guard chain != personId else {
                    throw Refusal.because("001 §2", field: "payload.supervisorId", "\(supervisorId) is \(personId) or reports to \(personId): supervision cannot run in a circle")
                }
                guard seen.insert(chain).inserted, let next = state.directSupervisor(of: chain, on: effectiveFrom) else { break }
                chain = next
            }
            return draft(OrganisationEvents.supervisorAssigned, [
                ("personId", .string(personId)), ("supervisorId", .string(supervisorId)), ("effectiveFrom", .string(effectiveFrom.description)),
            ])

        case .recordLeave(let personId, let kind, let from, let until):
            try requireStaff(personId, on: from, state: state, field: "payload.personId")
            guard from <= until else {
                throw Refusal.because("", field: "payload.until", "the absence ends \(until), before it starts on \(from)")
            }
            return draft(OrganisationEvents.leaveRecorded, [
                ("personId", .string(personId)), ("kind", .string(kind.rawValue)),
                ("from", .string(from.description)), ("until", .string(until.description)),
            ])

        case .dismiss(let personId, let dismissedOn):
            guard let servant = state.servants[personId], servant.dismissedOn == nil else {
                throw Refusal.because("", field: "payload.personId", "\(personId) is not in the body's staff")
            }
            guard dismissedOn >= servant.appointedOn else {
                throw Refusal.because("", field: "payload.dismissedOn", "dismissal on \(dismissedOn) precedes the appointment on \(servant.appointedOn)")
            }
            return draft(OrganisationEvents.servantDismissed, [("personId", .string(personId)), ("dismissedOn", .string(dismissedOn.description))])

        case .recordStructureChange(let changeId, let orderNumber, let effectiveFrom, let description):
            guard state.structureChanges[changeId] == nil else {
                throw Refusal.because("", field: "payload.changeId", "the change \(changeId) is recorded already")
            }
            return draft(OrganisationEvents.structureChanged, [
                ("changeId", .string(changeId)), ("orderNumber", .string(orderNumber)),
                ("effectiveFrom", .string(effectiveFrom.description)), ("description", .string(description)),
            ])
        }
    }

    private func requireStaff(_ personId: String, on date: LocalDate, state: OrganisationState, field: String) throws {
        guard state.servant(personId, on: date) != nil else {
            throw Refusal.because("", field: field, "\(personId) is not in the body's staff on \(date)")
        }
    }
}
