import LedgerCore

/// The annual 360 (004 §34–§37).
///
/// **Anonymity is a property of the data**: respondents are named when chosen (who is asked is not a
/// secret), but their answers reach the ledger only through HR's one act that records all of them
/// together, with no respondent field, sorted into a canonical order — so no event, query, export or
/// log links a person to an answer, and the order answers came in is lost too. At least the minimum
/// number of answers is required (004 §36), so a single answer is never shown alone.
extension QuarterlyRulebook {
    private func requireSurvey(_ facts: Facts, clause: String) throws -> QuarterlyCaseState.Survey {
        guard let survey = facts.state.survey else {
            throw Refusal.because(clause, field: "caseId", "HR has not chosen the 360's respondents yet")
        }
        guard survey.answeredOn == nil else {
            throw Refusal.because(clause, field: "caseId", "the 360's answers are recorded already")
        }
        return survey
    }

    /// 004 §36: 3–7 respondents, each the maslikhat chair, a servant directly subordinate to the
    /// evaluator, or a peer at the same level; not the evaluated servant.
    func openSurvey(respondents: [(personId: String, relation: Survey360Relation)], _ facts: Facts) throws -> Decision {
        try facts.requireHR(clause: facts.parameters.cite(.quarterlySurvey360Report), act: "choosing the 360's respondents")
        guard facts.state.survey == nil else { throw Refusal.because(facts.parameters.cite(.quarterlySurvey360), field: "caseId", "the 360 is held once a year; it is open already") }
        let limits = facts.parameters.survey360
        guard (limits.respondentMinimum...limits.respondentMaximum).contains(respondents.count) else {
            throw Refusal.because(
                facts.parameters.cite(.quarterlySurvey360Respondents), field: "payload.respondents",
                "\(limits.respondentMinimum) to \(limits.respondentMaximum) respondents per evaluated person; got \(respondents.count)")
        }
        guard Set(respondents.map(\.personId)).count == respondents.count else {
            throw Refusal.because(facts.parameters.cite(.quarterlySurvey360Respondents), field: "payload.respondents", "each respondent is named once")
        }
        let organisation = facts.organisation, state = facts.state
        let category = organisation.servants[state.personId]?.category
        for (index, respondent) in respondents.enumerated() {
            let field = "payload.respondents[\(index)]"
            guard respondent.personId != state.personId else {
                throw Refusal.because(facts.parameters.cite(.quarterlySurvey360Respondents), field: field, "the servant's own view is the self-assessment, not an answer")
            }
            let holds: Bool
            switch respondent.relation {
            case .maslikhatChair: holds = organisation.holder(of: Roles.maslikhatChair, on: facts.on) == respondent.personId
            case .evaluatorSubordinate:
                holds = organisation.servant(respondent.personId, on: facts.on) != nil
                    && organisation.directSupervisor(of: respondent.personId, on: facts.on) == state.evaluatorId
            case .peer:
                holds = organisation.servant(respondent.personId, on: facts.on)?.category == category
            }
            guard holds else {
                throw Refusal.because(facts.parameters.cite(.quarterlySurvey360Respondents), field: field, "\(respondent.personId) is not the \(respondent.relation.rawValue) of \(state.personId)'s 360 on \(facts.on)")
            }
        }
        let competencies = limits.competencies(for: state.method).map { JSONValue.string($0.id) }
        let chosen: [JSONValue] = respondents.sorted { $0.personId < $1.personId }.map { ["personId": .string($0.personId), "relation": .string($0.relation.rawValue)] }
        return facts.event(QuarterlyEvents.surveyOpened, [("respondents", .array(chosen)), ("competencies", .array(competencies))])
    }

    /// Scores for exactly the survey's competencies, each within the version's scale, in the survey's order.
    private func checkedScores(_ scores: [(competency: String, score: Int)], _ survey: QuarterlyCaseState.Survey, _ facts: Facts, field: String) throws -> [JSONValue] {
        guard scores.map(\.competency).sorted() == survey.competencies.sorted() else {
            throw Refusal.because(facts.parameters.cite(.quarterlySurvey360Competencies), field: field, "one score for each competency of the servant's list: \(survey.competencies.joined(separator: ", "))")
        }
        let scale = facts.parameters.survey360
        let byCompetency = Dictionary(uniqueKeysWithValues: scores.map { ($0.competency, $0.score) })
        return try survey.competencies.map { competency in
            let score = byCompetency[competency]!
            guard (scale.scoreMinimum...scale.scoreMaximum).contains(score) else {
                throw Refusal.because(facts.parameters.cite(.quarterlySurvey360Competencies), field: field, "a 360 score is \(scale.scoreMinimum) to \(scale.scoreMaximum); got \(score) for \(competency)")
            }
            return ["competency": .string(competency), "score": .integer(Int64(score))]
        }
    }

    /// 004 §19, §36: the servant's self-assessment is taken and stored, but not counted.
    func recordSelfAssessment(scores: [(competency: String, score: Int)], _ facts: Facts) throws -> Decision {
        try facts.requireServant(clause: facts.parameters.cite(.quarterlySelfAssessment), act: "the self-assessment")
        let survey = try requireSurvey(facts, clause: facts.parameters.cite(.quarterlySurvey360Respondents))
        guard survey.selfScores.isEmpty else { throw Refusal.because(facts.parameters.cite(.quarterlySurvey360Respondents), field: "payload.scores", "the self-assessment is recorded already") }
        return facts.event(QuarterlyEvents.selfAssessmentRecorded, [("scores", .array(try checkedScores(scores, survey, facts, field: "payload.scores")))])
    }

    /// 004 §34, §36–§37: the anonymous answers (at least the minimum, at most one per respondent), the
    /// mean per competency and the least developed competencies (the lowest mean, ties all named).
    func recordSurveyAnswers(answers: [[(competency: String, score: Int)]], _ facts: Facts) throws -> Decision {
        try facts.requireHR(clause: facts.parameters.cite(.quarterlySurvey360Report), act: "recording the 360's answers")
        let survey = try requireSurvey(facts, clause: facts.parameters.cite(.quarterlySurvey360Report))
        let minimum = facts.parameters.survey360.respondentMinimum
        guard answers.count >= minimum else {
            throw Refusal.because(facts.parameters.cite(.quarterlySurvey360Respondents), field: "payload.answers", "a 360 result needs the answers of at least \(minimum) respondents; got \(answers.count)")
        }
        guard answers.count <= survey.respondents.count else {
            throw Refusal.because(facts.parameters.cite(.quarterlySurvey360Respondents), field: "payload.answers", "\(survey.respondents.count) respondents were asked; got \(answers.count) answers")
        }
        let lines = try answers.enumerated().map { index, answer in try checkedScores(answer, survey, facts, field: "payload.answers[\(index)]") }
        // Canonical order: sorted by the scores themselves, so the order of arrival is not kept.
        let canonical = lines.sorted { $0.map { $0["score"]?.integerValue ?? 0 }.lexicographicallyPrecedes($1.map { $0["score"]?.integerValue ?? 0 }) }
        let means = survey.competencies.map { competency in
            (competency, ExactScore.mean(answers.map { answer in ExactScore(Int64(answer.first { $0.competency == competency }!.score)) })!)
        }
        let lowest = means.map(\.1).min()!
        let results: [JSONValue] = means.map { ["competency": .string($0.0), "mean": .string($0.1.exactText), "rounded": .string($0.1.description)] }
        let deadline = QuarterlyGrades.deadline(year: facts.state.year, quarter: 4, day: facts.parameters.survey360.deadlineDay)
        let finding = try DeadlineFinding.by(deadline, actedOn: facts.on, clause: facts.parameters.cite(.quarterlyDeadline), rule: "the 360 held", calendar: facts.calendar)
        return facts.event(QuarterlyEvents.surveyAnswersRecorded, [
            ("answers", .array(canonical.map(JSONValue.array))), ("results", .array(results)),
            ("leastDeveloped", .array(means.filter { $0.1 == lowest }.map { .string($0.0) })),
        ], [finding])
    }
}
