import Foundation
import LedgerCore

/// The read models of the 2023 quarterly methodology: quarterly and annual grades with every component,
/// calibration history (before → after, votes, arguments), 360 reports, deadlines judged, and who may
/// read each case (004 §21). Confidential: the CLI shows a row only to a reader of its case.
public struct QuarterlyGradesProjection: Projection {
    public let name = "quarterly-grades"
    /// Version 3 keeps each case's quarters apart (the partition is the case, not the body): one case's
    /// grades are read without the body's three years of quarters.
    public let version = 4

    public static let quarters = ReadModelTable(name: "quarterly_grades", columns: [
        .init("case_id", .text), .init("quarter", .integer), .init("body_id", .text), .init("year", .integer), .init("person_id", .text),
        .init("method", .text), .init("due_by", .text), .init("status", .text), .init("components", .text, nullable: true),
        .init("evaluator_score", .text, nullable: true), .init("final_score", .text, nullable: true), .init("final_rounded", .text, nullable: true),
        .init("result", .text, nullable: true), .init("familiarised_on", .text, nullable: true),
    ], keyColumnCount: 2)
    public static let annual = ReadModelTable(name: "quarterly_annual", columns: [
        .init("case_id", .text), .init("body_id", .text), .init("year", .integer), .init("person_id", .text), .init("method", .text),
        .init("methodology_version_id", .text), .init("quarters_counted", .integer), .init("quarter_scores", .text),
        .init("mean", .text, nullable: true), .init("rounded", .text, nullable: true), .init("result", .text, nullable: true),
        .init("result_kk", .text, nullable: true), .init("result_ru", .text, nullable: true),
        .init("status", .text),
    ], partitionedBy: "body_id", indexedBy: ["person_id"])
    public static let calibrations = ReadModelTable(name: "quarterly_calibrations", columns: [
        .init("case_id", .text), .init("quarter", .integer), .init("applied_on", .text), .init("session_id", .text, nullable: true),
        .init("participants", .text, nullable: true), .init("arguments", .text), .init("votes", .text, nullable: true),
        .init("before", .text, nullable: true), .init("after", .text, nullable: true), .init("correction", .text, nullable: true),
        .init("rule", .text, nullable: true), .init("signed_on", .text, nullable: true), .init("posted_on", .text, nullable: true),
        .init("complaint", .text, nullable: true), .init("court", .text, nullable: true),
    ], keyColumnCount: 2)
    public static let survey = ReadModelTable(name: "quarterly_360", columns: [
        .init("case_id", .text), .init("competency", .text), .init("answers", .integer), .init("mean", .text),
        .init("rounded", .text), .init("self_score", .integer, nullable: true), .init("least_developed", .integer),
    ], keyColumnCount: 2)
    /// Every deadline an act was judged against: one row a finding — an act judged against two clauses (a
    /// quarter scored against 004 §5's 10th and the schedule of §11) has two rows (issue 28 §8).
    public static let deadlines = ReadModelTable(name: "quarterly_deadlines", columns: [
        .init("case_id", .text), .init("seq", .integer), .init("finding", .integer), .init("body_id", .text), .init("act", .text), .init("clause", .text),
        .init("rule", .text), .init("due_by", .text), .init("acted_on", .text), .init("working_days_late", .integer),
    ], keyColumnCount: 3, partitionedBy: "body_id", writtenOnly: true)
    /// Who may read a case besides the body's HR officer: the servant, the evaluator, calibration participants (004 §21).
    public static let readers = ReadModelTable(name: "quarterly_readers", columns: [
        .init("case_id", .text), .init("person_id", .text), .init("as", .text),
    ], keyColumnCount: 2, writtenOnly: true)
    /// Each body's adopted quarterly versions, to band annual means and date quarters by them.
    public static let versions = ReadModelTable(name: "quarterly_versions", columns: [
        .init("body_id", .text), .init("version_id", .text), .init("schema_version", .integer), .init("parameters", .text),
    ], keyColumnCount: 2)

    public var tables: [ReadModelTable] { [Self.quarters, Self.annual, Self.calibrations, Self.survey, Self.deadlines, Self.readers, Self.versions] }
    public var handledTypes: Set<String>? { Self.types }
    /// Built once: a fold asks for every event it is offered.
    private static let types: Set<String> = Set(QuarterlyEvents.catalog.all.map(\.type) + [MethodologyEvents.quarterlyEvaluationAdopted.type])

    /// Each adopted version's parameters parsed once, by their stored text (every body adopting the same
    /// version stores the same text): a cold build parsed them for every case and every final quarter.
    private let parsed = ParsedParameters()

    public init() {}

    public func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws {
        let payload = try event.payload()
        func text(_ name: String) -> ReadModelValue { payload[name]?.stringValue.map { .text($0) } ?? .null }
        if event.type == MethodologyEvents.quarterlyEvaluationAdopted.type {
            session.upsert(Self.versions, [text("bodyId"), text("versionId"), .integer(Int64(event.schemaVersion)), .text(CanonicalJSON.string(payload["parameters"] ?? .null))])
            return
        }
        guard let caseId = payload["caseId"]?.stringValue else { return }
        let id = ReadModelValue.text(caseId)
        // The act's day in the body's zone, as the rulebook judged it (recorded with its deadlines).
        let on = payload["deadlines"]?[0]?["actedOn"]?.stringValue ?? BodyTimeZone.localDate(of: event.occurredAt, zone: "Asia/Almaty").description
        let quarter = payload["quarter"]?.integerValue
        if event.type == QuarterlyEvents.caseOpened.type {
            try open(payload, id: id, session: &session)
            return
        }
        guard let annual = try session.row(Self.annual, key: [id]) else { return }
        if case .array(let findings)? = payload["deadlines"] {
            for (index, finding) in findings.enumerated() {
                func field(_ name: String) -> ReadModelValue { finding[name]?.stringValue.map { .text($0) } ?? .null }
                session.upsert(Self.deadlines, [
                    id, .integer(event.seq), .integer(Int64(index)), annual[1], .text(event.type), field("clause"), field("rule"), field("dueBy"), field("actedOn"),
                    .integer(finding["workingDaysLate"]?.integerValue ?? 0),
                ])
            }
        }
        func updateQuarter(_ change: (inout ReadModelRow) -> Void) throws {
            guard let quarter, var row = try session.row(Self.quarters, key: [id, .integer(quarter)]) else { return }
            change(&row)
            session.upsert(Self.quarters, row)
        }
        func updateCalibration(_ change: (inout ReadModelRow) -> Void) throws {
            guard let quarter, var row = try session.row(Self.calibrations, key: [id, .integer(quarter)]) else { return }
            change(&row)
            session.upsert(Self.calibrations, row)
        }
        switch event.type {
        case QuarterlyEvents.kpisScored.type, QuarterlyEvents.differentiationScored.type:
            let components: String
            if case .array(let scores)? = payload["scores"] {
                components = scores.map { "KPI \($0["number"]?.integerValue ?? 0): \($0["score"]?.integerValue ?? 0) (completion \($0["completion"]?.stringValue ?? "")%)" }.joined(separator: "; ")
            } else {
                components = ["quality", "timeliness", "initiative", "discipline", "workload"].map { "\($0): \(payload[$0]?.stringValue ?? "")" }.joined(separator: "; ")
            }
            try updateQuarter {
                $0[7] = .text("scored"); $0[8] = .text(components); $0[9] = text("score")
                $0[10] = text("score"); $0[11] = text("rounded"); $0[12] = text("result")
            }
            try recomputeAnnual(id, &session)
        case QuarterlyEvents.quarterExempted.type:
            try updateQuarter { $0[7] = .text("exempt: \(payload["reason"]?.stringValue ?? "")") }
            try recomputeAnnual(id, &session)
        case QuarterlyEvents.familiarised.type:
            try updateQuarter { $0[13] = .text(on) }
        case QuarterlyEvents.calibrationApplied.type:
            guard let quarter else { return }
            session.upsert(Self.calibrations, [id, .integer(quarter), .text(on), .null, .null, .text(""), .null, .null, .null, .null, .null, .null, .null, .null, .null])
        case QuarterlyEvents.calibrationConvened.type:
            let participants = payload.strings("participants")
            try updateCalibration { $0[3] = text("sessionId"); $0[4] = .text(participants.joined(separator: ", ")) }
            for participant in participants { session.upsert(Self.readers, [id, .text(participant), .text("calibration participant")]) }
        case QuarterlyEvents.calibrationArgued.type:
            let proposed = payload["proposedScore"]?.stringValue.map { " to \($0)" } ?? ""
            let line = "\(event.actor.person) (\(event.actor.role)): \(payload["position"]?.stringValue ?? "")\(proposed) — \(payload["argument"]?.stringValue ?? "")"
            try updateCalibration { $0[5] = .text(($0[5].text ?? "").isEmpty ? line : "\($0[5].text!) | \(line)") }
        case QuarterlyEvents.calibrationProtocolSigned.type:
            let votes: String
            if case .array(let items)? = payload["votes"] {
                votes = items.map { "\($0["participantId"]?.stringValue ?? ""): \($0["score"]?.stringValue ?? "")" }.joined(separator: "; ")
            } else { votes = "" }
            let majority = payload["majority"] == .bool(true)
            try updateCalibration {
                $0[6] = .text(votes); $0[7] = text("before"); $0[8] = text("score"); $0[9] = text("correction")
                $0[10] = .text(majority ? "majority of the votes cast (004 §42)" : "no majority: the evaluator's score stands (tie rule, docs/quarterly-2023.md)")
                $0[11] = .text(on)
            }
            try updateQuarter { $0[7] = .text("calibrated"); $0[10] = text("score"); $0[11] = text("rounded"); $0[12] = text("result") }
            try recomputeAnnual(id, &session)
        case QuarterlyEvents.calibrationProtocolPosted.type:
            try updateCalibration { $0[12] = .text(on) }
        case QuarterlyEvents.complaintFiled.type:
            try updateCalibration { $0[13] = .text("filed \(on) to \(payload["authority"]?.stringValue ?? "")") }
        case QuarterlyEvents.complaintDecided.type:
            try updateCalibration { $0[13] = .text("\($0[13].text ?? ""); \(payload["outcome"]?.stringValue ?? "") \(on)") }
        case QuarterlyEvents.courtDecisionRecorded.type:
            try updateCalibration { $0[14] = .text("\(payload["court"]?.stringValue ?? ""): \(payload["outcome"]?.stringValue ?? "") \(payload["decisionDate"]?.stringValue ?? "")") }
        case QuarterlyEvents.selfAssessmentRecorded.type, QuarterlyEvents.surveyAnswersRecorded.type:
            try survey(event.type, payload, id: id, session: &session)
        default:
            return
        }
    }

    private func open(_ payload: JSONValue, id: ReadModelValue, session: inout ReadModelSession) throws {
        func text(_ name: String) -> ReadModelValue { payload[name]?.stringValue.map { .text($0) } ?? .null }
        let year = Int(payload["year"]?.integerValue ?? 0)
        let start = payload["periodStart"]?.stringValue.flatMap(LocalDate.init) ?? LocalDate(year: year, month: 1, day: 1)!
        let parameters = try self.parameters(body: text("bodyId"), version: text("methodologyVersionId"), &session)
        session.upsert(Self.annual, [
            id, text("bodyId"), .integer(Int64(year)), text("personId"), text("method"), text("methodologyVersionId"), .integer(0), .text(""),
            .null, .null, .null, .null, .null, .text(""),
        ])
        session.upsert(Self.readers, [id, text("personId"), .text("evaluated servant")])
        session.upsert(Self.readers, [id, text("evaluatorId"), .text("evaluator")])
        for quarter in 1...4 where QuarterlyRulebook.quarterDates(year: year, quarter: quarter).end >= start {
            let due = QuarterlyGrades.deadline(year: year, quarter: quarter, day: parameters?.quarterDeadlineDay ?? 10)
            session.upsert(Self.quarters, [
                id, .integer(Int64(quarter)), text("bodyId"), .integer(Int64(year)), text("personId"), text("method"), .text(due.description),
                .text("due"), .null, .null, .null, .null, .null, .null,
            ])
        }
        try recomputeAnnual(id, &session)
    }

    private func parameters(body: ReadModelValue, version: ReadModelValue, _ session: inout ReadModelSession) throws -> QuarterlyEvaluationParameters? {
        guard let row = try session.row(Self.versions, key: [body, version]), let json = row[3].text else { return nil }
        let schemaVersion = Int(row[2].integer ?? 2)
        return try parsed.value(for: "\(body)|\(version)|\(schemaVersion)", text: json) { try QuarterlyEvaluationParameters(try JSONParser.parse(json), schemaVersion: schemaVersion) }
    }

    /// 004 §5 (domain.md §7.3): the year's grade is the mean of the quarters' final scores; exempt quarters
    /// left out. The year is banded only when every quarter of the case is scored or exempt: while one is
    /// neither, the mean so far is shown with the status "incomplete" and no result (never a final band).
    private func recomputeAnnual(_ id: ReadModelValue, _ session: inout ReadModelSession) throws {
        guard var row = try session.row(Self.annual, key: [id]) else { return }
        var scores: [(Int, ExactScore)] = []
        var pending: [Int] = []
        for quarter in 1...4 {
            guard let quarterRow = try session.row(Self.quarters, key: [id, .integer(Int64(quarter))]) else { continue }
            if let final = quarterRow[10].text.flatMap(ExactScore.init(fraction:)) {
                scores.append((quarter, final))
            } else if quarterRow[7].text == "due" {
                pending.append(quarter)
            }
        }
        row[6] = .integer(Int64(scores.count))
        row[7] = .text(scores.map { "Q\($0.0): \($0.1.exactText)" }.joined(separator: "; "))
        let mean = QuarterlyGrades.annualScore(quarters: scores.map(\.1))
        row[8] = mean.map { .text($0.exactText) } ?? .null
        for column in 9...12 { row[column] = .null }
        if pending.isEmpty, let mean, let parameters = try parameters(body: row[1], version: row[5], &session) {
            let band = parameters.band(of: mean)
            row[9] = .text(mean.description); row[10] = .text(band.result)
            row[11] = .text(band.nameKk); row[12] = .text(band.nameRu)
        }
        row[13] = .text(pending.isEmpty ? "final" : "incomplete: " + pending.map { "Q\($0)" }.joined(separator: ", ") + " neither scored nor exempt")
        session.upsert(Self.annual, row)
    }

    /// The individual 360 report (004 §37): per competency the respondents' mean, the self-assessment beside it (not counted).
    private func survey(_ type: String, _ payload: JSONValue, id: ReadModelValue, session: inout ReadModelSession) throws {
        if type == QuarterlyEvents.selfAssessmentRecorded.type {
            guard case .array(let scores)? = payload["scores"] else { return }
            for item in scores {
                let key: [ReadModelValue] = [id, .text(item["competency"]?.stringValue ?? "")]
                var row = try session.row(Self.survey, key: key) ?? key + [.integer(0), .text(""), .text(""), .null, .integer(0)]
                row[5] = .integer(item["score"]?.integerValue ?? 0)
                session.upsert(Self.survey, row)
            }
            return
        }
        guard case .array(let results)? = payload["results"], case .array(let answers)? = payload["answers"] else { return }
        let least = Set(payload.strings("leastDeveloped"))
        for item in results {
            let competency = item["competency"]?.stringValue ?? ""
            let key: [ReadModelValue] = [id, .text(competency)]
            let selfScore = try session.row(Self.survey, key: key)?[5] ?? .null
            session.upsert(Self.survey, key + [
                .integer(Int64(answers.count)), .text(item["mean"]?.stringValue ?? ""), .text(item["rounded"]?.stringValue ?? ""),
                selfScore, .integer(least.contains(competency) ? 1 : 0),
            ])
        }
    }
}

/// Quarterly parameters parsed from their stored text, kept by body and version with that text: used only
/// while the stored text is the same, byte for byte (a comparison, far cheaper than a parse).
private final class ParsedParameters: @unchecked Sendable {
    // @unchecked: `values` is only touched under `lock`.
    private let lock = NSLock()
    private var values: [String: (text: String, parameters: QuarterlyEvaluationParameters)] = [:]

    func value(for key: String, text: String, parse: () throws -> QuarterlyEvaluationParameters) rethrows -> QuarterlyEvaluationParameters {
        if let known = lock.withLock({ values[key] }), ReadModelValue.text(known.text) == .text(text) { return known.parameters }
        let parameters = try parse()
        lock.withLock { values[key] = (text, parameters) }
        return parameters
    }
}
