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

    public static let catalog = EventCatalog([bodyRegistered, servantAppointed])

    public static func stream(bodyId: String) -> String { "body/\(bodyId)" }
}

/// Every event type the ledger knows today.
public enum BagalauCatalog {
    public static let all: EventCatalog = OrganisationEvents.catalog
}
