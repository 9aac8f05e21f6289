import LedgerCore

/// Calibration sessions (калибрлеу сессиясы, 004 §13, §38–§43) and the complaint after them (004 §14,
/// APC Art. 91–92, 136).
///
/// **Tie rule** (domain.md §7.4, decided here): each participant votes for one final score; a score
/// becomes final only with more than half of the votes cast. A tie, or a split with no such score,
/// keeps the evaluator's score: a correction needs a majority (004 §42: "by the majority vote").
extension QuarterlyRulebook {
    private func quarterField(_ quarter: Int) -> (String, JSONValue) { ("quarter", .integer(Int64(quarter))) }

    /// The quarter's calibration, refused when there is none.
    private func calibration(_ quarter: Int, _ facts: Facts, clause: String) throws -> QuarterlyCaseState.Calibration {
        try requireQuarter(quarter)
        guard let calibration = facts.state.quarter(quarter).calibration else {
            throw Refusal.because(clause, field: "payload.quarter", "no calibration session was applied for on quarter \(quarter)")
        }
        return calibration
    }

    /// A convened session whose protocol is not signed yet.
    private func openSession(_ quarter: Int, _ facts: Facts, clause: String) throws -> (QuarterlyCaseState.Calibration, String) {
        let calibration = try calibration(quarter, facts, clause: clause)
        guard let sessionId = calibration.sessionId else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationConvening), field: "payload.quarter", "the maslikhat chair has not convened the session yet")
        }
        guard calibration.protocolSignedOn == nil else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationVote), field: "payload.quarter", "the session's protocol is signed already")
        }
        return (calibration, sessionId)
    }

    /// 004 §13: the servant applies within 5 working days of familiarisation (late: recorded and flagged).
    func applyForCalibration(quarter: Int, reason: String, _ facts: Facts) throws -> Decision {
        try facts.requireServant(clause: facts.parameters.cite(.quarterlyCalibrationApplication), act: "an application for a calibration session")
        try requireQuarter(quarter)
        let record = facts.state.quarter(quarter)
        guard let familiarisedOn = record.familiarisedOn else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationApplication), field: "payload.quarter", "the servant applies after familiarisation with quarter \(quarter)'s results; none is recorded")
        }
        guard record.calibration == nil else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationApplication), field: "payload.quarter", "a calibration session of quarter \(quarter) was applied for already")
        }
        let days = facts.parameters.calibrationApplicationWorkingDays
        let finding = try DeadlineFinding.within(
            days, after: familiarisedOn, actedOn: facts.on, clause: facts.parameters.cite(.quarterlyCalibrationApplication), rule: "application within \(days) working days of familiarisation", calendar: facts.calendar)
        return facts.event(QuarterlyEvents.calibrationApplied, [quarterField(quarter), ("reason", .string(reason))], [finding])
    }

    /// 004 §39–§40: the chair decides and approves the composition within 3 working days; the
    /// evaluator takes part (004 §42), the evaluated servant does not vote on their own grade.
    func conveneCalibration(quarter: Int, sessionId: String, participants: [String], sessionDate: LocalDate, _ facts: Facts) throws -> Decision {
        try facts.require(facts.organisation.holder(of: Roles.maslikhatChair, on: facts.on), as: Roles.maslikhatChair, clause: facts.parameters.cite(.quarterlyCalibrationConvening), act: "convening a calibration session")
        let calibration = try calibration(quarter, facts, clause: facts.parameters.cite(.quarterlyCalibrationConvening))
        guard calibration.sessionId == nil else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationConvening), field: "payload.quarter", "the session of quarter \(quarter) is convened already")
        }
        guard Set(participants).count == participants.count else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationConvening), field: "payload.participants", "each participant is named once")
        }
        guard participants.contains(facts.state.evaluatorId) else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationVote), field: "payload.participants", "the evaluator (\(facts.state.evaluatorId)) argues the grade at the session and takes part")
        }
        guard !participants.contains(facts.state.personId) else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationVote), field: "payload.participants", "the evaluated servant does not vote on their own grade")
        }
        let days = facts.parameters.calibrationDecisionWorkingDays
        let finding = try DeadlineFinding.within(
            days, after: calibration.appliedOn, actedOn: facts.on, clause: facts.parameters.cite(.quarterlyCalibrationConvening), rule: "the chair's decision within \(days) working days of the application", calendar: facts.calendar)
        return facts.event(QuarterlyEvents.calibrationConvened, [
            quarterField(quarter), ("sessionId", .string(sessionId)), ("participants", .array(participants.map(JSONValue.string))),
            ("sessionDate", .string(sessionDate.description)),
        ], [finding])
    }

    /// 004 §42: the evaluator argues the grade first; then participants support it or argue a correction up or down.
    func argueCalibration(quarter: Int, position: String, proposedScore: String?, argument: String, _ facts: Facts) throws -> Decision {
        let (calibration, sessionId) = try openSession(quarter, facts, clause: facts.parameters.cite(.quarterlyCalibrationVote))
        let before = facts.state.quarter(quarter).evaluatorScore!
        if facts.actor.person == facts.state.evaluatorId {
            try facts.requireEvaluator(clause: facts.parameters.cite(.quarterlyCalibrationVote), act: "the evaluator's argument")
            guard position == "support" else {
                throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationVote), field: "payload.position", "the evaluator describes the work and argues their own grade (support)")
            }
        } else {
            guard calibration.participants.contains(facts.actor.person), facts.actor.role == Roles.calibrationParticipant else {
                throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationVote), field: "actor", "arguments are given by the session's participants (\(calibration.participants.joined(separator: ", "))); got \(facts.actor.person) as \(facts.actor.role)")
            }
            guard calibration.arguments.contains(where: { $0.personId == facts.state.evaluatorId }) else {
                throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationVote), field: "actor", "the evaluator describes the work and argues the grade first")
            }
        }
        var members: [(String, JSONValue)] = [quarterField(quarter), ("sessionId", .string(sessionId)), ("position", .string(position))]
        if position != "support" {
            guard let text = proposedScore, let proposed = try? calibrationScore(text, field: "payload.proposedScore", facts),
                position == "raise" ? proposed > before : proposed < before
            else {
                throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationVote), field: "payload.proposedScore", "a correction to \(position) the grade from \(before.exactText) names a score \(position == "raise" ? "above" : "below") it, 0–5")
            }
            members.append(("proposedScore", .string(text)))
        }
        members.append(("argument", .string(argument)))
        return facts.event(QuarterlyEvents.calibrationArgued, members)
    }

    /// A final score voted for: 0–5, at most two decimals.
    private func calibrationScore(_ text: String, field: String, _ facts: Facts) throws -> ExactScore {
        guard let score = ExactScore(decimal: text), score <= ExactScore(5), (score.numerator * 100) % score.denominator == 0 else {
            throw Refusal.because(facts.parameters.cite(.quarterlyBands), field: field, "a score is 0 to 5 with at most two decimals; got \(text)")
        }
        return score
    }

    /// 004 §42: each participant votes once, after the evaluator's argument.
    func voteCalibration(quarter: Int, score: String, _ facts: Facts) throws -> Decision {
        let (calibration, sessionId) = try openSession(quarter, facts, clause: facts.parameters.cite(.quarterlyCalibrationVote))
        guard calibration.participants.contains(facts.actor.person), facts.actor.role == Roles.calibrationParticipant else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationVote), field: "actor", "the session's participants vote (\(calibration.participants.joined(separator: ", "))); got \(facts.actor.person) as \(facts.actor.role)")
        }
        guard calibration.arguments.contains(where: { $0.personId == facts.state.evaluatorId }) else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationVote), field: "actor", "the vote follows the evaluator's argument")
        }
        guard !calibration.votes.contains(where: { $0.participantId == facts.actor.person }) else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationVote), field: "actor", "\(facts.actor.person) has voted already")
        }
        _ = try calibrationScore(score, field: "payload.score", facts)
        return facts.event(QuarterlyEvents.calibrationVoteCast, [quarterField(quarter), ("sessionId", .string(sessionId)), ("score", .string(score))])
    }

    /// The session's outcome by the tie rule above: the score with more than half of the votes, or the evaluator's.
    static func outcome(before: ExactScore, votes: [ExactScore]) -> (after: ExactScore, majority: Bool) {
        let tally = Dictionary(grouping: votes, by: { $0 }).mapValues(\.count)
        guard let (score, count) = tally.max(by: { $0.value < $1.value }), count * 2 > votes.count else { return (before, false) }
        return (score, true)
    }

    /// 004 §40, §42: the chair signs the protocol; the session within 10 working days of the application.
    func signCalibrationProtocol(quarter: Int, _ facts: Facts) throws -> Decision {
        try facts.require(facts.organisation.holder(of: Roles.maslikhatChair, on: facts.on), as: Roles.maslikhatChair, clause: facts.parameters.cite(.quarterlyCalibrationVote), act: "signing the session's protocol")
        let (calibration, sessionId) = try openSession(quarter, facts, clause: facts.parameters.cite(.quarterlyCalibrationVote))
        guard !calibration.votes.isEmpty else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationVote), field: "payload.quarter", "the final grade is taken by the participants' vote; no vote is cast")
        }
        let before = facts.state.quarter(quarter).evaluatorScore!
        let (after, majority) = Self.outcome(before: before, votes: calibration.votes.map(\.score))
        let correction = after > before ? "up" : after < before ? "down" : "none"
        let days = facts.parameters.calibrationSessionWorkingDays
        let finding = try DeadlineFinding.within(
            days, after: calibration.appliedOn, actedOn: facts.on, clause: facts.parameters.cite(.quarterlyCalibrationSession), rule: "the session within \(days) working days of the application", calendar: facts.calendar)
        let votes: [JSONValue] = calibration.votes.map { ["participantId": .string($0.participantId), "score": .string($0.score.decimalText!)] }
        return facts.event(QuarterlyEvents.calibrationProtocolSigned, [
            quarterField(quarter), ("sessionId", .string(sessionId)), ("before", .string(before.exactText)), ("votes", .array(votes)),
            ("majority", .bool(majority)), ("correction", .string(correction)),
        ] + result(after, facts), [finding])
    }

    /// 004 §42: HR places the protocol in the system within 3 working days of signing.
    func postCalibrationProtocol(quarter: Int, _ facts: Facts) throws -> Decision {
        try facts.requireHR(clause: facts.parameters.cite(.quarterlyCalibrationVote), act: "placing the protocol")
        let calibration = try calibration(quarter, facts, clause: facts.parameters.cite(.quarterlyCalibrationVote))
        guard let signedOn = calibration.protocolSignedOn, let sessionId = calibration.sessionId else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationVote), field: "payload.quarter", "the session's protocol is not signed yet")
        }
        guard calibration.postedOn == nil else { throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationVote), field: "payload.quarter", "the protocol is placed already") }
        let days = facts.parameters.protocolPostingWorkingDays
        let finding = try DeadlineFinding.within(
            days, after: signedOn, actedOn: facts.on, clause: facts.parameters.cite(.quarterlyCalibrationVote), rule: "protocol placed within \(days) working days of signing", calendar: facts.calendar)
        return facts.event(QuarterlyEvents.calibrationProtocolPosted, [quarterField(quarter), ("sessionId", .string(sessionId))], [finding])
    }

    /// 004 §43: the evaluator's feedback meeting, after the session (or the familiarisation when none was held).
    func holdFeedbackMeeting(quarter: Int, achievements: String, development: String, careerGoals: String, _ facts: Facts) throws -> Decision {
        try facts.requireEvaluator(clause: facts.parameters.cite(.quarterlyFeedback), act: "the feedback meeting")
        try requireQuarter(quarter)
        let record = facts.state.quarter(quarter)
        guard record.familiarisedOn != nil, record.calibration.map({ $0.protocolSignedOn != nil }) ?? true else {
            throw Refusal.because(facts.parameters.cite(.quarterlyFeedback), field: "payload.quarter", "the feedback meeting follows the results (and the calibration session, when one is held)")
        }
        return facts.event(QuarterlyEvents.feedbackMeetingHeld, [
            quarterField(quarter), ("achievements", .string(achievements)), ("development", .string(development)), ("careerGoals", .string(careerGoals)),
        ])
    }

    /// 004 §14, APC Art. 91: a complaint about the session's decision within 3 months of learning of it.
    func fileComplaint(quarter: Int, authority: String, learnedOn: LocalDate, _ facts: Facts) throws -> Decision {
        try facts.requireServant(clause: facts.parameters.cite(.quarterlyCalibrationAppeal), act: "a complaint")
        let calibration = try calibration(quarter, facts, clause: facts.parameters.cite(.quarterlyCalibrationAppeal))
        guard let signedOn = calibration.protocolSignedOn else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCalibrationAppeal), field: "payload.quarter", "a complaint is about a calibration decision; the protocol is not signed yet")
        }
        guard facts.state.quarter(quarter).complaint == nil else { throw Refusal.because(facts.parameters.cite(.quarterlyComplaint), field: "payload.quarter", "a complaint is filed already") }
        guard learnedOn >= signedOn, learnedOn <= facts.on else {
            throw Refusal.because(facts.parameters.cite(.quarterlyComplaint), field: "payload.learnedOn", "the servant learns of the decision between its signing (\(signedOn)) and the complaint (\(facts.on)); got \(learnedOn)")
        }
        let months = facts.parameters.complaintMonths
        let finding = try DeadlineFinding.byMonths(
            learnedOn.adding(months: months), actedOn: facts.on, clause: facts.parameters.cite(.quarterlyComplaint), rule: "complaint within \(months) months of learning of the decision", calendar: facts.calendar)
        return facts.event(QuarterlyEvents.complaintFiled, [quarterField(quarter), ("authority", .string(authority)), ("learnedOn", .string(learnedOn.description))], [finding])
    }

    /// APC Art. 91–92: the complaint's decision, by the authority that considers it.
    func decideComplaint(quarter: Int, outcome: String, reasoning: String, _ facts: Facts) throws -> Decision {
        try Refusal.requireRole(facts.actor, [Roles.agencyOfficer, Roles.firstHead], clause: facts.parameters.cite(.quarterlyComplaint), act: "deciding a complaint")
        try requireQuarter(quarter)
        guard let complaint = facts.state.quarter(quarter).complaint, complaint.outcome == nil else {
            throw Refusal.because(facts.parameters.cite(.quarterlyComplaint), field: "payload.quarter", "no complaint awaits a decision on quarter \(quarter)")
        }
        return facts.event(QuarterlyEvents.complaintDecided, [quarterField(quarter), ("outcome", .string(outcome)), ("reasoning", .string(reasoning))])
    }

    /// APC Art. 136: court only after the complaint's decision, within 1 month of it.
    func recordCourtDecision(quarter: Int, court: String, filedOn: LocalDate, outcome: String, decisionDate: LocalDate, _ facts: Facts) throws -> Decision {
        try facts.requireHR(clause: facts.parameters.cite(.quarterlyCourt), act: "recording a court decision")
        try requireQuarter(quarter)
        guard let complaint = facts.state.quarter(quarter).complaint, let decidedOn = complaint.decidedOn else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCourt), field: "payload.quarter", "court follows the pre-trial complaint's decision; none is recorded on quarter \(quarter)")
        }
        guard filedOn >= decidedOn, decisionDate >= filedOn else {
            throw Refusal.because(facts.parameters.cite(.quarterlyCourt), field: "payload.filedOn", "the claim is filed after the complaint's decision (\(decidedOn)) and decided after it is filed")
        }
        let months = facts.parameters.courtMonths
        let finding = try DeadlineFinding.byMonths(
            decidedOn.adding(months: months), actedOn: filedOn, clause: facts.parameters.cite(.quarterlyCourt), rule: "claim filed within \(months) month(s) of the complaint's decision", calendar: facts.calendar)
        return facts.event(QuarterlyEvents.courtDecisionRecorded, [
            quarterField(quarter), ("court", .string(court)), ("filedOn", .string(filedOn.description)), ("outcome", .string(outcome)),
            ("decisionDate", .string(decisionDate.description)),
        ], [finding])
    }
}
