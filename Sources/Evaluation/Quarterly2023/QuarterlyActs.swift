import LedgerCore

/// The acts of the 2023 quarterly evaluation (seed 004): the body's evaluation schedule, judged by the
/// ``QuarterlyScheduleRulebook``, and each servant's case, judged by the ``QuarterlyRulebook`` against
/// the case, the body's staff, its methodology versions and the schedule.
enum QuarterlyActs {
    /// The head of apparatus's KPIs, a row each (004 App. 1, §24–§25).
    static let kpis = ActField("kpis", .list(.record([
        ActField("number", .whole), ActField("name", .string), ActField("unit", .string), ActField("plannedValue", .string, "exact decimal"),
    ])), "3–5 KPIs (004 §24)")
    static let competencyScore = ActFieldType.record([ActField("competency", .string), ActField("score", .whole)])

    static let all: [DeclaredAct] = schedule + plan + scoring + calibration + appeal + survey

    static let schedule: [DeclaredAct] = [
        scheduleAct("quarterly.draw-up-schedule", roles: "hr-officer", [
            ActField("entries", .list(.record([ActField.quarter, ActField("evaluateBy", .date, "after the quarter, by 004 §5's deadline")]))),
        ], note: "redrawn until approved (004 §11)") { r in
            .drawUp(entries: try r.items("entries").map { (try $0.integer("quarter"), try $0.date("evaluateBy")) })
        },
        scheduleAct("quarterly.approve-schedule", roles: "maslikhat-chair", [], note: "from then on each quarter's scoring is also judged against its date (004 §11)") { _ in .approve },
    ]

    static let plan: [DeclaredAct] = [
        act("quarterly.open-case", roles: "hr-officer (the holder)", [.optional("caseId", .string, "default `quarterly-<year>-<personId>`")],
            note: "the method and the evaluator follow the roles (004 §22, §30)") { r, personId, year in
            .openCase(caseId: r.optionalString("caseId") ?? "quarterly-\(year)-\(personId)", personId: personId, year: year)
        },
        act("quarterly.set-plan", roles: "evaluator (the head's direct supervisor)", [ActField("agreedBy", .string, "the HR officer"), kpis], note: "3–5") { r, _, _ in
            .setPlan(agreedBy: try r.string("agreedBy"), kpis: try r.array("kpis"))
        },
        act("quarterly.place-plan", roles: "hr-officer", [], note: "within 5 WD of the plan, 004 §23") { _, _, _ in .placePlan },
        act("quarterly.notify", roles: "hr-officer", [.quarter, .optional("channel", .string, "by the 5th for the head, 004 §27; the 10th for others, §31")]) { r, _, _ in
            .notifyEvaluation(quarter: try r.integer("quarter"), channel: r.optionalString("channel") ?? "system")
        },
        act("quarterly.change-plan", roles: "evaluator", [ActField("agreedBy", .string), ActField("changeId", .string, "a recorded structure change"), kpis]) { r, _, _ in
            .changePlan(agreedBy: try r.string("agreedBy"), changeId: try r.string("changeId"), kpis: try r.array("kpis"))
        },
        act("quarterly.compute-actual-values", roles: "hr-officer", [
            .quarter, ActField("values", .list(.record([ActField("number", .whole), ActField("actualValue", .string), ActField("completion", .string, "%")]))),
        ]) { r, _, _ in
            .computeActualValues(quarter: try r.integer("quarter"), values: try r.items("values").map {
                (try $0.integer("number"), try $0.string("actualValue"), try $0.string("completion"))
            })
        },
        act("quarterly.record-disagreement", roles: "hr-officer", [
            ActField("disagreementId", .string), ActField("raisedBy", .string, "the servant or the evaluator"), ActField("subject", .string),
        ], note: "004 §17") { r, _, _ in
            .recordDisagreement(disagreementId: try r.string("disagreementId"), raisedBy: try r.string("raisedBy"), subject: try r.string("subject"))
        },
        act("quarterly.resolve-disagreement", roles: "hr-officer", [
            ActField("disagreementId", .string), ActField("parties", .list(.string), "with the one who raised it"), ActField("resolution", .string),
        ], note: "004 §17") { r, _, _ in
            .resolveDisagreement(disagreementId: try r.string("disagreementId"), parties: try r.strings("parties"), resolution: try r.string("resolution"))
        },
    ]

    static let scoring: [DeclaredAct] = [
        act("quarterly.score-kpis", roles: "evaluator", [
            .quarter, ActField("scores", .list(.record([ActField("number", .whole), ActField("score", .whole, "0–5")])), "number, score 0–5; checked against the App. 3 table"),
        ]) { r, _, _ in
            .scoreKpis(quarter: try r.integer("quarter"), scores: try r.items("scores").map { (try $0.integer("number"), try $0.integer("score")) })
        },
        act("quarterly.score-differentiation", roles: "evaluator (the head of apparatus)", [
            .quarter, ActField("score", .whole, "0–5"), ActField("quality", .string), ActField("timeliness", .string), ActField("initiative", .string),
            ActField("discipline", .string), ActField("workload", .string),
        ]) { r, _, _ in
            .scoreDifferentiation(
                quarter: try r.integer("quarter"), score: try r.integer("score"), quality: try r.string("quality"), timeliness: try r.string("timeliness"),
                initiative: try r.string("initiative"), discipline: try r.string("discipline"), workload: try r.string("workload"))
        },
        act("quarterly.exempt-quarter", roles: "hr-officer", [.quarter], note: "accepted only when 004 §6 exempts it") { r, _, _ in .exemptQuarter(quarter: try r.integer("quarter")) },
        act("quarterly.familiarise", roles: "hr-officer", [.quarter, .optional("channel", .string, "system, intranet, e-document, paper")]) { r, _, _ in
            .familiarise(quarter: try r.integer("quarter"), channel: r.optionalString("channel") ?? "system")
        },
        act("quarterly.hold-feedback-meeting", roles: "evaluator", [
            .quarter, ActField("achievements", .string), ActField("development", .string), ActField("careerGoals", .string),
        ]) { r, _, _ in
            .holdFeedbackMeeting(quarter: try r.integer("quarter"), achievements: try r.string("achievements"), development: try r.string("development"), careerGoals: try r.string("careerGoals"))
        },
    ]

    static let calibration: [DeclaredAct] = [
        act("quarterly.apply-for-calibration", roles: "servant (the evaluated one)", [.quarter, .reason]) { r, _, _ in
            .applyForCalibration(quarter: try r.integer("quarter"), reason: try r.string("reason"))
        },
        act("quarterly.convene-calibration", roles: "maslikhat-chair", [
            .quarter, ActField("sessionId", .string), ActField("participants", .list(.string), "with the evaluator, without the servant"), ActField("sessionDate", .date),
        ]) { r, _, _ in
            .conveneCalibration(quarter: try r.integer("quarter"), sessionId: try r.string("sessionId"), participants: try r.strings("participants"), sessionDate: try r.date("sessionDate"))
        },
        act("quarterly.argue", roles: "evaluator (first, support), calibration-participant", [
            .quarter, ActField("position", .string, "support, raise, lower"), .optional("proposedScore", .string), ActField("argument", .string),
        ]) { r, _, _ in
            .argueCalibration(quarter: try r.integer("quarter"), position: try r.string("position"), proposedScore: r.optionalString("proposedScore"), argument: try r.string("argument"))
        },
        act("quarterly.vote", roles: "calibration-participant", [.quarter, ActField("score", .string, "0–5, two decimals at most")]) { r, _, _ in
            .voteCalibration(quarter: try r.integer("quarter"), score: try r.string("score"))
        },
        act("quarterly.sign-protocol", roles: "maslikhat-chair", [.quarter], note: "the outcome is computed from the votes") { r, _, _ in
            .signCalibrationProtocol(quarter: try r.integer("quarter"))
        },
        act("quarterly.post-protocol", roles: "hr-officer", [.quarter]) { r, _, _ in .postCalibrationProtocol(quarter: try r.integer("quarter")) },
    ]

    static let appeal: [DeclaredAct] = [
        act("quarterly.file-complaint", roles: "servant", [.quarter, ActField("authority", .string), ActField("learnedOn", .date)]) { r, _, _ in
            .fileComplaint(quarter: try r.integer("quarter"), authority: try r.string("authority"), learnedOn: try r.date("learnedOn"))
        },
        act("quarterly.decide-complaint", roles: "agency-officer, first-head", [.quarter, ActField("outcome", .string, "upheld, rejected"), ActField("reasoning", .string)]) { r, _, _ in
            .decideComplaint(quarter: try r.integer("quarter"), outcome: try r.string("outcome"), reasoning: try r.string("reasoning"))
        },
        act("quarterly.record-court-decision", roles: "hr-officer", [
            .quarter, ActField("court", .string), ActField("filedOn", .date), ActField("outcome", .string), ActField("decisionDate", .date),
        ]) { r, _, _ in
            .recordCourtDecision(quarter: try r.integer("quarter"), court: try r.string("court"), filedOn: try r.date("filedOn"), outcome: try r.string("outcome"), decisionDate: try r.date("decisionDate"))
        },
    ]

    static let survey: [DeclaredAct] = [
        act("quarterly.open-360", roles: "hr-officer", [
            ActField("respondents", .list(.record([ActField("personId", .string), ActField("relation", .oneOf(Survey360Relation.allCases.map(\.rawValue)))]))),
        ], note: "3–7") { r, _, _ in
            .openSurvey(respondents: try r.items("respondents").map { (try $0.string("personId"), try $0.choice("relation", Survey360Relation.self)) })
        },
        act("quarterly.self-assess", roles: "servant", [ActField("scores", .list(competencyScore), "competency, score; for every competency of the list")]) { r, _, _ in
            .recordSelfAssessment(scores: try competencyScores(try r.items("scores")))
        },
        act("quarterly.record-360-answers", roles: "hr-officer", [
            ActField("answers", .list(.list(competencyScore)), "one array of (competency, score) per respondent, with no respondent named"),
        ]) { r, _, _ in
            .recordSurveyAnswers(answers: try r.array("answers").enumerated().map { index, answer in
                try competencyScores((answer.arrayValue ?? []).enumerated().map { ActItem(object: $1, path: "answers[\(index)][\($0)].") })
            })
        },
    ]

    static func competencyScores(_ items: [ActItem]) throws -> [(competency: String, score: Int)] {
        try items.map { (try $0.string("competency"), try $0.integer("score")) }
    }

    /// An act on the body's evaluation schedule of the year (004 §11), judged with the quarterly
    /// methodology in force on the year's first day.
    static func scheduleAct(_ name: String, roles: String, _ fields: [ActField], note: String, _ make: @escaping @Sendable (ActRequest) throws -> QuarterlyScheduleAct) -> DeclaredAct {
        DeclaredAct(ActDeclaration(name, roles: roles, [.bodyId, .year] + fields, note: note)) { service, r in
            let bodyId = try r.string("bodyId"), year = try r.integer("year")
            let setting = try await Setting(service, bodyId: bodyId, year: year)
            guard let version = setting.methodology.quarterlyInForce(on: LocalDate(year: year, month: 1, day: 1)!) else {
                throw Refusal.because("", field: "year", "no quarterly methodology is in force in \(year); adopt one first")
            }
            let draft = try QuarterlyScheduleRulebook().decide(
                try make(r), bodyId: bodyId, year: year, by: r.actor, at: r.occurredAt, schedule: setting.schedule, organisation: setting.organisation, parameters: version.parameters)
            return (setting.scheduleStream, setting.schedule.expectedVersion, Decision(events: [draft]))
        }
    }

    /// An act on the case of `personId` in `year`.
    static func act(_ name: String, roles: String, _ fields: [ActField], note: String = "", _ make: @escaping @Sendable (ActRequest, String, Int) throws -> QuarterlyAct) -> DeclaredAct {
        DeclaredAct(ActDeclaration(name, roles: roles, [.bodyId, .year, .personId] + fields, note: note)) { service, r in
            let bodyId = try r.string("bodyId"), year = try r.integer("year"), personId = try r.string("personId")
            let setting = try await Setting(service, bodyId: bodyId, year: year)
            let stream = QuarterlyEvents.stream(bodyId: bodyId, year: year, personId: personId)
            let state = try await service.foldCase(QuarterlyCaseState.self, stream, zone: setting.organisation.timeZone)
            let context = QuarterlyContext(organisation: setting.organisation, methodology: setting.methodology, calendar: service.calendar, schedule: setting.schedule)
            return (stream, state.expectedVersion, try QuarterlyRulebook().decide(try make(r, personId, year), by: r.actor, at: r.occurredAt, state: state, context: context))
        }
    }

    /// The body's staff, its methodology versions and its schedule of the year.
    struct Setting {
        let organisation: OrganisationState
        let methodology: MethodologyVersions
        let scheduleStream: String
        let schedule: QuarterlySchedule

        init(_ service: ActService, bodyId: String, year: Int) async throws {
            organisation = try await service.fold(OrganisationState.self, OrganisationEvents.stream(bodyId: bodyId))
            methodology = try await service.fold(MethodologyVersions.self, MethodologyEvents.stream(bodyId: bodyId))
            scheduleStream = QuarterlyScheduleEvents.stream(bodyId: bodyId, year: year)
            schedule = try await service.fold(QuarterlySchedule.self, scheduleStream)
        }
    }
}
