import LedgerCore

/// Attestation read models (seeds 000, 003): per person the current outcome and its history, per
/// commission the protocol, per organisation the summary by outcome (seed 000 §IV.3, "analysis of results").
public struct AttestationProjection: Projection {
    public let name = "attestation"
    public let version = 1

    public static let cases = ReadModelTable(name: "attestation_cases", columns: [
        .init("case_id", .text), .init("body_id", .text), .init("round_id", .text), .init("person_id", .text), .init("version_id", .text),
        .init("date", .text), .init("notice", .text), .init("documents", .text), .init("outcome", .text, nullable: true),
        .init("outcome_ru", .text, nullable: true), .init("category", .text, nullable: true), .init("reattestation_of", .text, nullable: true),
        .init("result_order", .text, nullable: true), .init("appeal", .text, nullable: true), .init("status", .text),
    ], partitionedBy: "body_id", indexedBy: ["person_id"])
    public static let history = ReadModelTable(name: "attestation_history", columns: [
        .init("person_id", .text), .init("case_id", .text), .init("body_id", .text), .init("decided_on", .text), .init("outcome", .text),
    ], keyColumnCount: 2)
    public static let protocols = ReadModelTable(name: "attestation_protocol", columns: [
        .init("commission_id", .text), .init("case_id", .text), .init("date", .text), .init("present", .text), .init("votes", .text),
        .init("outcome", .text), .init("tie_broken_by_chair", .integer), .init("recording_sha256", .text, nullable: true),
    ], keyColumnCount: 2)
    public static let summary = ReadModelTable(name: "attestation_summary", columns: [
        .init("body_id", .text), .init("outcome", .text), .init("cases", .integer),
    ], keyColumnCount: 2)
    static let regulations = ReadModelTable(name: "attestation_regulations", columns: [
        .init("body_id", .text), .init("version_id", .text), .init("parameters", .text),
    ], keyColumnCount: 2)

    public var tables: [ReadModelTable] { [Self.cases, Self.history, Self.protocols, Self.summary, Self.regulations, Self.caseCommissions] }
    public var handledTypes: Set<String>? { Self.types }
    /// Built once: a fold asks for every event it is offered.
    private static let types: Set<String> = Set(AttestationEvents.catalog.all.map(\.type) + [MethodologyEvents.attestationRegulationAdopted.type])

    public init() {}

    enum Column: Int { case date = 5, notice, documents, outcome, outcomeRu, category, reattestationOf, resultOrder, appeal, status }

    public func apply(_ event: RecordedEvent, to session: inout ReadModelSession) throws {
        let payload = try event.payload()
        func text(_ name: String) -> ReadModelValue { payload[name]?.stringValue.map { .text($0) } ?? .null }
        if event.type == MethodologyEvents.attestationRegulationAdopted.type {
            session.upsert(Self.regulations, [text("bodyId"), text("versionId"), .text(CanonicalJSON.string(payload["parameters"] ?? .null))])
            return
        }
        guard let caseId = payload["caseId"]?.stringValue else { return }
        let id = ReadModelValue.text(caseId)
        let on = BodyTimeZone.localDate(of: event.occurredAt, zone: "Asia/Almaty").description
        if event.type == AttestationEvents.caseOpened.type {
            session.upsert(Self.cases, [
                id, text("bodyId"), text("roundId"), text("personId"), text("versionId"), text("date"), .text("none"), .text(""),
                .null, .null, .null, text("reattestationOf"), .null, .null, .text("open"),
            ])
            session.upsert(Self.caseCommissions, [id, text("commissionId")])
            return
        }
        guard var row = try session.row(Self.cases, key: [id]) else { return }
        func set(_ column: Column, _ value: ReadModelValue) { row[column.rawValue] = value }
        switch event.type {
        case AttestationEvents.noticeSigned.type:
            // A month's margin, judged by the calendar: late when signed after the day it ran out.
            let finding = payload["deadlines"]?[0]
            let late = (finding?["actedOn"]?.stringValue ?? "") > (finding?["dueBy"]?.stringValue ?? "")
            set(.notice, .text("signed \(payload["signedOn"]?.stringValue ?? "")\(late ? " (late: under a month before)" : "")"))
        case AttestationEvents.rescheduled.type:
            set(.date, text("date"))
            set(.notice, .text("none (date moved)"))
        case AttestationEvents.documentFiled.type:
            let filed = (row[Column.documents.rawValue].text ?? "").split(separator: ",").map(String.init) + [payload["kind"]?.stringValue ?? ""]
            set(.documents, .text(filed.sorted().joined(separator: ",")))
        case AttestationEvents.interviewHeld.type:
            set(.status, .text("interviewed"))
            let present = payload.strings("present").joined(separator: ", ")
            if let commission = try session.row(Self.caseCommissions, key: [id])?[1].text {
                session.upsert(Self.protocols, [.text(commission), id, .text(on), .text(present), .text(""), .text(""), .integer(0), payload["recording"]?["sha256"].flatMap(\.stringValue).map { .text($0) } ?? .null])
            }
        case AttestationEvents.decided.type:
            let outcome = payload["outcome"]?.stringValue ?? ""
            try setOutcome(outcome, in: &row, session: &session)
            set(.category, text("category"))
            set(.status, .text(payload["reattestation"] == .bool(true) ? "decided: re-attestation after measures" : "decided"))
            session.upsert(Self.history, [row[3], id, row[1], .text(on), .text(outcome)])
            if let commission = try session.row(Self.caseCommissions, key: [id])?[1].text, var minutes = try session.row(Self.protocols, key: [.text(commission), id]) {
                if case .array(let votes)? = payload["votes"] {
                    minutes[4] = .text(votes.map { "\($0["memberId"]?.stringValue ?? ""): \($0["outcome"]?.stringValue ?? "")" }.joined(separator: "; "))
                }
                minutes[5] = .text(outcome)
                minutes[6] = .integer(payload["tieBrokenByChair"] == .bool(true) ? 1 : 0)
                session.upsert(Self.protocols, minutes)
            }
        case AttestationEvents.resultOrdered.type:
            set(.resultOrder, .text("\(payload["orderNumber"]?.stringValue ?? "") of \(payload["orderDate"]?.stringValue ?? "")"))
        case AttestationEvents.filedToPersonalFile.type:
            set(.status, .text("filed"))
        case AttestationEvents.appealFiled.type:
            set(.appeal, .text("to \(payload["authority"]?.stringValue ?? ""): pending"))
        case AttestationEvents.appealDecided.type:
            let outcome = payload["outcome"]?.stringValue ?? ""
            let authority = (row[Column.appeal.rawValue].text ?? "").replacingSuffix(": pending")
            set(.appeal, .text("\(authority): \(outcome)"))
            if outcome == "changed", let replaced = payload["newOutcome"]?.stringValue {
                try setOutcome(replaced, in: &row, session: &session)
                session.upsert(Self.history, [row[3], id, row[1], .text(on), .text(replaced)])
            }
            if outcome == "annulled" {
                try setOutcome(nil, in: &row, session: &session)
                set(.status, .text("annulled: to be decided again"))
            }
        default:
            return
        }
        session.upsert(Self.cases, row)
    }

    /// Moves a case's current outcome, keeping the organisation's summary counts (seed 000 §IV.3).
    private func setOutcome(_ outcome: String?, in row: inout ReadModelRow, session: inout ReadModelSession) throws {
        let body = row[1]
        func add(_ outcome: String, _ delta: Int64) throws {
            let key: [ReadModelValue] = [body, .text(outcome)]
            let count = (try session.row(Self.summary, key: key)?[2].integer ?? 0) + delta
            if count == 0 { session.delete(Self.summary, key: key) } else { session.upsert(Self.summary, key + [.integer(count)]) }
        }
        if let previous = row[Column.outcome.rawValue].text { try add(previous, -1) }
        if let outcome { try add(outcome, 1) }
        row[Column.outcome.rawValue] = outcome.map { .text($0) } ?? .null
        let regulation = try session.row(Self.regulations, key: [body, row[4]])?[2].text.flatMap { try? AttestationParameters(try JSONParser.parse($0)) }
        row[Column.outcomeRu.rawValue] = outcome.flatMap { regulation?.outcome($0)?.nameRu }.map { .text($0) } ?? .null
    }

    /// Each case's commission, for its protocol rows.
    static let caseCommissions = ReadModelTable(name: "attestation_case_commissions", columns: [.init("case_id", .text), .init("commission_id", .text)])
}

extension String {
    func replacingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
