import LedgerCore

/// Organisation acts: the body and its staff, on the stream `body/<bodyId>` (design.md: HR officers
/// register staff and appointments). The 2018 and 2023 rulebooks read them to know who is evaluated.
public enum OrganisationEvents {
    public static let timeZones = ["Asia/Almaty", "Asia/Qostanay", "Asia/Aqtobe", "Asia/Aqtau", "Asia/Atyrau", "Asia/Oral", "Asia/Qyzylorda"]

    /// A state body (мемлекеттік орган) is registered in the ledger.
    public static let bodyRegistered = EventTypeDescriptor(
        type: "organisation.body-registered", schemaVersion: 1,
        summary: "A state body is registered in the ledger",
        payload: .object([
            .required("bodyId", .identifier, "the body's identifier"),
            .required("nameKk", .text, "the body's name in Kazakh"),
            .optional("nameRu", .text, "the body's name in Russian"),
            .required("region", .string(minLength: 1, maxLength: 200), "region or city"),
            .required("timeZone", .enumeration(timeZones), "the zone whose calendar dates deadlines count in (domain.md §5)"),
        ]))

    /// A B-corps servant is appointed to a position of the body (тағайындау).
    public static let servantAppointed = EventTypeDescriptor(
        type: "organisation.servant-appointed", schemaVersion: 1,
        summary: "A servant is appointed to a position of the body",
        clause: "001 §4",
        payload: .object([
            .required("bodyId", .identifier, "the body's identifier"),
            .required("personId", .identifier, "the servant's person identifier"),
            .required("fullName", .text, "the servant's full name (personal data: purged with the case)"),
            .required("positionId", .identifier, "the position's identifier"),
            .required("positionTitle", .text, "the position's title"),
            .required("category", .string(minLength: 2, maxLength: 20), "position category, e.g. E-2, E-3, E-4 (002 App. 4)"),
            .required("appointedOn", .date, "first day in the position: under 3 months exempts from the annual evaluation (001 §4)"),
            .optional("probationEndsOn", .nullable(.date), "last day of probation, if any: no evaluation on probation (001 §4)"),
        ]))

    /// A standing role in the body from a date: the first head (бірінші басшы, 001 §11), the authorised
    /// person who appoints and dismisses (уәкілетті тұлға, 001 §5), the HR officer (001 §5); from schema
    /// version 2 also the head of apparatus (аппарат басшысы, 004 §22) and the maslikhat chair
    /// (мәслихат төрағасы, 004 §13, §36, §39). A v1 payload is a valid v2 payload: no upcast needed.
    public static let roleAssigned = roleAssignment(schemaVersion: 2, roles: standingRoles, clause: "001 §5, §11; 004 §22, §39")
    public static let roleAssignedV1 = roleAssignment(schemaVersion: 1, roles: [Roles.firstHead, Roles.authorisedPerson, Roles.hrOfficer], clause: "001 §5, §11")

    private static func roleAssignment(schemaVersion: Int, roles: [String], clause: String) -> EventTypeDescriptor {
        EventTypeDescriptor(
            type: "organisation.role-assigned", schemaVersion: schemaVersion,
            summary: "A person takes a standing role in the body", clause: clause,
            payload: .object([
                .required("bodyId", .identifier, "the body's identifier"),
                .required("personId", .identifier, "who takes the role"),
                .required("role", .enumeration(roles), "the role"),
                .required("effectiveFrom", .date, "first day in the role"),
            ]))
    }

    /// A change of the body's functions or structure, by order: the only ground to change a head of
    /// apparatus's KPIs (004 §26).
    public static let structureChanged = EventTypeDescriptor(
        type: "organisation.structure-changed", schemaVersion: 1,
        summary: "The body's functions or structure change by order", clause: "004 §26",
        payload: .object([
            .required("bodyId", .identifier, "the body's identifier"),
            .required("changeId", .identifier, "the change's identifier"),
            .required("orderNumber", .text, "the order or decision that makes the change"),
            .required("effectiveFrom", .date, "first day of the new functions or structure"),
            .required("description", .text, "what changed in the functions or structure"),
        ]))

    /// Who supervises whom from a date: the direct supervisor (тікелей басшы, 001 §2); the superior
    /// supervisor is the direct supervisor's own direct supervisor.
    public static let supervisorAssigned = EventTypeDescriptor(
        type: "organisation.supervisor-assigned", schemaVersion: 1,
        summary: "A servant's direct supervisor is set", clause: "001 §2",
        payload: .object([
            .required("bodyId", .identifier, "the body's identifier"),
            .required("personId", .identifier, "the supervised servant"),
            .required("supervisorId", .identifier, "the direct supervisor"),
            .required("effectiveFrom", .date, "first day of the relation"),
        ]))

    /// A period away from the post: evaluation waits for the return (001 §4, 004 §7).
    public static let leaveRecorded = EventTypeDescriptor(
        type: "organisation.leave-recorded", schemaVersion: 1,
        summary: "A leave, trip or course keeps a servant away from the post", clause: "001 §4",
        payload: .object([
            .required("bodyId", .identifier, "the body's identifier"),
            .required("personId", .identifier, "the servant"),
            .required("kind", .enumeration(LeaveKind.allCases.map(\.rawValue)), "what kind of absence"),
            .required("from", .date, "first day away"),
            .required("until", .date, "last day away"),
        ]))

    public static let servantDismissed = EventTypeDescriptor(
        type: "organisation.servant-dismissed", schemaVersion: 1,
        summary: "A servant leaves the body", clause: "004 §7",
        payload: .object([
            .required("bodyId", .identifier, "the body's identifier"),
            .required("personId", .identifier, "the servant"),
            .required("dismissedOn", .date, "last day in the post"),
        ]))

    public static let standingRoles = [Roles.firstHead, Roles.authorisedPerson, Roles.hrOfficer, Roles.headOfApparatus, Roles.maslikhatChair]

    public static let catalog = EventCatalog([
        bodyRegistered, servantAppointed, roleAssignedV1, roleAssigned, supervisorAssigned, leaveRecorded, servantDismissed, structureChanged,
    ])

    public static func stream(bodyId: String) -> String { "body/\(bodyId)" }
}

/// Kinds of absence that postpone an evaluation until the return (001 §4; 004 §7).
public enum LeaveKind: String, CaseIterable, Sendable {
    case annual, unpaid, sick
    case businessTrip = "business-trip"
    case internship, training
    /// Social leave (maternity, child care): on return the servant is under 3 months in the post (001 §4).
    case social
}

/// Every event type the ledger knows today.
public enum BagalauCatalog {
    public static let all: EventCatalog = OrganisationEvents.catalog
        .merging(CommissionEvents.catalog)
        .merging(CommissionMeetingEvents.catalog)
        .merging(MethodologyEvents.catalog)
        .merging(AnnualEvents.catalog)
        .merging(QuarterlyEvents.catalog)
        .merging(QuarterlyScheduleEvents.catalog)
        .merging(RecordsEvents.catalog)
        .merging(AttestationEvents.catalog)
        .merging(CalendarEvents.catalog)
        .merging(AccessEvents.catalog)
}
