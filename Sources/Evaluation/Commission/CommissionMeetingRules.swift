import LedgerCore

public enum CommissionMeetingAct: Sendable {
    case schedule(meetingId: String, date: LocalDate, caseIds: [String], consentedBy: String)
    case notify(meetingId: String, personId: String)
    case hold(meetingId: String, present: [String])
    case putMotion(meetingId: String, motionId: String, caseId: String, proposal: String, revisedGrade: String?, reason: String?)
    /// The acting member's own open vote: true for, false against.
    case vote(meetingId: String, motionId: String, inFavour: Bool)
    case decide(meetingId: String, motionId: String)
}

/// The rules of a commission meeting (001 §29–§38; 002 numbers them one lower, §28–§37): the schedule
/// and notice (§29), quorum (§30), open votes (§32), majority and the chair's casting vote (§33), the
/// secretary who does not vote (§34), the decision on each result (§37–§38).
public struct CommissionMeetingRulebook: Sendable {
    public let quorumNumerator: Int
    public let quorumDenominator: Int
    public let noticeWorkingDaysBefore: Int
    public let calendar: WorkingDayCalendar
    public let timeZone: String
    /// The clauses the rules cite, from the version in force (001 or 002 numbering).
    public let clauses: ClauseTable

    /// The numbers come from the methodology version in force (2/3 and 7 working days in 2018).
    public init(parameters: AnnualEvaluationParameters, calendar: WorkingDayCalendar = .kazakhstan, timeZone: String = "Asia/Almaty") {
        clauses = parameters.clauses
        quorumNumerator = parameters.quorumNumerator
        quorumDenominator = parameters.quorumDenominator
        noticeWorkingDaysBefore = parameters.noticeWorkingDaysBefore
        self.calendar = calendar
        self.timeZone = timeZone
    }

    public func decide(_ act: CommissionMeetingAct, by actor: Actor, at occurredAt: Timestamp, commission: CommissionState) throws -> Decision {
        let on = BodyTimeZone.localDate(of: occurredAt, zone: timeZone)
        let meetingId: String? = switch act {
        case .schedule: nil
        case .notify(let id, _), .hold(let id, _), .putMotion(let id, _, _, _, _, _), .vote(let id, _, _), .decide(let id, _): id
        }
        // Design 16, 001 §30 (issue 28 §3): a meeting's acts are judged on the commission as composed on the
        // meeting's day by the orders recorded before its attendance — never by a later order; a schedule on
        // the commission of the day it is drawn up.
        let composition = meetingId.flatMap { id in commission.meetings[id].map { $0.composition ?? commission.composition(on: $0.date) } }
            ?? commission.composition(on: on)
        guard let commissionId = commission.commissionId, let chairId = composition.chairId, let secretaryId = composition.secretaryId else {
            throw Refusal.because(clauses.cite(.commissionFormation), field: "commissionId", "no commission has been formed")
        }
        func event(_ descriptor: EventTypeDescriptor, _ meetingId: String, _ members: [(String, JSONValue)]) -> EventDraft {
            EventDraft(type: descriptor.type, schemaVersion: 1, occurredAt: occurredAt, actor: actor,
                       payload: .object([("commissionId", .string(commissionId)), ("meetingId", .string(meetingId))] + members))
        }
        func requireSecretary(_ act: String) throws {
            guard actor.person == secretaryId, actor.role == Roles.hrOfficer || actor.role == Roles.commissionSecretary else {
                throw Refusal.because(clauses.cite(.commissionSchedule), field: "actor", "\(act) is done by the HR officer, the commission's secretary (\(secretaryId)); got \(actor.person) as \(actor.role)")
            }
        }
        func meeting(_ id: String) throws -> CommissionState.Meeting {
            guard let meeting = commission.meetings[id] else {
                throw Refusal.because("", field: "payload.meetingId", "no meeting \(id) is scheduled")
            }
            return meeting
        }
        func requireQuorum(_ meeting: CommissionState.Meeting) throws {
            guard let present = meeting.present else {
                throw Refusal.because(clauses.cite(.commissionQuorum), field: "payload.meetingId", "the meeting has not been opened with its attendance")
            }
            guard composition.hasQuorum(present: present, numerator: quorumNumerator, denominator: quorumDenominator) else {
                throw Refusal.because(
                    clauses.cite(.commissionQuorum), field: "payload.meetingId",
                    "no decision without a quorum: \(present.intersection(composition.memberIds).count) of \(composition.memberIds.count) members present, \(quorumNumerator)/\(quorumDenominator) needed")
            }
        }
        func motion(_ meeting: CommissionState.Meeting, _ id: String) throws -> CommissionState.Motion {
            guard let motion = meeting.motions[id] else { throw Refusal.because("", field: "payload.motionId", "no motion \(id) was put") }
            guard motion.carried == nil else { throw Refusal.because(clauses.cite(.commissionMajority), field: "payload.motionId", "motion \(id) is decided already") }
            return motion
        }

        switch act {
        case .schedule(let meetingId, let date, let caseIds, let consentedBy):
            try requireSecretary("the evaluation schedule")
            guard consentedBy == chairId else {
                throw Refusal.because(clauses.cite(.commissionSchedule), field: "payload.consentedBy", "the schedule needs the chair's consent (\(chairId)); got \(consentedBy)")
            }
            guard commission.meetings[meetingId] == nil else {
                throw Refusal.because("", field: "payload.meetingId", "meeting \(meetingId) is scheduled already")
            }
            return Decision(events: [event(CommissionMeetingEvents.meetingScheduled, meetingId, [
                ("date", .string(date.description)), ("caseIds", .array(caseIds.map { .string($0) })), ("consentedBy", .string(consentedBy)),
            ])])

        case .notify(let meetingId, let personId):
            try requireSecretary("notifying the persons concerned")
            let meeting = try meeting(meetingId)
            let finding = try DeadlineFinding.before(
                noticeWorkingDaysBefore, before: meeting.date, actedOn: on, clause: clauses.cite(.commissionSchedule),
                rule: "persons concerned notified no later than \(noticeWorkingDaysBefore) working days before the evaluation", calendar: calendar)
            return Decision(events: [event(CommissionMeetingEvents.noticeGiven, meetingId, [("personId", .string(personId))])], findings: [finding])

        case .hold(let meetingId, let present):
            try requireSecretary("recording the attendance")
            let meeting = try meeting(meetingId)
            guard meeting.present == nil else { throw Refusal.because("", field: "payload.meetingId", "the meeting's attendance is recorded already") }
            if present.contains(secretaryId) {
                throw Refusal.because(clauses.cite(.commissionSecretary), field: "payload.present", "the secretary does not vote and is not counted among the members present")
            }
            if let outsider = present.first(where: { !composition.memberIds.contains($0) }) {
                throw Refusal.because(clauses.cite(.commissionQuorum), field: "payload.present", "\(outsider) is not a member of the commission")
            }
            let quorate = composition.hasQuorum(present: Set(present), numerator: quorumNumerator, denominator: quorumDenominator)
            return Decision(events: [event(CommissionMeetingEvents.meetingHeld, meetingId, [
                ("present", .array(present.map { .string($0) })), ("quorate", .bool(quorate)),
            ])])

        case .putMotion(let meetingId, let motionId, let caseId, let proposal, let revisedGrade, let reason):
            guard actor.person == chairId, actor.role == Roles.commissionChair else {
                throw Refusal.because(clauses.cite(.commissionDecision), field: "actor", "the chair (\(chairId)) puts motions; got \(actor.person) as \(actor.role)")
            }
            let meeting = try meeting(meetingId)
            try requireQuorum(meeting)
            guard meeting.caseIds.contains(caseId) else {
                throw Refusal.because(clauses.cite(.commissionSchedule), field: "payload.caseId", "case \(caseId) is not on this meeting's schedule")
            }
            guard meeting.motions[motionId] == nil else { throw Refusal.because("", field: "payload.motionId", "motion \(motionId) exists already") }
            guard proposal == "approve" || revisedGrade != nil else {
                throw Refusal.because(clauses.cite(.commissionRevision), field: "payload.revisedGrade", "a revision states the result the commission would put in its place")
            }
            var members: [(String, JSONValue)] = [("motionId", .string(motionId)), ("caseId", .string(caseId)), ("proposal", .string(proposal))]
            if let revisedGrade { members.append(("revisedGrade", .string(revisedGrade))) }
            if let reason { members.append(("reason", .string(reason))) }
            return Decision(events: [event(CommissionMeetingEvents.motionPut, meetingId, members)])

        case .vote(let meetingId, let motionId, let inFavour):
            guard actor.person != secretaryId else {
                throw Refusal.because(clauses.cite(.commissionSecretary), field: "actor", "the secretary (\(secretaryId)) does not vote")
            }
            guard composition.memberIds.contains(actor.person), actor.role == Roles.commissionMember || actor.role == Roles.commissionChair else {
                throw Refusal.because(clauses.cite(.commissionOpenVote), field: "actor", "only members vote; \(actor.person) is not a member of the commission")
            }
            let meeting = try meeting(meetingId)
            guard meeting.present?.contains(actor.person) == true else {
                throw Refusal.because(clauses.cite(.commissionQuorum), field: "actor", "\(actor.person) is not recorded as present and cannot vote")
            }
            let motion = try motion(meeting, motionId)
            guard motion.votes[actor.person] == nil else {
                throw Refusal.because(clauses.cite(.commissionOpenVote), field: "actor", "\(actor.person) has voted on motion \(motionId) already")
            }
            return Decision(events: [event(CommissionMeetingEvents.voteCast, meetingId, [
                ("motionId", .string(motionId)), ("memberId", .string(actor.person)), ("vote", .string(inFavour ? "for" : "against")),
            ])])

        case .decide(let meetingId, let motionId):
            guard actor.person == chairId, actor.role == Roles.commissionChair else {
                throw Refusal.because(clauses.cite(.commissionMajority), field: "actor", "the chair (\(chairId)) announces the decision; got \(actor.person) as \(actor.role)")
            }
            let meeting = try meeting(meetingId)
            try requireQuorum(meeting)
            let motion = try motion(meeting, motionId)
            // Majority of the votes cast by the members present (domain.md §7.5); on a tie the chair's vote decides.
            let votesFor = motion.votes.values.filter { $0 }.count
            let votesAgainst = motion.votes.count - votesFor
            guard votesFor + votesAgainst > 0 else { throw Refusal.because(clauses.cite(.commissionMajority), field: "payload.motionId", "no votes were cast on motion \(motionId)") }
            var carried = votesFor > votesAgainst
            let tie = votesFor == votesAgainst
            if tie {
                guard let chairVote = motion.votes[chairId] else {
                    throw Refusal.because(clauses.cite(.commissionMajority), field: "payload.motionId", "the votes are tied \(votesFor)–\(votesAgainst); the chair's vote decides, and the chair has not voted")
                }
                carried = chairVote
            }
            return Decision(events: [event(CommissionMeetingEvents.motionDecided, meetingId, [
                ("motionId", .string(motionId)), ("caseId", .string(motion.caseId)), ("votesFor", .integer(Int64(votesFor))),
                ("votesAgainst", .integer(Int64(votesAgainst))), ("carried", .bool(carried)), ("tieBrokenByChair", .bool(tie)),
            ])])
        }
    }
}
