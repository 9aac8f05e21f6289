import LedgerCore

/// An act of the 2023 quarterly methodology (seed 004), asked for by an actor.
public enum QuarterlyAct: Sendable {
    case openCase(caseId: String, personId: String, year: Int)
    /// The work plan's KPIs (``QuarterlyEvents/kpi``), agreed with the HR officer `agreedBy` (004 §23).
    case setPlan(agreedBy: String, kpis: [JSONValue])
    /// HR places the approved plan in the system (004 §23).
    case placePlan
    /// HR notifies the servant of the quarter's evaluation (004 §27, §31).
    case notifyEvaluation(quarter: Int, channel: String)
    /// A KPI change grounded on a recorded change of functions or structure (004 §26).
    case changePlan(agreedBy: String, changeId: String, kpis: [JSONValue])
    /// HR's actual values per KPI: number, actual value, completion percentage (004 §23).
    case computeActualValues(quarter: Int, values: [(number: Int, actualValue: String, completion: String)])
    /// The evaluator's 0–5 per KPI (004 §28).
    case scoreKpis(quarter: Int, scores: [(number: Int, score: Int)])
    /// The head of apparatus's 0–5 with the four parameters and the workload of 004 §33.
    case scoreDifferentiation(quarter: Int, score: Int, quality: String, timeliness: String, initiative: String, discipline: String, workload: String)
    case exemptQuarter(quarter: Int)
    case familiarise(quarter: Int, channel: String)
    case applyForCalibration(quarter: Int, reason: String)
    case conveneCalibration(quarter: Int, sessionId: String, participants: [String], sessionDate: LocalDate)
    case argueCalibration(quarter: Int, position: String, proposedScore: String?, argument: String)
    case voteCalibration(quarter: Int, score: String)
    case signCalibrationProtocol(quarter: Int)
    case postCalibrationProtocol(quarter: Int)
    case holdFeedbackMeeting(quarter: Int, achievements: String, development: String, careerGoals: String)
    case fileComplaint(quarter: Int, authority: String, learnedOn: LocalDate)
    case decideComplaint(quarter: Int, outcome: String, reasoning: String)
    case recordCourtDecision(quarter: Int, court: String, filedOn: LocalDate, outcome: String, decisionDate: LocalDate)
    case openSurvey(respondents: [(personId: String, relation: Survey360Relation)])
    case recordSelfAssessment(scores: [(competency: String, score: Int)])
    /// The anonymous answers, each a score per competency, with no respondent (004 §34).
    case recordSurveyAnswers(answers: [[(competency: String, score: Int)]])
    /// A party's disagreement about the procedure, recorded by HR (004 §17).
    case recordDisagreement(disagreementId: String, raisedBy: String, subject: String)
    /// HR's resolution with the interested persons and parties (004 §17).
    case resolveDisagreement(disagreementId: String, parties: [String], resolution: String)
}

/// What the quarterly rulebook reads besides the case: the body's staff, its methodology versions, the calendar.
public struct QuarterlyContext: Sendable {
    public let organisation: OrganisationState
    public let methodology: MethodologyVersions
    public let calendar: WorkingDayCalendar
    /// The body's evaluation schedule of the case's year (004 §11), empty when none is drawn up.
    public let schedule: QuarterlySchedule

    public init(organisation: OrganisationState, methodology: MethodologyVersions, calendar: WorkingDayCalendar = .kazakhstan, schedule: QuarterlySchedule = QuarterlySchedule()) {
        self.organisation = organisation
        self.methodology = methodology
        self.calendar = calendar
        self.schedule = schedule
    }

    public var timeZone: String { organisation.timeZone }
}
