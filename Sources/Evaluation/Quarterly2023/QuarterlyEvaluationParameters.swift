import LedgerCore

/// The numbers of a quarterly evaluation methodology (seed 004; domain.md §3): parameters of a
/// version a body adopts, never constants in code (domain.md §6).
public struct QuarterlyEvaluationParameters: Sendable, Equatable {
    /// One result band of 004 §8, from its lowest score (two decimals) up to the next band.
    public struct Band: Sendable, Equatable {
        public let minimumHundredths: Int64
        public let result: String
        public let nameKk: String
        public let nameRu: String
    }

    /// One row of the KPI completion → allowed score table (004 §28, App. 3): from this completion
    /// percentage up, at most this score.
    public struct ScoreRule: Sendable, Equatable {
        public let minimumCompletion: ExactScore
        public let maximumScore: Int
    }

    /// Day of the month after the quarter by which the quarter is evaluated (004 §5; 20 after the 2025 amendment).
    public let quarterDeadlineDay: Int
    /// KPIs in a head of apparatus's plan: at least, at most (004 §24).
    public let kpiMinimum: Int
    public let kpiMaximum: Int
    /// The App. 3 table; empty when the version has none, and then any score 0–5 is allowed (domain.md §7.1).
    public let scoreTable: [ScoreRule]
    /// Highest band first (004 §8).
    public let bands: [Band]
    /// Working days from the period start, or the appointment, to set the KPIs (004 §23).
    public let planWorkingDays: Int
    /// HR places the approved plan in the system within this many working days (004 §23).
    public let planPlacementWorkingDays: Int
    /// Notice of the evaluation by this day of the month after the quarter: the head (004 §27), the others (004 §31).
    public let kpiNoticeDay: Int
    public let differentiationNoticeDay: Int
    /// No KPIs when fewer months remain from the appointment to the period end (004 §23).
    public let minimumMonthsForKpis: Int
    /// HR's actual KPI values reach the evaluator this many working days before the deadline (004 §23).
    public let actualValuesWorkingDaysBefore: Int
    /// Fewer months in the position during the evaluated quarter: not evaluated (004 §6).
    public let minimumMonthsInPosition: Int
    /// Away at the deadline: the KPI evaluation within this many working days of the return (004 §6).
    public let afterReturnWorkingDays: Int
    public let familiarisationWorkingDays: Int
    public let calibrationApplicationWorkingDays: Int
    public let calibrationDecisionWorkingDays: Int
    public let calibrationSessionWorkingDays: Int
    public let protocolPostingWorkingDays: Int
    public let complaintMonths: Int
    public let courtMonths: Int
    public let survey360: Survey360Parameters
    /// The clause of the adopted document each rule cites (004 in the shipped version).
    public let clauses: ClauseTable

    /// The clause `rule` cites under this version.
    public func cite(_ rule: Rule) -> String { clauses.cite(rule) }

    /// The 360 method's numbers and competency lists (004 §34–§37).
    public struct Survey360Parameters: Sendable, Equatable {
        public struct Competency: Sendable, Equatable {
            public let id: String
            public let nameKk: String
        }
        public let deadlineDay: Int
        public let respondentMinimum: Int
        public let respondentMaximum: Int
        public let scoreMinimum: Int
        public let scoreMaximum: Int
        public let headOfApparatusCompetencies: [Competency]
        public let servantCompetencies: [Competency]

        /// The list for the method a servant is evaluated by (004 §35): 12 for the head, 8 for the others.
        public func competencies(for method: QuarterlyMethod) -> [Competency] {
            method == .kpi ? headOfApparatusCompetencies : servantCompetencies
        }
    }

    static let band = PayloadShape.object([
        .required("minimum", .decimal, "lowest score of the band, two decimals"),
        .required("result", .enumeration(["effective", "proper", "satisfactory", "unsatisfactory"]), "the result"),
        .required("nameKk", .text, "the result in Kazakh (004 §8)"),
        .required("nameRu", .text, "the result in Russian"),
    ])

    static let coreFields: [PayloadField] = [
        .required("quarterDeadlineDay", .integer(minimum: 1, maximum: 28), "day of the month after the quarter (004 §5)"),
        .required("kpiMinimum", .integer(minimum: 1, maximum: 20), "KPIs in a plan, at least (004 §24)"),
        .required("kpiMaximum", .integer(minimum: 1, maximum: 20), "KPIs in a plan, at most (004 §24)"),
        .optional("scoreTable", .array(.object([
            .required("minimumCompletion", .decimal, "completion percentage from which the row applies"),
            .required("maximumScore", .integer(minimum: 0, maximum: 5), "the highest score allowed"),
        ]), maxItems: 20), "KPI completion → allowed score (004 §28, App. 3)"),
        .required("bands", .array(band, minItems: 1, maxItems: 10), "result bands (004 §8)"),
    ]

    /// The parameters as schema version 1 of the adoption event carried them (before the 360, the
    /// deadlines and the exemptions became data).
    public static let shapeV1 = PayloadShape.object(coreFields)

    static func days(_ name: String, _ summary: String) -> PayloadField {
        .required(name, .integer(minimum: 0, maximum: 60), summary)
    }

    static let competency = PayloadShape.object([
        .required("id", .identifier, "the competency's identifier"),
        .required("nameKk", .text, "its name in Kazakh (004 §35)"),
    ])

    /// Schema version 3 adds the clause each rule cites in the adopted document (docs/rules.md).
    public static let shape = PayloadShape.object(fieldsV2 + [
        .required("clauses", ClauseTable.shape, "the clause of the adopted document that states each rule"),
    ])

    /// The parameters as schema version 2 carried them: every number, the clauses implied (seed 004's).
    public static let shapeV2 = PayloadShape.object(fieldsV2)

    static let fieldsV2: [PayloadField] = coreFields + [
        days("planWorkingDays", "working days from the period start, or the appointment, to set the KPIs (004 §23)"),
        days("planPlacementWorkingDays", "HR places the approved plan in the system within this many working days (004 §23)"),
        .required("kpiNoticeDay", .integer(minimum: 1, maximum: 28), "the head of apparatus is notified of the evaluation by this day of the month after the quarter (004 §27)"),
        .required("differentiationNoticeDay", .integer(minimum: 1, maximum: 28), "a servant is notified of the evaluation by this day of the month after the quarter (004 §31)"),
        .required("minimumMonthsForKpis", .integer(minimum: 0, maximum: 12), "no KPIs when fewer months remain from the appointment to the period end (004 §23)"),
        days("actualValuesWorkingDaysBefore", "HR's actual KPI values reach the evaluator this many working days before the deadline (004 §23)"),
        .required("minimumMonthsInPosition", .integer(minimum: 0, maximum: 12), "fewer months in the position in the period: not evaluated (004 §6)"),
        days("afterReturnWorkingDays", "KPI evaluation within this many working days after a return (004 §6)"),
        days("familiarisationWorkingDays", "results shown to the servant within this many working days (004 §12)"),
        days("calibrationApplicationWorkingDays", "application for a calibration session within this many working days of familiarisation (004 §13)"),
        days("calibrationDecisionWorkingDays", "the chair decides and approves the composition within this many working days of the application (004 §39)"),
        days("calibrationSessionWorkingDays", "the session is held within this many working days of the application (004 §40)"),
        days("protocolPostingWorkingDays", "the protocol is placed in the system within this many working days of signing (004 §42)"),
        .required("complaintMonths", .integer(minimum: 1, maximum: 12), "complaint against the calibration decision within this many months (APC Art. 91)"),
        .required("courtMonths", .integer(minimum: 1, maximum: 12), "court within this many months of the complaint decision (APC Art. 136)"),
        .required("survey360", .object([
            .required("deadlineDay", .integer(minimum: 1, maximum: 28), "day of the month after the year by which the 360 is done (004 §5)"),
            .required("respondentMinimum", .integer(minimum: 1, maximum: 50), "respondents per evaluated person, at least (004 §36)"),
            .required("respondentMaximum", .integer(minimum: 1, maximum: 50), "respondents per evaluated person, at most (004 §36)"),
            .required("scoreMinimum", .integer(minimum: 0, maximum: 10), "lowest answer on a competency"),
            .required("scoreMaximum", .integer(minimum: 1, maximum: 10), "highest answer on a competency"),
            .required("headOfApparatusCompetencies", .array(competency, minItems: 1, maxItems: 30), "competencies of the head of apparatus (004 §35)"),
            .required("servantCompetencies", .array(competency, minItems: 1, maxItems: 30), "competencies of other B-corps servants (004 §35)"),
        ]), "the 360 method (004 §34–§37)"),
    ]

    /// Reads the parameters of an adoption event of any schema version (design.md §11).
    public init(_ given: JSONValue, schemaVersion: Int = 3) throws {
        let json = try Self.upcast(given, from: schemaVersion)
        try Self.shape.validate(json, at: "parameters")
        func integer(_ name: String, in object: JSONValue? = nil) -> Int { Int((object ?? json)[name]?.integerValue ?? 0) }
        quarterDeadlineDay = integer("quarterDeadlineDay")
        kpiMinimum = integer("kpiMinimum")
        kpiMaximum = integer("kpiMaximum")
        guard kpiMinimum <= kpiMaximum else {
            throw LedgerError.invalid("parameters.kpiMinimum", "at most kpiMaximum (\(kpiMaximum)); got \(kpiMinimum)")
        }
        var rules: [ScoreRule] = []
        if case .array(let rows)? = json["scoreTable"] {
            for row in rows {
                rules.append(ScoreRule(
                    minimumCompletion: ExactScore(decimal: row["minimumCompletion"]?.stringValue ?? "0") ?? ExactScore(0),
                    maximumScore: Int(row["maximumScore"]?.integerValue ?? 5)))
            }
        }
        scoreTable = rules.sorted { $0.minimumCompletion > $1.minimumCompletion }
        guard case .array(let bandValues)? = json["bands"] else { throw LedgerError.invalid("parameters.bands", "is required") }
        bands = bandValues.map {
            Band(minimumHundredths: ExactScore(decimal: $0["minimum"]?.stringValue ?? "0")?.roundedHundredths ?? 0,
                 result: $0["result"]?.stringValue ?? "", nameKk: $0["nameKk"]?.stringValue ?? "", nameRu: $0["nameRu"]?.stringValue ?? "")
        }.sorted { $0.minimumHundredths > $1.minimumHundredths }
        guard bands.last?.minimumHundredths == 0 else {
            throw LedgerError.invalid("parameters.bands", "the lowest band must start at 0.00, so that every score has a result")
        }
        planWorkingDays = integer("planWorkingDays")
        minimumMonthsForKpis = integer("minimumMonthsForKpis")
        planPlacementWorkingDays = integer("planPlacementWorkingDays")
        kpiNoticeDay = integer("kpiNoticeDay")
        differentiationNoticeDay = integer("differentiationNoticeDay")
        actualValuesWorkingDaysBefore = integer("actualValuesWorkingDaysBefore")
        minimumMonthsInPosition = integer("minimumMonthsInPosition")
        afterReturnWorkingDays = integer("afterReturnWorkingDays")
        familiarisationWorkingDays = integer("familiarisationWorkingDays")
        calibrationApplicationWorkingDays = integer("calibrationApplicationWorkingDays")
        calibrationDecisionWorkingDays = integer("calibrationDecisionWorkingDays")
        calibrationSessionWorkingDays = integer("calibrationSessionWorkingDays")
        protocolPostingWorkingDays = integer("protocolPostingWorkingDays")
        complaintMonths = integer("complaintMonths")
        courtMonths = integer("courtMonths")
        let survey = json["survey360"]
        func competencies(_ name: String) -> [Survey360Parameters.Competency] {
            guard case .array(let items)? = survey?[name] else { return [] }
            return items.map { .init(id: $0["id"]?.stringValue ?? "", nameKk: $0["nameKk"]?.stringValue ?? "") }
        }
        survey360 = Survey360Parameters(
            deadlineDay: integer("deadlineDay", in: survey), respondentMinimum: integer("respondentMinimum", in: survey),
            respondentMaximum: integer("respondentMaximum", in: survey), scoreMinimum: integer("scoreMinimum", in: survey),
            scoreMaximum: integer("scoreMaximum", in: survey),
            headOfApparatusCompetencies: competencies("headOfApparatusCompetencies"), servantCompetencies: competencies("servantCompetencies"))
        clauses = try ClauseTable(json["clauses"], at: "parameters.clauses", rules: Rule.quarterlyEvaluation)
        guard survey360.respondentMinimum <= survey360.respondentMaximum else {
            throw LedgerError.invalid("parameters.survey360.respondentMinimum", "at most respondentMaximum (\(survey360.respondentMaximum)); got \(survey360.respondentMinimum)")
        }
        guard survey360.scoreMinimum < survey360.scoreMaximum else {
            throw LedgerError.invalid("parameters.survey360.scoreMinimum", "below scoreMaximum (\(survey360.scoreMaximum)); got \(survey360.scoreMinimum)")
        }
    }

    /// The upcasters (design.md §11): version 1 gains the numbers it left implicit, version 2 the clauses
    /// it implied — those of seed 004, as the shipped 2023 version states them.
    public static func upcast(_ json: JSONValue, from schemaVersion: Int) throws -> JSONValue {
        guard schemaVersion < 3 else { return json }
        let v2 = schemaVersion == 1 ? try upcastV1(json) : json
        try shapeV2.validate(v2, at: "parameters")
        guard case .object(let carried) = v2, let clauses = try MethodologyEvents.quarterlyEvaluation2023()["clauses"] else { return v2 }
        return .object(carried.filter { $0.0 != "clauses" } + [("clauses", clauses)])
    }

    /// The upcaster of schema version 1 (design.md §11): a v1 adoption carried only the deadline day,
    /// the KPI count, the table and the bands; the numbers it left implicit were those of seed 004, so
    /// they are read as the shipped 2023 version states them. Fields the v1 event carried win.
    public static func upcastV1(_ json: JSONValue) throws -> JSONValue {
        try shapeV1.validate(json, at: "parameters")
        guard case .object(let carried) = json, case .object(let defaults) = try MethodologyEvents.quarterlyEvaluation2023() else { return json }
        let names = Set(carried.map(\.0))
        return .object(carried + defaults.filter { !names.contains($0.0) && $0.0 != "clauses" })
    }

    /// 004 §8: the band of a score, after rounding it half up to two decimals (3.995 → 4.00).
    public func band(of score: ExactScore) -> Band {
        let hundredths = score.roundedHundredths
        return bands.first { hundredths >= $0.minimumHundredths }!
    }

    /// 004 §28: refuses a KPI score above what the completion table allows; any 0–5 without a table.
    public func checkKpiScore(_ score: Int, completion: ExactScore, field: String) throws {
        guard (0...5).contains(score) else {
            throw Refusal.because(cite(.quarterlyKpiScore), field: field, "a KPI is scored 0 to 5; got \(score)")
        }
        guard let highest = highestKpiScore(completion: completion) else { return }
        guard score <= highest else {
            throw Refusal.because(
                cite(.quarterlyKpiScore), field: field,
                "a KPI completed at \(completion)% allows a score of at most \(highest) (App. 3 table); got \(score)")
        }
    }

    /// The highest score the App. 3 table allows a KPI completed at `completion` percent (004 §28): the
    /// first row whose minimum it reaches, else the table's last; nil when the version has no table.
    public func highestKpiScore(completion: ExactScore) -> Int? {
        (scoreTable.first { completion >= $0.minimumCompletion } ?? scoreTable.last)?.maximumScore
    }
}

/// How quarterly and annual scores are made (004 §5, §28; domain.md §7.2–§7.3, decided here):
/// a quarter's KPI score is the mean of its KPIs' scores; the annual grade is the mean of the quarters
/// that have a grade (a quarter without one, e.g. exempt, is left out, not counted as 0); means are
/// exact, and only banding rounds, half up to two decimals.
public enum QuarterlyGrades {
    public static func quarterScore(kpiScores: [Int]) -> ExactScore? {
        ExactScore.mean(kpiScores.map { ExactScore(Int64($0)) })
    }

    public static func annualScore(quarters: [ExactScore?]) -> ExactScore? {
        ExactScore.mean(quarters.compactMap { $0 })
    }

    /// 004 §5: the deadline of a quarter's evaluation — the given day of the month after it.
    public static func deadline(year: Int, quarter: Int, day: Int) -> LocalDate {
        let month = quarter * 3 + 1
        return month > 12 ? LocalDate(year: year + 1, month: 1, day: day)! : LocalDate(year: year, month: month, day: day)!
    }
}
