import LedgerCore

/// The rules of the 2023 quarterly methodology (seed 004), every one with its clause. `decide` is
/// pure: it accepts an act with its events (deadlines judged and recorded in them), or refuses it
/// naming the rule. Calibration and the 360 are in their own files.
public struct QuarterlyRulebook: Sendable {
    public init() {}

    /// The facts one decision needs, gathered once.
    struct Facts {
        let state: QuarterlyCaseState
        let context: QuarterlyContext
        let parameters: QuarterlyEvaluationParameters
        let actor: Actor
        let occurredAt: Timestamp
        let on: LocalDate

        var organisation: OrganisationState { context.organisation }
        var calendar: WorkingDayCalendar { context.calendar }

        /// One event of the case, with the deadlines it was judged against.
        func event(_ descriptor: EventTypeDescriptor, _ members: [(String, JSONValue)], _ findings: [DeadlineFinding] = []) -> Decision {
            var fields: [(String, JSONValue)] = [("caseId", .string(state.caseId ?? ""))] + members
            if !findings.isEmpty { fields.append(("deadlines", .array(findings.map(\.json)))) }
            let draft = EventDraft(type: descriptor.type, schemaVersion: descriptor.schemaVersion, occurredAt: occurredAt, actor: actor, payload: .object(fields))
            return Decision(events: [draft], findings: findings)
        }

        /// Refuses unless the actor is `personId` acting as `role`.
        func require(_ personId: String?, as role: String, clause: String, act: String) throws {
            guard let personId, actor.person == personId, actor.role == role else {
                throw Refusal.because(clause, field: "actor", "\(act) is done by \(personId ?? "no one recorded") as \(role); got \(actor.person) as \(actor.role)")
            }
        }

        /// The body's HR officer (the chief specialist-lawyer of 004 §11, §20) on the act's day.
        func requireHR(clause: String, act: String) throws {
            try require(organisation.holder(of: Roles.hrOfficer, on: on), as: Roles.hrOfficer, clause: clause, act: act)
        }

        func requireEvaluator(clause: String, act: String) throws {
            try require(state.evaluatorId, as: Roles.evaluator, clause: clause, act: act)
        }

        func requireServant(clause: String, act: String) throws {
            try require(state.personId, as: Roles.servant, clause: clause, act: act)
        }
    }

    public func decide(_ act: QuarterlyAct, by actor: Actor, at occurredAt: Timestamp, state: QuarterlyCaseState, context: QuarterlyContext) throws -> Decision {
        let on = BodyTimeZone.localDate(of: occurredAt, zone: context.timeZone)
        if case .openCase(let caseId, let personId, let year) = act {
            return try open(caseId: caseId, personId: personId, year: year, by: actor, at: occurredAt, on: on, state: state, context: context)
        }
        guard state.caseId != nil else {
            throw Refusal.because("", field: "payload.caseId", "no quarterly evaluation case is open on this stream")
        }
        guard let version = context.methodology.quarterlyVersions[state.methodologyVersionId] else {
            throw Refusal.because("", field: "methodologyVersionId", "the case's methodology version \(state.methodologyVersionId) is not recorded")
        }
        let facts = Facts(state: state, context: context, parameters: version.parameters, actor: actor, occurredAt: occurredAt, on: on)
        switch act {
        case .openCase: fatalError("handled above")
        case .setPlan(let agreedBy, let kpis): return try setPlan(agreedBy: agreedBy, kpis: kpis, facts)
        case .changePlan(let agreedBy, let changeId, let kpis): return try changePlan(agreedBy: agreedBy, changeId: changeId, kpis: kpis, facts)
        case .placePlan: return try placePlan(facts)
        case .notifyEvaluation(let quarter, let channel): return try notifyEvaluation(quarter: quarter, channel: channel, facts)
        case .computeActualValues(let quarter, let values): return try computeActualValues(quarter: quarter, values: values, facts)
        case .scoreKpis(let quarter, let scores): return try scoreKpis(quarter: quarter, scores: scores, facts)
        case .scoreDifferentiation(let quarter, let score, let quality, let timeliness, let initiative, let discipline, let workload):
            return try scoreDifferentiation(
                quarter: quarter, score: score,
                parameters: [("quality", quality), ("timeliness", timeliness), ("initiative", initiative), ("discipline", discipline), ("workload", workload)], facts)
        case .exemptQuarter(let quarter): return try exempt(quarter: quarter, facts)
        case .familiarise(let quarter, let channel): return try familiarise(quarter: quarter, channel: channel, facts)
        case .applyForCalibration(let quarter, let reason): return try applyForCalibration(quarter: quarter, reason: reason, facts)
        case .conveneCalibration(let quarter, let sessionId, let participants, let sessionDate):
            return try conveneCalibration(quarter: quarter, sessionId: sessionId, participants: participants, sessionDate: sessionDate, facts)
        case .argueCalibration(let quarter, let position, let proposed, let argument):
            return try argueCalibration(quarter: quarter, position: position, proposedScore: proposed, argument: argument, facts)
        case .voteCalibration(let quarter, let score): return try voteCalibration(quarter: quarter, score: score, facts)
        case .signCalibrationProtocol(let quarter): return try signCalibrationProtocol(quarter: quarter, facts)
        case .postCalibrationProtocol(let quarter): return try postCalibrationProtocol(quarter: quarter, facts)
        case .holdFeedbackMeeting(let quarter, let achievements, let development, let careerGoals):
            return try holdFeedbackMeeting(quarter: quarter, achievements: achievements, development: development, careerGoals: careerGoals, facts)
        case .fileComplaint(let quarter, let authority, let learnedOn): return try fileComplaint(quarter: quarter, authority: authority, learnedOn: learnedOn, facts)
        case .decideComplaint(let quarter, let outcome, let reasoning): return try decideComplaint(quarter: quarter, outcome: outcome, reasoning: reasoning, facts)
        case .recordCourtDecision(let quarter, let court, let filedOn, let outcome, let decisionDate):
            return try recordCourtDecision(quarter: quarter, court: court, filedOn: filedOn, outcome: outcome, decisionDate: decisionDate, facts)
        case .openSurvey(let respondents): return try openSurvey(respondents: respondents, facts)
        case .recordDisagreement(let id, let raisedBy, let subject): return try recordDisagreement(id: id, raisedBy: raisedBy, subject: subject, facts)
        case .resolveDisagreement(let id, let parties, let resolution): return try resolveDisagreement(id: id, parties: parties, resolution: resolution, facts)
        case .recordSelfAssessment(let scores): return try recordSelfAssessment(scores: scores, facts)
        case .recordSurveyAnswers(let answers): return try recordSurveyAnswers(answers: answers, facts)
        }
    }

    // MARK: Opening

    /// 004 §3–§5, §22, §29–§30: a case per servant and year, bound to the version in force at its
    /// start; the method follows the role (KPIs for the head of apparatus), and so does the evaluator.
    private func open(
        caseId: String, personId: String, year: Int, by actor: Actor, at occurredAt: Timestamp, on: LocalDate,
        state: QuarterlyCaseState, context: QuarterlyContext
    ) throws -> Decision {
        let organisation = context.organisation
        let hr = organisation.holder(of: Roles.hrOfficer, on: on)
        guard let hr, actor.person == hr, actor.role == Roles.hrOfficer else {
            throw Refusal.because("004 §11", field: "actor", "a quarterly case is opened by the HR officer (\(hr ?? "none recorded")); got \(actor.person) as \(actor.role)")
        }
        guard state.caseId == nil else {
            throw Refusal.because("", field: "payload.caseId", "the case of \(personId) for \(year) is open already")
        }
        let yearStart = LocalDate(year: year, month: 1, day: 1)!, yearEnd = LocalDate(year: year, month: 12, day: 31)!
        guard let servant = organisation.servants[personId], servant.appointedOn <= yearEnd, (servant.dismissedOn.map { $0 >= yearStart } ?? true) else {
            throw Refusal.because("", field: "payload.personId", "\(personId) is not in the body's staff during \(year)")
        }
        let periodStart = max(yearStart, servant.appointedOn)
        guard let version = context.methodology.quarterlyInForce(on: periodStart) else {
            throw Refusal.because("004 §1", field: "payload.year", "no quarterly methodology version is in force on \(periodStart)")
        }
        let method: QuarterlyMethod = organisation.holder(of: Roles.headOfApparatus, on: periodStart) == personId ? .kpi : .differentiation
        let evaluator = method == .kpi
            ? organisation.directSupervisor(of: personId, on: periodStart)
            : organisation.holder(of: Roles.headOfApparatus, on: periodStart)
        guard let evaluator else {
            throw Refusal.because(
                version.parameters.cite(method == .kpi ? .quarterlyHeadByKpis : .quarterlyDifferentiation), field: "payload.personId",
                method == .kpi ? "the head of apparatus's evaluator is their direct supervisor; none is recorded on \(periodStart)"
                    : "the differentiation method is applied by the head of apparatus; none holds the role on \(periodStart)")
        }
        let payload: JSONValue = .object([
            ("caseId", .string(caseId)), ("bodyId", .string(organisation.bodyId ?? "")), ("personId", .string(personId)),
            ("year", .integer(Int64(year))), ("methodologyVersionId", .string(version.versionId)), ("method", .string(method.rawValue)),
            ("evaluatorId", .string(evaluator)), ("periodStart", .string(periodStart.description)), ("periodEnd", .string(yearEnd.description)),
        ])
        let type = QuarterlyEvents.caseOpened
        return Decision(events: [EventDraft(type: type.type, schemaVersion: type.schemaVersion, occurredAt: occurredAt, actor: actor, payload: payload)])
    }

    // MARK: KPI method (head of apparatus)

    private func requireKpiMethod(_ facts: Facts, clause: String) throws {
        guard facts.state.method == .kpi else {
            throw Refusal.because(clause, field: "caseId", "KPIs are for the head of apparatus; \(facts.state.personId) is evaluated by the differentiation method (004 §29)")
        }
    }

    /// 004 §24: 3 to 5 KPIs, numbered 1…n.
    private func checkKpis(_ kpis: [JSONValue], _ facts: Facts) throws {
        let parameters = facts.parameters
        guard (parameters.kpiMinimum...parameters.kpiMaximum).contains(kpis.count) else {
            throw Refusal.because(facts.parameters.cite(.quarterlyKpiCount), field: "payload.kpis", "a work plan holds \(parameters.kpiMinimum) to \(parameters.kpiMaximum) KPIs; got \(kpis.count)")
        }
        for (index, kpi) in kpis.enumerated() { try QuarterlyEvents.kpi.validate(kpi, at: "payload.kpis[\(index)]") }
        guard Set(kpis.compactMap { $0["number"]?.integerValue }) == Set(1...Int64(kpis.count)) else {
            throw Refusal.because("", field: "payload.kpis", "KPIs are numbered 1 to \(kpis.count), each once")
        }
    }

    /// The HR officer named as agreeing must hold the role (004 §23).
    private func checkAgreedBy(_ agreedBy: String, _ facts: Facts) throws {
        let hr = facts.organisation.holder(of: Roles.hrOfficer, on: facts.on)
        guard agreedBy == hr else {
            throw Refusal.because(facts.parameters.cite(.quarterlyPlan), field: "payload.agreedBy", "KPIs are agreed with the HR officer (\(hr ?? "none recorded") on \(facts.on)); got \(agreedBy)")
        }
    }

    /// 004 §23–§24: the plan within 10 WD of the period start or the appointment; none when under 3 months remain.
    private func setPlan(agreedBy: String, kpis: [JSONValue], _ facts: Facts) throws -> Decision {
        let state = facts.state, parameters = facts.parameters
        try facts.requireEvaluator(clause: facts.parameters.cite(.quarterlyPlan), act: "the work plan")
        try requireKpiMethod(facts, clause: facts.parameters.cite(.quarterlyPlan))
        guard state.planSetOn == nil else {
            throw Refusal.because(facts.parameters.cite(.quarterlyKpiChange), field: "payload.kpis", "the KPIs are set already; they change only on a change of the body's functions or structure")
        }
        let remaining = state.periodEnd.adding(days: 1)
        guard state.periodStart.adding(months: parameters.minimumMonthsForKpis) <= remaining else {
            throw Refusal.because(
                facts.parameters.cite(.quarterlyPlan), field: "payload.kpis",
                "appointed on \(state.periodStart), fewer than \(parameters.minimumMonthsForKpis) months remain to the period end \(state.periodEnd): no KPIs are set")
        }
        try checkAgreedBy(agreedBy, facts)
        try checkKpis(kpis, facts)
        let finding = try DeadlineFinding.within(
            parameters.planWorkingDays, after: state.periodStart, actedOn: facts.on, clause: facts.parameters.cite(.quarterlyPlan),
            rule: "KPIs set within \(parameters.planWorkingDays) working days of the period start or the appointment", calendar: facts.calendar)
        return facts.event(QuarterlyEvents.planSet, [("agreedBy", .string(agreedBy)), ("kpis", .array(kpis))], [finding])
    }

    /// 004 §23: HR places the plan in the system within 5 working days of its approval.
    private func placePlan(_ facts: Facts) throws -> Decision {
        try facts.requireHR(clause: facts.parameters.cite(.quarterlyPlan), act: "placing the work plan")
        guard let setOn = facts.state.planSetOn else { throw Refusal.because(facts.parameters.cite(.quarterlyPlan), field: "caseId", "no work plan is set yet") }
        guard facts.state.planPlacedOn == nil else { throw Refusal.because(facts.parameters.cite(.quarterlyPlan), field: "caseId", "the work plan is placed already") }
        let days = facts.parameters.planPlacementWorkingDays
        let finding = try DeadlineFinding.within(
            days, after: setOn, actedOn: facts.on, clause: facts.parameters.cite(.quarterlyPlan), rule: "plan placed in the system within \(days) working days of its approval", calendar: facts.calendar)
        return facts.event(QuarterlyEvents.planPlaced, [], [finding])
    }

    /// 004 §27, §31: the head is notified by the 5th of the month after the quarter, the others by the 10th.
    private func notifyEvaluation(quarter: Int, channel: String, _ facts: Facts) throws -> Decision {
        try facts.requireHR(clause: facts.state.method == .kpi ? facts.parameters.cite(.quarterlyHeadNotice) : facts.parameters.cite(.quarterlyServantNotice), act: "the notice of evaluation")
        try requireQuarter(quarter)
        guard facts.state.quarter(quarter).notifiedOn == nil else {
            throw Refusal.because(facts.parameters.cite(.quarterlyHeadNotice), field: "payload.quarter", "the servant is notified of quarter \(quarter)'s evaluation already")
        }
        let kpi = facts.state.method == .kpi
        let due = QuarterlyGrades.deadline(year: facts.state.year, quarter: quarter, day: kpi ? facts.parameters.kpiNoticeDay : facts.parameters.differentiationNoticeDay)
        let finding = try DeadlineFinding.by(due, actedOn: facts.on, clause: kpi ? facts.parameters.cite(.quarterlyHeadNotice) : facts.parameters.cite(.quarterlyServantNotice), rule: "notice of quarter \(quarter)'s evaluation", calendar: facts.calendar)
        return facts.event(QuarterlyEvents.evaluationNotified, [("quarter", .integer(Int64(quarter))), ("channel", .string(channel))], [finding])
    }

    /// 004 §26: KPIs change only when the body's functions or structure change, by a recorded act.
    private func changePlan(agreedBy: String, changeId: String, kpis: [JSONValue], _ facts: Facts) throws -> Decision {
        let state = facts.state
        try facts.requireEvaluator(clause: facts.parameters.cite(.quarterlyKpiChange), act: "a KPI change")
        try requireKpiMethod(facts, clause: facts.parameters.cite(.quarterlyKpiChange))
        guard let planSetOn = state.planSetOn else {
            throw Refusal.because(facts.parameters.cite(.quarterlyKpiChange), field: "payload.kpis", "no KPIs are set yet to change")
        }
        guard let effective = facts.organisation.structureChanges[changeId] else {
            throw Refusal.because(facts.parameters.cite(.quarterlyKpiChange), field: "payload.changeId", "KPIs change only on a recorded change of the body's functions or structure; \(changeId) is not recorded")
        }
        guard effective >= planSetOn, effective <= facts.on, !state.usedStructureChanges.contains(changeId) else {
            throw Refusal.because(
                facts.parameters.cite(.quarterlyKpiChange), field: "payload.changeId",
                "the change \(changeId) (effective \(effective)) must take effect after the KPIs were set (\(planSetOn)), by the day of the change, and ground one change only")
        }
        try checkAgreedBy(agreedBy, facts)
        try checkKpis(kpis, facts)
        return facts.event(QuarterlyEvents.planChanged, [("agreedBy", .string(agreedBy)), ("changeId", .string(changeId)), ("kpis", .array(kpis))])
    }

    /// 004 §23: HR's actual values reach the evaluator 5 working days before the deadline.
    private func computeActualValues(quarter: Int, values: [(number: Int, actualValue: String, completion: String)], _ facts: Facts) throws -> Decision {
        try facts.requireHR(clause: facts.parameters.cite(.quarterlyPlan), act: "the actual KPI values")
        try requireKpiMethod(facts, clause: facts.parameters.cite(.quarterlyPlan))
        try requireQuarterEnded(quarter, facts, lastDayAllowed: true)
        guard !facts.state.kpiNumbers.isEmpty else { throw Refusal.because(facts.parameters.cite(.quarterlyPlan), field: "quarter", "no KPIs are set") }
        guard values.map(\.number).sorted() == facts.state.kpiNumbers else {
            throw Refusal.because(facts.parameters.cite(.quarterlyPlan), field: "payload.values", "one value per KPI of the plan (\(facts.state.kpiNumbers.map(String.init).joined(separator: ", ")))")
        }
        for (index, value) in values.enumerated() where ExactScore(decimal: value.completion) == nil || ExactScore(decimal: value.actualValue) == nil {
            throw LedgerError.invalid("payload.values[\(index)]", "actualValue and completion are exact non-negative decimals")
        }
        let deadline = QuarterlyGrades.deadline(year: facts.state.year, quarter: quarter, day: facts.parameters.quarterDeadlineDay)
        let finding = try DeadlineFinding.before(
            facts.parameters.actualValuesWorkingDaysBefore, before: deadline, actedOn: facts.on, clause: facts.parameters.cite(.quarterlyPlan),
            rule: "actual values sent to the evaluator \(facts.parameters.actualValuesWorkingDaysBefore) working days before the deadline \(deadline)", calendar: facts.calendar)
        let lines: [JSONValue] = values.sorted { $0.number < $1.number }.map {
            ["number": .integer(Int64($0.number)), "actualValue": .string($0.actualValue), "completion": .string($0.completion)]
        }
        return facts.event(QuarterlyEvents.actualValuesComputed, [("quarter", .integer(Int64(quarter))), ("values", .array(lines))], [finding])
    }

    /// 004 §28 (domain.md §7.2): each KPI 0–5 within the App. 3 table; the quarter's score is their mean.
    private func scoreKpis(quarter: Int, scores: [(number: Int, score: Int)], _ facts: Facts) throws -> Decision {
        try facts.requireEvaluator(clause: facts.parameters.cite(.quarterlyKpiScore), act: "the KPI evaluation sheet")
        try requireKpiMethod(facts, clause: facts.parameters.cite(.quarterlyKpiScore))
        try requireScorable(quarter, facts)
        let completion = facts.state.quarter(quarter).completion
        guard !completion.isEmpty else {
            throw Refusal.because(facts.parameters.cite(.quarterlyPlan), field: "quarter", "HR has not computed the actual KPI values of quarter \(quarter) yet")
        }
        guard scores.map(\.number).sorted() == completion.keys.sorted() else {
            throw Refusal.because(facts.parameters.cite(.quarterlyKpiScore), field: "payload.scores", "one score per KPI of the plan (\(completion.keys.sorted().map(String.init).joined(separator: ", ")))")
        }
        var lines: [JSONValue] = []
        for (index, line) in scores.sorted(by: { $0.number < $1.number }).enumerated() {
            let done = completion[line.number]!
            try facts.parameters.checkKpiScore(line.score, completion: done, field: "payload.scores[\(index)].score")
            lines.append(["number": .integer(Int64(line.number)), "completion": .string(done.decimalText!), "score": .integer(Int64(line.score))])
        }
        let score = QuarterlyGrades.quarterScore(kpiScores: scores.map(\.score))!
        return facts.event(
            QuarterlyEvents.kpisScored, [("quarter", .integer(Int64(quarter))), ("scores", .array(lines))] + result(score, facts),
            try scoringDeadlines(quarter, facts, kpi: true))
    }

    // MARK: Differentiation method (other servants)

    /// 004 §30–§33: one 0–5 score per quarter by the head of apparatus, with the four parameters.
    private func scoreDifferentiation(quarter: Int, score: Int, parameters: [(String, String)], _ facts: Facts) throws -> Decision {
        try facts.requireEvaluator(clause: facts.parameters.cite(.quarterlyDifferentiation), act: "the differentiation sheet")
        guard facts.state.method == .differentiation else {
            throw Refusal.because(facts.parameters.cite(.quarterlyHeadByKpis), field: "caseId", "the head of apparatus is evaluated by KPIs, not by the differentiation method")
        }
        guard (0...5).contains(score) else {
            throw Refusal.because(facts.parameters.cite(.quarterlyDifferentiationSheet), field: "payload.score", "the differentiation score is 0 to 5; got \(score)")
        }
        try requireScorable(quarter, facts)
        let members: [(String, JSONValue)] = [("quarter", .integer(Int64(quarter)))] + parameters.map { ($0.0, .string($0.1)) }
        return facts.event(QuarterlyEvents.differentiationScored, members + result(ExactScore(Int64(score)), facts), try scoringDeadlines(quarter, facts, kpi: false))
    }

    /// The quarter's score, as stored: exact, rounded and banded (004 §8).
    func result(_ score: ExactScore, _ facts: Facts) -> [(String, JSONValue)] {
        [("score", .string(score.exactText)), ("rounded", .string(score.description)), ("result", .string(facts.parameters.band(of: score).result))]
    }

    // MARK: Quarters, exemptions, familiarisation

    public static func quarterDates(year: Int, quarter: Int) -> (start: LocalDate, end: LocalDate) {
        let start = LocalDate(year: year, month: (quarter - 1) * 3 + 1, day: 1)!
        return (start, start.adding(months: 3).adding(days: -1))
    }

    func requireQuarter(_ quarter: Int) throws {
        guard (1...4).contains(quarter) else { throw Refusal.because("", field: "payload.quarter", "a quarter is 1 to 4; got \(quarter)") }
    }

    /// A quarter is evaluated after it ends (004 §5); HR's actual values may be taken on its last day,
    /// since they are due 5 working days before the deadline, which can fall on it (Q4 2024: 31 Dec).
    private func requireQuarterEnded(_ quarter: Int, _ facts: Facts, lastDayAllowed: Bool = false) throws {
        try requireQuarter(quarter)
        let end = Self.quarterDates(year: facts.state.year, quarter: quarter).end
        guard facts.on > end || (lastDayAllowed && facts.on == end) else {
            throw Refusal.because(facts.parameters.cite(.quarterlyDeadline), field: "payload.quarter", "quarter \(quarter) is evaluated on its results, after it ends on \(end)")
        }
    }

    /// 004 §6: why a quarter is not evaluated: under the minimum time in the position within it.
    func exemption(of quarter: Int, _ facts: Facts) -> String? {
        let (start, end) = Self.quarterDates(year: facts.state.year, quarter: quarter)
        guard let servant = facts.organisation.servants[facts.state.personId] else { return "not in the body's staff" }
        let from = max(start, servant.appointedOn), until = min(end, servant.dismissedOn ?? end)
        guard from <= until else { return "not in the position during quarter \(quarter) (\(start)–\(end))" }
        let months = facts.parameters.minimumMonthsInPosition
        if from.adding(months: months) > until.adding(days: 1) {
            return "in the position \(from)–\(until), less than \(months) month\(months == 1 ? "" : "s") of quarter \(quarter)"
        }
        return nil
    }

    /// A quarter that has ended, is not exempt and has no score yet.
    private func requireScorable(_ quarter: Int, _ facts: Facts) throws {
        try requireQuarterEnded(quarter, facts)
        if let reason = exemption(of: quarter, facts) {
            throw Refusal.because(facts.parameters.cite(.quarterlyExemption), field: "payload.quarter", "\(facts.state.personId) is not evaluated for quarter \(quarter): \(reason)")
        }
        guard facts.state.quarter(quarter).evaluatorScore == nil else {
            throw Refusal.because(facts.parameters.cite(.quarterlyDeadline), field: "payload.quarter", "quarter \(quarter) is scored already; a correction is a calibration session's (004 §42)")
        }
    }

    /// 004 §5–§7: the quarter's deadline; for KPIs, a servant away at the deadline is evaluated within
    /// 5 working days of the return; differentiation goes ahead without them, as for the dismissed.
    /// 004 §11: with the year's schedule approved by the maslikhat chair, also the date it sets.
    private func scoringDeadlines(_ quarter: Int, _ facts: Facts, kpi: Bool) throws -> [DeadlineFinding] {
        let deadline = QuarterlyGrades.deadline(year: facts.state.year, quarter: quarter, day: facts.parameters.quarterDeadlineDay)
        let days = facts.parameters.afterReturnWorkingDays
        if kpi, let absence = facts.organisation.absence(of: facts.state.personId, on: deadline) {
            let returnedOn = try facts.calendar.returnToWork(after: absence.until)
            let due = try facts.calendar.deadline(workingDays: days, after: returnedOn)
            if due > deadline {
                return [try .by(due, actedOn: facts.on, clause: facts.parameters.cite(.quarterlyExemption),
                                rule: "KPI evaluation within \(days) working days of the return to work on \(returnedOn) (away: \(absence.kind.rawValue))",
                                calendar: facts.calendar)]
            }
        }
        var findings = [try DeadlineFinding.by(deadline, actedOn: facts.on, clause: facts.parameters.cite(.quarterlyDeadline), rule: "quarter \(quarter) evaluated", calendar: facts.calendar)]
        if let scheduled = facts.context.schedule.approvedDate(of: quarter) {
            findings.append(try .by(scheduled, actedOn: facts.on, clause: facts.parameters.cite(.quarterlySchedule), rule: "quarter \(quarter) evaluated on the schedule the maslikhat chair approved", calendar: facts.calendar))
        }
        return findings
    }

    /// 004 §6: HR records that a quarter is not evaluated, only when the rule says so.
    private func exempt(quarter: Int, _ facts: Facts) throws -> Decision {
        try facts.requireHR(clause: facts.parameters.cite(.quarterlyExemption), act: "an exemption")
        try requireQuarter(quarter)
        guard facts.state.quarter(quarter).evaluatorScore == nil, facts.state.quarter(quarter).exemption == nil else {
            throw Refusal.because(facts.parameters.cite(.quarterlyExemption), field: "payload.quarter", "quarter \(quarter) is scored or exempted already")
        }
        guard let reason = exemption(of: quarter, facts) else {
            throw Refusal.because(facts.parameters.cite(.quarterlyExemption), field: "payload.quarter", "\(facts.state.personId) was in the position at least \(facts.parameters.minimumMonthsInPosition) month(s) of quarter \(quarter): the quarter is evaluated")
        }
        return facts.event(QuarterlyEvents.quarterExempted, [("quarter", .integer(Int64(quarter))), ("reason", .string(reason))])
    }

    /// 004 §12: familiarisation within 2 working days after the evaluation.
    private func familiarise(quarter: Int, channel: String, _ facts: Facts) throws -> Decision {
        try facts.requireHR(clause: facts.parameters.cite(.quarterlyFamiliarisation), act: "familiarisation")
        try requireQuarter(quarter)
        let record = facts.state.quarter(quarter)
        guard let scoredOn = record.scoredOn else {
            throw Refusal.because(facts.parameters.cite(.quarterlyFamiliarisation), field: "payload.quarter", "quarter \(quarter) has no result to familiarise with yet")
        }
        guard record.familiarisedOn == nil else {
            throw Refusal.because(facts.parameters.cite(.quarterlyFamiliarisation), field: "payload.quarter", "the servant is familiarised with quarter \(quarter) already")
        }
        let days = facts.parameters.familiarisationWorkingDays
        let finding = try DeadlineFinding.within(
            days, after: scoredOn, actedOn: facts.on, clause: facts.parameters.cite(.quarterlyFamiliarisation), rule: "results shown within \(days) working days of the evaluation", calendar: facts.calendar)
        return facts.event(QuarterlyEvents.familiarised, [("quarter", .integer(Int64(quarter))), ("channel", .string(channel))], [finding])
    }
}
