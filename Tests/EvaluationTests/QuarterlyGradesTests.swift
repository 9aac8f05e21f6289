import LedgerCore
import Testing

@testable import Evaluation

/// The 2023 methodology's numbers and its exact grade arithmetic (seed 004).
struct QuarterlyGradesTests {
    static func shipped() throws -> QuarterlyEvaluationParameters { try QuarterlyEvaluationParameters(MethodologyEvents.quarterlyEvaluation2023()) }
    static func score(_ text: String) -> ExactScore { ExactScore(decimal: text)! }

    @Test("004 §8: 4.00–5.00 effectively, 3.00–3.99 properly, 2.00–2.99 satisfactorily, 0.00–1.99 unsatisfactorily — with the Kazakh and Russian names", arguments: [
        ("5", "effective"), ("4", "effective"), ("3.99", "proper"), ("3", "proper"), ("2.99", "satisfactory"), ("2", "satisfactory"),
        ("1.99", "unsatisfactory"), ("0", "unsatisfactory"),
    ])
    func bands(score: String, result: String) throws {
        #expect(try Self.shipped().band(of: Self.score(score)).result == result)
    }

    @Test("004 §8 names: the top band reads 'Функционалдық міндеттерін тиімді атқарады' / 'Эффективно исполняет функциональные обязанности'")
    func bandNames() throws {
        let top = try Self.shipped().band(of: Self.score("4.5"))
        #expect(top.nameKk == "Функционалдық міндеттерін тиімді атқарады")
        #expect(top.nameRu == "Эффективно исполняет функциональные обязанности")
    }

    @Test("rounding stated and applied before banding: 3.995 rounds half up to 4.00 (effectively); 3.994 to 3.99 (properly)")
    func rounding() throws {
        let parameters = try Self.shipped()
        #expect(Self.score("3.995").description == "4.00")
        #expect(parameters.band(of: Self.score("3.995")).result == "effective")
        #expect(Self.score("3.994").description == "3.99")
        #expect(parameters.band(of: Self.score("3.994")).result == "proper")
    }

    @Test("004 §28, domain §7.2: a quarter's KPI score is the exact mean of its KPI scores — 4, 5, 5 is 14/3, shown 4.67")
    func quarterScore() {
        let score = QuarterlyGrades.quarterScore(kpiScores: [4, 5, 5])
        #expect(score == ExactScore(14, over: 3))
        #expect(score?.description == "4.67")
    }

    @Test("004 §5: the annual grade is the mean of the quarterly grades — 4, 4, 3, 4 is 3.75 (properly); an exempt quarter is left out: 5, —, 4, 4 is 4.33 (effectively)")
    func annualScore() throws {
        let parameters = try Self.shipped()
        let year = QuarterlyGrades.annualScore(quarters: [ExactScore(4), ExactScore(4), ExactScore(3), ExactScore(4)])
        #expect(year?.description == "3.75")
        #expect(year.map { parameters.band(of: $0).result } == "proper")
        let exempt = QuarterlyGrades.annualScore(quarters: [ExactScore(5), nil, ExactScore(4), ExactScore(4)])
        #expect(exempt == ExactScore(13, over: 3))
        #expect(exempt.map { parameters.band(of: $0).result } == "effective")
        #expect(QuarterlyGrades.annualScore(quarters: [nil, nil, nil, nil]) == nil)
    }

    @Test("004 §28: with an App. 3 table, a KPI completed at 72.5% scored 4 is refused (at most 3); without a table any 0–5 stands, 6 never")
    func scoreTable() throws {
        var members = try MethodologyEvents.quarterlyEvaluation2023().objectMembers!
        members.append(("scoreTable", [
            ["minimumCompletion": "100", "maximumScore": 5], ["minimumCompletion": "80", "maximumScore": 4],
            ["minimumCompletion": "60", "maximumScore": 3], ["minimumCompletion": "0", "maximumScore": 2],
        ]))
        let withTable = try QuarterlyEvaluationParameters(.object(members))
        #expect(refusal { try withTable.checkKpiScore(4, completion: Self.score("72.5"), field: "payload.scores[0]") }?.message
            == "004 §28: a KPI completed at 72.50% allows a score of at most 3 (App. 3 table); got 4")
        try withTable.checkKpiScore(3, completion: Self.score("72.5"), field: "payload.scores[0]")
        try withTable.checkKpiScore(5, completion: Self.score("100"), field: "payload.scores[0]")
        let noTable = try Self.shipped()
        try noTable.checkKpiScore(5, completion: Self.score("10"), field: "payload.scores[0]")
        #expect(refusal { try noTable.checkKpiScore(6, completion: Self.score("100"), field: "payload.scores[0]") }?.message
            == "004 §28: a KPI is scored 0 to 5; got 6")
    }

    @Test("004 §5: Q1 2023 is evaluated by 10 April 2023, Q4 by 10 January 2024; a version with the 2025 deadline (20th) gives 20 April")
    func deadlines() {
        #expect(QuarterlyGrades.deadline(year: 2023, quarter: 1, day: 10) == LocalDate("2023-04-10"))
        #expect(QuarterlyGrades.deadline(year: 2023, quarter: 4, day: 10) == LocalDate("2024-01-10"))
        #expect(QuarterlyGrades.deadline(year: 2025, quarter: 1, day: 20) == LocalDate("2025-04-20"))
    }

    @Test("a 2023 version is adopted as data and governs from its date; 3–5 KPIs (004 §24) with the minimum above the maximum refused")
    func adoption() throws {
        let hr = Actor(person: "hr-1", role: Roles.hrOfficer)
        let adoption = try MethodologyRulebook().decide(
            .adoptQuarterlyEvaluation(versionId: "quarterly-2023", basis: "№ 5-3, 25.04.2023", effectiveFrom: LocalDate("2023-05-10")!,
                                      parameters: try MethodologyEvents.quarterlyEvaluation2023()),
            bodyId: "b", by: hr, at: Timestamp(rfc3339: "2023-04-25T10:00:00+06:00")!, versions: MethodologyVersions())
        try BagalauCatalog.all.validate(adoption)
        let versions = try MethodologyVersions(events: [.stored(adoption, seq: 1, stream: "methodology/b")])
        #expect(versions.quarterlyInForce(on: LocalDate("2023-06-01")!)?.parameters.kpiMinimum == 3)
        #expect(versions.quarterlyInForce(on: LocalDate("2023-05-01")!) == nil)
        // A version id is never reused, whichever methodology it named.
        #expect(throws: LedgerError(.refused, field: "payload.versionId", "")) {
            _ = try MethodologyRulebook().decide(
                .adoptAnnualEvaluation(versionId: "quarterly-2023", basis: "№ 9", effectiveFrom: LocalDate("2023-06-01")!,
                                       parameters: try MethodologyEvents.annualEvaluation2018()),
                bodyId: "b", by: hr, at: Timestamp(rfc3339: "2023-05-20T10:00:00+06:00")!, versions: versions)
        }
        var inverted = try MethodologyEvents.quarterlyEvaluation2023().objectMembers!
        inverted.removeAll { $0.0 == "kpiMinimum" }
        inverted.append(("kpiMinimum", 6))
        #expect(throws: LedgerError.invalid("parameters.kpiMinimum", "")) { _ = try QuarterlyEvaluationParameters(.object(inverted)) }
    }
}
