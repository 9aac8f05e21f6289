import LedgerCore

/// The evaluation or attestation commission (бағалау жөніндегі комиссия), on the stream
/// `commission/<commissionId>`: created and changed only by the authorised person's order (001 §5).
public enum CommissionEvents {
    public static let purposes = ["annual-evaluation", "attestation"]

    public static let formed = EventTypeDescriptor(
        type: "commission.formed", schemaVersion: 1,
        summary: "The authorised person's order creates a commission", clause: "001 §5",
        payload: .object([
            .required("commissionId", .identifier, "the commission's identifier"),
            .required("bodyId", .identifier, "the body whose servants it evaluates"),
            .required("purpose", .enumeration(purposes), "what the commission decides"),
            .required("orderNumber", .string(minLength: 1, maxLength: 50), "number of the order that creates it"),
            .required("orderDate", .date, "date of the order"),
            .required("chairId", .identifier, "the chair (төраға), one of the members"),
            .required("secretaryId", .identifier, "the secretary: the HR officer, who does not vote (001 §34)"),
            .required("memberIds", .array(.identifier, minItems: 1, maxItems: 50), "the voting members, chair included"),
        ]))

    public static let amended = EventTypeDescriptor(
        type: "commission.amended", schemaVersion: 1,
        summary: "The authorised person's order changes the chair, the secretary or the members", clause: "001 §31",
        payload: .object([
            .required("commissionId", .identifier, "the commission's identifier"),
            .required("orderNumber", .string(minLength: 1, maxLength: 50), "number of the amending order"),
            .required("orderDate", .date, "date of the amending order"),
            .optional("chairId", .identifier, "the new chair"),
            .optional("secretaryId", .identifier, "the new secretary"),
            .required("addMemberIds", .array(.identifier, maxItems: 50), "members added"),
            .required("removeMemberIds", .array(.identifier, maxItems: 50), "members removed"),
        ]))

    public static let catalog = EventCatalog([formed, amended])

    public static func stream(commissionId: String) -> String { "commission/\(commissionId)" }
}

/// A commission's composition as its orders left it.
public struct CommissionState: StreamFold, Equatable {
    public private(set) var commissionId: String?
    public private(set) var bodyId: String?
    /// What it decides: annual evaluation or attestation.
    public private(set) var purpose: String?
    /// The commission as every order recorded so far left it.
    public private(set) var current = Composition()
    public var chairId: String? { current.chairId }
    public var secretaryId: String? { current.secretaryId }
    /// Voting members, chair included.
    public var memberIds: Set<String> { current.memberIds }
    public private(set) var version: Int64 = 0
    public private(set) var meetings: [String: Meeting] = [:]
    /// Every order (the forming one, then the amendments), in the order they were recorded.
    public private(set) var orders: [Order] = []

    /// Who sits on the commission under some of its orders: the chair, the secretary, the voting members.
    public struct Composition: Sendable, Equatable {
        public var chairId: String?
        public var secretaryId: String?
        public var memberIds: Set<String> = []

        /// 001 §30: a meeting is competent when at least two thirds of the members are present.
        public func hasQuorum(present: Set<String>, numerator: Int = 2, denominator: Int = 3) -> Bool {
            !memberIds.isEmpty && present.intersection(memberIds).count * denominator >= memberIds.count * numerator
        }
    }

    /// One order of the authorised person (001 §5, §31): its date and what it set, added or removed.
    public struct Order: Sendable, Equatable {
        public let orderDate: LocalDate
        public let chairId: String?
        public let secretaryId: String?
        /// The forming order's members; nil for an amendment.
        public let memberIds: Set<String>?
        public let added: Set<String>
        public let removed: Set<String>

        /// An order as its event records it (a forming order's `memberIds`, an amendment's added and removed).
        init(_ payload: JSONValue, _ event: RecordedEvent, memberIds: Set<String>?) {
            orderDate = payload["orderDate"]?.stringValue.flatMap(LocalDate.init) ?? BodyTimeZone.localDate(of: event.occurredAt, zone: "Asia/Almaty")
            chairId = payload["chairId"]?.stringValue
            secretaryId = payload["secretaryId"]?.stringValue
            self.memberIds = memberIds
            added = Set(payload.strings("addMemberIds"))
            removed = Set(payload.strings("removeMemberIds"))
        }

        func apply(to composition: inout Composition) {
            composition.chairId = chairId ?? composition.chairId
            composition.secretaryId = secretaryId ?? composition.secretaryId
            if let memberIds { composition.memberIds = memberIds }
            composition.memberIds.formUnion(added)
            composition.memberIds.subtract(removed)
        }
    }

    private mutating func record(_ order: Order) {
        orders.append(order)
        order.apply(to: &current)
    }

    /// Design 16, 001 §30, issue 28 §3: the commission as composed on `date` by the orders recorded so far
    /// and dated no later — a later order never reaches back to a meeting already held.
    public func composition(on date: LocalDate) -> Composition {
        var composition = Composition()
        for order in orders where order.orderDate <= date { order.apply(to: &composition) }
        return composition
    }

    /// One meeting: its date, cases, attendance, and the motions put to it.
    public struct Meeting: Sendable, Equatable {
        public let date: LocalDate
        public let caseIds: [String]
        public var notified: Set<String> = []
        /// Members present, once the meeting is held.
        public var present: Set<String>?
        /// The commission as composed on the meeting's day when its attendance was recorded: quorum,
        /// motions, votes and decisions at the meeting are judged on it, whatever later orders change.
        public var composition: Composition?
        public var motions: [String: Motion] = [:]
    }

    public struct Motion: Sendable, Equatable {
        public let caseId: String
        public let proposal: String
        public let revisedGrade: String?
        /// Each member's vote: true for, false against.
        public var votes: [String: Bool] = [:]
        public var carried: Bool?
    }

    public init() {}

    public mutating func apply(_ event: RecordedEvent) throws {
        version = event.version
        // 001 §8: a retention purge removes the payloads of a purged case's events here — its notice, its
        // motion, the votes and the decision on it (`CaseRecord.about`); the composition and the other
        // cases' meetings stand without them, and a commission outlives the cases it decided.
        guard event.canonicalPayload != nil else { return }
        let payload = try event.payload()
        let ids = payload.strings
        switch event.type {
        case CommissionEvents.formed.type:
            commissionId = payload["commissionId"]?.stringValue
            bodyId = payload["bodyId"]?.stringValue
            purpose = payload["purpose"]?.stringValue
            record(Order(payload, event, memberIds: Set(ids("memberIds"))))
        case CommissionEvents.amended.type:
            record(Order(payload, event, memberIds: nil))
        case CommissionMeetingEvents.meetingScheduled.type:
            guard let id = payload["meetingId"]?.stringValue, let date = payload["date"]?.stringValue.flatMap(LocalDate.init) else { return }
            meetings[id] = Meeting(date: date, caseIds: ids("caseIds"))
        case CommissionMeetingEvents.noticeGiven.type:
            guard let id = payload["meetingId"]?.stringValue, let person = payload["personId"]?.stringValue else { return }
            meetings[id]?.notified.insert(person)
        case CommissionMeetingEvents.meetingHeld.type:
            guard let id = payload["meetingId"]?.stringValue, let date = meetings[id]?.date else { return }
            let composed = composition(on: date)
            meetings[id]?.present = Set(ids("present"))
            meetings[id]?.composition = composed
        case CommissionMeetingEvents.motionPut.type:
            guard let id = payload["meetingId"]?.stringValue, let motion = payload["motionId"]?.stringValue else { return }
            meetings[id]?.motions[motion] = Motion(
                caseId: payload["caseId"]?.stringValue ?? "", proposal: payload["proposal"]?.stringValue ?? "",
                revisedGrade: payload["revisedGrade"]?.stringValue)
        case CommissionMeetingEvents.voteCast.type:
            guard let id = payload["meetingId"]?.stringValue, let motion = payload["motionId"]?.stringValue,
                let member = payload["memberId"]?.stringValue
            else { return }
            meetings[id]?.motions[motion]?.votes[member] = payload["vote"]?.stringValue == "for"
        case CommissionMeetingEvents.motionDecided.type:
            guard let id = payload["meetingId"]?.stringValue, let motion = payload["motionId"]?.stringValue,
                case .bool(let carried)? = payload["carried"]
            else { return }
            meetings[id]?.motions[motion]?.carried = carried
        default:
            return
        }
    }

    /// 001 §30: a meeting is competent when at least two thirds of the members are present (the members of
    /// every order recorded; a meeting's own quorum is judged on its day's ``composition(on:)``).
    public func hasQuorum(present: Set<String>, numerator: Int = 2, denominator: Int = 3) -> Bool {
        current.hasQuorum(present: present, numerator: numerator, denominator: denominator)
    }
}
