import LedgerCore

/// An act of the records office, or a confidential read.
public enum RecordsAct: Sendable {
    case recordRead(caseStream: String, what: String, reason: String)
    case placeHold(holdId: String, caseStream: String, basis: String)
    case liftHold(holdId: String, basis: String)
    case certifyPurge(certificateId: String, legalBasis: String, purgedOn: LocalDate, cases: [DueCase])
}

/// A case whose retention has run out, with the events whose payloads go.
public struct DueCase: Sendable, Equatable {
    public let caseStream: String
    public let endedOn: LocalDate
    public let dueOn: LocalDate
    /// Seq, type and payload digest of every event of the case and about it that still has a payload.
    public let events: [(seq: Int64, type: String, payloadDigest: String)]

    public static func == (a: DueCase, b: DueCase) -> Bool {
        a.caseStream == b.caseStream && a.endedOn == b.endedOn && a.dueOn == b.dueOn && a.events.map(\.seq) == b.events.map(\.seq)
    }
}

/// Decides reads, holds and purge certificates (001 §8, 004 §15, §16, §21; design.md §12).
public struct RecordsRulebook: Sendable {
    public init() {}

    /// 001 §8, 004 §15: a purge is irreversible, so it is never dated after the day it is done (in
    /// Almaty) — a purge "on 2099-12-31" would remove today cases kept until 2027.
    public static func requireNotFuture(purgedOn: LocalDate, at occurredAt: Timestamp) throws {
        let today = BodyTimeZone.localDate(of: occurredAt, zone: "Asia/Almaty")
        guard purgedOn <= today else {
            throw Refusal.because("001 §8; 004 §15", field: "payload.purgedOn", "a purge is dated \(purgedOn), after the day it is done (\(today)): a purge is never dated in the future")
        }
    }

    public func decide(_ act: RecordsAct, by actor: Actor, at occurredAt: Timestamp, schedule: RetentionSchedule) throws -> EventDraft {
        func draft(_ descriptor: EventTypeDescriptor, _ members: [(String, JSONValue)]) -> EventDraft {
            EventDraft(type: descriptor.type, schemaVersion: descriptor.schemaVersion, occurredAt: occurredAt, actor: actor, payload: .object(members))
        }
        switch act {
        case .recordRead(let caseStream, let what, let reason):
            try Refusal.requireRole(actor, [Roles.auditor, Roles.appealsReviewer, Roles.operator], clause: "004 §21", act: "a recorded read of a confidential case")
            return draft(RecordsEvents.caseRead, [("caseStream", .string(caseStream)), ("what", .string(what)), ("reason", .string(reason))])

        case .placeHold(let holdId, let caseStream, let basis):
            try Refusal.requireRole(actor, [Roles.recordsOfficer], clause: "", act: "a legal hold")
            guard schedule.holds[holdId] == nil else { throw Refusal.because("", field: "payload.holdId", "hold \(holdId) exists already") }
            guard schedule.certified[caseStream] == nil else { throw Refusal.because("", field: "payload.caseStream", "\(caseStream) is purged already") }
            guard schedule.activeHold(on: caseStream) == nil else { throw Refusal.because("", field: "payload.caseStream", "\(caseStream) is under a hold already") }
            return draft(RecordsEvents.holdPlaced, [("holdId", .string(holdId)), ("caseStream", .string(caseStream)), ("basis", .string(basis))])

        case .liftHold(let holdId, let basis):
            try Refusal.requireRole(actor, [Roles.recordsOfficer], clause: "", act: "lifting a legal hold")
            guard let hold = schedule.holds[holdId], hold.liftedOn == nil else { throw Refusal.because("", field: "payload.holdId", "no active hold \(holdId)") }
            return draft(RecordsEvents.holdLifted, [("holdId", .string(holdId)), ("basis", .string(basis))])

        case .certifyPurge(let certificateId, let legalBasis, let purgedOn, let cases):
            try Refusal.requireRole(actor, [Roles.recordsOfficer], clause: "001 §8", act: "a retention purge")
            guard !schedule.certificateIds.contains(certificateId) else {
                throw Refusal.because("", field: "payload.certificateId", "certificate \(certificateId) exists already")
            }
            try Self.requireNotFuture(purgedOn: purgedOn, at: occurredAt)
            guard !cases.isEmpty else { throw Refusal.because("001 §8", field: "payload.cases", "no case is due for purge on \(purgedOn)") }
            for (index, due) in cases.enumerated() {
                // 001 §8, 004 §15: kept 3 years from the end of the evaluation; never while held.
                guard schedule.dueOn(due.caseStream, endedOn: due.endedOn).map({ $0 <= purgedOn }) == true, schedule.certified[due.caseStream] == nil else {
                    throw Refusal.because("001 §8; 004 §15", field: "payload.cases[\(index)]", "\(due.caseStream) is not due for purge on \(purgedOn) (held, purged, or kept until \(due.dueOn))")
                }
            }
            let items: [JSONValue] = cases.map { due in
                ["caseStream": .string(due.caseStream), "endedOn": .string(due.endedOn.description), "dueOn": .string(due.dueOn.description),
                 "events": .array(due.events.map { ["seq": .integer($0.seq), "type": .string($0.type), "payloadDigest": .string($0.payloadDigest)] })]
            }
            return draft(RecordsEvents.purgeCertified, [
                ("certificateId", .string(certificateId)), ("legalBasis", .string(legalBasis)), ("purgedOn", .string(purgedOn.description)), ("cases", .array(items)),
            ])
        }
    }
}
