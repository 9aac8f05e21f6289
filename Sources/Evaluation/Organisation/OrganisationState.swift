import LedgerCore

/// A body's staff as the organisation acts left it (stream `body/<bodyId>`): who holds which post
/// since when, who supervises whom, who is away. Pure; rebuilt by folding the stream.
public struct OrganisationState: StreamFold {
    public struct Servant: Sendable, Equatable {
        public let personId: String
        public var positionId: String
        public var positionTitle: String
        public var category: String
        /// First day in the current position (001 §4 counts tenure in the position).
        public var appointedOn: LocalDate
        public var probationEndsOn: LocalDate?
        public var dismissedOn: LocalDate?
    }

    public struct Absence: Sendable, Equatable {
        public let kind: LeaveKind
        public let from: LocalDate
        public let until: LocalDate
    }

    public private(set) var bodyId: String?
    /// The body's zone, whose calendar dates deadlines count in (domain.md §5).
    public private(set) var timeZone = BodyTimeZone.defaultZone
    public private(set) var version: Int64 = 0
    public private(set) var servants: [String: Servant] = [:]
    private var supervisors: [String: [(from: LocalDate, supervisorId: String)]] = [:]
    private var roles: [String: [(from: LocalDate, personId: String)]] = [:]
    private var absences: [String: [Absence]] = [:]
    /// Recorded changes of the body's functions or structure, by id, with their effective date (004 §26).
    public private(set) var structureChanges: [String: LocalDate] = [:]

    public init() {}

    /// Folds every event of the body's stream, in order.
    public mutating func apply(_ event: RecordedEvent) throws {
        version = event.version
        let payload = try event.payload()
        func text(_ name: String) -> String { payload[name]?.stringValue ?? "" }
        func date(_ name: String) -> LocalDate? { payload[name]?.stringValue.flatMap(LocalDate.init) }
        switch event.type {
        case OrganisationEvents.bodyRegistered.type:
            bodyId = text("bodyId")
            timeZone = payload["timeZone"]?.stringValue ?? timeZone
        case OrganisationEvents.servantAppointed.type:
            guard let appointedOn = date("appointedOn") else { return }
            servants[text("personId")] = Servant(
                personId: text("personId"), positionId: text("positionId"), positionTitle: text("positionTitle"),
                category: text("category"), appointedOn: appointedOn, probationEndsOn: date("probationEndsOn"), dismissedOn: nil)
        case OrganisationEvents.roleAssigned.type:
            guard let from = date("effectiveFrom") else { return }
            roles[text("role"), default: []].append((from, text("personId")))
        case OrganisationEvents.supervisorAssigned.type:
            guard let from = date("effectiveFrom") else { return }
            supervisors[text("personId"), default: []].append((from, text("supervisorId")))
        case OrganisationEvents.leaveRecorded.type:
            guard let kind = LeaveKind(rawValue: text("kind")), let from = date("from"), let until = date("until") else { return }
            absences[text("personId"), default: []].append(Absence(kind: kind, from: from, until: until))
        case OrganisationEvents.servantDismissed.type:
            servants[text("personId")]?.dismissedOn = date("dismissedOn")
        case OrganisationEvents.structureChanged.type:
            guard let from = date("effectiveFrom") else { return }
            structureChanges[text("changeId")] = from
        default:
            return
        }
    }

    /// The servant if appointed and not dismissed before `date`.
    public func servant(_ personId: String, on date: LocalDate) -> Servant? {
        guard let servant = servants[personId], servant.appointedOn <= date else { return nil }
        if let dismissed = servant.dismissedOn, dismissed < date { return nil }
        return servant
    }

    /// The direct supervisor on `date` (the latest assignment in force).
    public func directSupervisor(of personId: String, on date: LocalDate) -> String? {
        supervisors[personId]?.filter { $0.from <= date }.max { $0.from < $1.from }?.supervisorId
    }

    /// The superior supervisor: the direct supervisor's own direct supervisor (001 §2).
    public func superiorSupervisor(of personId: String, on date: LocalDate) -> String? {
        directSupervisor(of: personId, on: date).flatMap { directSupervisor(of: $0, on: date) }
    }

    /// Who holds a standing role on `date`.
    public func holder(of role: String, on date: LocalDate) -> String? {
        roles[role]?.filter { $0.from <= date }.max { $0.from < $1.from }?.personId
    }

    /// Every absence recorded for the person, in the order recorded.
    public func absences(of personId: String) -> [Absence] { absences[personId] ?? [] }

    /// The absence covering `date`, if any.
    public func absence(of personId: String, on date: LocalDate) -> Absence? {
        absences[personId]?.first { $0.from <= date && date <= $0.until }
    }

    /// Why a servant is not evaluated at all on `date`, or nil: under `minimumMonths` in the position,
    /// including after social leave, or on probation (001 §4, 002 §4).
    public func exemption(of personId: String, on date: LocalDate, minimumMonths: Int) -> String? {
        guard let servant = servant(personId, on: date) else { return "not in the body's staff on \(date)" }
        if let probation = servant.probationEndsOn, date <= probation {
            return "on probation until \(probation)"
        }
        let tenureStart = [servant.appointedOn, lastSocialLeaveReturn(of: personId, before: date)].compactMap { $0 }.max()!
        if tenureStart.adding(months: minimumMonths) > date {
            return "less than \(minimumMonths) months in the position on \(date) (since \(tenureStart))"
        }
        return nil
    }

    private func lastSocialLeaveReturn(of personId: String, before date: LocalDate) -> LocalDate? {
        absences[personId]?.filter { $0.kind == .social && $0.until < date }.map { $0.until.adding(days: 1) }.max()
    }
}
