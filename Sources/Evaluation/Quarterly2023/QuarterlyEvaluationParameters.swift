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

    static let band = PayloadShape.object([
        .required("minimum", .decimal, "lowest score of the band, two decimals"),
        .required("result", .enumeration(["effective", "proper", "satisfactory", "unsatisfactory"]), "the result"),
        .required("nameKk", .text, "the result in Kazakh (004 §8)"),
        .required("nameRu", .text, "the result in Russian"),
    ])

    public static let shape = PayloadShape.object([
        .required("quarterDeadlineDay", .integer(minimum: 1, maximum: 28), "day of the month after the quarter (004 §5)"),
        .required("kpiMinimum", .integer(minimum: 1, maximum: 20), "KPIs in a plan, at least (004 §24)"),
        .required("kpiMaximum", .integer(minimum: 1, maximum: 20), "KPIs in a plan, at most (004 §24)"),
        .optional("scoreTable", .array(.object([
            .required("minimumCompletion", .decimal, "completion percentage from which the row applies"),
            .required("maximumScore", .integer(minimum: 0, maximum: 5), "the highest score allowed"),
        ]), maxItems: 20), "KPI completion → allowed score (004 §28, App. 3)"),
        .required("bands", .array(band, minItems: 1, maxItems: 10), "result bands (004 §8)"),
    ])

    public init(_ json: JSONValue) throws {
        try Self.shape.validate(json, at: "parameters")
        quarterDeadlineDay = Int(json["quarterDeadlineDay"]?.integerValue ?? 10)
        kpiMinimum = Int(json["kpiMinimum"]?.integerValue ?? 3)
        kpiMaximum = Int(json["kpiMaximum"]?.integerValue ?? 5)
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
    }

    /// 004 §8: the band of a score, after rounding it half up to two decimals (3.995 → 4.00).
    public func band(of score: ExactScore) -> Band {
        let hundredths = score.roundedHundredths
        return bands.first { hundredths >= $0.minimumHundredths }!
    }

    /// 004 §28: refuses a KPI score above what the completion table allows; any 0–5 without a table.
    public func checkKpiScore(_ score: Int, completion: ExactScore, field: String) throws {
        guard (0...5).contains(score) else {
            throw Refusal.because("004 §28", field: field, "a KPI is scored 0 to 5; got \(score)")
        }
        guard let rule = scoreTable.first(where: { completion >= $0.minimumCompletion }) ?? scoreTable.last, !scoreTable.isEmpty else { return }
        guard score <= rule.maximumScore else {
            throw Refusal.because(
                "004 §28", field: field,
                "a KPI completed at \(completion)% allows a score of at most \(rule.maximumScore) (App. 3 table); got \(score)")
        }
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
