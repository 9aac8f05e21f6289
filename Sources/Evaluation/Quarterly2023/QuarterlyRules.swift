/// The rules of the 2023 quarterly methodology (seed 004, with the Administrative Procedural Code for
/// the complaint). Their clauses come from the version a case is bound to (docs/rules.md).
extension Rule {
    public static let quarterlyDeadline = Rule(
        "quarterly.deadline", "KPI and differentiation are evaluated per quarter, by the 10th of the month after it; the year is the mean of the quarters",
        test: "QuarterlyGradesTests/deadlines")
    public static let quarterlyExemption = Rule(
        "quarterly.exemption", "Under a month in the position in the quarter: not evaluated; away: KPIs within 5 working days after returning to work, differentiation without the servant",
        test: "QuarterlyDifferentiationTests/underAMonth")
    public static let quarterlyBands = Rule(
        "quarterly.bands", "A score is 0–5, banded effective 4–5, proper 3–3.99, satisfactory 2–2.99, unsatisfactory 0–1.99",
        test: "QuarterlyGradesTests/bandNames")
    public static let quarterlySchedule = Rule(
        "quarterly.schedule", "HR draws up the evaluation schedule in the system; the maslikhat chair approves it",
        test: "QuarterlyScheduleTests/schedule")
    public static let quarterlyFamiliarisation = Rule(
        "quarterly.familiarisation", "HR familiarises the servant with the results within 2 working days",
        test: "QuarterlyDifferentiationTests/familiarisationDeadline")
    public static let quarterlyCalibrationApplication = Rule(
        "quarterly.calibration-application", "A servant who disagrees applies to the maslikhat chair for a calibration session within 5 working days of familiarisation",
        test: "QuarterlyCalibrationTests/lateApplication")
    public static let quarterlyCalibrationAppeal = Rule(
        "quarterly.calibration-appeal", "The calibration decision is appealed under the Administrative Procedural Code",
        test: "QuarterlyCalibrationTests/complaintAndCourt")
    public static let quarterlyDisagreement = Rule(
        "quarterly.disagreement", "Disagreements about the procedure are considered by HR with the interested persons and parties",
        test: "QuarterlyDisagreementTests/disagreement")
    public static let quarterlySelfAssessment = Rule(
        "quarterly.self-assessment", "The evaluated servant does the 360 self-assessment in time",
        test: "QuarterlySurvey360Tests/results")
    public static let quarterlyHeadByKpis = Rule(
        "quarterly.head-by-kpis", "The head of apparatus is evaluated by KPIs, by the maslikhat chair",
        test: "QuarterlyKpiTests/methodFollowsRole")
    public static let quarterlyPlan = Rule(
        "quarterly.plan", "The KPIs are set within 10 working days, agreed with HR, placed within 5; no KPIs under 3 months to the period end; HR sends actual values 5 working days before the deadline",
        test: "QuarterlyKpiTests/planDeadline")
    public static let quarterlyKpiCount = Rule(
        "quarterly.kpi-count", "A plan holds 3 to 5 KPIs",
        test: "QuarterlyKpiTests/threeToFive")
    public static let quarterlyKpiChange = Rule(
        "quarterly.kpi-change", "KPIs change only on a change of the body's functions or structure that directly affects them",
        test: "QuarterlyKpiTests/changeOnlyOnStructureChange")
    public static let quarterlyHeadNotice = Rule(
        "quarterly.head-notice", "The head of apparatus is notified of the evaluation by the 5th of the month after the quarter",
        test: "QuarterlyKpiTests/placementAndNotice")
    public static let quarterlyKpiScore = Rule(
        "quarterly.kpi-score", "The evaluator scores each KPI 0–5 within what the App. 3 table allows for its completion",
        test: "QuarterlyKpiTests/scoreRefusedByTable")
    public static let quarterlyDifferentiation = Rule(
        "quarterly.differentiation", "The head of apparatus evaluates the other servants by the differentiation method",
        test: "QuarterlyDifferentiationTests/onlyTheEvaluator")
    public static let quarterlyServantNotice = Rule(
        "quarterly.servant-notice", "A servant is notified of the evaluation by the 10th of the month after the quarter",
        test: "QuarterlyKpiTests/placementAndNotice")
    public static let quarterlyDifferentiationSheet = Rule(
        "quarterly.differentiation-sheet", "The evaluator puts one 0–5 score on the App. 4 sheet",
        test: "QuarterlyDifferentiationTests/oneScoreFourParameters")
    public static let quarterlySurvey360 = Rule(
        "quarterly.survey360", "The 360 is held once a year, anonymously, in the system",
        test: "QuarterlySurvey360Tests/anonymity")
    public static let quarterlySurvey360Competencies = Rule(
        "quarterly.survey360-competencies", "The 360 assesses the competencies of the servant's list (12 for the head of apparatus, 8 for the others)",
        test: "QuarterlySurvey360Tests/competencyLists")
    public static let quarterlySurvey360Respondents = Rule(
        "quarterly.survey360-respondents", "3 to 7 respondents: the maslikhat chair, the evaluator's subordinates, close peers; the self-assessment is not counted",
        test: "QuarterlySurvey360Tests/tooFew")
    public static let quarterlySurvey360Report = Rule(
        "quarterly.survey360-report", "HR runs the 360 and makes the individual report; the least developed competencies feed training",
        test: "QuarterlySurvey360Tests/results")
    public static let quarterlyCalibrationConvening = Rule(
        "quarterly.calibration-convening", "The maslikhat chair decides on the session and approves its composition within 3 working days of the application",
        test: "QuarterlyCalibrationTests/sessionDeadlines")
    public static let quarterlyCalibrationSession = Rule(
        "quarterly.calibration-session", "The session is held within 10 working days of the application",
        test: "QuarterlyCalibrationTests/sessionDeadlines")
    public static let quarterlyCalibrationVote = Rule(
        "quarterly.calibration-vote", "The evaluator argues the grade first; participants support or argue a correction up or down; the majority of their votes decides; HR places the protocol within 3 working days",
        test: "QuarterlyCalibrationTests/twoDecimalCorrection")
    public static let quarterlyFeedback = Rule(
        "quarterly.feedback", "After the session the evaluator holds a feedback meeting with the servant",
        test: "QuarterlyCalibrationTests/complaintAndCourt")
    public static let quarterlyComplaint = Rule(
        "quarterly.complaint", "A complaint about the calibration decision within 3 months of learning of it, decided by the body's authority",
        test: "QuarterlyCalibrationTests/complaintAndCourt")
    public static let quarterlyCourt = Rule(
        "quarterly.court", "Court only after the complaint's decision, within 1 month of it",
        test: "QuarterlyCalibrationTests/complaintAndCourt")

    /// Every rule of the quarterly methodology's version.
    public static let quarterlyEvaluation: [Rule] = [quarterlyDeadline, quarterlyExemption, quarterlyBands, quarterlySchedule, quarterlyFamiliarisation, quarterlyCalibrationApplication, quarterlyCalibrationAppeal, quarterlyDisagreement, quarterlySelfAssessment, quarterlyHeadByKpis, quarterlyPlan, quarterlyKpiCount, quarterlyKpiChange, quarterlyHeadNotice, quarterlyKpiScore, quarterlyDifferentiation, quarterlyServantNotice, quarterlyDifferentiationSheet, quarterlySurvey360, quarterlySurvey360Competencies, quarterlySurvey360Respondents, quarterlySurvey360Report, quarterlyCalibrationConvening, quarterlyCalibrationSession, quarterlyCalibrationVote, quarterlyFeedback, quarterlyComplaint, quarterlyCourt]
}
