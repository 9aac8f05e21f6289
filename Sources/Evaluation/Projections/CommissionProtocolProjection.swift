import LedgerCore

/// The commission's protocol (хаттама, 002 App. 5): per meeting the members and those present and
/// whether it was quorate; per motion the case, the proposal, each member's vote and the outcome,
/// with the "corrected by the commission" grade (001 §36–§38).
public struct CommissionProtocolProjection: Projection {
    public let name = "commission-protocol"
    public let version = 1

    public static let meetings = ReadModelTable(name: "protocol_meetings", columns: [
        .init("commission_id", .text), .init("meeting_id", .text), .init("date", .text), .init("chair_id", .text),
        .init("secretary_id", .text), .init("members", .text), .init("present", .text, nullable: true), .init("quorate", .integer, nullable: true),
    ], keyColumnCount: 2)
    public static let motions = ReadModelTable(name: "protocol_motions", columns: [
        .init("commission_id", .text), .init("motion_id", .text), .init("meeting_id", .text), .init("case_id", .text),
        .init("proposal", .text), .init("corrected_grade", .text, nullable: true), .init("votes_for", .integer, nullable: true),
        .init("votes_against", .integer, nullable: true), .init("carried", .integer, nullable: true), .init("tie_broken_by_chair", .integer, nullable: true),
    ], keyColumnCount: 2)
    public static let votes = ReadModelTable(name: "protocol_votes", columns: [
        .init("commission_id", .text), .init("motion_id", .text), .init("member_id", .text), .init("vote", .text),
    ], keyColumnCount: 3)
    /// The composition in force, kept to write it into each meeting's row.
    public static let compositions = ReadModelTable(name: "protocol_compositions", columns: [
        .init("commission_id", .text), .init("chair_id", .text), .init("secretary_id", .text), .init("members", .text),
    ])

    public var tables: [ReadModelTable] { [Self.meetings, Self.motions, Self.votes, Self.compositions] }
    public var handledTypes: Set<String>? { Self.types }
    /// Built once: a fold asks for every event it is offered.
    private static let types: Set<String> = Set((CommissionEvents.catalog.all + CommissionMeetingEvents.catalog.all).map(\.type))

    public init() {}

    public func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws {
        let payload = try event.payload()
        guard let commission = payload["commissionId"]?.stringValue else { return }
        let id = ReadModelValue.text(commission)
        func text(_ name: String) -> ReadModelValue { payload[name]?.stringValue.map { .text($0) } ?? .null }
        let list = payload.strings
        switch event.type {
        case CommissionEvents.formed.type:
            session.upsert(Self.compositions, [id, text("chairId"), text("secretaryId"), .text(list("memberIds").sorted().joined(separator: ","))])
        case CommissionEvents.amended.type:
            guard var row = try session.row(Self.compositions, key: [id]) else { return }
            var members = Set((row[3].text ?? "").split(separator: ",").map(String.init))
            members.formUnion(list("addMemberIds"))
            members.subtract(list("removeMemberIds"))
            if case .text = text("chairId") { row[1] = text("chairId") }
            if case .text = text("secretaryId") { row[2] = text("secretaryId") }
            row[3] = .text(members.sorted().joined(separator: ","))
            session.upsert(Self.compositions, row)
        case CommissionMeetingEvents.meetingScheduled.type:
            let composition = try session.row(Self.compositions, key: [id]) ?? [id, .text(""), .text(""), .text("")]
            session.upsert(Self.meetings, [id, text("meetingId"), text("date"), composition[1], composition[2], composition[3], .null, .null])
        case CommissionMeetingEvents.meetingHeld.type:
            guard var row = try session.row(Self.meetings, key: [id, text("meetingId")]) else { return }
            row[6] = .text(list("present").sorted().joined(separator: ","))
            row[7] = .integer(payload["quorate"] == true ? 1 : 0)
            session.upsert(Self.meetings, row)
        case CommissionMeetingEvents.motionPut.type:
            let corrected: ReadModelValue = payload["proposal"]?.stringValue == "revise" ? text("revisedGrade") : .null
            session.upsert(Self.motions, [id, text("motionId"), text("meetingId"), text("caseId"), text("proposal"), corrected, .null, .null, .null, .null])
        case CommissionMeetingEvents.voteCast.type:
            session.upsert(Self.votes, [id, text("motionId"), text("memberId"), text("vote")])
        case CommissionMeetingEvents.motionDecided.type:
            guard var row = try session.row(Self.motions, key: [id, text("motionId")]) else { return }
            row[6] = .integer(payload["votesFor"]?.integerValue ?? 0)
            row[7] = .integer(payload["votesAgainst"]?.integerValue ?? 0)
            row[8] = .integer(payload["carried"] == true ? 1 : 0)
            row[9] = .integer(payload["tieBrokenByChair"] == true ? 1 : 0)
            session.upsert(Self.motions, row)
        default:
            return
        }
    }
}
