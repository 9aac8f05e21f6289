import LedgerCore

/// One person's account and mandates as the access acts left them (stream `account/<personId>`), with
/// the moment of each change, so that what the person could do at any past moment can be replayed.
public struct AccountState: StreamFold {
    public enum Status: String, Sendable {
        case none, active, suspended, closed
    }

    /// A mandate to read cases in a scope for a period (design.md §12, §13).
    public struct Mandate: Sendable, Equatable {
        public let id: String
        public let power: String
        public let scope: String
        public let scopeId: String?
        public let from: LocalDate
        public let until: LocalDate
        public let basis: String
        public let grantedAt: Timestamp
        public var revokedAt: Timestamp?

        /// Whether the mandate covers `caseStream` of body `bodyId`.
        public func covers(caseStream: String, bodyId: String?) -> Bool {
            switch scope {
            case "ledger": true
            case "body": scopeId != nil && scopeId == bodyId
            default: scopeId == caseStream
            }
        }

        /// Whether it is in force on `date` as the ledger stood at `moment`.
        public func inForce(on date: LocalDate, at moment: Timestamp) -> Bool {
            grantedAt <= moment && from <= date && date <= until && (revokedAt.map { $0 > moment } ?? true)
        }
    }

    public private(set) var personId: String?
    public private(set) var bodyId: String?
    public private(set) var offices: [String] = []
    public private(set) var version: Int64 = 0
    /// Each change of status with the moment it was recorded, in order.
    public private(set) var history: [(at: Timestamp, status: Status)] = []
    public private(set) var mandates: [String: Mandate] = [:]

    public init() {}

    public mutating func apply(_ event: RecordedEvent) throws {
        version = event.version
        let payload = try event.payload()
        func text(_ name: String) -> String { payload[name]?.stringValue ?? "" }
        switch event.type {
        case AccessEvents.accountOpened.type:
            personId = text("personId")
            bodyId = payload["bodyId"]?.stringValue
            offices = payload.strings("offices")
            history.append((event.recordedAt, .active))
        case AccessEvents.accountSuspended.type: history.append((event.recordedAt, .suspended))
        case AccessEvents.accountReinstated.type: history.append((event.recordedAt, .active))
        case AccessEvents.accountClosed.type: history.append((event.recordedAt, .closed))
        case AccessEvents.mandateGranted.type:
            guard let from = LocalDate(text("from")), let until = LocalDate(text("until")) else { return }
            mandates[text("mandateId")] = Mandate(
                id: text("mandateId"), power: text("power"), scope: text("scope"), scopeId: payload["scopeId"]?.stringValue,
                from: from, until: until, basis: text("basis"), grantedAt: event.recordedAt)
        case AccessEvents.mandateRevoked.type:
            mandates[text("mandateId")]?.revokedAt = event.recordedAt
        default:
            return
        }
    }

    /// The account's status now (after every event folded).
    public var status: Status { history.last?.status ?? .none }

    /// The account's status as the ledger stood at `moment`.
    public func status(at moment: Timestamp) -> Status {
        history.last { $0.at <= moment }?.status ?? .none
    }

    /// Whether the account holds `office` and may use it at `moment`.
    public func holds(office: String, at moment: Timestamp) -> Bool {
        offices.contains(office) && status(at: moment) == .active
    }

    /// Whether a second factor is required at sign-in: the account's powers reach beyond its own cases.
    public var needsSecondFactor: Bool { !offices.isEmpty }

    /// The mandates in `power` that cover a case on `date`, as the ledger stood at `moment`.
    public func mandates(_ power: String, covering caseStream: String, bodyId: String?, on date: LocalDate, at moment: Timestamp) -> [Mandate] {
        guard holds(office: power, at: moment) else { return [] }
        return mandates.values.filter { $0.power == power && $0.inForce(on: date, at: moment) && $0.covers(caseStream: caseStream, bodyId: bodyId) }
            .sorted { $0.id < $1.id }
    }
}
