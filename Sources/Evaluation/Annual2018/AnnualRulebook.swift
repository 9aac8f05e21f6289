import LedgerCore

/// An act of the annual evaluation (2018 methodology), asked for by an actor.
public enum AnnualAct: Sendable {
    case openCase(caseId: String, personId: String, year: Int)
    /// The App. 1 KPIs, each an object of ``AnnualEvents/kpi``'s shape.
    case draftPlan(kpis: [JSONValue])
    case submitPlan
    case returnPlan(reason: String)
    case approvePlan
}

/// What the rulebook reads besides the case: the body's staff, its methodology versions, the calendar.
public struct AnnualContext: Sendable {
    public let organisation: OrganisationState
    public let methodology: MethodologyVersions
    public let calendar: WorkingDayCalendar
    public let timeZone: String

    public init(organisation: OrganisationState, methodology: MethodologyVersions, calendar: WorkingDayCalendar = .kazakhstan, timeZone: String = "Asia/Almaty") {
        self.organisation = organisation
        self.methodology = methodology
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
            try requireDirectSupervisor(actor, of: state.personId, on: on, organisation: organisation, clause: "001 §9", act: "the work plan")
            switch state.plan {
            case .none, .drafted, .returned: break
            case .submitted: throw Refusal.because("001 §10", field: "kpis", "the plan is with the approver; it can change only after a return (001 §12)")
            case .approved: throw Refusal.because("001 §10", field: "kpis", "the plan is approved already")
            }
            // 001 §14 (002 §13): exactly the methodology's number of KPIs.
            guard kpis.count == parameters.kpiCount else {
                throw Refusal.because("001 §14", field: "payload.kpis", "an individual work plan holds exactly \(parameters.kpiCount) KPIs; got \(kpis.count)")
            }
            for (index, kpi) in kpis.enumerated() {
                try AnnualEvents.kpi.validate(kpi, at: "payload.kpis[\(index)]")
                // 001 §13: time-bound within the evaluated period.
                if let deadline = kpi["deadline"]?.stringValue.flatMap(LocalDate.init), deadline < state.periodStart || deadline > state.periodEnd {
                    throw Refusal.because(
                        "001 §13", field: "payload.kpis[\(index)].deadline",
                        "a KPI is time-bound within the evaluated period \(state.periodStart)–\(state.periodEnd); got \(deadline)")
                }
            }
            guard Set(kpis.compactMap { $0["number"]?.integerValue }) == Set((1...Int64(kpis.count))) else {
                throw Refusal.because("", field: "payload.kpis", "KPIs are numbered 1 to \(kpis.count), each once")
            }
            var findings: [DeadlineFinding] = []
            if state.plan == .none {
                findings.append(try .within(
                    parameters.planDueWorkingDays, after: state.periodStart, actedOn: on, clause: "001 §9",
                    rule: "KPIs defined within \(parameters.planDueWorkingDays) working days of the period start", calendar: context.calendar))
            }
            return Decision(events: [event(AnnualEvents.planDrafted, [("kpis", .array(kpis))])], findings: findings)

        case .submitPlan:
            try requireDirectSupervisor(actor, of: state.personId, on: on, organisation: organisation, clause: "001 §10", act: "the work plan")
            guard state.plan == .drafted else {
                throw Refusal.because("001 §10", field: "caseId", "only a drafted plan is sent for approval; the plan is \(describe(state.plan))")
            }
            var findings: [DeadlineFinding] = []
            if let returned = state.lastReturnedOn {
                findings.append(try .within(
                    parameters.resubmissionWorkingDays, after: returned, actedOn: on, clause: "001 §12",
                    rule: "corrected plan resubmitted within \(parameters.resubmissionWorkingDays) working days of the return", calendar: context.calendar))
            }
            return Decision(events: [event(AnnualEvents.planSubmitted, [])], findings: findings)

        case .returnPlan(let reason):
            try requireApprover(actor, of: state.personId, on: on, organisation: organisation)
            guard case .submitted = state.plan else {
                throw Refusal.because("001 §12", field: "caseId", "only a submitted plan is returned; the plan is \(describe(state.plan))")
            }
            return Decision(events: [event(AnnualEvents.planReturned, [("reason", .string(reason))])])

        case .approvePlan:
            try requireApprover(actor, of: state.personId, on: on, organisation: organisation)
            guard case .submitted = state.plan else {
                throw Refusal.because("001 §10", field: "caseId", "only a submitted plan is approved; the plan is \(describe(state.plan))")
            }
            return Decision(events: [event(AnnualEvents.planApproved, [])])
        }
    }

    private func open(caseId: String, personId: String, year: Int, by actor: Actor, at occurredAt: Timestamp, state: AnnualCaseState, context: AnnualContext) throws -> Decision {
        try Refusal.requireRole(actor, [Roles.hrOfficer], clause: "001 §18", act: "opening an annual evaluation")
        guard state.caseId == nil else {
            throw Refusal.because("", field: "payload.caseId", "the case of \(personId) for \(year) is open already")
        }
        guard let bodyId = context.organisation.bodyId, context.organisation.servants[personId] != nil else {
            throw Refusal.because("001 §18", field: "payload.personId", "\(personId) is not a servant of the body")
        }
        let periodStart = LocalDate(year: year, month: 1, day: 1)!, periodEnd = LocalDate(year: year, month: 12, day: 31)!
        guard let version = context.methodology.inForce(on: periodStart) else {
            throw Refusal.because("", field: "payload.year", "no annual evaluation methodology is in force on \(periodStart); adopt one first")
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

    /// 001 §10–§11: the superior supervisor approves or returns; where the direct supervisor is the
    /// body's first head, that head does.
    private func requireApprover(_ actor: Actor, of personId: String, on date: LocalDate, organisation: OrganisationState) throws {
        let direct = organisation.directSupervisor(of: personId, on: date)
        let firstHead = organisation.holder(of: Roles.firstHead, on: date)
        let (approver, role, clause) = direct != nil && direct == firstHead
            ? (firstHead, Roles.firstHead, "001 §11")
            : (organisation.superiorSupervisor(of: personId, on: date), Roles.superiorSupervisor, "001 §10")
        guard let approver, actor.person == approver, actor.role == role else {
            throw Refusal.because(
                clause, field: "actor", "the work plan of \(personId) is approved or returned by \(approver ?? "no one recorded") as \(role) on \(date); got \(actor.person) as \(actor.role)")
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
