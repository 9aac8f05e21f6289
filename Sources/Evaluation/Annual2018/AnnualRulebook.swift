import LedgerCore

/// An act of the annual evaluation (2018 methodology), asked for by an actor.
public enum AnnualAct: Sendable {
    case openCase(caseId: String, personId: String, year: Int)
    /// The App. 1 KPIs, each an object of ``AnnualEvents/kpi``'s shape.
    case draftPlan(kpis: [JSONValue])
    case submitPlan
    case returnPlan(reason: String)
    case approvePlan
    case recordMonitoring(quarter: Int, recommendations: String)
    /// Per KPI of the plan: its number, the actual value (exact decimal text) and whether it was achieved.
    case signKpiSheet(results: [(number: Int, actualValue: String, achieved: Bool)])
    case returnKpiSheet(reason: String)
    case agreeKpiSheet
    /// Per competency: the behavioural indicators observed and not observed.
    case signCompetencySheet(competencies: [(competency: String, observed: [String], notObserved: [String])])
    case handToCommission(commissionId: String)
    case approveResult
    case recordFamiliarisation
    /// The act of refusal, signed by the HR officer and two other employees (001 §41).
    case recordFamiliarisationRefusal(signatories: [String])
    /// After a refusal act, HR sends the result through the intranet portal (001 §42), with its reference.
    case sendResult(reference: String)
    case fileAppeal(authority: String)
    case decideAppeal(outcome: String, reasoning: String)
    case recordCourtDecision(court: String, outcome: String, decisionDate: LocalDate)
}

/// What the rulebook reads besides the case: the body's staff, its methodology versions, the calendar.
public struct AnnualContext: Sendable {
    public let organisation: OrganisationState
    public let methodology: MethodologyVersions
    /// The commission the case's sheets went to, with its meetings and decisions.
    public let commission: CommissionState?
    public let calendar: WorkingDayCalendar
    public let timeZone: String

    public init(
        organisation: OrganisationState, methodology: MethodologyVersions, commission: CommissionState? = nil,
        calendar: WorkingDayCalendar = .kazakhstan, timeZone: String = "Asia/Almaty"
    ) {
        self.organisation = organisation
        self.methodology = methodology
        self.commission = commission
        self.calendar = calendar
        self.timeZone = timeZone
    }
}

/// The rules of the 2018 annual evaluation (seeds 001, 002), every one with its clause. `decide` is
/// pure: it accepts an act with its events and deadline findings, or refuses it naming the rule.
public struct AnnualRulebook: Sendable {
    public init() {}

    public func decide(_ act: AnnualAct, by actor: Actor, at occurredAt: Timestamp, state: AnnualCaseState, context: AnnualContext) throws -> Decision {
        let on = BodyTimeZone.localDate(of: occurredAt, zone: context.timeZone)
        func event(_ descriptor: EventTypeDescriptor, _ members: [(String, JSONValue)]) -> EventDraft {
            EventDraft(type: descriptor.type, schemaVersion: descriptor.schemaVersion, occurredAt: occurredAt, actor: actor,
                       payload: .object([("caseId", .string(state.caseId ?? ""))] + members))
        }

        if case .openCase(let caseId, let personId, let year) = act {
            return try open(caseId: caseId, personId: personId, year: year, by: actor, at: occurredAt, state: state, context: context)
        }
        guard state.caseId != nil else {
            throw Refusal.because("", field: "payload.caseId", "no annual evaluation case is open on this stream")
        }
        let parameters = try self.parameters(of: state, context: context)
        let organisation = context.organisation

        switch act {
        case .openCase:
            fatalError("handled above")

        case .draftPlan(let kpis):
            try requireDirectSupervisor(actor, of: state.personId, on: on, organisation: organisation, clause: parameters.cite(.annualPlan), act: "the work plan")
            switch state.plan {
            case .none, .drafted, .returned: break
            case .submitted: throw Refusal.because(parameters.cite(.annualPlanApproval), field: "kpis", "the plan is with the approver; it can change only after a return (\(parameters.cite(.annualPlanReturn)))")
            case .approved: throw Refusal.because(parameters.cite(.annualPlanApproval), field: "kpis", "the plan is approved already")
            }
            // 001 §14 (002 §13): exactly the methodology's number of KPIs.
            guard kpis.count == parameters.kpiCount else {
                throw Refusal.because(parameters.cite(.annualKpiCount), field: "payload.kpis", "an individual work plan holds exactly \(parameters.kpiCount) KPIs; got \(kpis.count)")
            }
            for (index, kpi) in kpis.enumerated() {
                try AnnualEvents.kpi.validate(kpi, at: "payload.kpis[\(index)]")
                // 001 §13: time-bound within the evaluated period.
                if let deadline = kpi["deadline"]?.stringValue.flatMap(LocalDate.init), deadline < state.periodStart || deadline > state.periodEnd {
                    throw Refusal.because(
                        parameters.cite(.annualKpiCriteria), field: "payload.kpis[\(index)].deadline",
                        "a KPI is time-bound within the evaluated period \(state.periodStart)–\(state.periodEnd); got \(deadline)")
                }
            }
            guard Set(kpis.compactMap { $0["number"]?.integerValue }) == Set((1...Int64(kpis.count))) else {
                throw Refusal.because("", field: "payload.kpis", "KPIs are numbered 1 to \(kpis.count), each once")
            }
            var findings: [DeadlineFinding] = []
            if state.plan == .none {
                findings.append(try .within(
                    parameters.planDueWorkingDays, after: state.periodStart, actedOn: on, clause: parameters.cite(.annualPlan),
                    rule: "KPIs defined within \(parameters.planDueWorkingDays) working days of the period start", calendar: context.calendar))
            }
            return Decision(events: [event(AnnualEvents.planDrafted, [("kpis", .array(kpis))])], findings: findings)

        case .submitPlan:
            try requireDirectSupervisor(actor, of: state.personId, on: on, organisation: organisation, clause: parameters.cite(.annualPlanApproval), act: "the work plan")
            guard state.plan == .drafted else {
                throw Refusal.because(parameters.cite(.annualPlanApproval), field: "caseId", "only a drafted plan is sent for approval; the plan is \(describe(state.plan))")
            }
            var findings: [DeadlineFinding] = []
            if let returned = state.lastReturnedOn {
                findings.append(try .within(
                    parameters.resubmissionWorkingDays, after: returned, actedOn: on, clause: parameters.cite(.annualPlanReturn),
                    rule: "corrected plan resubmitted within \(parameters.resubmissionWorkingDays) working days of the return", calendar: context.calendar))
            }
            return Decision(events: [event(AnnualEvents.planSubmitted, [])], findings: findings)

        case .returnPlan(let reason):
            try requireApprover(actor, of: state.personId, on: on, organisation: organisation, parameters: parameters)
            guard case .submitted = state.plan else {
                throw Refusal.because(parameters.cite(.annualPlanReturn), field: "caseId", "only a submitted plan is returned; the plan is \(describe(state.plan))")
            }
            return Decision(events: [event(AnnualEvents.planReturned, [("reason", .string(reason))])])

        case .approvePlan:
            try requireApprover(actor, of: state.personId, on: on, organisation: organisation, parameters: parameters)
            guard case .submitted = state.plan else {
                throw Refusal.because(parameters.cite(.annualPlanApproval), field: "caseId", "only a submitted plan is approved; the plan is \(describe(state.plan))")
            }
            return Decision(events: [event(AnnualEvents.planApproved, [])])

        case .recordMonitoring(let quarter, let recommendations):
            try requireDirectSupervisor(actor, of: state.personId, on: on, organisation: organisation, clause: parameters.cite(.annualMonitoring), act: "monitoring")
            try requireApprovedPlan(state, clause: parameters.cite(.annualMonitoring))
            guard (1...4).contains(quarter) else {
                throw Refusal.because(parameters.cite(.annualMonitoring), field: "payload.quarter", "monitoring is quarterly: quarter 1 to 4; got \(quarter)")
            }
            guard !state.monitoredQuarters.contains(quarter) else {
                throw Refusal.because(parameters.cite(.annualMonitoring), field: "payload.quarter", "the monitoring of quarter \(quarter) is recorded already")
            }
            return Decision(events: [event(AnnualEvents.monitoringRecorded, [("quarter", .integer(Int64(quarter))), ("recommendations", .string(recommendations))])])

        case .signKpiSheet(let results):
            try requireDirectSupervisor(actor, of: state.personId, on: on, organisation: organisation, clause: parameters.cite(.annualKpiSheet), act: "the KPI evaluation sheet")
            try requireApprovedPlan(state, clause: parameters.cite(.annualKpiSheet))
            switch state.kpiSheet {
            case .none, .returned: break
            case .signed: throw Refusal.because(parameters.cite(.annualSheetReview), field: "caseId", "the KPI sheet is signed and with the superior supervisor, who agrees or returns it")
            case .agreed: throw Refusal.because(parameters.cite(.annualSheetReview), field: "caseId", "the KPI sheet is agreed already")
            }
            try requireEvaluable(state, on: on, organisation: organisation, parameters: parameters)
            let planned = Set(state.kpis.compactMap { $0["number"]?.integerValue.map(Int.init) })
            guard Set(results.map(\.number)) == planned, results.count == planned.count else {
                throw Refusal.because(parameters.cite(.annualKpiSheet), field: "payload.results", "the sheet has one line per KPI of the plan (\(planned.sorted().map(String.init).joined(separator: ", "))); got \(results.map { String($0.number) }.joined(separator: ", "))")
            }
            // 001 §18: the grade follows from the number of KPIs achieved.
            let achieved = results.filter(\.achieved).count
            let grade = parameters.grade(achieved: achieved)
            var findings: [DeadlineFinding] = []
            if let returned = state.kpiSheetLastReturnedOn {
                findings.append(try .within(
                    parameters.resubmissionWorkingDays, after: returned, actedOn: on, clause: parameters.cite(.annualSheetResubmission),
                    rule: "corrected KPI sheet resubmitted within \(parameters.resubmissionWorkingDays) working days of the return", calendar: context.calendar))
            }
            findings += try afterReturn(state, signedOn: on, organisation: organisation, parameters: parameters, calendar: context.calendar)
            let lines: [JSONValue] = results.sorted { $0.number < $1.number }.map {
                ["number": .integer(Int64($0.number)), "actualValue": .string($0.actualValue), "achieved": .bool($0.achieved)]
            }
            return Decision(
                events: [event(AnnualEvents.kpiSheetSigned, [("results", .array(lines)), ("achieved", .integer(Int64(achieved))), ("grade", .string(grade.grade))])],
                findings: findings)

        case .returnKpiSheet(let reason):
            try requireApprover(actor, of: state.personId, on: on, organisation: organisation, parameters: parameters, for: .kpiSheet(rule: .annualSheetReturn))
            guard case .signed = state.kpiSheet else {
                throw Refusal.because(parameters.cite(.annualSheetReturn), field: "caseId", "only a signed KPI sheet is returned for correction")
            }
            return Decision(events: [event(AnnualEvents.kpiSheetReturned, [("reason", .string(reason))])])

        case .agreeKpiSheet:
            try requireApprover(actor, of: state.personId, on: on, organisation: organisation, parameters: parameters, for: .kpiSheet(rule: .annualSheetReview))
            guard case .signed = state.kpiSheet else {
                throw Refusal.because(parameters.cite(.annualSheetReview), field: "caseId", "only a signed KPI sheet is agreed")
            }
            return Decision(events: [event(AnnualEvents.kpiSheetAgreed, [])])

        case .signCompetencySheet(let competencies):
            try requireDirectSupervisor(actor, of: state.personId, on: on, organisation: organisation, clause: parameters.cite(.annualCompetencySheet), act: "the competency sheet")
            guard state.handedToCommission == nil else {
                throw Refusal.because(parameters.cite(.annualCompetencySheetToCommission), field: "caseId", "the sheets are with the commission already")
            }
            try requireEvaluable(state, on: on, organisation: organisation, parameters: parameters)
            let (numerator, denominator) = try Self.fraction(parameters.competencyMeetsFraction)
            let category = organisation.servants[state.personId]?.category ?? ""
            let list = parameters.competencyLists[category]
            var assessed: [JSONValue] = []
            for (index, item) in competencies.enumerated() {
                // 001 §25, 002 App. 4: the indicators are those of the servant's position category.
                if let listed = list?.indicators[item.competency] {
                    if let stray = (item.observed + item.notObserved).first(where: { !listed.contains($0) }) {
                        throw Refusal.because(
                            parameters.cite(.annualCompetencySheet), field: "payload.competencies[\(index)]",
                            "\"\(stray)\" is not a behavioural indicator of \(item.competency) for category \(category) (002 App. 4)")
                    }
                } else if let list, list.complete {
                    throw Refusal.because(
                        parameters.cite(.annualCompetencySheet), field: "payload.competencies[\(index)].competency",
                        "\(item.competency) is not a competency of category \(category) (002 App. 4)")
                }
                let total = item.observed.count + item.notObserved.count
                guard total >= 1, total <= parameters.maximumIndicatorsPerCompetency else {
                    throw Refusal.because(
                        parameters.cite(.annualIndicatorLimit), field: "payload.competencies[\(index)]",
                        "a competency is assessed by 1 to \(parameters.maximumIndicatorsPerCompetency) behavioural indicators; got \(total)")
                }
                // 001 §27: meets expectations when at least 3/4 of the indicators were observed (exact).
                let meets = item.observed.count * denominator >= total * numerator
                assessed.append([
                    "competency": .string(item.competency), "observed": .array(item.observed.map { .string($0) }),
                    "notObserved": .array(item.notObserved.map { .string($0) }), "meetsExpectations": .bool(meets),
                ])
            }
            return Decision(events: [event(AnnualEvents.competencySheetSigned, [("category", .string(category)), ("competencies", .array(assessed))])])

        case .handToCommission(let commissionId):
            try Refusal.requireRole(actor, [Roles.hrOfficer], clause: parameters.cite(.annualKpiSheetToCommission), act: "putting the sheets before the commission")
            guard case .agreed(let agreedOn, _, _) = state.kpiSheet else {
                throw Refusal.because(parameters.cite(.annualKpiSheetToCommission), field: "caseId", "the KPI sheet goes to the commission after the superior supervisor signs it")
            }
            guard let competencySigned = state.competencySheetSignedOn else {
                throw Refusal.because(parameters.cite(.annualCompetencySheetToCommission), field: "caseId", "the competency sheet goes to the commission after the direct supervisor signs it")
            }
            guard state.handedToCommission == nil else {
                throw Refusal.because(parameters.cite(.annualKpiSheetToCommission), field: "caseId", "the sheets are with the commission already")
            }
            let findings = [
                try DeadlineFinding.within(parameters.sheetToCommissionWorkingDays, after: agreedOn, actedOn: on, clause: parameters.cite(.annualKpiSheetToCommission),
                                           rule: "KPI sheet before the commission within \(parameters.sheetToCommissionWorkingDays) working days of the superior's signature", calendar: context.calendar),
                try DeadlineFinding.within(parameters.sheetToCommissionWorkingDays, after: competencySigned, actedOn: on, clause: parameters.cite(.annualCompetencySheetToCommission),
                                           rule: "competency sheet before the commission within \(parameters.sheetToCommissionWorkingDays) working days of its signature", calendar: context.calendar),
            ]
            return Decision(events: [event(AnnualEvents.sheetsHandedToCommission, [("commissionId", .string(commissionId))])], findings: findings)

        case .approveResult:
            let authorised = organisation.holder(of: Roles.authorisedPerson, on: on)
            guard let authorised, actor.person == authorised, actor.role == Roles.authorisedPerson else {
                throw Refusal.because(parameters.cite(.annualApproval), field: "actor", "the results are approved by the authorised person (\(authorised ?? "none recorded") on \(on)); got \(actor.person) as \(actor.role)")
            }
            guard case .agreed(_, _, let kpiGrade) = state.kpiSheet, let handed = state.handedToCommission else {
                throw Refusal.because(parameters.cite(.commissionDocuments), field: "caseId", "the signed sheets have not been put before the commission")
            }
            if state.result != nil && !reconsiderationOpen(state) {
                throw Refusal.because(parameters.cite(.annualApproval), field: "caseId", "the result is approved already; only a reconsideration (\(parameters.cite(.annualAppeal))) reopens it")
            }
            guard let (meetingId, motionId, motion, _) = decidedMotion(for: state, commissionId: handed.commissionId, context: context) else {
                throw Refusal.because(parameters.cite(.commissionDecision), field: "caseId", "the commission has not yet approved or revised this result")
            }
            let finalGrade = motion.proposal == "revise" ? motion.revisedGrade ?? kpiGrade : kpiGrade
            return Decision(events: [event(AnnualEvents.resultApproved, [
                ("commissionId", .string(handed.commissionId)), ("meetingId", .string(meetingId)), ("motionId", .string(motionId)),
                ("kpiGrade", .string(kpiGrade)), ("finalGrade", .string(finalGrade)), ("correctedByCommission", .bool(finalGrade != kpiGrade)),
            ])])

        case .recordFamiliarisation, .recordFamiliarisationRefusal:
            try Refusal.requireRole(actor, [Roles.hrOfficer], clause: parameters.cite(.annualFamiliarisation), act: "familiarising the servant with the results")
            guard let result = state.result else {
                throw Refusal.because(parameters.cite(.annualFamiliarisation), field: "caseId", "the results are not approved yet")
            }
            guard state.familiarisedOn == nil, state.familiarisationRefusedOn == nil else {
                throw Refusal.because(parameters.cite(.annualFamiliarisation), field: "caseId", "the familiarisation is recorded already")
            }
            let finding = try DeadlineFinding.within(
                parameters.familiarisationWorkingDays, after: result.approvedOn, actedOn: on, clause: parameters.cite(.annualFamiliarisation),
                rule: "servant familiarised with the results within \(parameters.familiarisationWorkingDays) working days", calendar: context.calendar)
            guard case .recordFamiliarisationRefusal(let signatories) = act else {
                return Decision(events: [event(AnnualEvents.familiarised, [])], findings: [finding])
            }
            // 001 §41: the act is signed by the HR officer and two other employees — not by the servant.
            guard Set(signatories).count == 3, signatories.contains(actor.person), !signatories.contains(state.personId),
                signatories.allSatisfy({ organisation.servant($0, on: on) != nil })
            else {
                throw Refusal.because(
                    parameters.cite(.annualRefusalAct), field: "payload.signatories",
                    "the refusal act is signed by the HR officer (\(actor.person)) and two other employees of the body, not by \(state.personId); got \(signatories.joined(separator: ", "))")
            }
            return Decision(events: [event(AnnualEvents.familiarisationRefused, [("signatories", .array(signatories.map { .string($0) }))])], findings: [finding])

        case .sendResult(let reference):
            // 001 §42: the refusal does not stop the result entering the service record; HR then sends it
            // to the servant through the state bodies' intranet portal.
            try Refusal.requireRole(actor, [Roles.hrOfficer], clause: parameters.cite(.annualRefusalSending), act: "sending the result through the intranet portal")
            guard state.familiarisationRefusedOn != nil else {
                throw Refusal.because(parameters.cite(.annualRefusalSending), field: "caseId", "the result is sent through the intranet portal after a refusal act; none is recorded")
            }
            guard state.resultSentOn == nil else {
                throw Refusal.because(parameters.cite(.annualRefusalSending), field: "caseId", "the result was sent already on \(state.resultSentOn!)")
            }
            return Decision(events: [event(AnnualEvents.resultSent, [("channel", "intranet-portal"), ("reference", .string(reference))])])

        case .fileAppeal(let authority):
            guard actor.person == state.personId, actor.role == Roles.servant else {
                throw Refusal.because(parameters.cite(.annualAppeal), field: "actor", "the appeal is filed by the evaluated servant (\(state.personId)); got \(actor.person) as \(actor.role)")
            }
            guard let result = state.result else { throw Refusal.because(parameters.cite(.annualAppeal), field: "caseId", "there is no decision to appeal yet") }
            if let appeal = state.appeal, appeal.outcome == nil {
                throw Refusal.because(parameters.cite(.annualAppeal), field: "caseId", "an appeal filed on \(appeal.filedOn) awaits the agency's decision")
            }
            let decidedOn = decisionDate(of: result.motionId, context: context) ?? result.approvedOn
            let finding = try DeadlineFinding.within(
                parameters.appealWorkingDays, after: decidedOn, actedOn: on, clause: parameters.cite(.annualAppeal),
                rule: "appeal within \(parameters.appealWorkingDays) working days of the commission's decision", calendar: context.calendar)
            return Decision(events: [event(AnnualEvents.appealFiled, [("authority", .string(authority))])], findings: [finding])

        case .decideAppeal(let outcome, let reasoning):
            try Refusal.requireRole(actor, [Roles.agencyOfficer], clause: parameters.cite(.annualAppeal), act: "deciding an appeal")
            guard let appeal = state.appeal, appeal.outcome == nil else {
                throw Refusal.because(parameters.cite(.annualAppeal), field: "caseId", "no appeal awaits a decision")
            }
            return Decision(events: [event(AnnualEvents.appealDecided, [("outcome", .string(outcome)), ("reasoning", .string(reasoning))])])

        case .recordCourtDecision(let court, let outcome, let decisionDate):
            try Refusal.requireRole(actor, [Roles.hrOfficer], clause: parameters.cite(.annualCourt), act: "recording a court decision")
            guard state.result != nil else { throw Refusal.because(parameters.cite(.annualCourt), field: "caseId", "there is no result for a court to decide on") }
            return Decision(events: [event(AnnualEvents.courtDecisionRecorded, [
                ("court", .string(court)), ("outcome", .string(outcome)), ("decisionDate", .string(decisionDate.description)),
            ])])
        }
    }

    /// 001 §43: the agency's recommendation to reconsider (or a court annulling the result) reopens it.
    private func reconsiderationOpen(_ state: AnnualCaseState) -> Bool {
        state.appeal?.outcome == "recommend-reconsideration" || state.courtOutcome == "annulled"
    }

    /// The commission's carried motion on this case not yet used for an approved result, latest meeting first.
    private func decidedMotion(for state: AnnualCaseState, commissionId: String, context: AnnualContext)
        -> (meetingId: String, motionId: String, motion: CommissionState.Motion, date: LocalDate)?
    {
        guard let commission = context.commission, commission.commissionId == commissionId, let caseId = state.caseId else { return nil }
        return commission.meetings
            .flatMap { meetingId, meeting in meeting.motions.map { (meetingId, $0.key, $0.value, meeting.date) } }
            .filter { $0.2.caseId == caseId && $0.2.carried == true && $0.1 != state.result?.motionId }
            .max { ($0.3, $0.1) < ($1.3, $1.1) }
    }

    /// The date of the meeting that decided `motionId`.
    private func decisionDate(of motionId: String, context: AnnualContext) -> LocalDate? {
        context.commission?.meetings.values.first { $0.motions[motionId] != nil }?.date
    }

    private func requireApprovedPlan(_ state: AnnualCaseState, clause: String) throws {
        guard case .approved = state.plan else {
            throw Refusal.because(clause, field: "caseId", "the individual work plan is not approved yet (\(describe(state.plan)))")
        }
    }

    /// 001 §4: no evaluation for a servant under the minimum months in the post or on probation; a
    /// servant away (leave, sick, trip, course) is evaluated after returning.
    private func requireEvaluable(_ state: AnnualCaseState, on date: LocalDate, organisation: OrganisationState, parameters: AnnualEvaluationParameters) throws {
        if let reason = organisation.exemption(of: state.personId, on: date, minimumMonths: parameters.minimumMonthsInPosition) {
            throw Refusal.because(parameters.cite(.annualExemption), field: "personId", "\(state.personId) is not evaluated: \(reason)")
        }
        if let absence = organisation.absence(of: state.personId, on: date) {
            throw Refusal.because(
                parameters.cite(.annualExemption), field: "personId",
                "\(state.personId) is away (\(absence.kind.rawValue)) until \(absence.until); the evaluation takes place within \(parameters.afterReturnWorkingDays) working days after the return")
        }
    }

    /// 001 §4: after an absence over the evaluation time, the evaluation is due within N working days of the return.
    private func afterReturn(
        _ state: AnnualCaseState, signedOn: LocalDate, organisation: OrganisationState, parameters: AnnualEvaluationParameters, calendar: WorkingDayCalendar
    ) throws -> [DeadlineFinding] {
        let absence = organisation.absences(of: state.personId)
            .filter { $0.until >= state.periodEnd && $0.until < signedOn && $0.kind != .social }
            .max { $0.until < $1.until }
        guard let absence else { return [] }
        let returnedOn = try calendar.returnToWork(after: absence.until)
        return [try .within(
            parameters.afterReturnWorkingDays, after: returnedOn, actedOn: signedOn, clause: parameters.cite(.annualExemption),
            rule: "evaluated within \(parameters.afterReturnWorkingDays) working days after the return to work on \(returnedOn) from \(absence.kind.rawValue) leave",
            calendar: calendar)]
    }

    /// An exact fraction from a decimal text such as "0.75" (design.md §9: no binary floating point).
    static func fraction(_ decimal: String) throws -> (numerator: Int, denominator: Int) {
        let parts = decimal.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0]), parts.count == 1 || Int(parts[1]) != nil else {
            throw LedgerError.invalid("parameters.competencyMeetsFraction", "must be an exact decimal such as 0.75; got \(decimal)")
        }
        let digits = parts.count == 2 ? parts[1].count : 0
        var denominator = 1
        for _ in 0..<digits { denominator *= 10 }
        return (whole * denominator + (parts.count == 2 ? Int(parts[1])! : 0), denominator)
    }

    private func open(caseId: String, personId: String, year: Int, by actor: Actor, at occurredAt: Timestamp, state: AnnualCaseState, context: AnnualContext) throws -> Decision {
        let periodStart = LocalDate(year: year, month: 1, day: 1)!, periodEnd = LocalDate(year: year, month: 12, day: 31)!
        // The version in force at the period start binds the case, and names the clauses it is opened under.
        guard let version = context.methodology.inForce(on: periodStart) else {
            throw Refusal.because("", field: "payload.year", "no annual evaluation methodology is in force on \(periodStart); adopt one first")
        }
        let parameters = version.parameters
        try Refusal.requireRole(actor, [Roles.hrOfficer], clause: parameters.cite(.annualCase), act: "opening an annual evaluation")
        guard state.caseId == nil else {
            throw Refusal.because("", field: "payload.caseId", "the case of \(personId) for \(year) is open already")
        }
        guard let bodyId = context.organisation.bodyId, context.organisation.servants[personId] != nil else {
            throw Refusal.because(parameters.cite(.annualCase), field: "payload.personId", "\(personId) is not a servant of the body")
        }
        let draft = EventDraft(
            type: AnnualEvents.caseOpened.type, schemaVersion: 1, occurredAt: occurredAt, actor: actor,
            payload: ["caseId": .string(caseId), "bodyId": .string(bodyId), "personId": .string(personId), "year": .integer(Int64(year)),
                      "methodologyVersionId": .string(version.versionId), "periodStart": .string(periodStart.description),
                      "periodEnd": .string(periodEnd.description)])
        return Decision(events: [draft])
    }

    /// The parameters of the version the case is bound to, whatever is in force today.
    func parameters(of state: AnnualCaseState, context: AnnualContext) throws -> AnnualEvaluationParameters {
        guard let version = context.methodology.versions[state.methodologyVersionId] else {
            throw Refusal.because("", field: "methodologyVersionId", "the case's methodology version \(state.methodologyVersionId) is not recorded")
        }
        return version.parameters
    }

    private func requireDirectSupervisor(_ actor: Actor, of personId: String, on date: LocalDate, organisation: OrganisationState, clause: String, act: String) throws {
        let supervisor = organisation.directSupervisor(of: personId, on: date)
        guard let supervisor, actor.person == supervisor, actor.role == Roles.directSupervisor else {
            throw Refusal.because(
                clause, field: "actor", "\(act) of \(personId) is the direct supervisor's (\(supervisor ?? "none recorded") on \(date)); got \(actor.person) as \(actor.role)")
        }
    }

    /// What the approver decides on, with the clause for the superior supervisor and the one for
    /// the first head.
    private enum Approval {
        /// 001 §10–§11.
        case plan
        /// 001 §20–§22; `rule` is the superior's act (§21 agree, §22 return).
        case kpiSheet(rule: Rule)

        var subject: String { if case .plan = self { return "work plan" } else { return "KPI sheet" } }
        var superiorRule: Rule { if case .kpiSheet(let rule) = self { return rule } else { return .annualPlanApproval } }
        var firstHeadRule: Rule { if case .plan = self { return .annualPlanFirstHead } else { return .annualSheetFirstHead } }
    }

    /// The superior supervisor approves, agrees or returns; where the direct supervisor is the body's
    /// first head, that head does.
    private func requireApprover(
        _ actor: Actor, of personId: String, on date: LocalDate, organisation: OrganisationState, parameters: AnnualEvaluationParameters, for approval: Approval = .plan
    ) throws {
        let direct = organisation.directSupervisor(of: personId, on: date)
        let firstHead = organisation.holder(of: Roles.firstHead, on: date)
        let (approver, role, rule) = direct != nil && direct == firstHead
            ? (firstHead, Roles.firstHead, parameters.cite(approval.firstHeadRule))
            : (organisation.superiorSupervisor(of: personId, on: date), Roles.superiorSupervisor, parameters.cite(approval.superiorRule))
        guard let approver, actor.person == approver, actor.role == role else {
            throw Refusal.because(
                rule, field: "actor", "the \(approval.subject) of \(personId) is approved or returned by \(approver ?? "no one recorded") as \(role) on \(date); got \(actor.person) as \(actor.role)")
        }
    }

    private func describe(_ phase: AnnualCaseState.PlanPhase) -> String {
        switch phase {
        case .none: return "not drafted"
        case .drafted: return "drafted"
        case .submitted(let on): return "submitted on \(on)"
        case .returned(let on, _): return "returned on \(on)"
        case .approved(let on): return "approved on \(on)"
        }
    }
}
