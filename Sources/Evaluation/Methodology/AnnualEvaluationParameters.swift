import LedgerCore

/// The numbers of an annual evaluation methodology (domain.md §2): parameters of a version a body
/// adopts, never constants in code (domain.md §6).
public struct AnnualEvaluationParameters: Sendable, Equatable {
    public struct Grade: Sendable, Equatable {
        /// The least number of KPIs achieved for this grade.
        public let minimumAchieved: Int
        public let grade: String
        public let nameKk: String
    }

    /// KPIs in an individual work plan, exactly (001 §14).
    public let kpiCount: Int
    /// Working days from the period start to define the plan (001 §9).
    public let planDueWorkingDays: Int
    /// Working days to resubmit a plan or sheet returned for correction (001 §12, §23).
    public let resubmissionWorkingDays: Int
    /// Working days for HR to put a signed sheet before the commission (001 §24, §28).
    public let sheetToCommissionWorkingDays: Int
    /// Working days before the evaluation by which the persons concerned are notified (001 §29).
    public let noticeWorkingDaysBefore: Int
    /// Working days after completion to familiarise the servant with the results (001 §40).
    public let familiarisationWorkingDays: Int
    /// Working days after the commission's decision to appeal (001 §43).
    public let appealWorkingDays: Int
    /// Working days after the return from an absence within which the servant is evaluated (001 §4).
    public let afterReturnWorkingDays: Int
    /// Months in the position below which a servant is not evaluated (001 §4).
    public let minimumMonthsInPosition: Int
    /// Grades by KPIs achieved, highest threshold first (001 §18).
    public let grades: [Grade]
    /// Share of a competency's indicators that must be observed for "meets expectations" (001 §27).
    public let competencyMeetsFraction: String
    /// Behavioural indicators per competency, at most (001 §26).
    public let maximumIndicatorsPerCompetency: Int
    /// The competencies and behavioural indicators of each position category (002 App. 4).
    public let competencyLists: [String: CompetencyList]
    /// Commission members, at least (001 §5).
    public let commissionMinimumMembers: Int
    /// Share of members present for a competent meeting (001 §30): numerator / denominator.
    public let quorumNumerator: Int
    public let quorumDenominator: Int
    /// The clause of the adopted document each rule cites (001 for Akmola, 002 for Kazygurt).
    public let clauses: ClauseTable

    /// The clause `rule` cites under this version.
    public func cite(_ rule: Rule) -> String { clauses.cite(rule) }

    /// The competencies of one position category with their behavioural indicators (002 App. 4).
    public struct CompetencyList: Sendable, Equatable {
        public let category: String
        /// True when the list holds every competency of the category: then no other may be assessed.
        public let complete: Bool
        /// Indicators by competency name.
        public let indicators: [String: [String]]
    }

    static let competencyListShape = PayloadShape.object([
        .required("category", .string(minLength: 2, maxLength: 20), "position category, e.g. E-3"),
        .required("complete", .boolean, "whether every competency of the category is listed"),
        .optional("source", .text, "where the list comes from"),
        .required("competencies", .array(.object([
            .required("name", .text, "the competency, as the methodology names it"),
            .optional("nameEn", .text, "the competency in English"),
            .required("indicators", .array(.text, minItems: 1, maxItems: 50), "its effective behavioural indicators"),
        ]), minItems: 1, maxItems: 30), "the category's competencies"),
    ])

    /// Schema version 1's parameters: every number, the clauses implied (those of seed 001).
    public static let shapeV1 = PayloadShape.object(fieldsV1)
    /// Schema version 2 adds the clause of each rule in the adopted document.
    public static let shape = PayloadShape.object(fieldsV1 + [
        .required("clauses", ClauseTable.shape, "the clause of the adopted document that states each rule (001 §30 in Akmola, 002 §29 in Kazygurt)"),
    ])

    private static let fieldsV1: [PayloadField] = [
        .required("kpiCount", .integer(minimum: 1, maximum: 20), "KPIs in a work plan, exactly (001 §14)"),
        .required("planDueWorkingDays", .integer(minimum: 1, maximum: 60), "working days to define the plan (001 §9)"),
        .required("resubmissionWorkingDays", .integer(minimum: 1, maximum: 30), "working days to resubmit after a return (001 §12, §23)"),
        .required("sheetToCommissionWorkingDays", .integer(minimum: 1, maximum: 30), "working days to bring a signed sheet to the commission (001 §24)"),
        .required("noticeWorkingDaysBefore", .integer(minimum: 1, maximum: 30), "working days' notice before the evaluation (001 §29)"),
        .required("familiarisationWorkingDays", .integer(minimum: 1, maximum: 30), "working days to familiarise the servant (001 §40)"),
        .required("appealWorkingDays", .integer(minimum: 1, maximum: 60), "working days to appeal (001 §43)"),
        .required("afterReturnWorkingDays", .integer(minimum: 1, maximum: 30), "working days after a return to evaluate (001 §4)"),
        .required("minimumMonthsInPosition", .integer(minimum: 0, maximum: 24), "months in the position below which no evaluation (001 §4)"),
        .required("grades", .array(.object([
            .required("minimumAchieved", .integer(minimum: 0, maximum: 20), "least KPIs achieved for the grade"),
            .required("grade", .enumeration(["excellent", "effective", "satisfactory", "unsatisfactory"]), "the grade"),
            .required("nameKk", .text, "the grade in Kazakh"),
        ]), minItems: 1, maxItems: 10), "grades by KPIs achieved (001 §18)"),
        .required("competencyMeetsFraction", .decimal, "share of indicators observed for 'meets expectations' (001 §27)"),
        .required("maximumIndicatorsPerCompetency", .integer(minimum: 1, maximum: 50), "indicators per competency, at most (001 §26)"),
        .optional("competencyLists", .array(competencyListShape, maxItems: 30), "competencies and behavioural indicators per position category (002 App. 4)"),
        .required("commissionMinimumMembers", .integer(minimum: 1, maximum: 50), "commission members, at least (001 §5)"),
        .required("quorumNumerator", .integer(minimum: 1, maximum: 10), "quorum share, numerator (001 §30)"),
        .required("quorumDenominator", .integer(minimum: 1, maximum: 10), "quorum share, denominator (001 §30)"),
    ]

    /// The upcaster of schema version 1 (design.md §11): a v1 adoption named no clauses; every one it
    /// implied was seed 001's, so they are read as the shipped Akmola version states them.
    public static func upcastV1(_ json: JSONValue) throws -> JSONValue {
        try shapeV1.validate(json, at: "parameters")
        guard case .object(let carried) = json, let clauses = try MethodologyEvents.annualEvaluation2018()["clauses"] else { return json }
        return .object(carried + [("clauses", clauses)])
    }

    /// Reads parameters of `schemaVersion`'s shape (a version 1 payload through ``upcastV1(_:)``).
    public init(_ given: JSONValue, schemaVersion: Int = 2) throws {
        let json = schemaVersion == 1 ? try Self.upcastV1(given) : given
        try Self.shape.validate(json, at: "parameters")
        func int(_ name: String) -> Int { Int(json[name]?.integerValue ?? 0) }
        kpiCount = int("kpiCount")
        planDueWorkingDays = int("planDueWorkingDays")
        resubmissionWorkingDays = int("resubmissionWorkingDays")
        sheetToCommissionWorkingDays = int("sheetToCommissionWorkingDays")
        noticeWorkingDaysBefore = int("noticeWorkingDaysBefore")
        familiarisationWorkingDays = int("familiarisationWorkingDays")
        appealWorkingDays = int("appealWorkingDays")
        afterReturnWorkingDays = int("afterReturnWorkingDays")
        minimumMonthsInPosition = int("minimumMonthsInPosition")
        guard case .array(let gradeValues)? = json["grades"] else { throw LedgerError.invalid("parameters.grades", "is required") }
        grades = gradeValues.map {
            Grade(minimumAchieved: Int($0["minimumAchieved"]?.integerValue ?? 0), grade: $0["grade"]?.stringValue ?? "", nameKk: $0["nameKk"]?.stringValue ?? "")
        }.sorted { $0.minimumAchieved > $1.minimumAchieved }
        competencyMeetsFraction = json["competencyMeetsFraction"]?.stringValue ?? ""
        maximumIndicatorsPerCompetency = int("maximumIndicatorsPerCompetency")
        var lists: [String: CompetencyList] = [:]
        if case .array(let values)? = json["competencyLists"] {
            for (index, value) in values.enumerated() {
                let category = value["category"]?.stringValue ?? ""
                var indicators: [String: [String]] = [:]
                if case .array(let competencies)? = value["competencies"] {
                    for competency in competencies {
                        guard let name = competency["name"]?.stringValue, case .array(let items)? = competency["indicators"] else { continue }
                        indicators[name] = items.compactMap(\.stringValue)
                    }
                }
                guard lists[category] == nil else {
                    throw LedgerError.invalid("parameters.competencyLists[\(index)].category", "category \(category) is listed twice")
                }
                lists[category] = CompetencyList(category: category, complete: value["complete"] == true, indicators: indicators)
            }
        }
        competencyLists = lists
        commissionMinimumMembers = int("commissionMinimumMembers")
        quorumNumerator = int("quorumNumerator")
        quorumDenominator = int("quorumDenominator")
        clauses = try ClauseTable(json["clauses"], at: "parameters.clauses", rules: Rule.annualEvaluation)
        guard grades.last?.minimumAchieved == 0 else {
            throw LedgerError.invalid("parameters.grades", "the lowest grade must start at 0 KPIs achieved, so that every result has a grade")
        }
        // 001 §26: at most this many indicators per competency.
        for list in competencyLists.values {
            for (name, items) in list.indicators where items.count > maximumIndicatorsPerCompetency {
                throw LedgerError.invalid(
                    "parameters.competencyLists", "\(clauses.cite(.annualIndicatorLimit)): \(name) (\(list.category)) has \(items.count) indicators; at most \(maximumIndicatorsPerCompetency)")
            }
        }
        guard quorumNumerator <= quorumDenominator else {
            throw LedgerError.invalid("parameters.quorumNumerator", "a quorum is a share of the members: at most \(quorumDenominator)/\(quorumDenominator)")
        }
    }

    /// 001 §18: the grade for `achieved` KPIs of the plan.
    public func grade(achieved: Int) -> Grade {
        grades.first { achieved >= $0.minimumAchieved }!
    }
}
