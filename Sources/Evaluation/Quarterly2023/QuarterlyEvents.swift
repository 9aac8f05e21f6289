import LedgerCore

/// How a servant is evaluated under seed 004: the head of apparatus by KPIs (004 §22), every other
/// B-corps servant by the differentiation method (004 §29).
public enum QuarterlyMethod: String, Sendable, CaseIterable {
    case kpi
    case differentiation
}

/// Events of one servant's year under the 2023 quarterly methodology (seed 004), on the stream
/// `case/quarterly/<bodyId>/<year>/<personId>`: the plan and quarterly scores, exemptions,
/// familiarisation, calibration sessions and complaints, and the annual 360.
public enum QuarterlyEvents {
    public static func stream(bodyId: String, year: Int, personId: String) -> String { "case/quarterly/\(bodyId)/\(year)/\(personId)" }

    /// The id a servant's case of a year was opened under — from the case stream's first event, its
    /// opening — or none when no case is opened: one case's read-model rows found without the body's.
    public static func caseId(bodyId: String, year: Int, personId: String, in store: any EventStore) async throws -> String? {
        try caseId(opening: try await store.readStream(stream(bodyId: bodyId, year: year, personId: personId), fromVersion: 1, limit: 1).first)
    }

    /// The id a case was opened under, from its stream's first event (none when that is not the opening).
    public static func caseId(opening: RecordedEvent?) throws -> String? {
        try opening.flatMap { $0.type == caseOpened.type ? try $0.payload()["caseId"]?.stringValue : nil }
    }

    /// A deadline the act was judged against (design.md §5: recorded and flagged, never refused).
    public static let deadline = PayloadShape.object([
        .required("clause", .text, "the clause that sets the deadline"),
        .required("rule", .text, "the deadline in words"),
        .required("dueBy", .date, "the last day allowed"),
        .required("actedOn", .date, "the day the act happened, in the body's zone"),
        .required("workingDaysLate", .integer(minimum: 0), "working days past the deadline; 0 on time"),
    ])

    static let quarter = PayloadField.required("quarter", .integer(minimum: 1, maximum: 4), "the evaluated quarter")
    static let score = PayloadShape.string(minLength: 1, maxLength: 40)
    static let result = PayloadShape.enumeration(["effective", "proper", "satisfactory", "unsatisfactory"])

    /// Every quarterly event: the case, its own fields, and the deadlines it was judged against.
    static func event(_ name: String, _ summary: String, clause: String, _ fields: [PayloadField]) -> EventTypeDescriptor {
        EventTypeDescriptor(
            type: "quarterly.\(name)", schemaVersion: 1, summary: summary, clause: clause,
            payload: .object([.required("caseId", .identifier, "the case")] + fields + [
                .optional("deadlines", .array(deadline, maxItems: 4), "deadlines this act was judged against"),
            ]))
    }

    public static let caseOpened = event(
        "case-opened", "HR opens a servant's year under the quarterly methodology, bound to the version in force", clause: "004 §3–§5, §11", [
            .required("bodyId", .identifier, "the body"),
            .required("personId", .identifier, "the evaluated servant"),
            .required("year", .integer(minimum: 2023, maximum: 2100), "the evaluated year"),
            .required("methodologyVersionId", .identifier, "the version whose rules govern the case"),
            .required("method", .enumeration(QuarterlyMethod.allCases.map(\.rawValue)), "KPIs for the head of apparatus, differentiation for the others (004 §22, §29)"),
            .required("evaluatorId", .identifier, "the evaluator (бағалаушы адам)"),
            .required("periodStart", .date, "first day evaluated: 1 January, or the appointment when later (004 §23)"),
            .required("periodEnd", .date, "last day of the evaluated year"),
        ])

    /// One KPI of the head of apparatus's individual work plan (004 App. 1, §24–§25).
    public static let kpi = PayloadShape.object([
        .required("number", .integer(minimum: 1, maximum: 20), "position in the plan"),
        .required("name", .text, "the key target indicator (НМИ)"),
        .required("unit", .string(minLength: 1, maxLength: 100), "unit of measure"),
        .required("plannedValue", .decimal, "planned value, exact"),
    ])

    public static let planSet = event(
        "plan-set", "The evaluator sets the head of apparatus's KPIs, agreed with the HR officer", clause: "004 §23–§25", [
            .required("agreedBy", .identifier, "the HR officer who agreed the KPIs (004 §23)"),
            .required("kpis", .array(kpi, minItems: 1, maxItems: 20), "the KPIs (App. 1)"),
        ])

    public static let planChanged = event(
        "plan-changed", "The KPIs change after a recorded change of the body's functions or structure", clause: "004 §26", [
            .required("agreedBy", .identifier, "the HR officer who agreed the change"),
            .required("changeId", .identifier, "the recorded change of functions or structure that grounds it"),
            .required("kpis", .array(kpi, minItems: 1, maxItems: 20), "the KPIs as changed"),
        ])

    public static let planPlaced = event(
        "plan-placed", "HR places the approved work plan in the information system", clause: "004 §23", [])

    public static let evaluationNotified = event(
        "evaluation-notified", "HR (or the system) notifies the servant that their quarter is being evaluated", clause: "004 §27, §31", [
            quarter,
            .required("channel", .enumeration(["system", "intranet", "e-document", "paper"]), "how"),
        ])

    public static let actualValuesComputed = event(
        "actual-values-computed", "HR pre-computes the KPIs' actual values and sends them to the evaluator", clause: "004 §23", [
            quarter,
            .required("values", .array(.object([
                .required("number", .integer(minimum: 1, maximum: 20), "the KPI's number"),
                .required("actualValue", .decimal, "the actual value, exact"),
                .required("completion", .decimal, "percentage of the KPI completed"),
            ]), minItems: 1, maxItems: 20), "per KPI"),
        ])

    /// A quarter's result: the exact mean, the two-decimal figure banding used, and the band (004 §8).
    static let quarterResult: [PayloadField] = [
        .required("score", score, "the quarter's score, exact (a fraction when needed)"),
        .required("rounded", .decimal, "the score rounded half up to two decimals, as banded"),
        .required("result", result, "the band of 004 §8"),
    ]

    public static let kpisScored = event(
        "kpis-scored", "The evaluator scores each KPI 0–5 on the evaluation sheet", clause: "004 §28, App. 2–3", [
            quarter,
            .required("scores", .array(.object([
                .required("number", .integer(minimum: 1, maximum: 20), "the KPI's number"),
                .required("completion", .decimal, "the completion HR computed"),
                .required("score", .integer(minimum: 0, maximum: 5), "the score, within what the App. 3 table allows"),
            ]), minItems: 1, maxItems: 20), "per KPI"),
        ] + quarterResult)

    public static let differentiationScored = event(
        "differentiation-scored", "The head of apparatus scores a servant's quarter 0–5 on the four parameters", clause: "004 §30–§33, App. 4", [
            quarter,
            .required("quality", .text, "quality of functional duties (004 §33)"),
            .required("timeliness", .text, "meeting task deadlines (004 §33)"),
            .required("initiative", .text, "independence and initiative (004 §33)"),
            .required("discipline", .text, "labour discipline (004 §33)"),
            .required("workload", .text, "volume and complexity of the work done (004 §33)"),
        ] + quarterResult)

    public static let quarterExempted = event(
        "quarter-exempted", "A quarter is not evaluated: under the minimum time in the position", clause: "004 §6", [
            quarter,
            .required("reason", .text, "the facts that exempt it"),
        ])

    public static let familiarised = event(
        "familiarised", "HR familiarises the servant with a quarter's results", clause: "004 §12", [
            quarter,
            .required("channel", .enumeration(["system", "intranet", "e-document", "paper"]), "how (004 §12)"),
        ])

    public static let calibrationApplied = event(
        "calibration-applied", "The servant applies to the maslikhat chair for a calibration session", clause: "004 §13", [
            quarter,
            .required("reason", .text, "why the servant disagrees"),
        ])

    public static let calibrationConvened = event(
        "calibration-convened", "The maslikhat chair decides to hold the session and approves its composition", clause: "004 §39–§40", [
            quarter,
            .required("sessionId", .identifier, "the session"),
            .required("participants", .array(.identifier, minItems: 1, maxItems: 30), "who takes part and votes"),
            .required("sessionDate", .date, "when it is to be held"),
        ])

    public static let calibrationArgued = event(
        "calibration-argued", "The evaluator argues the grade; a participant supports it or argues a correction", clause: "004 §42", [
            quarter,
            .required("sessionId", .identifier, "the session"),
            .required("position", .enumeration(["support", "raise", "lower"]), "keep the grade, or correct it up or down"),
            .optional("proposedScore", .decimal, "the score argued for, with raise or lower"),
            .required("argument", .text, "the argument"),
        ])

    public static let calibrationVoteCast = event(
        "calibration-vote-cast", "A participant votes for the quarter's final score", clause: "004 §42", [
            quarter,
            .required("sessionId", .identifier, "the session"),
            .required("score", .decimal, "the final score voted for, 0–5, at most two decimals"),
        ])

    public static let calibrationProtocolSigned = event(
        "calibration-protocol-signed", "The session's protocol: the final score by majority vote, or the evaluator's when none", clause: "004 §42", [
            quarter,
            .required("sessionId", .identifier, "the session"),
            .required("before", score, "the evaluator's score"),
            .required("votes", .array(.object([
                .required("participantId", .identifier, "who voted"),
                .required("score", .decimal, "for which score"),
            ]), maxItems: 30), "every vote"),
            .required("majority", .boolean, "whether one score had more than half of the votes cast"),
            .required("correction", .enumeration(["up", "down", "none"]), "the calibration correction"),
        ] + quarterResult)

    public static let calibrationProtocolPosted = event(
        "calibration-protocol-posted", "HR places the signed protocol in the system", clause: "004 §42", [
            quarter, .required("sessionId", .identifier, "the session"),
        ])

    public static let feedbackMeetingHeld = event(
        "feedback-meeting-held", "The evaluator's feedback meeting after the session", clause: "004 §43", [
            quarter,
            .required("achievements", .text, "achievements of the period"),
            .required("development", .text, "development of skills and competencies"),
            .required("careerGoals", .text, "the servant's potential and career goals"),
        ])

    public static let complaintFiled = event(
        "complaint-filed", "The servant complains about the calibration decision under the Administrative Procedural Code", clause: "004 §14; APC Art. 91", [
            quarter,
            .required("authority", .text, "to whom, through the body whose decision it is"),
            .required("learnedOn", .date, "when the servant learned of the decision: the 3 months run from it"),
        ])

    public static let complaintDecided = event(
        "complaint-decided", "The complaint is decided", clause: "APC Art. 91–92", [
            quarter,
            .required("outcome", .enumeration(["upheld", "rejected"]), "the decision"),
            .required("reasoning", .text, "its reasons"),
        ])

    public static let courtDecisionRecorded = event(
        "court-decision-recorded", "A court's decision on the calibration, after the complaint", clause: "APC Art. 136", [
            quarter,
            .required("court", .text, "the court"),
            .required("filedOn", .date, "when the claim was filed"),
            .required("outcome", .enumeration(["upheld", "rejected"]), "the decision"),
            .required("decisionDate", .date, "when the court decided"),
        ])

    public static let surveyOpened = event(
        "survey-opened", "HR chooses the 3–7 respondents of the annual 360", clause: "004 §34–§36", [
            .required("respondents", .array(.object([
                .required("personId", .identifier, "who is asked"),
                .required("relation", .enumeration(Survey360Relation.allCases.map(\.rawValue)), "why (004 §36)"),
            ]), minItems: 1, maxItems: 50), "who is asked; never linked to an answer"),
            .required("competencies", .array(.identifier, minItems: 1, maxItems: 30), "the competencies asked about (004 §35)"),
        ])

    /// Scores per competency, as a respondent or the servant gave them.
    static let competencyScores = PayloadShape.array(.object([
        .required("competency", .identifier, "the competency"),
        .required("score", .integer(minimum: 0, maximum: 10), "the score"),
    ]), minItems: 1, maxItems: 30)

    public static let selfAssessmentRecorded = event(
        "self-assessment-recorded", "The servant's self-assessment: stored, not counted", clause: "004 §19, §36", [
            .required("scores", competencyScores, "per competency"),
        ])

    public static let surveyAnswersRecorded = event(
        "survey-answers-recorded", "HR records the 360's anonymous answers and the results per competency", clause: "004 §34, §36–§37", [
            .required("answers", .array(competencyScores, minItems: 1, maxItems: 50), "the answers, in canonical order, with no respondent"),
            .required("results", .array(.object([
                .required("competency", .identifier, "the competency"),
                .required("mean", score, "the respondents' mean, exact"),
                .required("rounded", .decimal, "the mean to two decimals, half up"),
            ]), minItems: 1, maxItems: 30), "per competency (the self-assessment not counted)"),
            .required("leastDeveloped", .array(.identifier, minItems: 1, maxItems: 30), "the competencies with the lowest mean (004 §37)"),
        ])

    /// 004 §17: a disagreement about the procedure, raised by a party to the case and recorded by HR.
    public static let disagreementRecorded = event(
        "disagreement-recorded", "HR records a party's disagreement about the evaluation procedure", clause: "004 §17", [
            .required("disagreementId", .identifier, "the disagreement, unique in the case"),
            .required("raisedBy", .identifier, "the party who disagrees: the servant or the evaluator"),
            .required("subject", .text, "what the disagreement is about"),
        ])

    /// 004 §17: HR considers it with the interested persons and parties, and records the resolution.
    public static let disagreementResolved = event(
        "disagreement-resolved", "HR resolves a disagreement about the procedure with the parties", clause: "004 §17", [
            .required("disagreementId", .identifier, "the disagreement"),
            .required("parties", .array(.identifier, minItems: 1, maxItems: 20), "who took part in considering it"),
            .required("resolution", .text, "how it was resolved"),
        ])

    public static let catalog = EventCatalog([
        caseOpened, planSet, planPlaced, planChanged, evaluationNotified, actualValuesComputed, kpisScored, differentiationScored, quarterExempted, familiarised,
        calibrationApplied, calibrationConvened, calibrationArgued, calibrationVoteCast, calibrationProtocolSigned, calibrationProtocolPosted,
        feedbackMeetingHeld, complaintFiled, complaintDecided, courtDecisionRecorded, surveyOpened, selfAssessmentRecorded, surveyAnswersRecorded,
        disagreementRecorded, disagreementResolved,
    ])
}

/// Why a person answers a servant's 360 (004 §36).
public enum Survey360Relation: String, Sendable, CaseIterable {
    case maslikhatChair = "maslikhat-chair"
    /// A B-corps servant directly subordinate to the evaluator.
    case evaluatorSubordinate = "evaluator-subordinate"
    /// A person at the same level who works closely with the servant.
    case peer
}
