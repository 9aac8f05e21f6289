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

    /// 001 §8 ("бағалау аяқталғаннан кейін үш жыл бойы сақталады": kept for three years after the
    /// evaluation ends), 004 §15: a case that ended on 21 Dec 2018 is kept through 21 Dec 2021, the last day
    /// of its three years, and is due for purge from 22 Dec 2021 — the day after. The days a lifted hold
    /// lasted are added (the clock was suspended); nil while a hold is active.
    public func dueOn(_ stream: String, endedOn: LocalDate, years: Int = 3) -> LocalDate? {
        guard activeHold(on: stream) == nil else { return nil }
        let suspended = holds.values.filter { $0.caseStream == stream }.reduce(0) { total, hold in
            total + ((hold.liftedOn?.dayNumber ?? hold.placedOn.dayNumber) - hold.placedOn.dayNumber)
        }
        return Self.keptThrough(endedOn: endedOn, years: years).adding(days: 1 + suspended)
    }

    /// The last day a case that ended on `endedOn` is kept (001 §8, 004 §15): the same day `years` later.
    public static func keptThrough(endedOn: LocalDate, years: Int = 3) -> LocalDate { endedOn.adding(months: 12 * years) }
}
