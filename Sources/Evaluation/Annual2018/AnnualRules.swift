/// The rules of the 2018 annual evaluation and its commission (seeds 001, 002). Their clauses come
/// from the version a case is bound to: the Akmola version cites 001, the Kazygurt version 002.
extension Rule {
    public static let annualExemption = Rule(
        "annual.exemption", "No evaluation under 3 months in the position (also after social leave or study) or on probation; a servant away is evaluated within 5 working days after returning to work",
        test: "AnnualSheetsTests/countedFromTheReturn")
    public static let annualCase = Rule(
        "annual.case", "Every B-corps servant of the body is evaluated once a year, on the year's work plan; HR opens the case",
        test: "AnnualWorkPlanTests/boundVersion")
    public static let annualPlan = Rule(
        "annual.plan", "The direct supervisor defines the KPIs in the individual work plan within 10 working days of the period start",
        test: "AnnualWorkPlanTests/planDeadline")
    public static let annualPlanApproval = Rule(
        "annual.plan-approval", "The plan goes to the superior supervisor for approval",
        test: "AnnualWorkPlanTests/superiorApproves")
    public static let annualPlanFirstHead = Rule(
        "annual.plan-first-head", "Where the direct supervisor is the body's first head, the first head approves the plan",
        test: "AnnualWorkPlanTests/firstHeadApproves")
    public static let annualPlanReturn = Rule(
        "annual.plan-return", "A plan whose KPIs break the criteria is returned for correction and resubmitted within 2 working days",
        test: "AnnualWorkPlanTests/returnAndResubmit")
    public static let annualKpiCriteria = Rule(
        "annual.kpi-criteria", "Each KPI is specific, measurable, achievable, time-bound within the period and aimed at the body's goal",
        test: "AnnualWorkPlanTests/timeBound")
    public static let annualKpiCount = Rule(
        "annual.kpi-count", "A work plan holds exactly 5 KPIs",
        test: "AnnualWorkPlanTests/exactlyFive")
    public static let annualMonitoring = Rule(
        "annual.monitoring", "The direct supervisor monitors the KPIs every quarter and gives written recommendations",
        test: "AnnualSheetsTests/monitoring")
    public static let annualKpiSheet = Rule(
        "annual.kpi-sheet", "The direct supervisor fills in and signs the KPI sheet, one line per KPI of the plan",
        test: "AnnualSheetsTests/everyKpi")
    public static let annualGrade = Rule(
        "annual.grade", "5 of 5 KPIs achieved is excellent, 4 effective, 3 satisfactory, fewer unsatisfactory; a KPI counts only when all its indicators are met",
        test: "AnnualSheetsTests/grade")
    public static let annualSheetFirstHead = Rule(
        "annual.sheet-first-head", "Where the direct supervisor is the body's first head, the KPI sheet goes to the first head",
        test: "AnnualWorkPlanTests/firstHeadApproves")
    public static let annualSheetReview = Rule(
        "annual.sheet-review", "The superior supervisor agrees with the KPI sheet or returns it for correction",
        test: "AnnualSheetsTests/sheetReturned")
    public static let annualSheetReturn = Rule(
        "annual.sheet-return", "A KPI sheet is returned when the facts proving achievement are insufficient or unreliable",
        test: "AnnualSheetsTests/sheetReturned")
    public static let annualSheetResubmission = Rule(
        "annual.sheet-resubmission", "A returned KPI sheet is resubmitted within 2 working days",
        test: "AnnualSheetsTests/sheetReturned")
    public static let annualKpiSheetToCommission = Rule(
        "annual.kpi-sheet-to-commission", "HR puts the agreed KPI sheet before the commission within 2 working days",
        test: "AnnualSheetsTests/handOver")
    public static let annualCompetencySheet = Rule(
        "annual.competency-sheet", "The direct supervisor assesses the competencies of the servant's position category on the competency sheet",
        test: "CompetencyListTests/indicatorsOfTheCategory")
    public static let annualIndicatorLimit = Rule(
        "annual.indicator-limit", "At most 10 behavioural indicators per competency",
        test: "AnnualSheetsTests/atMostTenIndicators")
    public static let annualCompetencyLevel = Rule(
        "annual.competency-level", "3/4 or more of a competency's indicators observed meets expectations; otherwise it does not",
        test: "AnnualSheetsTests/competencies")
    public static let annualCompetencySheetToCommission = Rule(
        "annual.competency-sheet-to-commission", "HR puts the signed competency sheet before the commission within 2 working days",
        test: "AnnualSheetsTests/handOver")
    public static let annualApproval = Rule(
        "annual.approval", "The authorised person approves the results as the commission decided them, recorded in the protocol",
        test: "AnnualResultTests/revisionApproved")
    public static let annualFamiliarisation = Rule(
        "annual.familiarisation", "HR familiarises the servant with the results in writing within 2 working days",
        test: "AnnualResultTests/familiarisation")
    public static let annualRefusalAct = Rule(
        "annual.refusal-act", "A refusal to be familiarised is recorded in an act signed by HR and two other employees",
        test: "AnnualResultTests/refusalAct")
    public static let annualRefusalSending = Rule(
        "annual.refusal-sending", "After a refusal act the result still enters the service record and HR sends it through the intranet portal",
        test: "AnnualResultTests/refusalSent")
    public static let annualAppeal = Rule(
        "annual.appeal", "An appeal to the civil-service agency within 10 working days of the decision; the agency recommends reconsideration or leaves the result",
        test: "AnnualResultTests/appealReconsidered")
    public static let annualCourt = Rule(
        "annual.court", "The servant may go to court against the results",
        test: "AnnualResultTests/court")

    public static let commissionFormation = Rule(
        "commission.formation", "The authorised person forms the commission of at least 5 members, the chair among them",
        test: "CommissionRulesTests/tooSmall")
    public static let commissionSchedule = Rule(
        "commission.schedule", "HR draws up the schedule with the chair's consent and notifies the persons concerned no later than 7 working days before",
        test: "CommissionMeetingTests/scheduleAndNotice")
    public static let commissionQuorum = Rule(
        "commission.quorum", "A meeting is competent with at least two thirds of the members present",
        test: "CommissionMeetingTests/noQuorum")
    public static let commissionAmendment = Rule(
        "commission.amendment", "The chair or a member is replaced only by the authorised person amending the founding order",
        test: "CommissionRulesTests/amend")
    public static let commissionOpenVote = Rule(
        "commission.open-vote", "The commission decides by open vote of its members, each once",
        test: "CommissionMeetingTests/whoVotes")
    public static let commissionMajority = Rule(
        "commission.majority", "The majority of the members' votes decides; on a tie the chair's vote decides",
        test: "CommissionMeetingTests/tieBrokenByChair")
    public static let commissionSecretary = Rule(
        "commission.secretary", "The HR officer is the commission's secretary and does not vote",
        test: "CommissionRulesTests/secretaryDoesNotVote")
    public static let commissionDocuments = Rule(
        "commission.documents", "HR brings the completed sheets and a draft protocol to the meeting",
        test: "AnnualResultTests/noDecision")
    public static let commissionDecision = Rule(
        "commission.decision", "The commission approves each result or revises it",
        test: "CommissionMeetingTests/motions")
    public static let commissionRevision = Rule(
        "commission.revision", "A revised result is written in the protocol's column for the commission's correction",
        test: "CommissionMeetingTests/motions")

    /// The rules each annual or commission event records, so that a case file heads it with the clauses
    /// of the body's own document (002 §29 in Kazygurt) rather than the reference text's.
    public static let recordedByAnnualEvent: [String: [Rule]] = [
        "annual.case-opened": [annualCase], "annual.plan-drafted": [annualPlan, annualKpiCriteria, annualKpiCount],
        "annual.plan-submitted": [annualPlanApproval, annualPlanReturn], "annual.plan-returned": [annualPlanReturn],
        "annual.plan-approved": [annualPlanApproval, annualPlanFirstHead], "annual.monitoring-recorded": [annualMonitoring],
        "annual.kpi-sheet-signed": [annualKpiSheet, annualGrade], "annual.kpi-sheet-returned": [annualSheetReview, annualSheetReturn],
        "annual.kpi-sheet-agreed": [annualSheetReview], "annual.competency-sheet-signed": [annualCompetencySheet, annualIndicatorLimit, annualCompetencyLevel],
        "annual.sheets-handed-to-commission": [annualKpiSheetToCommission, annualCompetencySheetToCommission],
        "annual.result-approved": [commissionRevision, annualApproval], "annual.familiarised": [annualFamiliarisation],
        "annual.familiarisation-refused": [annualRefusalAct, annualRefusalSending], "annual.result-sent": [annualRefusalSending],
        "annual.appeal-filed": [annualAppeal], "annual.appeal-decided": [annualAppeal], "annual.court-decision-recorded": [annualCourt],
        "commission.formed": [commissionFormation], "commission.amended": [commissionAmendment], "commission.meeting-scheduled": [commissionSchedule],
        "commission.notice-given": [commissionSchedule], "commission.meeting-held": [commissionQuorum, commissionDocuments],
        "commission.motion-put": [commissionDecision, commissionRevision], "commission.vote-cast": [commissionOpenVote],
        "commission.motion-decided": [commissionMajority],
    ]

    /// Every rule of the annual methodology's version, the commission's included.
    public static let annualEvaluation: [Rule] = [
        annualExemption, annualCase, annualPlan, annualPlanApproval, annualPlanFirstHead, annualPlanReturn, annualKpiCriteria,
        annualKpiCount, annualMonitoring, annualKpiSheet, annualGrade, annualSheetFirstHead, annualSheetReview, annualSheetReturn,
        annualSheetResubmission, annualKpiSheetToCommission, annualCompetencySheet, annualIndicatorLimit, annualCompetencyLevel,
        annualCompetencySheetToCommission, annualApproval, annualFamiliarisation, annualRefusalAct, annualRefusalSending, annualAppeal,
        annualCourt, commissionFormation, commissionSchedule, commissionQuorum, commissionAmendment, commissionOpenVote,
        commissionMajority, commissionSecretary, commissionDocuments, commissionDecision, commissionRevision,
    ]
}
