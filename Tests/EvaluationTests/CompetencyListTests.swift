import LedgerCore
import Testing

@testable import Evaluation

/// The competencies and behavioural indicators of 002 App. 4 as methodology data.
struct CompetencyListTests {
    typealias A = AnnualFixture

    static func shipped() throws -> AnnualEvaluationParameters { try AnnualEvaluationParameters(MethodologyEvents.annualEvaluation2018()) }

    @Test("the shipped 2018 version carries the part of 002 App. 4 the seed makes legible, marked incomplete")
    func shippedLists() throws {
        let lists = try Self.shipped().competencyLists
        #expect(lists.keys.sorted() == ["E-2", "E-3", "E-4"])
        #expect(lists.values.allSatisfy { !$0.complete })
        #expect(lists["E-3"]?.indicators["Ынтымақтастық"] == [
            "Ұжымда сенімді қарым-қатынас орнатады",
            "Бөлімшенің қоғаммен тиімді жұмысын ұйымдастыру бойынша ұсыныс жасайды",
            "Бірлесіп жұмыс атқару үшін әріптестерімен тәжірибесімен және білімімен бөліседі",
            "Әрқайсысының нәтижеге жетуге қосқан үлесін анықтайды",
        ])
        #expect(lists["E-4"]?.indicators["Қызметтік басқару"]?.count == 4)
        #expect(lists["E-2"]?.indicators["Қызметтік басқару"]?.count == 3)
    }

    @Test("001 §25, 002 App. 4: for an E-3 servant, 'Ынтымақтастық' is assessed by its own indicators — a foreign one is refused; 3 of its 4 observed meets expectations")
    func indicatorsOfTheCategory() throws {
        var fixture = try A.approvedPlan()
        let indicators = try #require(try Self.shipped().competencyLists["E-3"]?.indicators["Ынтымақтастық"])
        let error = refusal {
            try fixture.act(.signCompetencySheet(competencies: [("Ынтымақтастық", [indicators[0], "Жиналыстарға уақытында келеді"], [])]), by: A.chief, on: "2018-12-27")
        }
        #expect(error?.message == "001 §25: \"Жиналыстарға уақытында келеді\" is not a behavioural indicator of Ынтымақтастық for category E-3 (002 App. 4)")
        try fixture.act(.signCompetencySheet(competencies: [("Ынтымақтастық", Array(indicators.prefix(3)), [indicators[3]])]), by: A.chief, on: "2018-12-27")
        #expect(fixture.state.competencyResults == ["Ынтымақтастық": true])
    }

    @Test("001 §25: a version whose E-3 list is complete refuses a competency the list does not name")
    func completeList() throws {
        var fixture = try A()
        var parameters = try MethodologyEvents.annualEvaluation2018().objectMembers!
        parameters.removeAll { $0.0 == "competencyLists" }
        parameters.append(("competencyLists", [["category": "E-3", "complete": true, "competencies": [["name": "Ынтымақтастық", "indicators": ["a", "b", "c", "d"]]]]]))
        let adoption = try MethodologyRulebook().decide(
            .adoptAnnualEvaluation(versionId: "annual-2018-full", basis: "№ 7", effectiveFrom: LocalDate("2018-01-01")!, parameters: .object(parameters)),
            bodyId: "b", by: A.hr, at: A.at("2017-12-21"), versions: MethodologyVersions())
        fixture.methodology = try MethodologyVersions(events: [.stored(adoption, seq: 1, stream: "methodology/b")])
        try fixture.act(.openCase(caseId: "annual-2018-p1", personId: "p1", year: 2018), by: A.hr, on: "2018-01-03")
        try fixture.act(.draftPlan(kpis: A.kpis(5)), by: A.chief, on: "2018-01-10")
        try fixture.act(.submitPlan, by: A.chief, on: "2018-01-11")
        try fixture.act(.approvePlan, by: A.headAsSuperior, on: "2018-01-12")
        #expect(refusal { try fixture.act(.signCompetencySheet(competencies: [("Бастамашылдық", ["x"], [])]), by: A.chief, on: "2018-12-27") }?.message
            == "001 §25: Бастамашылдық is not a competency of category E-3 (002 App. 4)")
        try fixture.act(.signCompetencySheet(competencies: [("Ынтымақтастық", ["a", "b"], ["c", "d"])]), by: A.chief, on: "2018-12-27")
        #expect(fixture.state.competencyResults == ["Ынтымақтастық": false])
    }

    @Test("001 §26 at adoption: a competency listed with 11 indicators is refused")
    func atMostTenInTheList() throws {
        var parameters = try MethodologyEvents.annualEvaluation2018().objectMembers!
        parameters.removeAll { $0.0 == "competencyLists" }
        parameters.append(("competencyLists", [["category": "E-3", "complete": false, "competencies": [["name": "Ынтымақтастық", "indicators": .array((1...11).map { .string("i\($0)") })]]]]))
        #expect(throws: LedgerError.invalid("parameters.competencyLists", "")) { _ = try AnnualEvaluationParameters(.object(parameters)) }
    }
}
