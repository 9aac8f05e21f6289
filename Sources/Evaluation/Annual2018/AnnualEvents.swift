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

    public static let catalog = EventCatalog([caseOpened, planDrafted, planSubmitted, planReturned, planApproved])

    public static func stream(bodyId: String, year: Int, personId: String) -> String { "case/annual/\(bodyId)/\(year)/\(personId)" }
}
