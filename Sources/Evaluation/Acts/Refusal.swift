import LedgerCore

/// A rulebook's refusal of an act (design.md §5): the clause it applies, the field it concerns, and
/// the facts, e.g. `001 §14: an individual work plan holds exactly 5 KPIs; got 4`.
public enum Refusal {
    public static func because(_ clause: String, field: String, _ facts: String) -> LedgerError {
        LedgerError(.refused, field: field, clause.isEmpty ? facts : "\(clause): \(facts)")
    }

    /// Refuses unless `actor` acts in one of `roles`.
    public static func requireRole(_ actor: Actor, _ roles: Set<String>, clause: String, act: String) throws {
        guard roles.contains(actor.role) else {
            throw because(clause, field: "actor.role", "\(act) is done by \(roles.sorted().joined(separator: " or ")); got \(actor.role)")
        }
    }
}

/// The roles people act in. Role names are the ledger's `actor.role` values.
public enum Roles {
    public static let hrOfficer = "hr-officer"
    public static let authorisedPerson = "authorised-person"
    public static let firstHead = "first-head"
    public static let directSupervisor = "direct-supervisor"
    public static let superiorSupervisor = "superior-supervisor"
    public static let commissionChair = "commission-chair"
    public static let commissionMember = "commission-member"
    public static let commissionSecretary = "commission-secretary"
    public static let servant = "servant"
    /// An officer of the civil-service agency or its territorial department, deciding appeals (001 §43).
    public static let agencyOfficer = "agency-officer"
    /// The head of the maslikhat's apparatus (аппарат басшысы): evaluated by KPIs, evaluates the others (004 §22, §30).
    public static let headOfApparatus = "head-of-apparatus"
    /// The maslikhat chair (мәслихат төрағасы): decides on calibration sessions, answers the 360 (004 §13, §36, §39).
    public static let maslikhatChair = "maslikhat-chair"
    /// A participant of a calibration session (004 §42).
    public static let calibrationParticipant = "calibration-participant"
    /// An auditor: replays history; every read of a confidential case is recorded (design.md, users).
    public static let auditor = "auditor"
    /// An appeals reviewer: inspects one case's decisions; reads recorded likewise.
    public static let appealsReviewer = "appeals-reviewer"
    /// The records office: legal holds and retention purges (001 §8, 004 §15).
    public static let recordsOfficer = "records-officer"
    /// The evaluator of a quarterly case (бағалаушы адам, 004 §3).
    public static let evaluator = "evaluator"
    /// The server's administrator: opens the accounts of records officers, agency officers and other
    /// administrators, and sets a body up (registers it and names its first HR officer) (design.md §13).
    public static let administrator = "administrator"
    /// Whoever holds the ledger file and runs the CLI on that machine (design.md §13).
    public static let `operator` = "operator"
}
