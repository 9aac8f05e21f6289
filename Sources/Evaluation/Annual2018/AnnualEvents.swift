import LedgerCore

/// Events of an annual evaluation case under the 2018 methodology (seeds 001, 002), on the stream
/// `case/annual/<bodyId>/<year>/<personId>`.
public enum AnnualEvents {
    public static let caseOpened = EventTypeDescriptor(
        type: "annual.case-opened", schemaVersion: 1,
        summary: "HR opens a servant's annual evaluation, bound to the methodology version in force", clause: "001 §18",
        payload: .object([
            .required("caseId", .identifier, "the case's identifier"),
            .required("bodyId", .identifier, "the body"),
            .required("personId", .identifier, "the evaluated servant"),
            .required("year", .integer(minimum: 2016, maximum: 2100), "the evaluated year"),
            .required("methodologyVersionId", .identifier, "the version whose rules govern the case"),
            .required("periodStart", .date, "first day of the evaluated period"),
            .required("periodEnd", .date, "last day of the evaluated period"),
        ]))

    /// One KPI of the individual work plan, with the fields of the App. 1 form (002 App. 1).
    public static let kpi = PayloadShape.object([
        .required("number", .integer(minimum: 1, maximum: 20), "position in the plan"),
        .required("name", .text, "the target indicator (НМИ)"),
        .required("sourceDocument", .text, "the state-planning document it derives from"),
        .required("unit", .string(minLength: 1, maxLength: 100), "unit of measure"),
        .required("plannedValue", .decimal, "planned value, exact"),
        .required("deadline", .date, "when it is to be achieved"),
        .required("expectedResult", .text, "the expected key result"),
    ])

    public static let planDrafted = EventTypeDescriptor(
        type: "annual.plan-drafted", schemaVersion: 1,
        summary: "The direct supervisor sets the KPIs of the individual work plan", clause: "001 §9, §13–§14",
        payload: .object([
            .required("caseId", .identifier, "the case"),
            .required("kpis", .array(kpi, minItems: 1, maxItems: 20), "the KPIs (App. 1)"),
        ]))

    public static let planSubmitted = EventTypeDescriptor(
        type: "annual.plan-submitted", schemaVersion: 1,
        summary: "The direct supervisor sends the plan for approval (again, after a return)", clause: "001 §10, §12",
        payload: .object([.required("caseId", .identifier, "the case")]))

    public static let planReturned = EventTypeDescriptor(
        type: "annual.plan-returned", schemaVersion: 1,
        summary: "The approver returns the plan for correction, with the reason", clause: "001 §12",
        payload: .object([
            .required("caseId", .identifier, "the case"),
            .required("reason", .text, "why the KPIs break 001 §13"),
        ]))

    public static let planApproved = EventTypeDescriptor(
        type: "annual.plan-approved", schemaVersion: 1,
        summary: "The superior supervisor, or the first head, approves the plan", clause: "001 §10–§11",
        payload: .object([.required("caseId", .identifier, "the case")]))

    public static let monitoringRecorded = EventTypeDescriptor(
        type: "annual.monitoring-recorded", schemaVersion: 1,
        summary: "The direct supervisor's quarterly monitoring of the KPIs, with written recommendations", clause: "001 §16",
        payload: .object([
            .required("caseId", .identifier, "the case"),
            .required("quarter", .integer(minimum: 1, maximum: 4), "the quarter monitored"),
            .required("recommendations", .text, "the written recommendations given to the servant"),
        ]))

    /// One line of the KPI evaluation sheet (002 App. 2).
    public static let kpiResult = PayloadShape.object([
        .required("number", .integer(minimum: 1, maximum: 20), "the KPI's number in the plan"),
        .required("actualValue", .decimal, "the actual value, exact"),
        .required("achieved", .boolean, "achieved only when all its indicators are fully met (001 §18)"),
    ])

    public static let kpiSheetSigned = EventTypeDescriptor(
        type: "annual.kpi-sheet-signed", schemaVersion: 1,
        summary: "The direct supervisor fills in and signs the KPI evaluation sheet; the grade follows from the KPIs achieved",
        clause: "001 §17–§18",
        payload: .object([
            .required("caseId", .identifier, "the case"),
            .required("results", .array(kpiResult, minItems: 1, maxItems: 20), "per KPI: actual value, achieved or not (App. 2)"),
            .required("achieved", .integer(minimum: 0, maximum: 20), "KPIs achieved"),
            .required("grade", .enumeration(["excellent", "effective", "satisfactory", "unsatisfactory"]), "the grade by 001 §18"),
        ]))

    public static let kpiSheetReturned = EventTypeDescriptor(
        type: "annual.kpi-sheet-returned", schemaVersion: 1,
        summary: "The superior supervisor returns the KPI sheet: the facts proving achievement are insufficient or unreliable",
        clause: "001 §21–§22",
        payload: .object([
            .required("caseId", .identifier, "the case"),
            .required("reason", .text, "which facts are insufficient or unreliable"),
        ]))

    public static let kpiSheetAgreed = EventTypeDescriptor(
        type: "annual.kpi-sheet-agreed", schemaVersion: 1,
        summary: "The superior supervisor agrees with the KPI sheet and signs it", clause: "001 §21",
        payload: .object([.required("caseId", .identifier, "the case")]))

    /// One competency of the competency evaluation sheet (002 App. 3).
    public static let competencyAssessment = PayloadShape.object([
        .required("competency", .string(minLength: 1, maxLength: 200), "the competency (002 App. 3)"),
        .required("observed", .array(.text, maxItems: 20), "behavioural indicators observed"),
        .required("notObserved", .array(.text, maxItems: 20), "behavioural indicators not observed, named on the sheet (001 §27)"),
        .required("meetsExpectations", .boolean, "3/4 or more of the indicators observed (001 §27)"),
    ])

    public static let competencySheetSigned = EventTypeDescriptor(
        type: "annual.competency-sheet-signed", schemaVersion: 1,
        summary: "The direct supervisor assesses the competencies by behavioural indicators and signs the sheet",
        clause: "001 §25–§27",
        payload: .object([
            .required("caseId", .identifier, "the case"),
            .required("category", .string(minLength: 2, maxLength: 20), "position category whose indicators apply (002 App. 4)"),
            .required("competencies", .array(competencyAssessment, minItems: 1, maxItems: 20), "per competency: indicators and result"),
        ]))

    public static let sheetsHandedToCommission = EventTypeDescriptor(
        type: "annual.sheets-handed-to-commission", schemaVersion: 1,
        summary: "HR puts the signed sheets before the evaluation commission", clause: "001 §24, §28",
        payload: .object([
            .required("caseId", .identifier, "the case"),
            .required("commissionId", .identifier, "the commission"),
        ]))

    public static let resultApproved = EventTypeDescriptor(
        type: "annual.result-approved", schemaVersion: 1,
        summary: "The authorised person approves the result as the commission decided it", clause: "001 §38–§39",
        payload: .object([
            .required("caseId", .identifier, "the case"),
            .required("commissionId", .identifier, "the deciding commission"),
            .required("meetingId", .identifier, "the meeting"),
            .required("motionId", .identifier, "the carried motion"),
            .required("kpiGrade", .enumeration(CommissionMeetingEvents.grades), "the grade of the KPI sheet (001 §18)"),
            .required("finalGrade", .enumeration(CommissionMeetingEvents.grades), "the approved result"),
            .required("correctedByCommission", .boolean, "the protocol's 'corrected by the commission' column (001 §38)"),
        ]))

    public static let familiarised = EventTypeDescriptor(
        type: "annual.familiarised", schemaVersion: 1,
        summary: "HR familiarises the servant with the results in writing, with the servant's signature", clause: "001 §40",
        payload: .object([.required("caseId", .identifier, "the case")]))

    public static let familiarisationRefused = EventTypeDescriptor(
        type: "annual.familiarisation-refused", schemaVersion: 1,
        summary: "The servant refuses to be familiarised: an act signed by HR and two other employees", clause: "001 §41–§42",
        payload: .object([
            .required("caseId", .identifier, "the case"),
            .required("signatories", .array(.identifier, minItems: 3, maxItems: 3), "the HR officer and two other employees"),
        ]))

    public static let resultSent = EventTypeDescriptor(
        type: "annual.result-sent", schemaVersion: 1,
        summary: "After a refusal act, HR sends the result to the servant through the intranet portal", clause: "001 §42",
        payload: .object([
            .required("caseId", .identifier, "the case"),
            .required("channel", .enumeration(["intranet-portal"]), "how it was sent"),
            .required("reference", .text, "the portal message's reference"),
        ]))

    public static let appealFiled = EventTypeDescriptor(
        type: "annual.appeal-filed", schemaVersion: 1,
        summary: "The servant appeals the commission's decision to the civil-service agency", clause: "001 §43",
        payload: .object([
            .required("caseId", .identifier, "the case"),
            .required("authority", .text, "the agency or its territorial department appealed to"),
        ]))

    public static let appealDecided = EventTypeDescriptor(
        type: "annual.appeal-decided", schemaVersion: 1,
        summary: "The agency recommends reconsideration, or leaves the result unchanged", clause: "001 §43",
        payload: .object([
            .required("caseId", .identifier, "the case"),
            .required("outcome", .enumeration(["recommend-reconsideration", "unchanged"]), "the agency's decision"),
            .required("reasoning", .text, "the agency's reasons"),
        ]))

    public static let courtDecisionRecorded = EventTypeDescriptor(
        type: "annual.court-decision-recorded", schemaVersion: 1,
        summary: "HR records a court's decision on the evaluation", clause: "001 §44",
        payload: .object([
            .required("caseId", .identifier, "the case"),
            .required("court", .text, "the court"),
            .required("outcome", .enumeration(["upheld", "annulled"]), "whether the result stands"),
            .required("decisionDate", .date, "date of the decision"),
        ]))

    public static let catalog = EventCatalog([
        caseOpened, planDrafted, planSubmitted, planReturned, planApproved, monitoringRecorded, kpiSheetSigned,
        kpiSheetReturned, kpiSheetAgreed, competencySheetSigned, sheetsHandedToCommission, resultApproved, familiarised,
        familiarisationRefused, resultSent, appealFiled, appealDecided, courtDecisionRecorded,
    ])

    public static func stream(bodyId: String, year: Int, personId: String) -> String { "case/annual/\(bodyId)/\(year)/\(personId)" }
}
