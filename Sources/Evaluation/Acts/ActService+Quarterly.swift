import LedgerCore

/// The `quarterly.*` acts of `bagalau acts` (docs/acts.md): read from the request, judged by the
/// ``QuarterlyRulebook`` against the case, the body's staff and its methodology versions.
extension ActService {
    func decideQuarterly(_ r: ActRequest) async throws -> (String, ExpectedVersion, Decision) {
        let bodyId = try r.string("bodyId"), year = try r.integer("year")
        let organisation = try await fold(OrganisationState.self, OrganisationEvents.stream(bodyId: bodyId))
        let methodology = try await fold(MethodologyVersions.self, MethodologyEvents.stream(bodyId: bodyId))
        let scheduleStream = QuarterlyScheduleEvents.stream(bodyId: bodyId, year: year)
        let schedule = try await fold(QuarterlySchedule.self, scheduleStream)
        if r.name == "quarterly.draw-up-schedule" || r.name == "quarterly.approve-schedule" {
            guard let version = methodology.quarterlyInForce(on: LocalDate(year: year, month: 1, day: 1)!) else {
                throw Refusal.because("", field: "year", "no quarterly methodology is in force in \(year); adopt one first")
            }
            let act: QuarterlyScheduleAct = r.name == "quarterly.approve-schedule" ? .approve : .drawUp(entries: try r.array("entries").enumerated().map { index, entry in
                guard let quarter = entry["quarter"]?.integerValue, let date = entry["evaluateBy"]?.stringValue.flatMap(LocalDate.init) else {
                    throw LedgerError.invalid("entries[\(index)]", "is {\"quarter\": 1, \"evaluateBy\": \"2024-04-08\"}")
                }
                return (Int(quarter), date)
            })
            let draft = try QuarterlyScheduleRulebook().decide(
                act, bodyId: bodyId, year: year, by: r.actor, at: r.occurredAt, schedule: schedule, organisation: organisation, parameters: version.parameters)
            return (scheduleStream, schedule.expectedVersion, Decision(events: [draft]))
        }
        let personId = try r.string("personId")
        let stream = QuarterlyEvents.stream(bodyId: bodyId, year: year, personId: personId)
        let state = try await foldCase(QuarterlyCaseState.self, stream, zone: organisation.timeZone)
        let context = QuarterlyContext(organisation: organisation, methodology: methodology, calendar: calendar, schedule: schedule)
        let decision = try QuarterlyRulebook().decide(try quarterlyAct(r, personId: personId, year: year), by: r.actor, at: r.occurredAt, state: state, context: context)
        return (stream, state.expectedVersion, decision)
    }

    private func quarterlyAct(_ r: ActRequest, personId: String, year: Int) throws -> QuarterlyAct {
        func quarter() throws -> Int { try r.integer("quarter") }
        func scores(_ items: [JSONValue], path: String) throws -> [(competency: String, score: Int)] {
            try items.enumerated().map { index, item in
                guard let competency = item["competency"]?.stringValue, let score = item["score"]?.integerValue else {
                    throw LedgerError.invalid("\(path)[\(index)]", "is {\"competency\": \"ethics\", \"score\": 4}")
                }
                return (competency, Int(score))
            }
        }
        switch r.name {
        case "quarterly.open-case": return .openCase(caseId: r.optionalString("caseId") ?? "quarterly-\(year)-\(personId)", personId: personId, year: year)
        case "quarterly.set-plan": return .setPlan(agreedBy: try r.string("agreedBy"), kpis: try r.array("kpis"))
        case "quarterly.place-plan": return .placePlan
        case "quarterly.notify": return .notifyEvaluation(quarter: try quarter(), channel: r.optionalString("channel") ?? "system")
        case "quarterly.change-plan": return .changePlan(agreedBy: try r.string("agreedBy"), changeId: try r.string("changeId"), kpis: try r.array("kpis"))
        case "quarterly.compute-actual-values":
            let values = try r.array("values").enumerated().map { index, line -> (number: Int, actualValue: String, completion: String) in
                guard let number = line["number"]?.integerValue, let actual = line["actualValue"]?.stringValue, let completion = line["completion"]?.stringValue else {
                    throw LedgerError.invalid("values[\(index)]", "is {\"number\": 1, \"actualValue\": \"12\", \"completion\": \"80\"}")
                }
                return (Int(number), actual, completion)
            }
            return .computeActualValues(quarter: try quarter(), values: values)
        case "quarterly.score-kpis":
            let lines = try r.array("scores").enumerated().map { index, line -> (number: Int, score: Int) in
                guard let number = line["number"]?.integerValue, let score = line["score"]?.integerValue else {
                    throw LedgerError.invalid("scores[\(index)]", "is {\"number\": 1, \"score\": 4}")
                }
                return (Int(number), Int(score))
            }
            return .scoreKpis(quarter: try quarter(), scores: lines)
        case "quarterly.score-differentiation":
            return .scoreDifferentiation(
                quarter: try quarter(), score: try r.integer("score"), quality: try r.string("quality"), timeliness: try r.string("timeliness"),
                initiative: try r.string("initiative"), discipline: try r.string("discipline"), workload: try r.string("workload"))
        case "quarterly.exempt-quarter": return .exemptQuarter(quarter: try quarter())
        case "quarterly.familiarise": return .familiarise(quarter: try quarter(), channel: r.optionalString("channel") ?? "system")
        case "quarterly.apply-for-calibration": return .applyForCalibration(quarter: try quarter(), reason: try r.string("reason"))
        case "quarterly.convene-calibration":
            return .conveneCalibration(quarter: try quarter(), sessionId: try r.string("sessionId"), participants: try r.strings("participants"), sessionDate: try r.date("sessionDate"))
        case "quarterly.argue":
            return .argueCalibration(quarter: try quarter(), position: try r.string("position"), proposedScore: r.optionalString("proposedScore"), argument: try r.string("argument"))
        case "quarterly.vote": return .voteCalibration(quarter: try quarter(), score: try r.string("score"))
        case "quarterly.sign-protocol": return .signCalibrationProtocol(quarter: try quarter())
        case "quarterly.post-protocol": return .postCalibrationProtocol(quarter: try quarter())
        case "quarterly.hold-feedback-meeting":
            return .holdFeedbackMeeting(quarter: try quarter(), achievements: try r.string("achievements"), development: try r.string("development"), careerGoals: try r.string("careerGoals"))
        case "quarterly.file-complaint": return .fileComplaint(quarter: try quarter(), authority: try r.string("authority"), learnedOn: try r.date("learnedOn"))
        case "quarterly.decide-complaint": return .decideComplaint(quarter: try quarter(), outcome: try r.string("outcome"), reasoning: try r.string("reasoning"))
        case "quarterly.record-court-decision":
            return .recordCourtDecision(quarter: try quarter(), court: try r.string("court"), filedOn: try r.date("filedOn"), outcome: try r.string("outcome"), decisionDate: try r.date("decisionDate"))
        case "quarterly.open-360":
            let respondents = try r.array("respondents").enumerated().map { index, item -> (personId: String, relation: Survey360Relation) in
                guard let person = item["personId"]?.stringValue, let relation = item["relation"]?.stringValue.flatMap(Survey360Relation.init(rawValue:)) else {
                    throw LedgerError.invalid("respondents[\(index)]", "is {\"personId\": …, \"relation\": \(Survey360Relation.allCases.map(\.rawValue).joined(separator: " | "))}")
                }
                return (person, relation)
            }
            return .openSurvey(respondents: respondents)
        case "quarterly.record-disagreement":
            return .recordDisagreement(disagreementId: try r.string("disagreementId"), raisedBy: try r.string("raisedBy"), subject: try r.string("subject"))
        case "quarterly.resolve-disagreement":
            return .resolveDisagreement(disagreementId: try r.string("disagreementId"), parties: try r.strings("parties"), resolution: try r.string("resolution"))
        case "quarterly.self-assess": return .recordSelfAssessment(scores: try scores(try r.array("scores"), path: "scores"))
        case "quarterly.record-360-answers":
            let answers = try r.array("answers").enumerated().map { index, answer -> [(competency: String, score: Int)] in
                guard case .array(let items) = answer else { throw LedgerError.invalid("answers[\(index)]", "is an array of {\"competency\", \"score\"}") }
                return try scores(items, path: "answers[\(index)]")
            }
            return .recordSurveyAnswers(answers: answers)
        default: throw unknown(r.name)
        }
    }
}
