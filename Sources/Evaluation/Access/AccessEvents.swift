import LedgerCore

/// Accounts and mandates as acts (design.md §13): opening, suspending, reinstating and closing a
/// person's account, resetting its password, and granting or revoking an auditor's or appeals
/// reviewer's mandate. One stream per person, `account/<personId>`. The secrets themselves (password
/// hashes, sessions, tokens, second-factor keys) are not events: they live beside the ledger, outside
/// the chain, so they can be rotated and erased.
public enum AccessEvents {
    public static func stream(personId: String) -> String { "account/\(personId)" }
    public static let streamPrefix = "account/"

    /// Offices a person holds by their account rather than by a body's roles: their powers reach beyond
    /// their own cases, so they sign in with a second factor.
    public static let offices = [Roles.administrator, Roles.recordsOfficer, Roles.auditor, Roles.appealsReviewer, Roles.agencyOfficer]
    /// The powers a mandate grants: to read cases in a scope, each read recorded (design.md §12).
    public static let mandatePowers = [Roles.auditor, Roles.appealsReviewer]

    public static let accountOpened = EventTypeDescriptor(
        type: "access.account-opened", schemaVersion: 1,
        summary: "An account is opened for a person: they may sign in to the server", clause: "design.md §13",
        payload: .object([
            .required("personId", .identifier, "the person"),
            .optional("bodyId", .identifier, "the body whose staff the person is on (absent for auditors and other offices outside a body)"),
            .required("offices", .array(.enumeration(offices), maxItems: 5), "offices held by the account itself (none for a body's staff, whose roles come from the body)"),
        ]))

    static func change(_ type: String, _ summary: String) -> EventTypeDescriptor {
        EventTypeDescriptor(
            type: type, schemaVersion: 1, summary: summary, clause: "design.md §13",
            payload: .object([
                .required("personId", .identifier, "the person"),
                .required("reason", .text, "why, as the order or request says"),
            ]))
    }

    public static let accountSuspended = change("access.account-suspended", "An account is suspended: its sessions and tokens end at once")
    public static let accountReinstated = change("access.account-reinstated", "A suspended account may sign in again")
    public static let accountClosed = change("access.account-closed", "An account is closed for good: its sessions and tokens end at once")
    public static let passwordReset = change("access.password-reset", "A person's password is reset by the officer who keeps their account; the new secret is not recorded")

    public static let mandateGranted = EventTypeDescriptor(
        type: "access.mandate-granted", schemaVersion: 1,
        summary: "An auditor or appeals reviewer is granted a mandate to read cases in a scope, for a period", clause: "design.md §12, §13; 004 §21",
        payload: .object([
            .required("mandateId", .identifier, "the mandate, unique for the person"),
            .required("personId", .identifier, "who holds it"),
            .required("power", .enumeration(mandatePowers), "in which office they read"),
            .required("scope", .enumeration(["body", "case", "ledger"]), "what it covers: one body's cases, one case, or the whole ledger"),
            .optional("scopeId", .string(minLength: 1, maxLength: 300), "the body id or the case stream (absent for the whole ledger)"),
            .required("from", .date, "first day in force"),
            .required("until", .date, "last day in force"),
            .required("basis", .text, "the audit order or appeal it serves"),
        ]))

    public static let mandateRevoked = EventTypeDescriptor(
        type: "access.mandate-revoked", schemaVersion: 1,
        summary: "A mandate ends before its last day", clause: "design.md §13",
        payload: .object([
            .required("mandateId", .identifier, "the mandate"),
            .required("personId", .identifier, "who held it"),
            .required("basis", .text, "why it ends"),
        ]))

    public static let catalog = EventCatalog([accountOpened, accountSuspended, accountReinstated, accountClosed, passwordReset, mandateGranted, mandateRevoked])
}
