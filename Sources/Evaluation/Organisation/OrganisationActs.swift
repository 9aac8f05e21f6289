import LedgerCore

/// The acts on a body's staff and structure (001 §5, 004 §22): each decided by the
/// ``OrganisationRulebook`` on the body's stream.
enum OrganisationActs {
    static let roles = "hr-officer, authorised-person, administrator"

    static let all: [DeclaredAct] = [
        act("organisation.register-body", roles: "hr-officer, authorised-person, administrator (setting a body up over the server)", [
            ActField("nameKk", .string, "the body's name in Kazakh"), ActField("region", .string), .optional("timeZone", .string, "IANA zone, default Asia/Almaty"),
        ]) { r in
            .registerBody(bodyId: try r.string("bodyId"), nameKk: try r.string("nameKk"), region: try r.string("region"), timeZone: r.optionalString("timeZone") ?? "Asia/Almaty")
        },
        act("organisation.appoint", [
            .personId, ActField("fullName", .string), ActField("positionId", .string), ActField("positionTitle", .string), ActField("category", .string),
            ActField("appointedOn", .date), .optional("probationEndsOn", .date),
        ]) { r in
            .appoint(personId: try r.string("personId"), fullName: try r.string("fullName"), positionId: try r.string("positionId"),
                     positionTitle: try r.string("positionTitle"), category: try r.string("category"), appointedOn: try r.date("appointedOn"),
                     probationEndsOn: r.optionalString("probationEndsOn").flatMap(LocalDate.init))
        },
        act("organisation.assign-role", [
            .personId, ActField("role", .string, "first-head, authorised-person, hr-officer, head-of-apparatus, maslikhat-chair"), ActField("effectiveFrom", .date),
        ]) { r in
            .assignRole(personId: try r.string("personId"), role: try r.string("role"), effectiveFrom: try r.date("effectiveFrom"))
        },
        act("organisation.assign-supervisor", [.personId, ActField("supervisorId", .string), ActField("effectiveFrom", .date)]) { r in
            .assignSupervisor(personId: try r.string("personId"), supervisorId: try r.string("supervisorId"), effectiveFrom: try r.date("effectiveFrom"))
        },
        act("organisation.record-leave", [
            .personId, ActField("kind", .oneOf(LeaveKind.allCases.map(\.rawValue))), ActField("from", .date), ActField("until", .date),
        ]) { r in
            .recordLeave(personId: try r.string("personId"), kind: try r.choice("kind", LeaveKind.self), from: try r.date("from"), until: try r.date("until"))
        },
        act("organisation.dismiss", [.personId, ActField("dismissedOn", .date)]) { r in
            .dismiss(personId: try r.string("personId"), dismissedOn: try r.date("dismissedOn"))
        },
        act("organisation.record-structure-change", [
            ActField("changeId", .string), ActField("orderNumber", .string), ActField("effectiveFrom", .date),
            ActField("description", .string, "the only ground for a KPI change, 004 §26"),
        ]) { r in
            .recordStructureChange(changeId: try r.string("changeId"), orderNumber: try r.string("orderNumber"),
                                   effectiveFrom: try r.date("effectiveFrom"), description: try r.string("description"))
        },
    ]

    /// An organisation act: the body's stream folded, the act judged on it.
    static func act(_ name: String, roles: String = roles, _ fields: [ActField], _ make: @escaping @Sendable (ActRequest) throws -> OrganisationAct) -> DeclaredAct {
        DeclaredAct(ActDeclaration(name, roles: roles, [.bodyId] + fields)) { service, r in
            let stream = OrganisationEvents.stream(bodyId: try r.string("bodyId"))
            let state = try await service.fold(OrganisationState.self, stream)
            return (stream, state.expectedVersion, Decision(events: [try OrganisationRulebook().decide(try make(r), by: r.actor, at: r.occurredAt, state: state)]))
        }
    }
}
