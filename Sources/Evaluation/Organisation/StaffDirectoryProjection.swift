import LedgerCore

/// Bodies and their appointed staff, folded from the organisation acts.
public struct StaffDirectoryProjection: Projection {
    public let name = "staff-directory"
    public let version = 1

    public static let bodies = ReadModelTable(name: "bodies", columns: [
        .init("body_id", .text), .init("name_kk", .text), .init("region", .text), .init("time_zone", .text),
        .init("staff", .integer), .init("registered_seq", .integer),
    ])
    public static let servants = ReadModelTable(name: "servants", columns: [
        .init("body_id", .text), .init("person_id", .text), .init("full_name", .text), .init("position_title", .text),
        .init("category", .text), .init("appointed_on", .text), .init("probation_ends_on", .text, nullable: true),
        .init("appointed_seq", .integer),
    ], keyColumnCount: 2)

    public var tables: [ReadModelTable] { [Self.bodies, Self.servants] }
    public var handledTypes: Set<String>? { [OrganisationEvents.bodyRegistered.type, OrganisationEvents.servantAppointed.type] }

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
        default:
            return
        }
    }
}
