import LedgerCore

/// Bodies and their appointed staff, and who holds each standing role from which day, folded from the
/// organisation acts — what a read needs of a body (its time zone, its HR officer on a day) without
/// folding the body's whole stream.
public struct StaffDirectoryProjection: Projection {
    public let name = "staff-directory"
    /// Version 2 adds the standing roles' assignments.
    public let version = 2

    public static let bodies = ReadModelTable(name: "bodies", columns: [
        .init("body_id", .text), .init("name_kk", .text), .init("region", .text), .init("time_zone", .text),
        .init("staff", .integer), .init("registered_seq", .integer),
    ])
    public static let servants = ReadModelTable(name: "servants", columns: [
        .init("body_id", .text), .init("person_id", .text), .init("full_name", .text), .init("position_title", .text),
        .init("category", .text), .init("appointed_on", .text), .init("probation_ends_on", .text, nullable: true),
        .init("appointed_seq", .integer),
    ], keyColumnCount: 2)
    /// Each assignment of a standing role (HR officer, authorised person, …), in the order recorded.
    public static let roles = ReadModelTable(name: "body_roles", columns: [
        .init("body_id", .text), .init("role", .text), .init("seq", .integer), .init("person_id", .text), .init("effective_from", .text),
    ], keyColumnCount: 3)

    public var tables: [ReadModelTable] { [Self.bodies, Self.servants, Self.roles] }
    public var handledTypes: Set<String>? { Self.types }
    /// Built once: a fold asks for every event it is offered.
    private static let types: Set<String> = [OrganisationEvents.bodyRegistered.type, OrganisationEvents.servantAppointed.type, OrganisationEvents.roleAssigned.type]

    /// Who holds `role` on `date` among a body's `roles` rows (read in key order): the assignment in force
    /// that took effect last, the first recorded of those taking effect the same day — as
    /// ``OrganisationState/holder(of:on:)`` answers from the body's stream.
    public static func holder(of role: String, on date: LocalDate, among roles: [ReadModelRow]) -> String? {
        let day = date.description
        return roles.filter { $0[1] == .text(role) && ($0[4].text ?? "") <= day }.max { ($0[4].text ?? "") < ($1[4].text ?? "") }?[3].text
    }

    public init() {}

    public func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws {
        switch event.type {
        case OrganisationEvents.bodyRegistered.type:
            let payload = try event.payload()
            let bodyId = payload["bodyId"]?.stringValue ?? ""
            let staff = try session.row(Self.bodies, key: [.text(bodyId)])?[4] ?? .integer(0)
            session.upsert(Self.bodies, [
                .text(bodyId), .text(payload["nameKk"]?.stringValue ?? ""), .text(payload["region"]?.stringValue ?? ""),
                .text(payload["timeZone"]?.stringValue ?? ""), staff, .integer(event.seq),
            ])
        case OrganisationEvents.servantAppointed.type:
            let payload = try event.payload()
            let bodyId = payload["bodyId"]?.stringValue ?? ""
            let personId = payload["personId"]?.stringValue ?? ""
            let known = try session.row(Self.servants, key: [.text(bodyId), .text(personId)]) != nil
            session.upsert(Self.servants, [
                .text(bodyId), .text(personId), .text(payload["fullName"]?.stringValue ?? ""),
                .text(payload["positionTitle"]?.stringValue ?? ""), .text(payload["category"]?.stringValue ?? ""),
                .text(payload["appointedOn"]?.stringValue ?? ""),
                payload["probationEndsOn"]?.stringValue.map { .text($0) } ?? .null, .integer(event.seq),
            ])
            if !known, var body = try session.row(Self.bodies, key: [.text(bodyId)]) {
                body[4] = .integer((body[4].integer ?? 0) + 1)
                session.upsert(Self.bodies, body)
            }
        case OrganisationEvents.roleAssigned.type:
            let payload = try event.payload()
            session.upsert(Self.roles, [
                .text(payload["bodyId"]?.stringValue ?? ""), .text(payload["role"]?.stringValue ?? ""), .integer(event.seq),
                .text(payload["personId"]?.stringValue ?? ""), .text(payload["effectiveFrom"]?.stringValue ?? ""),
            ])
        default:
            return
        }
    }
}
