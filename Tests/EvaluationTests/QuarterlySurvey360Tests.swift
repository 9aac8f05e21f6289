import LedgerCore
import Testing

@testable import Evaluation

/// The annual 360 (004 §34–§37) and the confidentiality of results (004 §16, §21).
struct QuarterlySurvey360Tests {
    typealias Q = QuarterlyFixture

    static let servantCompetencies = ["effective-communication", "ethics", "change-management", "result-orientation",
                                      "independence-decisions", "cooperation", "promptness", "self-development"]

    static func answer(_ scores: [Int]) -> [(competency: String, score: Int)] { Array(zip(servantCompetencies, scores)) }

    static let three: [(personId: String, relation: Survey360Relation)] = [("chair", .maslikhatChair), ("s2", .evaluatorSubordinate), ("s3", .peer)]

    @Test("004 §35: the version lists 12 competencies for the head of apparatus and 8 for the other servants; a survey asks the list of the method")
    func competencyLists() throws {
        let survey = try QuarterlyGradesTests.shipped().survey360
        #expect(survey.headOfApparatusCompetencies.count == 12)
        #expect(survey.servantCompetencies.map(\.id) == Self.servantCompetencies)
        #expect(survey.headOfApparatusCompetencies.first?.nameKk == "қызметті басқару")
        var head = try Q.opened("head")
        try head.act(.openSurvey(respondents: [("chair", .maslikhatChair), ("s1", .peer), ("s2", .peer)]), by: Q.hr, on: "2024-12-20")
        #expect(head.state.survey?.competencies.count == 12)
    }

    @Test("004 §36: 3 to 7 respondents — 2 (the chair and s2) are too few and refused; 3 stand")
    func tooFew() throws {
        var q = try Q.opened("s1")
        #expect(refusal { try q.act(.openSurvey(respondents: [("chair", .maslikhatChair), ("s2", .evaluatorSubordinate)]), by: Q.hr, on: "2024-12-20") }?.message
            == "004 §36: 3 to 7 respondents per evaluated person; got 2")
        let eight = (0..<8).map { (personId: "x\($0)", relation: Survey360Relation.peer) }
        #expect(refusal { try q.act(.openSurvey(respondents: eight), by: Q.hr, on: "2024-12-20") }?.clause == "004 §36")
        try q.act(.openSurvey(respondents: Self.three), by: Q.hr, on: "2024-12-20")
        #expect(q.state.survey?.respondents == ["chair", "s2", "s3"])
    }

    @Test("004 §36: respondents are the chair, the evaluator's direct subordinates and peers — HR's officer named as the chair is refused, and so is the servant themself")
    func relations() throws {
        var q = try Q.opened("s1")
        #expect(refusal { try q.act(.openSurvey(respondents: [("hr", .maslikhatChair), ("s2", .peer), ("s3", .peer)]), by: Q.hr, on: "2024-12-20") }?.field == "payload.respondents[0]")
        #expect(refusal { try q.act(.openSurvey(respondents: [("s1", .peer), ("s2", .peer), ("s3", .peer)]), by: Q.hr, on: "2024-12-20") }?.field == "payload.respondents[0]")
    }

    @Test("004 §34, §36–§37: three anonymous answers give the mean per competency; the self-assessment (all 5s) is stored but not counted; 'ethics' at 7/3 is the least developed")
    func results() throws {
        var q = try Q.opened("s1")
        try q.act(.openSurvey(respondents: Self.three), by: Q.hr, on: "2024-12-20")
        try q.act(.recordSelfAssessment(scores: Self.answer([5, 5, 5, 5, 5, 5, 5, 5])), by: Q.servant("s1"), on: "2024-12-23")
        #expect(refusal { try q.act(.recordSurveyAnswers(answers: [Self.answer([4, 2, 4, 4, 4, 4, 4, 4]), Self.answer([4, 3, 4, 4, 4, 4, 4, 4])]), by: Q.hr, on: "2025-01-08") }?.message
            == "004 §36: a 360 result needs the answers of at least 3 respondents; got 2")
        let decision = try q.act(.recordSurveyAnswers(answers: [
            Self.answer([4, 2, 4, 5, 4, 4, 4, 4]), Self.answer([5, 3, 4, 4, 4, 4, 4, 4]), Self.answer([3, 2, 4, 4, 4, 4, 4, 5]),
        ]), by: Q.hr, on: "2025-01-08")
        #expect(q.state.survey?.results["ethics"] == ExactScore(7, over: 3))
        #expect(q.state.survey?.results["effective-communication"] == ExactScore(4))
        #expect(q.state.survey?.results["result-orientation"] == ExactScore(13, over: 3))
        #expect(q.state.survey?.leastDeveloped == ["ethics"])
        #expect(q.state.survey?.selfScores["ethics"] == 5)
        #expect(decision.findings.first?.dueBy == LocalDate("2025-01-10"))
    }

    @Test("anonymity as data (004 §34): the answers event names no respondent and its payload is the same whatever order the answers came in")
    func anonymity() throws {
        let answers = [Self.answer([4, 2, 4, 5, 4, 4, 4, 4]), Self.answer([5, 3, 4, 4, 4, 4, 4, 4]), Self.answer([3, 2, 4, 4, 4, 4, 4, 5])]
        var payloads: Set<String> = []
        for order in [[0, 1, 2], [2, 0, 1], [1, 2, 0]] {
            var q = try Q.opened("s1")
            try q.act(.openSurvey(respondents: Self.three), by: Q.hr, on: "2024-12-20")
            let decision = try q.act(.recordSurveyAnswers(answers: order.map { answers[$0] }), by: Q.hr, on: "2025-01-08")
            let event = decision.events[0]
            let text = CanonicalJSON.string(event.payload)
            for respondent in ["chair", "s2", "s3"] { #expect(!text.contains("\"\(respondent)\"")) }
            #expect(event.actor == Q.hr)
            payloads.insert(text)
        }
        #expect(payloads.count == 1)
        #expect(QuarterlyEvents.surveyAnswersRecorded.payload.jsonSchema["properties"]?["answers"] != nil)
    }

    @Test("004 §16, §21: results are read by the servant, the evaluator, HR and the case's calibration participants — colleague s5 is refused, participant s4 is not")
    func confidentiality() throws {
        let q = try Q.inSession(participants: ["head", "chair", "s4"])
        let readers = QuarterlyConfidentiality.readers(of: q.state)
        #expect(readers == ["s1", "head", "chair", "s4"])
        try QuarterlyConfidentiality.requireReader("s4", caseId: "q-2024-s1", caseReaders: readers, hrOfficer: "hr")
        try QuarterlyConfidentiality.requireReader("hr", caseId: "q-2024-s1", caseReaders: readers, hrOfficer: "hr")
        #expect(refusal { try QuarterlyConfidentiality.requireReader("s5", caseId: "q-2024-s1", caseReaders: readers, hrOfficer: "hr") }?.message
            == "004 §16, §21: the results of q-2024-s1 are known only to the evaluated servant, the evaluator, the HR officer and the case's calibration participants; s5 is none of them")
    }

    @Test("design §11: a v1 adoption (2023 numbers only) is upcast — deadlines, exemptions and the 360 read as seed 004 states them; a v1 role assignment is a valid v2 one")
    func upcasting() throws {
        var v1 = try MethodologyEvents.quarterlyEvaluation2023().objectMembers!
        let v2Only = Set(["planWorkingDays", "planPlacementWorkingDays", "kpiNoticeDay", "differentiationNoticeDay", "minimumMonthsForKpis", "actualValuesWorkingDaysBefore", "minimumMonthsInPosition", "afterReturnWorkingDays",
                          "familiarisationWorkingDays", "calibrationApplicationWorkingDays", "calibrationDecisionWorkingDays", "calibrationSessionWorkingDays",
                          "protocolPostingWorkingDays", "complaintMonths", "courtMonths", "survey360"])
        v1.removeAll { v2Only.contains($0.0) || $0.0 == "clauses" }
        v1.removeAll { $0.0 == "quarterDeadlineDay" }
        v1.append(("quarterDeadlineDay", 20))
        let parameters = try QuarterlyEvaluationParameters(.object(v1), schemaVersion: 1)
        #expect(parameters.quarterDeadlineDay == 20)
        #expect(parameters.familiarisationWorkingDays == 2 && parameters.survey360.respondentMinimum == 3)
        #expect(parameters.cite(.quarterlyCalibrationVote) == "004 §42")  // v1 and v2 implied seed 004's clauses
        #expect(throws: LedgerError.invalid("parameters.planWorkingDays", "")) { _ = try QuarterlyEvaluationParameters(.object(v1)) }
        let role: JSONValue = ["bodyId": "b", "personId": "p", "role": "hr-officer", "effectiveFrom": "2020-01-06"]
        try OrganisationEvents.roleAssignedV1.payload.validate(role, at: "payload")
        try OrganisationEvents.roleAssigned.payload.validate(role, at: "payload")
        #expect(throws: LedgerError.invalid("payload.role", "")) {
            try OrganisationEvents.roleAssignedV1.payload.validate(["bodyId": "b", "personId": "p", "role": "maslikhat-chair", "effectiveFrom": "2020-01-06"], at: "payload")
        }
    }
}
