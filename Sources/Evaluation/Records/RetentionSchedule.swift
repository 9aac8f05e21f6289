import LedgerCore

/// The records office's stream folded: legal holds and the cases purged (stream `retention`).
public struct RetentionSchedule: StreamFold {
    public struct Hold: Sendable, Equatable {
        public let caseStream: String
        public let placedOn: LocalDate
        public var liftedOn: LocalDate?
    }

    public private(set) var version: Int64 = 0
    public private(set) var holds: [String: Hold] = [:]
    /// Every certificate's events, by case: a case listed here is purged (or its purge is under way).
    public private(set) var certified: [String: [Int64]] = [:]
    public private(set) var certificateIds: Set<String> = []

    public init() {}

    public mutating func apply(_ event: RecordedEvent) throws {
        version = event.version
        let payload = try event.payload()
        let on = BodyTimeZone.localDate(of: event.occurredAt, zone: "Asia/Almaty")
        switch event.type {
        case RecordsEvents.holdPlaced.type:
            holds[payload["holdId"]?.stringValue ?? ""] = Hold(caseStream: payload["caseStream"]?.stringValue ?? "", placedOn: on, liftedOn: nil)
        case RecordsEvents.holdLifted.type:
            holds[payload["holdId"]?.stringValue ?? ""]?.liftedOn = on
        case RecordsEvents.purgeCertified.type:
            certificateIds.insert(payload["certificateId"]?.stringValue ?? "")
            guard case .array(let cases)? = payload["cases"] else { return }
            for item in cases {
                guard let stream = item["caseStream"]?.stringValue, case .array(let events)? = item["events"] else { continue }
                certified[stream, default: []] += events.compactMap { $0["seq"]?.integerValue }
            }
        default:
            return
        }
    }

    public func activeHold(on stream: String) -> Hold? { holds.values.first { $0.caseStream == stream && $0.liftedOn == nil } }

    /// 001 §8, 004 §15: due 3 years after the case's end; the days a lifted hold lasted are added (the
    /// clock was suspended); nil while a hold is active.
    public func dueOn(_ stream: String, endedOn: LocalDate, years: Int = 3) -> LocalDate? {
        guard activeHold(on: stream) == nil else { return nil }
        let suspended = holds.values.filter { $0.caseStream == stream }.reduce(0) { total, hold in
            total + ((hold.liftedOn?.dayNumber ?? hold.placedOn.dayNumber) - hold.placedOn.dayNumber)
        }
        return endedOn.adding(months: 12 * years).adding(days: suspended)
    }
}
