import LedgerCore

/// One servant's year under the 2023 methodology as its events left it (stream `case/quarterly/…`).
public struct QuarterlyCaseState: StreamFold {
    /// One calibration session of a quarter (004 §13, §39–§42).
    public struct Calibration: Sendable {
        public struct Argument: Sendable, Equatable {
            public let personId: String
            public let role: String
            public let position: String
            public let proposedScore: ExactScore?
            public let argument: String
        }
        public var appliedOn: LocalDate
        public var sessionId: String?
        public var convenedOn: LocalDate?
        public var participants: [String] = []
        public var arguments: [Argument] = []
        /// Votes in the order cast: participant and the score voted for.
        public var votes: [(participantId: String, score: ExactScore)] = []
        public var protocolSignedOn: LocalDate?
        public var postedOn: LocalDate?
        public var after: ExactScore?

    }

    /// What happened to one quarter.
    public struct Quarter: Sendable {
        /// HR's completion per KPI number (004 §23).
        public var completion: [Int: ExactScore] = [:]
        public var actualValuesOn: LocalDate?
        public var notifiedOn: LocalDate?
        /// The evaluator's score, exact (004 §28, §32), and the day it was given.
        public var evaluatorScore: ExactScore?
        public var scoredOn: LocalDate?
        /// Why the quarter is not evaluated (004 §6).
        public var exemption: String?
        public var familiarisedOn: LocalDate?
        public var calibration: Calibration?
        public var feedbackOn: LocalDate?
        public var complaint: (filedOn: LocalDate, decidedOn: LocalDate?, outcome: String?)?
        public var courtOutcome: String?

        /// The grade that counts: the session's, when a protocol is signed; else the evaluator's.
        public var finalScore: ExactScore? { calibration?.after ?? evaluatorScore }

    }

    /// The annual 360 (004 §34–§37).
    public struct Survey: Sendable, Equatable {
        public var respondents: [String] = []
        public var competencies: [String] = []
        public var selfScores: [String: Int] = [:]
        /// Mean per competency once the answers are recorded.
        public var results: [String: ExactScore] = [:]
        public var leastDeveloped: [String] = []
        public var answeredOn: LocalDate?
    }

    public private(set) var version: Int64 = 0
    public private(set) var caseId: String?
    public private(set) var bodyId = ""
    public private(set) var personId = ""
    public private(set) var year = 0
    public private(set) var methodologyVersionId = ""
    public private(set) var method: QuarterlyMethod = .differentiation
    public private(set) var evaluatorId = ""
    public private(set) var periodStart = LocalDate(dayNumber: 0)
    public private(set) var periodEnd = LocalDate(dayNumber: 0)
    /// The KPI numbers of the plan in force (004 §23–§26); empty before a plan or for differentiation.
    public private(set) var kpiNumbers: [Int] = []
    public private(set) var planSetOn: LocalDate?
    public private(set) var planPlacedOn: LocalDate?
    /// Structure changes a KPI change has used already (004 §26).
    public private(set) var usedStructureChanges: Set<String> = []
    public private(set) var quarters: [Int: Quarter] = [:]
    public private(set) var survey: Survey?

    /// A disagreement about the procedure (004 §17): who raised it, when, and when HR resolved it.
    public struct Disagreement: Sendable, Equatable {
        public let raisedBy: String
        public let recordedOn: LocalDate
        public var resolvedOn: LocalDate?
    }
    public private(set) var disagreements: [String: Disagreement] = [:]
    /// The body's zone, for the local date of each act.
    public var timeZone = "Asia/Almaty"

    public init() {}

    /// 004 §15, issue 6: the evaluation ends when every quarter of the period is exempt, or scored and
    /// familiarised with any calibration session signed and any complaint decided, and a 360 begun is answered.
    public var isClosed: Bool {
        guard caseId != nil else { return false }
        let quarters = (1...4).filter { QuarterlyRulebook.quarterDates(year: year, quarter: $0).end >= periodStart }
        let settled = quarters.allSatisfy { number in
            let q = quarter(number)
            return q.exemption != nil
                || (q.familiarisedOn != nil && (q.calibration.map { $0.protocolSignedOn != nil } ?? true) && (q.complaint.map { $0.outcome != nil } ?? true))
        }
        return settled && (survey.map { $0.answeredOn != nil } ?? true)
    }

    public func quarter(_ number: Int) -> Quarter { quarters[number] ?? Quarter() }

    /// 004 §5 (domain.md §7.3): the mean of the quarters' final grades; exempt quarters left out.
    public var annualScore: ExactScore? { QuarterlyGrades.annualScore(quarters: (1...4).map { quarter($0).finalScore }) }

    /// Everyone who took part in a calibration session of the case (004 §21).
    public var calibrationParticipants: Set<String> { Set(quarters.values.flatMap { $0.calibration?.participants ?? [] }) }

    public mutating func apply(_ event: RecordedEvent) throws {
        version = event.version
        let payload = try event.payload()
        let on = BodyTimeZone.localDate(of: event.occurredAt, zone: timeZone)
        func text(_ name: String) -> String { payload[name]?.stringValue ?? "" }
        func date(_ name: String) -> LocalDate? { payload[name]?.stringValue.flatMap(LocalDate.init) }
        let number = Int(payload["quarter"]?.integerValue ?? 0)
        func update(_ change: (inout Quarter) -> Void) { var q = quarter(number); change(&q); quarters[number] = q }
        func updateCalibration(_ change: (inout Calibration) -> Void) { update { if $0.calibration != nil { change(&$0.calibration!) } } }
        func kpiNumbersOfPlan() -> [Int] {
            guard case .array(let kpis)? = payload["kpis"] else { return [] }
            return kpis.compactMap { $0["number"]?.integerValue.map(Int.init) }.sorted()
        }
        switch event.type {
        case QuarterlyEvents.caseOpened.type:
            caseId = text("caseId")
            bodyId = text("bodyId")
            personId = text("personId")
            year = Int(payload["year"]?.integerValue ?? 0)
            methodologyVersionId = text("methodologyVersionId")
            method = QuarterlyMethod(rawValue: text("method")) ?? .differentiation
            evaluatorId = text("evaluatorId")
            periodStart = date("periodStart") ?? periodStart
            periodEnd = date("periodEnd") ?? periodEnd
        case QuarterlyEvents.planSet.type:
            kpiNumbers = kpiNumbersOfPlan()
            planSetOn = on
        case QuarterlyEvents.planPlaced.type:
            planPlacedOn = on
        case QuarterlyEvents.evaluationNotified.type:
            update { $0.notifiedOn = on }
        case QuarterlyEvents.planChanged.type:
            kpiNumbers = kpiNumbersOfPlan()
            usedStructureChanges.insert(text("changeId"))
        case QuarterlyEvents.actualValuesComputed.type:
            guard case .array(let values)? = payload["values"] else { return }
            update {
                for value in values {
                    if let kpi = value["number"]?.integerValue, let completion = value["completion"]?.stringValue.flatMap(ExactScore.init(decimal:)) {
                        $0.completion[Int(kpi)] = completion
                    }
                }
                $0.actualValuesOn = on
            }
        case QuarterlyEvents.kpisScored.type, QuarterlyEvents.differentiationScored.type:
            update {
                $0.evaluatorScore = ExactScore(fraction: text("score"))
                $0.scoredOn = on
            }
        case QuarterlyEvents.quarterExempted.type:
            update { $0.exemption = text("reason") }
        case QuarterlyEvents.familiarised.type:
            update { $0.familiarisedOn = on }
        case QuarterlyEvents.calibrationApplied.type:
            update { $0.calibration = Calibration(appliedOn: on) }
        case QuarterlyEvents.calibrationConvened.type:
            updateCalibration {
                $0.sessionId = text("sessionId")
                $0.convenedOn = on
                $0.participants = payload.strings("participants")
            }
        case QuarterlyEvents.calibrationArgued.type:
            updateCalibration {
                $0.arguments.append(.init(
                    personId: event.actor.person, role: event.actor.role, position: text("position"),
                    proposedScore: payload["proposedScore"]?.stringValue.flatMap(ExactScore.init(decimal:)), argument: text("argument")))
            }
        case QuarterlyEvents.calibrationVoteCast.type:
            guard let score = ExactScore(decimal: text("score")) else { return }
            updateCalibration { $0.votes.append((event.actor.person, score)) }
        case QuarterlyEvents.calibrationProtocolSigned.type:
            updateCalibration {
                $0.protocolSignedOn = on
                $0.after = ExactScore(fraction: text("score"))
            }
        case QuarterlyEvents.calibrationProtocolPosted.type:
            updateCalibration { $0.postedOn = on }
        case QuarterlyEvents.feedbackMeetingHeld.type:
            update { $0.feedbackOn = on }
        case QuarterlyEvents.complaintFiled.type:
            update { $0.complaint = (on, nil, nil) }
        case QuarterlyEvents.complaintDecided.type:
            update {
                $0.complaint?.decidedOn = on
                $0.complaint?.outcome = text("outcome")
            }
        case QuarterlyEvents.disagreementRecorded.type:
            disagreements[text("disagreementId")] = Disagreement(raisedBy: text("raisedBy"), recordedOn: on)
        case QuarterlyEvents.disagreementResolved.type:
            disagreements[text("disagreementId")]?.resolvedOn = on
        case QuarterlyEvents.courtDecisionRecorded.type:
            update { $0.courtOutcome = text("outcome") }
        case QuarterlyEvents.surveyOpened.type:
            var survey = Survey()
            if case .array(let respondents)? = payload["respondents"] { survey.respondents = respondents.compactMap { $0["personId"]?.stringValue } }
            survey.competencies = payload.strings("competencies")
            self.survey = survey
        case QuarterlyEvents.selfAssessmentRecorded.type:
            guard case .array(let scores)? = payload["scores"] else { return }
            for item in scores {
                if let competency = item["competency"]?.stringValue, let score = item["score"]?.integerValue { survey?.selfScores[competency] = Int(score) }
            }
        case QuarterlyEvents.surveyAnswersRecorded.type:
            guard case .array(let results)? = payload["results"] else { return }
            for item in results {
                if let competency = item["competency"]?.stringValue, let mean = item["mean"]?.stringValue.flatMap(ExactScore.init(fraction:)) {
                    survey?.results[competency] = mean
                }
            }
            survey?.leastDeveloped = payload.strings("leastDeveloped")
            survey?.answeredOn = on
        default:
            return
        }
    }
}
